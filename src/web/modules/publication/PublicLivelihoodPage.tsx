import { useEffect } from 'react';
import { Card, Empty, Image, Progress, Result, Space, Spin, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { publicationApi, publicationKeys } from './api';
import type { PublicProject } from '../../../shared/publication';
import { ErrorAlert } from '../../components/ErrorAlert';

/**
 * 民生实事公开 (/public/livelihood): the page anyone can open, without signing in. It shows only what the public API
 * returns (the fields the office chose to publish) and has no menu and no link into the working system.
 */
const STATUS: Record<'done' | 'pending' | 'overdue', { label: string; color: string }> = {
  done: { label: '已完成', color: 'green' },
  pending: { label: '推进中', color: 'blue' },
  overdue: { label: '未按计划完成', color: 'orange' },
};

const fmtDate = (d: string) => d.replaceAll('-', '.');
const fmtTime = (iso: string) =>
  new Date(iso).toLocaleDateString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
const wan = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;

function ProjectCard({ p, index }: { p: PublicProject; index: number }) {
  return (
    <Card
      data-testid="public-project"
      style={{ marginBottom: 16 }}
      styles={{ body: { padding: 16 } }}
      title={
        <div style={{ whiteSpace: 'normal', lineHeight: 1.5, padding: '8px 0' }}>
          <span style={{ color: '#b4232a', marginRight: 8 }}>{index + 1}.</span>
          {p.name}
        </div>
      }
    >
      <Space size={[4, 8]} wrap style={{ marginBottom: 8 }}>
        <Tag color="red">{p.stage}</Tag>
        <Tag>建设年限 {p.years}</Tag>
        {p.responsibleUnit && <Tag color="default">责任单位：{p.responsibleUnit}</Tag>}
        {p.township && <Tag color="default">所在地：{p.township}</Tag>}
      </Space>
      {p.content && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          <Typography.Text strong>建设内容：</Typography.Text>
          {p.content}
        </Typography.Paragraph>
      )}
      {p.description && (
        <Typography.Paragraph style={{ marginBottom: 8, background: '#fff7f0', padding: '8px 12px', borderRadius: 4 }}>
          {p.description}
        </Typography.Paragraph>
      )}
      {p.progress && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>计划与实际进度</Typography.Text>
          {p.progress.percent !== null && (
            <Progress
              percent={p.progress.percent}
              size="small"
              strokeColor="#b4232a"
              format={() => `${p.progress!.done}/${p.progress!.total} 个节点`}
            />
          )}
          <ol style={{ paddingLeft: 20, margin: '4px 0 0' }}>
            {p.progress.milestones.map((m, i) => (
              <li key={i} style={{ marginBottom: 4 }}>
                <span style={{ marginRight: 8 }}>{m.name}</span>
                <Tag color={STATUS[m.status].color}>{STATUS[m.status].label}</Tag>
                <div style={{ color: '#666', fontSize: 13 }}>
                  计划 {fmtDate(m.plannedDate)}
                  {m.actualDate && <> · 实际 {fmtDate(m.actualDate)}</>}
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
      {p.investment && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{p.investment.year} 年投资：</Typography.Text>
          计划 {wan(p.investment.planned)}，已完成 {wan(p.investment.completed)}
          {p.investment.percent !== null && (
            <Progress percent={p.investment.percent} size="small" strokeColor="#d48806" />
          )}
        </div>
      )}
      {p.photos.length > 0 && (
        <Image.PreviewGroup>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
              gap: 8,
              marginBottom: 8,
            }}
          >
            {p.photos.map((ph) => (
              <figure key={ph.id} style={{ margin: 0 }}>
                <Image
                  src={ph.url}
                  alt={ph.caption || p.name}
                  style={{ width: '100%', aspectRatio: '4 / 3', objectFit: 'cover', borderRadius: 4 }}
                />
                {ph.caption && (
                  <figcaption style={{ fontSize: 12, color: '#666', marginTop: 2 }}>{ph.caption}</figcaption>
                )}
              </figure>
            ))}
          </div>
        </Image.PreviewGroup>
      )}
      <div style={{ color: '#999', fontSize: 12, textAlign: 'right' }}>更新于 {fmtTime(p.updatedAt)}</div>
    </Card>
  );
}

export default function PublicLivelihoodPage() {
  const [params] = useSearchParams();
  // ?county=<code> where the platform runs several counties; ?year= for another year's list.
  const county = params.get('county') ?? undefined;
  const year = Number(params.get('year')) || undefined;
  const q = useQuery({
    queryKey: publicationKeys.public(county, year),
    queryFn: () => publicationApi.publicList(county, year),
  });

  useEffect(() => {
    if (q.data) document.title = `${q.data.county}${q.data.year}年民生实事`;
  }, [q.data]);

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#b4232a', color: '#fff', padding: '20px 16px' }}>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          <h1 style={{ color: '#fff', fontSize: 22, margin: 0 }} data-testid="public-title">
            {q.data ? `${q.data.county} ${q.data.year} 年民生实事` : '民生实事'}
          </h1>
          {q.data && (
            <div style={{ opacity: 0.9, marginTop: 4, fontSize: 14 }}>
              共 {q.data.projects.length} 项 · 数据截至 {fmtDate(q.data.asOf)}
            </div>
          )}
        </div>
      </header>
      <main style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
        {q.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
        {q.error && (
          <Result status="warning" title="暂时无法载入，请稍后再试" subTitle={<ErrorAlert error={q.error} />} />
        )}
        {q.data && q.data.projects.length === 0 && (
          <Empty description="本年度暂无公开的民生实事项目" style={{ margin: 48 }} />
        )}
        {q.data?.projects.map((p, i) => (
          <ProjectCard key={p.id} p={p} index={i} />
        ))}
      </main>
      <footer style={{ textAlign: 'center', color: '#999', fontSize: 12, padding: '12px 16px 24px' }}>
        以上信息经县政府督查室审核后公开，欢迎群众监督。
      </footer>
    </div>
  );
}
