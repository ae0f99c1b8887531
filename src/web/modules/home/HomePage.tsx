import { Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, type Me } from '../../app/session';
import { api } from '../../lib/api';
import { ROLE_LABELS } from '../../../shared/roles';
import { LIGHT_LABELS } from '../../../shared/supervision';
import type { UnitOut } from '../../../shared/org';

const LEDGER = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'] as const;

/** Who I am, and — for ledger roles — the counts behind my work, each clicking through to the list. */
export function HomePage({ me }: { me: Me }) {
  const { label } = useI18n();
  const navigate = useNavigate();
  const inLedger = hasRole(me, LEDGER);
  const units = useQuery({ queryKey: ['units'], queryFn: () => api<{ items: UnitOut[] }>('GET', '/api/v1/units'), enabled: me.leaderUnitIds.length > 0 });
  const count = (query: Record<string, string>) => ({
    queryKey: ['tasks', 'count', query],
    queryFn: () => api<{ total: number }>('GET', '/api/v1/tasks', { query: { ...query, pageSize: 1 } }),
    enabled: inLedger,
  });
  const todo = useQuery(count({ todo: 'true' }));
  const red = useQuery(count({ light: 'red' }));
  const yellow = useQuery(count({ light: 'yellow' }));
  const open = useQuery(count({ state: 'assigned,accepted,in_progress,close_requested' }));

  return (
    <div>
      <Typography.Title level={4}>您好，{me.displayName}</Typography.Title>
      {inLedger && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          {([
            { title: '我的待办', q: { todo: 'true' }, v: todo.data?.total, color: undefined },
            { title: `${label(LIGHT_LABELS.red)}（逾期或严重滞后）`, q: { light: 'red' }, v: red.data?.total, color: '#cf1322' },
            { title: `${label(LIGHT_LABELS.yellow)}（临期或滞后）`, q: { light: 'yellow' }, v: yellow.data?.total, color: '#d48806' },
            { title: '在办事项', q: { state: 'assigned,accepted,in_progress,close_requested' }, v: open.data?.total, color: undefined },
          ] as { title: string; q: Record<string, string>; v: number | undefined; color: string | undefined }[]).map((s) => (
            <Col span={6} key={s.title}>
              <Card hoverable onClick={() => navigate(`/tasks?${new URLSearchParams(s.q).toString()}`)} data-testid={`stat-${s.title}`}>
                <Statistic title={s.title} value={s.v ?? '—'} valueStyle={{ color: s.color }} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Card title="我的账户 / My account">
        <Descriptions column={1}>
          <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
          <Descriptions.Item label="单位">{me.unitName}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {me.roles.map((r) => (
              <Tag key={r} color="red">
                {label(ROLE_LABELS[r])}
              </Tag>
            ))}
          </Descriptions.Item>
          {me.leaderUnitIds.length > 0 && (
            <Descriptions.Item label="分管单位">
              {me.leaderUnitIds.map((id) => (
                <Tag key={id}>{units.data?.items.find((u) => u.id === id)?.name ?? '…'}</Tag>
              ))}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
    </div>
  );
}
