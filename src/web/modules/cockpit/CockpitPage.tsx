import { Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { CockpitOut } from '../../../shared/cockpit';
import { Light } from '../tasks/Light';
import { LIGHT_COLORS } from '../tasks/api';

type Row = CockpitOut['tasks']['overdueList']['items'][number];
type UnitRow = CockpitOut['tasks']['byUnit'][number];

/**
 * 驾驶舱 (first slice: the task ledger): what is late, where, and who owns it, in the caller's scope. Every number
 * opens the ledger with the same filter, so what is counted here is what is listed there.
 */
export default function CockpitPage() {
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['cockpit'], queryFn: () => api<CockpitOut>('GET', '/api/v1/cockpit'), refetchInterval: 60_000 });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.isLoading || !q.data) return <Card loading title="驾驶舱" />;
  const t = q.data.tasks;
  const go = (params: Record<string, string>) => navigate(`/tasks?${new URLSearchParams(params).toString()}`);
  const open = 'assigned,returned,accepted,in_progress,close_requested';
  const tile = (title: string, value: number, color: string, params: Record<string, string>, testId: string) => (
    <Col xs={12} md={6}>
      <Card hoverable onClick={() => go(params)} data-testid={testId}>
        <Statistic title={title} value={value} valueStyle={{ color, fontSize: 40 }} />
      </Card>
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
        { title: '任务', key: 't', render: (_: unknown, r: Row) => <Typography.Link onClick={() => navigate(`/tasks/${r.id}`)}>{r.title}</Typography.Link> },
        { title: '牵头单位', dataIndex: 'unitName', width: 140 },
        { title: '完成时限', dataIndex: 'deadline', width: 110 },
        { title: '进度', key: 'p', width: 70, render: (_: unknown, r: Row) => (r.progress === null ? '—' : `${r.progress}%`) },
        { title: '亮灯', key: 'l', width: 80, render: (_: unknown, r: Row) => <Light light={r.light} reasons={[]} /> },
      ]}
    />
  );
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        驾驶舱 <Typography.Text type="secondary" style={{ fontSize: 14 }}>截至 {q.data.today}，点击数字查看明细</Typography.Text>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {tile('红灯任务', t.byLight.red, LIGHT_COLORS.red!, { light: 'red' }, 'cockpit-red')}
        {tile('黄灯任务', t.byLight.yellow, LIGHT_COLORS.yellow!, { light: 'yellow' }, 'cockpit-yellow')}
        {tile('已逾期未办结', t.overdue, LIGHT_COLORS.red!, { state: open, deadlineTo: dayBefore(q.data.today) }, 'cockpit-overdue')}
        {tile('绿灯（正常推进）', t.byLight.green, LIGHT_COLORS.green!, { light: 'green' }, 'cockpit-green')}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={`逾期未办结（${t.overdueList.total}）`} size="small" extra={<Typography.Link onClick={() => go({ state: open, deadlineTo: dayBefore(q.data.today) })}>全部</Typography.Link>}>
            {list(t.overdueList.items)}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={`两周内到期（${t.dueSoonList.total}）`} size="small" extra={<Typography.Link onClick={() => go({ state: open, deadlineFrom: q.data.today, deadlineTo: plusDays(q.data.today, 14) })}>全部</Typography.Link>}>
            {list(t.dueSoonList.items)}
          </Card>
        </Col>
      </Row>
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
              render: (_: unknown, u: UnitRow) => (u[l] ? <Typography.Link onClick={() => go({ leadUnitId: u.unitId, light: l })} style={{ color: LIGHT_COLORS[l] }}>{u[l]}</Typography.Link> : <Typography.Text type="secondary">0</Typography.Text>),
            })),
            { title: '逾期', key: 'o', width: 80, render: (_: unknown, u: UnitRow) => (u.overdue ? <Typography.Link onClick={() => go({ leadUnitId: u.unitId, state: open, deadlineTo: dayBefore(q.data.today) })}>{u.overdue}</Typography.Link> : 0) },
          ]}
        />
      </Card>
    </div>
  );
}

const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (d: string) => plusDays(d, -1);
