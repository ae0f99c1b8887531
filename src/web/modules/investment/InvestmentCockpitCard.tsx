import { Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { useI18n } from '../../app/i18n';
import { LEAD_STAGE_LABELS, LEAD_STAGES, TARGET_LABELS } from '../../../shared/domain/investment';
import type { CockpitOut } from '../../../shared/cockpit';
import { useInvT } from './i18n';

type Slice = NonNullable<z.infer<typeof CockpitOut>['investment']>;
const LIGHT: Record<string, string> = { red: '#cf1322', yellow: '#d48806', green: '#389e0d' };

/**
 * 招商引资 on the cockpit: open leads per stage, the year's targets against 序时进度 (签约额, 到位资金 first), stalled
 * leads, the chains' coverage with their gaps (and how many of those have a lead working on them), 盘活. Each figure
 * links to the list behind it.
 */
export function InvestmentCockpitCard({ data }: { data: Slice }) {
  const tr = useInvT();
  const { label } = useI18n();
  const go = useNavigate();
  const lines = data.targets.filter((t) => t.target !== null);
  return (
    <Card
      title={tr('cockpitTitle', { year: data.year })}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="cockpit-investment"
    >
      <Row gutter={[16, 12]}>
        {LEAD_STAGES.map((s) => (
          <Col xs={6} md={3} key={s}>
            <a onClick={() => go(`/leads?stage=${s}`)} data-testid={`cockpit-stage-${s}`}>
              <Statistic title={label(LEAD_STAGE_LABELS[s])} value={data.stages[s]} />
            </a>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{tr('cockpitTargets')}</Typography.Text>
          {lines.length === 0 && (
            <div>
              <Typography.Text type="secondary">{tr('noTargets')}</Typography.Text>
            </div>
          )}
          {lines.map((t) => (
            <div key={t.key} style={{ marginTop: 6 }} data-testid={`cockpit-target-${t.key}`}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <span>{label(TARGET_LABELS[t.key])}</span>
                <span>
                  {t.key === 'startRate' ? `${Math.round(t.actual * 100)}%` : t.actual.toLocaleString()} /{' '}
                  {t.key === 'startRate' ? `${Math.round((t.target ?? 0) * 100)}%` : t.target?.toLocaleString()}
                  {t.gapPoints !== null && (
                    <Tag
                      color={
                        t.light === 'green'
                          ? 'green'
                          : t.light === 'yellow'
                            ? 'gold'
                            : t.light === 'red'
                              ? 'red'
                              : undefined
                      }
                      style={{ marginLeft: 8 }}
                    >
                      {t.gapPoints > 0 ? tr('behind', { n: t.gapPoints }) : tr('ahead')}
                    </Tag>
                  )}
                </span>
              </Space>
              {/* The grey bar is 序时进度 and the coloured one, drawn over it, what is done: behind shows as grey left
                  over (antd draws `success` on top, so the done part goes there, or a small figure hid under 序时). */}
              <Progress
                percent={Math.min(100, t.expectedProgress ?? 0)}
                strokeColor="#d9d9d9"
                success={{ percent: Math.min(100, t.progress ?? 0), strokeColor: LIGHT[t.light] }}
                showInfo={false}
                size="small"
                data-testid="cockpit-target-bar"
                data-done={Math.round(t.progress ?? 0)}
                data-expected={Math.round(t.expectedProgress ?? 0)}
              />
            </div>
          ))}
          <div style={{ marginTop: 8 }}>
            <a onClick={() => go('/leads?light=yellow,red')} data-testid="cockpit-stalled">
              {tr('stalled', { yellow: data.stalled.yellow, red: data.stalled.red })}
            </a>
          </div>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{tr('cockpitChains')}</Typography.Text>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.chains}
            onRow={(c) => ({ onClick: () => go(`/chains?chain=${c.id}`), style: { cursor: 'pointer' } })}
            columns={[
              { title: tr('chain'), dataIndex: 'name' },
              {
                title: tr('coverage'),
                render: (_, c) => (
                  <Progress percent={c.links ? Math.round((c.covered / c.links) * 100) : 0} size="small" />
                ),
              },
              { title: tr('gapsCol'), render: (_, c) => `${c.gaps}（${tr('withLeads', { n: c.gapsWithLeads })}）` },
            ]}
          />
          <div style={{ marginTop: 8 }}>
            <a onClick={() => go('/sites')} data-testid="cockpit-sites">
              {tr('cockpitSites', {
                idle: data.sites.idle,
                negotiating: data.sites.negotiating,
                n: data.sites.revitalisedThisYear,
                mu: data.sites.revitalisedAreaMu,
              })}
            </a>
          </div>
        </Col>
      </Row>
    </Card>
  );
}
