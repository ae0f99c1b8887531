import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, type Me } from '../../app/session';
import { visibleMenu } from '../../app/menu';
import { api } from '../../lib/api';
import { orgApi, orgKeys } from '../org/api';
import { ROLE_LABELS } from '../../../shared/roles';
import { LIGHT_LABELS } from '../../../shared/supervision';

const LEDGER = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'] as const;

interface Stat {
  key: string;
  title: string;
  query: Record<string, string>;
  color?: string;
}

/**
 * Who I am, and — for ledger roles — the counts behind my work, each clicking through to the list. Every number
 * is a count the server returns for this person's scope; while it loads (or if it fails) the card shows a dash.
 */
export function HomePage({ me }: { me: Me }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const inLedger = hasRole(me, LEDGER);
  const leads = me.leaderUnitIds.length > 0;
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: leads });

  const stats: Stat[] = [
    { key: 'todo', title: t('todoCount'), query: { todo: 'true' } },
    { key: 'red', title: t('redCount', { light: label(LIGHT_LABELS.red) }), query: { light: 'red' }, color: '#cf1322' },
    { key: 'yellow', title: t('yellowCount', { light: label(LIGHT_LABELS.yellow) }), query: { light: 'yellow' }, color: '#d48806' },
    { key: 'open', title: t('openCount'), query: { state: 'assigned,accepted,in_progress,close_requested' } },
  ];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-greeting">
        {t('hello', { name: me.displayName })}
      </Typography.Title>
      {inLedger && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {stats.map((s) => (
            <Col xs={24} sm={12} xl={6} key={s.key}>
              <StatCard stat={s} onOpen={() => navigate(`/tasks?${new URLSearchParams(s.query).toString()}`)} />
            </Col>
          ))}
        </Row>
      )}
      <Card title={t('myAccount')} data-testid="home-account">
        <Descriptions column={1}>
          <Descriptions.Item label={t('username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={t('jurisdiction')}>{me.jurisdictionName}</Descriptions.Item>
          <Descriptions.Item label={t('unit')}>{me.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('roles')}>
            {me.roles.map((r) => (
              <Tag key={r} color="red">
                {label(ROLE_LABELS[r])}
              </Tag>
            ))}
          </Descriptions.Item>
          {leads && (
            <Descriptions.Item label={t('ledUnits')}>
              {units.isLoading ? (
                <Skeleton.Input active size="small" />
              ) : units.error ? (
                <Alert type="warning" showIcon title={t('ledUnitsUnavailable')} />
              ) : (
                <span data-testid="home-led-units">
                  {me.leaderUnitIds.map((id) => (
                    <Tag key={id}>{units.data?.find((u) => u.id === id)?.name ?? id}</Tag>
                  ))}
                </span>
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('shortcuts')} style={{ marginTop: 16 }} data-testid="home-shortcuts">
        <Space wrap>
          {visibleMenu(me.roles)
            .filter((e) => e.path !== '/')
            .map((e) => (
              <Button key={e.path} onClick={() => navigate(e.path)}>
                {t(e.label)}
              </Button>
            ))}
        </Space>
      </Card>
    </div>
  );
}

function StatCard({ stat, onOpen }: { stat: Stat; onOpen(): void }) {
  const count = useQuery({
    queryKey: ['tasks', 'count', stat.query],
    queryFn: () => api<{ total: number }>('GET', '/api/v1/tasks', { query: { ...stat.query, pageSize: 1 } }),
  });
  return (
    <Card hoverable onClick={onOpen} data-testid={`stat-${stat.key}`}>
      <Statistic title={stat.title} value={count.data?.total ?? '—'} loading={count.isLoading} styles={{ content: { color: stat.color } }} />
    </Card>
  );
}
