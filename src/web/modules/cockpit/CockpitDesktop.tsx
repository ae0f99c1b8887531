import { Button, Card, Col, Collapse, Empty, Progress, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { FullscreenOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import type { CockpitOut } from '../../../shared/cockpit';
import { POOL_LABELS, type Pool } from '../../../shared/domain/projects';
import { Light } from '../tasks/Light';
import { LIGHT_COLORS } from '../tasks/api';
import { pct, wan } from '../projects/api';
import { KIND_PAGES, links } from './api';
import { useCockpitT } from './i18n';
import { TrendChart } from './TrendChart';
import { ForecastCards } from './ForecastCards';
import { EconomyCard } from './EconomyCard';
import { EnterpriseCard } from './EnterpriseCard';
import { CaseCountsCard } from '../accountability/CaseCountsCard';
import { CockpitCampaigns } from '../campaigns/CockpitCampaigns';
import { InvestmentCockpitCard } from '../investment/InvestmentCockpitCard';

type OverdueRow = CockpitOut['tasks']['overdueList']['items'][number];
type ListedRow = CockpitOut['listed']['items'][number];
type UnitRow = CockpitOut['tasks']['byUnit'][number];
type LeaderRow = CockpitOut['blockers']['byLeader'][number];
type TrendRow = CockpitOut['trends'][number];

/**
 * 驾驶舱 on a desktop: what is late, where, and who owns it, in the caller's scope — the ledger by light and unit, key
 * projects by pool with their rates against 序时进度, open blockers by leader, and twelve weeks of trend. Every number
 * opens the list behind it with the same filter, so what is counted here is what is listed there. Loaded on demand
 * by CockpitPage (a phone never loads it: its tables and ECharts are the desktop's).
 */
export default function CockpitDesktop({ data, scopeNote }: { data: CockpitOut; scopeNote: string }) {
  const tr = useCockpitT();
  const { label } = useI18n();
  const navigate = useNavigate();
  const { today, tasks: t, projects: p, blockers: b, trends } = data;
  // Short unit names (发改局) leave the task title room.
  const short = new Map(t.byUnit.map((u) => [u.unitId, u.unitName]));
  const go = (to: string) => navigate(to);
  const tile = (title: string, value: number, color: string, to: string, testId: string, hint: string) => (
    <Col xs={12} md={6}>
      <Tooltip title={hint}>
        <Card hoverable onClick={() => go(to)} data-testid={testId}>
          <Statistic
            title={title}
            value={value}
            valueStyle={{ color, fontSize: 40 }}
            suffix={<span style={{ fontSize: 16 }}>{tr('countSuffix')}</span>}
          />
        </Card>
      </Tooltip>
    </Col>
  );
  const list = (rows: OverdueRow[]) => (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} /> }}
      columns={[
        {
          title: tr('colTask'),
          key: 't',
          render: (_: unknown, r: OverdueRow) => (
            <Typography.Link onClick={() => go(`/tasks/${r.id}`)}>{r.title}</Typography.Link>
          ),
        },
        {
          title: tr('colLeadUnit'),
          key: 'u',
          width: 110,
          render: (_: unknown, r: OverdueRow) => short.get(r.unitId) || r.unitName,
        },
        { title: tr('colDeadline'), dataIndex: 'deadline', width: 110 },
        {
          title: tr('colProgress'),
          key: 'p',
          width: 70,
          render: (_: unknown, r: OverdueRow) => (r.progress === null ? '—' : `${r.progress}%`),
        },
        {
          title: tr('colLight'),
          key: 'l',
          width: 80,
          render: (_: unknown, r: OverdueRow) => <Light light={r.light} reasons={[]} />,
        },
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
        {tr('title')}
        <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
          {tr('asOf', { today, scope: scopeNote })}
        </Typography.Text>
        <Button
          style={{ marginLeft: 'auto' }}
          icon={<FullscreenOutlined />}
          onClick={() => go('/cockpit/screen')}
          data-testid="cockpit-screen-button"
        >
          {tr('screenButton')}
        </Button>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {tile(
          tr('redTasks'),
          t.byLight.red,
          LIGHT_COLORS.red!,
          links.tasks({ light: 'red' }),
          'cockpit-red',
          tr('redHint'),
        )}
        {tile(
          tr('yellowTasks'),
          t.byLight.yellow,
          LIGHT_COLORS.yellow!,
          links.tasks({ light: 'yellow' }),
          'cockpit-yellow',
          tr('yellowHint'),
        )}
        {tile(
          tr('overdueOpen'),
          t.overdue,
          LIGHT_COLORS.red!,
          links.overdue(today),
          'cockpit-overdue',
          tr('overdueHint'),
        )}
        {tile(
          tr('greenTasks'),
          t.byLight.green,
          LIGHT_COLORS.green!,
          links.tasks({ light: 'green' }),
          'cockpit-green',
          tr('greenHint'),
        )}
      </Row>
      {data.listed.total > 0 && (
        <Card
          title={tr('listedTitle', { count: data.listed.total })}
          size="small"
          style={{ marginTop: 16, borderColor: LIGHT_COLORS.red }}
          data-testid="cockpit-listed"
        >
          <Table
            rowKey="id"
            size="small"
            // The list opens the page; it must not push the figures below it off the screen.
            pagination={{ pageSize: 5, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
            dataSource={data.listed.items}
            columns={[
              {
                title: tr('colItem'),
                key: 't',
                render: (_: unknown, r: ListedRow) =>
                  KIND_PAGES[r.kind] ? (
                    <Typography.Link onClick={() => go(`${KIND_PAGES[r.kind]}/${r.id}`)}>{r.title}</Typography.Link>
                  ) : (
                    r.title
                  ),
              },
              {
                title: tr('colLeadUnit'),
                key: 'u',
                width: 110,
                render: (_: unknown, r: ListedRow) => short.get(r.unitId) || r.unitName,
              },
              { title: tr('colDeadline'), dataIndex: 'deadline', width: 110 },
              { title: tr('colListedOn'), dataIndex: 'listedOn', width: 110 },
            ]}
          />
        </Card>
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card
            title={tr('overdueListTitle', { count: t.overdueList.total })}
            size="small"
            extra={<Typography.Link onClick={() => go(links.overdue(today))}>{tr('all')}</Typography.Link>}
          >
            {list(t.overdueList.items)}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={tr('dueSoonListTitle', { count: t.dueSoonList.total })}
            size="small"
            extra={<Typography.Link onClick={() => go(links.dueSoon(today))}>{tr('all')}</Typography.Link>}
          >
            {list(t.dueSoonList.items)}
          </Card>
        </Col>
      </Row>
      <EconomyCard data={data.economy} />
      <ForecastCards data={data.forecasts} short={short} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card
            title={
              <>
                {tr('keyProjects')}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
                  {tr('projectsYear', { year: p.year, expected: pct(p.expected) })}
                </Typography.Text>
              </>
            }
            size="small"
            extra={<Typography.Link onClick={() => go(links.rates())}>{tr('ratesLink')}</Typography.Link>}
            data-testid="cockpit-projects"
          >
            <Row gutter={8} style={{ textAlign: 'center', marginBottom: 12 }}>
              <Col flex={1}>
                <Statistic
                  title={tr('all')}
                  valueRender={() => num(p.total, links.projects(), 'cockpit-projects-total')}
                  value={p.total}
                />
              </Col>
              {p.byPool.map((x) => (
                <Col flex={1} key={x.pool}>
                  <Statistic
                    title={tr('poolName', {
                      label: POOL_LABELS[x.pool as Pool] ? label(POOL_LABELS[x.pool as Pool]) : x.label,
                    })}
                    valueRender={() => num(x.count, links.pool(x.pool), `cockpit-pool-${x.pool}`)}
                    value={x.count}
                  />
                </Col>
              ))}
            </Row>
            <RateBar
              title={tr('startRate')}
              rate={p.startRate}
              expected={p.expected}
              detail={tr('startDetail', { done: p.started, planned: p.startPlanned })}
              onClick={() => go(links.rates())}
              testId="cockpit-rate-start"
            />
            <RateBar
              title={tr('completionRate')}
              rate={p.completionRate}
              expected={p.expected}
              detail={tr('completionDetail', { done: p.completed, planned: p.completionPlanned })}
              onClick={() => go(links.rates())}
              testId="cockpit-rate-completion"
            />
            <RateBar
              title={tr('investmentRate')}
              rate={p.investmentRate}
              expected={p.expected}
              detail={tr('investmentDetail', { done: wan(p.investmentCompleted), planned: wan(p.investmentPlanned) })}
              onClick={() => go(links.rates())}
              testId="cockpit-rate-investment"
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={tr('blockersTitle', { open: b.open, overdue: b.overdue })}
            size="small"
            extra={
              <Typography.Link onClick={() => go(links.blockers())} data-testid="cockpit-blockers-all">
                {tr('all')}
              </Typography.Link>
            }
          >
            <Table
              rowKey={(r) => r.leaderId ?? '__none'}
              size="small"
              pagination={false}
              data-testid="cockpit-blockers"
              dataSource={b.byLeader}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('noOpenBlockers')} /> }}
              columns={[
                {
                  title: tr('colCoordinatingLeader'),
                  key: 'l',
                  render: (_: unknown, r: LeaderRow) => r.leaderName ?? tr('unassigned'),
                },
                {
                  title: tr('colOpen'),
                  key: 'o',
                  width: 80,
                  render: (_: unknown, r: LeaderRow) =>
                    r.leaderId ? num(r.open, links.blockers(r.leaderId), `cockpit-blockers-${r.leaderId}`) : r.open,
                },
                {
                  title: tr('colOverdueToEscalate'),
                  key: 'r',
                  width: 100,
                  render: (_: unknown, r: LeaderRow) =>
                    r.overdue ? <Typography.Text style={{ color: LIGHT_COLORS.red }}>{r.overdue}</Typography.Text> : 0,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={tr('trendTitle')} size="small" style={{ marginTop: 16 }}>
        <TrendChart weeks={trends} height={280} onOpen={(s, monday) => go(links.trend(s, monday, today))} />
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'weeks',
              label: tr('trendByWeek'),
              children: (
                <Table
                  rowKey="week"
                  size="small"
                  pagination={false}
                  data-testid="cockpit-trend-table"
                  dataSource={[...trends].reverse()}
                  columns={[
                    { title: tr('colWeek'), dataIndex: 'week', width: 120 },
                    {
                      title: tr('opened'),
                      key: 'o',
                      render: (_: unknown, w: TrendRow) =>
                        num(w.opened, links.trend('opened', w.week, today), `cockpit-trend-opened-${w.week}`),
                    },
                    {
                      title: tr('closed'),
                      key: 'c',
                      render: (_: unknown, w: TrendRow) =>
                        num(w.closed, links.trend('closed', w.week, today), `cockpit-trend-closed-${w.week}`),
                    },
                    {
                      title: tr('overdueAtWeekEnd'),
                      key: 'v',
                      render: (_: unknown, w: TrendRow) =>
                        num(
                          w.overdue,
                          links.trend('overdue', w.week, today),
                          `cockpit-trend-overdue-${w.week}`,
                          LIGHT_COLORS.red,
                        ),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card title={tr('unitsTitle')} size="small" style={{ marginTop: 16 }}>
        <Table
          rowKey="unitId"
          size="small"
          data-testid="cockpit-units"
          pagination={{ pageSize: 15 }}
          dataSource={t.byUnit}
          locale={{ emptyText: tr('noTasks') }}
          columns={[
            {
              title: tr('colUnit'),
              key: 'u',
              render: (_: unknown, u: UnitRow) => (
                <>
                  {u.unitName} {u.unitKind === 'township' && <Tag>{tr('township')}</Tag>}
                </>
              ),
            },
            ...(['red', 'yellow', 'green', 'done'] as const).map((l) => ({
              title: { red: tr('lightRed'), yellow: tr('lightYellow'), green: tr('lightGreen'), done: tr('lightDone') }[
                l
              ],
              key: l,
              width: 90,
              render: (_: unknown, u: UnitRow) =>
                num(
                  u[l],
                  links.tasks({ leadUnitId: u.unitId, light: l }),
                  `cockpit-unit-${l}-${u.unitId}`,
                  LIGHT_COLORS[l],
                ),
            })),
            {
              title: tr('colOverdue'),
              key: 'o',
              width: 80,
              render: (_: unknown, u: UnitRow) =>
                num(u.overdue, links.overdue(today, { leadUnitId: u.unitId }), `cockpit-unit-overdue-${u.unitId}`),
            },
          ]}
        />
      </Card>
      <CockpitCampaigns />
      {data.accountability && <CaseCountsCard counts={data.accountability} />}
      {data.investment && <InvestmentCockpitCard data={data.investment} />}
      {data.enterprise && <EnterpriseCard data={data.enterprise} />}
    </div>
  );
}

/** A rate against 序时进度: the bar is the rate, the mark the time-proportional share of the year; the gap is said in words. */
function RateBar({
  title,
  rate,
  expected,
  detail,
  onClick,
  testId,
}: {
  title: string;
  rate: number | null;
  expected: number;
  detail: string;
  onClick: () => void;
  testId: string;
}) {
  const tr = useCockpitT();
  const gap = rate === null ? null : Math.round((rate - expected) * 1000) / 10;
  return (
    <div
      style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8, cursor: 'pointer' }}
      onClick={onClick}
      data-testid={testId}
    >
      <div style={{ width: 84 }}>{title}</div>
      <div style={{ flex: 1, position: 'relative' }}>
        <Progress
          percent={rate === null ? 0 : Math.round(rate * 1000) / 10}
          showInfo={false}
          strokeColor={gap !== null && gap < 0 ? LIGHT_COLORS.yellow : LIGHT_COLORS.green}
        />
        <Tooltip title={tr('expectedTip', { expected: pct(expected) })}>
          <div
            style={{
              position: 'absolute',
              top: 2,
              bottom: 6,
              left: `${expected * 100}%`,
              borderLeft: '2px dashed #595959',
            }}
          />
        </Tooltip>
      </div>
      <div style={{ width: 240 }}>
        <b>{pct(rate)}</b>{' '}
        {gap === null ? (
          <Typography.Text type="secondary">{tr('noPlan')}</Typography.Text>
        ) : gap < 0 ? (
          <Typography.Text type="warning">{tr('behind', { points: (-gap).toFixed(1) })}</Typography.Text>
        ) : (
          <Typography.Text type="success">{tr('onPace')}</Typography.Text>
        )}
        <div style={{ fontSize: 12, color: '#8c8c8c' }}>{detail}</div>
      </div>
    </div>
  );
}
