import { Button, Card, Col, Collapse, Empty, Progress, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { FullscreenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMe } from '../../app/session';
import type { CockpitOut } from '../../../shared/cockpit';
import { Light } from '../tasks/Light';
import { LIGHT_COLORS } from '../tasks/api';
import { pct, wan } from '../projects/api';
import { cockpitApi, cockpitKeys, links } from './api';
import { TrendChart } from './TrendChart';

type Row = CockpitOut['tasks']['overdueList']['items'][number];
type UnitRow = CockpitOut['tasks']['byUnit'][number];
type LeaderRow = CockpitOut['blockers']['byLeader'][number];
type TrendRow = CockpitOut['trends'][number];

/**
 * 驾驶舱: what is late, where, and who owns it, in the caller's scope — the ledger by light and unit, key projects by
 * pool with their rates against 序时进度, open blockers by leader, and twelve weeks of trend. Every number opens
 * the list behind it with the same filter, so what is counted here is what is listed there. `?screen=1` (or
 * /cockpit/screen) is the meeting-room display.
 */
export default function CockpitPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = useQuery({ queryKey: cockpitKeys.all, queryFn: cockpitApi.get, refetchInterval: 60_000 });
  const me = useMe().data;
  if (params.get('screen') === '1') return <Navigate to="/cockpit/screen" replace />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.isLoading || !q.data) return <Card loading title="驾驶舱" />;
  const { today, tasks: t, projects: p, blockers: b, trends } = q.data;
  // Short unit names (发改局) leave the task title room.
  const short = new Map(t.byUnit.map((u) => [u.unitId, u.unitName]));
  // A leader sees his or her scope only (the server scopes every count): say so.
  const scopeNote = me && me.roles.includes('leader') && !me.roles.some((r) => r === 'principal' || r === 'supervision_office') ? `，${me.displayName}领办和分管的工作` : '';
  const go = (to: string) => navigate(to);
  const tile = (title: string, value: number, color: string, to: string, testId: string, hint: string) => (
    <Col xs={12} md={6}>
      <Tooltip title={hint}>
        <Card hoverable onClick={() => go(to)} data-testid={testId}>
          <Statistic title={title} value={value} valueStyle={{ color, fontSize: 40 }} suffix={<span style={{ fontSize: 16 }}>项</span>} />
        </Card>
      </Tooltip>
    </Col>
  );
  const list = (rows: Row[]) => (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有" /> }}
      columns={[
        { title: '任务', key: 't', render: (_: unknown, r: Row) => <Typography.Link onClick={() => go(`/tasks/${r.id}`)}>{r.title}</Typography.Link> },
        { title: '牵头单位', key: 'u', width: 110, render: (_: unknown, r: Row) => short.get(r.unitId) || r.unitName },
        { title: '完成时限', dataIndex: 'deadline', width: 110 },
        { title: '进度', key: 'p', width: 70, render: (_: unknown, r: Row) => (r.progress === null ? '—' : `${r.progress}%`) },
        { title: '亮灯', key: 'l', width: 80, render: (_: unknown, r: Row) => <Light light={r.light} reasons={[]} /> },
      ]}
    />
  );
  const num = (n: number, to: string, testId: string, color?: string) =>
    n ? (
      <Typography.Link onClick={() => go(to)} data-testid={testId} style={color ? { color } : undefined}>
        {n}
      </Typography.Link>
    ) : (
      <Typography.Text type="secondary" data-testid={testId}>
        0
      </Typography.Text>
    );
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0, display: 'flex', alignItems: 'baseline', gap: 12 }}>
        驾驶舱
        <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
          截至 {today}{scopeNote}，点击任一数字查看明细
        </Typography.Text>
        <Button style={{ marginLeft: 'auto' }} icon={<FullscreenOutlined />} onClick={() => go('/cockpit/screen')} data-testid="cockpit-screen-button">
          会议室大屏
        </Button>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {tile('红灯任务', t.byLight.red, LIGHT_COLORS.red!, links.tasks({ light: 'red' }), 'cockpit-red', '已逾期或严重落后于序时进度')}
        {tile('黄灯任务', t.byLight.yellow, LIGHT_COLORS.yellow!, links.tasks({ light: 'yellow' }), 'cockpit-yellow', '临近时限或落后于序时进度')}
        {tile('已逾期未办结', t.overdue, LIGHT_COLORS.red!, links.overdue(today), 'cockpit-overdue', '过了完成时限仍未办结')}
        {tile('绿灯（正常推进）', t.byLight.green, LIGHT_COLORS.green!, links.tasks({ light: 'green' }), 'cockpit-green', '按序时进度推进')}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={`逾期未办结（${t.overdueList.total}）`} size="small" extra={<Typography.Link onClick={() => go(links.overdue(today))}>全部</Typography.Link>}>
            {list(t.overdueList.items)}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`两周内到期（${t.dueSoonList.total}）`} size="small" extra={<Typography.Link onClick={() => go(links.dueSoon(today))}>全部</Typography.Link>}>
            {list(t.dueSoonList.items)}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card
            title={
              <>
                重点项目 <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{p.year} 年，序时进度 {pct(p.expected)}</Typography.Text>
              </>
            }
            size="small"
            extra={<Typography.Link onClick={() => go(links.rates())}>指标定义与分组</Typography.Link>}
            data-testid="cockpit-projects"
          >
            <Row gutter={8} style={{ textAlign: 'center', marginBottom: 12 }}>
              <Col flex={1}>
                <Statistic title="全部" valueRender={() => num(p.total, links.projects(), 'cockpit-projects-total')} value={p.total} />
              </Col>
              {p.byPool.map((x) => (
                <Col flex={1} key={x.pool}>
                  <Statistic title={`${x.label}库`} valueRender={() => num(x.count, links.pool(x.pool), `cockpit-pool-${x.pool}`)} value={x.count} />
                </Col>
              ))}
            </Row>
            <RateBar title="开工率" rate={p.startRate} expected={p.expected} detail={`${p.started}/${p.startPlanned} 个计划今年开工的项目已开工`} onClick={() => go(links.rates())} testId="cockpit-rate-start" />
            <RateBar title="竣工率" rate={p.completionRate} expected={p.expected} detail={`${p.completed}/${p.completionPlanned} 个计划今年竣工的项目已竣工`} onClick={() => go(links.rates())} testId="cockpit-rate-completion" />
            <RateBar title="投资完成率" rate={p.investmentRate} expected={p.expected} detail={`${wan(p.investmentCompleted)}/${wan(p.investmentPlanned)} 万元`} onClick={() => go(links.rates())} testId="cockpit-rate-investment" />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={`未解决的卡点（${b.open}，其中超时 ${b.overdue}）`}
            size="small"
            extra={<Typography.Link onClick={() => go(links.blockers())} data-testid="cockpit-blockers-all">全部</Typography.Link>}
          >
            <Table
              rowKey={(r) => r.leaderId ?? '__none'}
              size="small"
              pagination={false}
              data-testid="cockpit-blockers"
              dataSource={b.byLeader}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未解决的卡点" /> }}
              columns={[
                { title: '现由哪位领导协调', key: 'l', render: (_: unknown, r: LeaderRow) => r.leaderName ?? '（未指定）' },
                { title: '未解决', key: 'o', width: 80, render: (_: unknown, r: LeaderRow) => (r.leaderId ? num(r.open, links.blockers(r.leaderId), `cockpit-blockers-${r.leaderId}`) : r.open) },
                { title: '超时待上报', key: 'r', width: 100, render: (_: unknown, r: LeaderRow) => (r.overdue ? <Typography.Text style={{ color: LIGHT_COLORS.red }}>{r.overdue}</Typography.Text> : 0) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title="近十二周趋势（每周一至周日）" size="small" style={{ marginTop: 16 }}>
        <TrendChart weeks={trends} height={280} onOpen={(s, monday) => go(links.trend(s, monday, today))} />
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'weeks',
              label: '按周查看数字（点击数字打开对应任务）',
              children: (
                <Table
                  rowKey="week"
                  size="small"
                  pagination={false}
                  data-testid="cockpit-trend-table"
                  dataSource={[...trends].reverse()}
                  columns={[
                    { title: '周（周一）', dataIndex: 'week', width: 120 },
                    { title: '新交办', key: 'o', render: (_: unknown, w: TrendRow) => num(w.opened, links.trend('opened', w.week, today), `cockpit-trend-opened-${w.week}`) },
                    { title: '办结', key: 'c', render: (_: unknown, w: TrendRow) => num(w.closed, links.trend('closed', w.week, today), `cockpit-trend-closed-${w.week}`) },
                    { title: '周末逾期未办结', key: 'v', render: (_: unknown, w: TrendRow) => num(w.overdue, links.trend('overdue', w.week, today), `cockpit-trend-overdue-${w.week}`, LIGHT_COLORS.red) },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card title="各单位任务亮灯（红灯多的在前）" size="small" style={{ marginTop: 16 }}>
        <Table
          rowKey="unitId"
          size="small"
          data-testid="cockpit-units"
          pagination={{ pageSize: 15 }}
          dataSource={t.byUnit}
          locale={{ emptyText: '暂无任务' }}
          columns={[
            { title: '单位', key: 'u', render: (_: unknown, u: UnitRow) => <>{u.unitName} {u.unitKind === 'township' && <Tag>乡镇</Tag>}</> },
            ...(['red', 'yellow', 'green', 'done'] as const).map((l) => ({
              title: { red: '红灯', yellow: '黄灯', green: '绿灯', done: '已办结' }[l],
              key: l,
              width: 90,
              render: (_: unknown, u: UnitRow) => num(u[l], links.tasks({ leadUnitId: u.unitId, light: l }), `cockpit-unit-${l}-${u.unitId}`, LIGHT_COLORS[l]),
            })),
            { title: '逾期', key: 'o', width: 80, render: (_: unknown, u: UnitRow) => num(u.overdue, links.overdue(today, { leadUnitId: u.unitId }), `cockpit-unit-overdue-${u.unitId}`) },
          ]}
        />
      </Card>
    </div>
  );
}

/** A rate against 序时进度: the bar is the rate, the mark the time-proportional share of the year; the gap is said in words. */
function RateBar({ title, rate, expected, detail, onClick, testId }: { title: string; rate: number | null; expected: number; detail: string; onClick: () => void; testId: string }) {
  const gap = rate === null ? null : Math.round((rate - expected) * 1000) / 10;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8, cursor: 'pointer' }} onClick={onClick} data-testid={testId}>
      <div style={{ width: 84 }}>{title}</div>
      <div style={{ flex: 1, position: 'relative' }}>
        <Progress percent={rate === null ? 0 : Math.round(rate * 1000) / 10} showInfo={false} strokeColor={gap !== null && gap < 0 ? LIGHT_COLORS.yellow : LIGHT_COLORS.green} />
        <Tooltip title={`序时进度 ${pct(expected)}`}>
          <div style={{ position: 'absolute', top: 2, bottom: 6, left: `${expected * 100}%`, borderLeft: '2px dashed #595959' }} />
        </Tooltip>
      </div>
      <div style={{ width: 240 }}>
        <b>{pct(rate)}</b>{' '}
        {gap === null ? <Typography.Text type="secondary">无计划</Typography.Text> : gap < 0 ? <Typography.Text type="warning">落后序时 {(-gap).toFixed(1)} 个百分点</Typography.Text> : <Typography.Text type="success">达到序时</Typography.Text>}
        <div style={{ fontSize: 12, color: '#8c8c8c' }}>{detail}</div>
      </div>
    </div>
  );
}
