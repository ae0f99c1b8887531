import { lazy, Suspense } from 'react';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, type Me } from '../../app/session';
import { visibleMenu } from '../../app/menu';
import { orgApi, orgKeys } from '../org/api';
import { ROLE_LABELS } from '../../../shared/role-labels';
import { usePhone } from '../../components/phone';

// Home is one's own work: the to-do board for the office and the units, the cockpit for a leader (loaded on demand).
const TodoBoard = lazy(() => import('../tasks/TodoBoard').then((m) => ({ default: m.TodoBoard })));
const CockpitPage = lazy(() => import('../cockpit/CockpitPage'));

/**
 * Where everyone lands: one's own work first — the office and the units their to-do (我的待办), a leader his
 * cockpit — then who I am and the shortcuts.
 */
export function HomePage({ me }: { me: Me }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const works = hasRole(me, ['supervision_office', 'unit_admin', 'unit_clerk']);
  const leaderOnly = !works && hasRole(me, ['leader', 'principal']);
  const leads = me.leaderUnitIds.length > 0;
  const phone = usePhone();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units, enabled: leads });

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-greeting">
        {t('hello', { name: me.displayName })}
      </Typography.Title>
      {works && (
        <div style={{ marginBottom: 16 }}>
          <Suspense fallback={<Skeleton active />}>
            <TodoBoard me={me} />
          </Suspense>
        </div>
      )}
      {leaderOnly && hasRole(me, ['principal']) && (
        // What waits for a principal's decision (close requests, reports, extensions) comes before the figures.
        <div style={{ marginBottom: 16 }} data-testid="home-approvals">
          <Suspense fallback={null}>
            <TodoBoard me={me} only={['close', 'review', 'extension']} />
          </Suspense>
        </div>
      )}
      {leaderOnly && (
        <div style={{ marginBottom: 16 }} data-testid="home-cockpit">
          <Suspense fallback={<Skeleton active />}>
            <CockpitPage />
          </Suspense>
        </div>
      )}
      {/* On a phone who I am is in the menu's drawer: home is the work alone. */}
      <Card title={t('myAccount')} data-testid="home-account" style={phone ? { display: 'none' } : undefined}>
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
