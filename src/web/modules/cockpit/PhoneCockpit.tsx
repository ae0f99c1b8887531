import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Empty, Row, Statistic, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import type { CockpitOut } from '../../../shared/cockpit';
import { POOL_LABELS, type Pool } from '../../../shared/domain/projects';
import { Light } from '../tasks/Light';
import { LIGHT_COLORS } from '../tasks/api';
import { pct, wan } from '../projects/api';
import { KIND_PAGES, links } from './api';
import { useCockpitT } from './i18n';

/** The economy's indicators shown before "show all": the leader's own come first (the server orders them). */
const ECONOMY_SHOWN = 6;
const num = (x: number | null, digits = 1) =>
  x === null ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: digits });

/**
 * 驾驶舱 on a leader's phone, between meetings: the four figures first (two by two, each opening its list), then
 * the lists as rows to tap (挂牌督办, overdue, due soon), the economy's indicators against 序时进度, what is forecast
 * to finish late (tasks, projects' investment), the project rates as bars with their gap in words, blockers by
 * leader, the twelve weeks as numbers with a sparkline, units. The same numbers and links as the desktop page, and
 * no chart library and no table (the principal's phone home has a JavaScript budget, tests/api/web-bundle.test.ts).
 */
export function PhoneCockpit({ data, scopeNote }: { data: CockpitOut; scopeNote: string }) {
  const tr = useCockpitT();
  const { label } = useI18n();
  const navigate = useNavigate();
  const { today, tasks: t, projects: p, blockers: b, trends, listed } = data;
  const short = new Map(t.byUnit.map((u) => [u.unitId, u.unitName]));
  const tile = (title: string, value: number, color: string, to: string, testId: string) => (
    <Col span={12}>
      <Card hoverable size="small" onClick={() => navigate(to)} data-testid={testId} style={{ height: '100%' }}>
        <Statistic
          title={title}
          value={value}
          valueStyle={{ color, fontSize: 32, lineHeight: '40px' }}
          suffix={<span style={{ fontSize: 14 }}>{tr('countSuffix')}</span>}
        />
      </Card>
    </Col>
  );
  return (
    <div data-testid="cockpit-phone">
      <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 4 }}>
        {tr('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {tr('asOf', { today, scope: scopeNote })}
      </Typography.Paragraph>
      <Row gutter={[8, 8]}>
        {tile(tr('redTasks'), t.byLight.red, LIGHT_COLORS.red!, links.tasks({ light: 'red' }), 'cockpit-red')}
        {tile(
          tr('yellowTasks'),
          t.byLight.yellow,
          LIGHT_COLORS.yellow!,
          links.tasks({ light: 'yellow' }),
          'cockpit-yellow',
        )}
        {tile(tr('overdueOpen'), t.overdue, LIGHT_COLORS.red!, links.overdue(today), 'cockpit-overdue')}
        {tile(tr('greenTasks'), t.byLight.green, LIGHT_COLORS.green!, links.tasks({ light: 'green' }), 'cockpit-green')}
      </Row>
      {listed.total > 0 && (
        <Section title={tr('listedTitle', { count: listed.total })} testId="cockpit-listed" danger>
          {listed.items.map((r) => (
            <Line
              key={r.id}
              onOpen={KIND_PAGES[r.kind] ? () => navigate(`${KIND_PAGES[r.kind]}/${r.id}`) : undefined}
              title={r.title}
              sub={`${short.get(r.unitId) || r.unitName} · ${r.deadline} · ${tr('colListedOn')} ${r.listedOn}`}
            />
          ))}
        </Section>
      )}
      {(
        [
          ['overdueListTitle', t.overdueList, links.overdue(today), 'cockpit-overdue-list'],
          ['dueSoonListTitle', t.dueSoonList, links.dueSoon(today), 'cockpit-due-soon-list'],
        ] as const
      ).map(([title, l, all, testId]) => (
        <Section
          key={title}
          title={tr(title, { count: l.total })}
          all={l.total > l.items.length ? () => navigate(all) : undefined}
          testId={testId}
        >
          {l.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
          ) : (
            l.items.map((r) => (
              <Line
                key={r.id}
                onOpen={() => navigate(`/tasks/${r.id}`)}
                title={r.title}
                sub={`${short.get(r.unitId) || r.unitName} · ${r.deadline}${r.progress === null ? '' : ` · ${r.progress}%`}`}
                end={<Light light={r.light} reasons={[]} />}
                testId="cockpit-task-row"
              />
            ))
          )}
        </Section>
      ))}
      <Economy data={data.economy} />
      <Forecasts data={data.forecasts} short={short} />
      {data.enterprise && <Enterprise data={data.enterprise} />}
      <Section
        title={tr('keyProjects')}
        all={() => navigate(links.projects())}
        testId="cockpit-projects"
        note={tr('projectsYear', { year: p.year, expected: pct(p.expected) })}
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
          {p.byPool.map((x) => (
            <Button key={x.pool} onClick={() => navigate(links.pool(x.pool))} data-testid={`cockpit-pool-${x.pool}`}>
              {tr('poolName', { label: POOL_LABELS[x.pool as Pool] ? label(POOL_LABELS[x.pool as Pool]) : x.label })}{' '}
              <b>{x.count}</b>
            </Button>
          ))}
        </div>
        {(
          [
            ['startRate', p.startRate, tr('startDetail', { done: p.started, planned: p.startPlanned }), 'start'],
            [
              'completionRate',
              p.completionRate,
              tr('completionDetail', { done: p.completed, planned: p.completionPlanned }),
              'completion',
            ],
            [
              'investmentRate',
              p.investmentRate,
              tr('investmentDetail', { done: wan(p.investmentCompleted), planned: wan(p.investmentPlanned) }),
              'investment',
            ],
          ] as const
        ).map(([title, rate, detail, key]) => (
          <Rate
            key={key}
            title={tr(title)}
            rate={rate}
            expected={p.expected}
            detail={detail}
            onOpen={() => navigate(links.rates())}
            testId={`cockpit-rate-${key}`}
          />
        ))}
      </Section>
      <Section
        title={tr('blockersTitle', { open: b.open, overdue: b.overdue })}
        all={() => navigate(links.blockers())}
        testId="cockpit-blockers"
      >
        {b.byLeader.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('noOpenBlockers')} />
        ) : (
          b.byLeader.map((r) => (
            <Line
              key={r.leaderId ?? '__none'}
              onOpen={() => navigate(links.blockers(r.leaderId))}
              title={r.leaderName ?? tr('unassigned')}
              end={
                <span>
                  <Tag>
                    {tr('colOpen')} {r.open}
                  </Tag>
                  {r.overdue > 0 && <Tag color="red">{tr('pastDue', { count: r.overdue })}</Tag>}
                </span>
              }
            />
          ))
        )}
      </Section>
      <Section title={tr('trendTitle')} testId="cockpit-trend-section" note={tr('trendPhoneNote')}>
        {(['opened', 'closed', 'overdue'] as const).map((k) => {
          const last = trends.at(-1);
          return (
            <Line
              key={k}
              onOpen={last ? () => navigate(links.trend(k, last.week, today)) : undefined}
              title={tr(k === 'overdue' ? 'overdueAtWeekEnd' : k)}
              end={
                <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                  <Sparkline values={trends.map((w) => w[k])} color={TREND_COLORS[k]} />
                  <b style={{ minWidth: 28, textAlign: 'right', color: TREND_COLORS[k] }}>{last ? last[k] : '—'}</b>
                </span>
              }
              testId={`cockpit-trend-${k}`}
            />
          );
        })}
      </Section>
      <Section title={tr('unitsTitle')} testId="cockpit-units">
        {t.byUnit.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('noTasks')} />
        ) : (
          t.byUnit.map((u) => (
            <Line
              key={u.unitId}
              onOpen={() => navigate(links.tasks({ leadUnitId: u.unitId }))}
              title={u.unitName}
              end={
                <span>
                  {u.red > 0 && <Tag color="red">{`${tr('red')} ${u.red}`}</Tag>}
                  {u.yellow > 0 && <Tag color="gold">{`${tr('lightYellow')} ${u.yellow}`}</Tag>}
                  {u.overdue > 0 && <Tag color="volcano">{`${tr('overdue')} ${u.overdue}`}</Tag>}
                  {u.red + u.yellow + u.overdue === 0 && <Tag color="green">{`${tr('lightGreen')} ${u.green}`}</Tag>}
                </span>
              }
            />
          ))
        )}
      </Section>
    </div>
  );
}

function Section({
  title,
  note,
  all,
  testId,
  danger,
  children,
}: {
  title: string;
  note?: string;
  all?: () => void;
  testId: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const tr = useCockpitT();
  return (
    <Card
      size="small"
      title={title}
      style={{ marginTop: 12, ...(danger ? { borderColor: LIGHT_COLORS.red } : {}) }}
      styles={{ body: { paddingBlock: 4 } }}
      extra={
        all && (
          <Button type="link" onClick={all} data-testid={`${testId}-all`}>
            {tr('all')}
          </Button>
        )
      }
      data-testid={testId}
    >
      {note && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '8px 0' }}>
          {note}
        </Typography.Paragraph>
      )}
      {children}
    </Card>
  );
}

/** One row of a list: the whole row opens what it names. */
function Line({
  title,
  sub,
  end,
  onOpen,
  testId,
}: {
  title: string;
  sub?: string;
  end?: ReactNode;
  onOpen?: () => void;
  testId?: string;
}) {
  return (
    <div
      className="phone-row"
      role={onOpen ? 'link' : undefined}
      onClick={onOpen}
      style={{ borderBottom: '1px solid #f5f5f5', cursor: onOpen ? 'pointer' : 'default' }}
      data-testid={testId}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ overflowWrap: 'anywhere' }}>{title}</div>
        {sub && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{sub}</div>}
      </div>
      {end}
      {onOpen && <RightOutlined style={{ color: '#bfbfbf' }} />}
    </div>
  );
}

/** A rate against 序时进度, stacked for the phone: the rate and its gap in words, the bar with the pace mark, the figures. */
function Rate({
  title,
  rate,
  expected,
  detail,
  onOpen,
  testId,
}: {
  title: string;
  rate: number | null;
  expected: number;
  detail: string;
  onOpen: () => void;
  testId: string;
}) {
  const tr = useCockpitT();
  const gap = rate === null ? null : Math.round((rate - expected) * 1000) / 10;
  return (
    <div className="phone-row" onClick={onOpen} data-testid={testId} style={{ display: 'block' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <span>
          {title} <b>{pct(rate)}</b>
        </span>
        {gap === null ? (
          <Typography.Text type="secondary">{tr('noPlan')}</Typography.Text>
        ) : gap < 0 ? (
          <Typography.Text type="warning">{tr('behind', { points: (-gap).toFixed(1) })}</Typography.Text>
        ) : (
          <Typography.Text type="success">{tr('onPace')}</Typography.Text>
        )}
      </div>
      <Bar
        percent={rate === null ? 0 : rate * 100}
        expected={expected * 100}
        color={gap !== null && gap < 0 ? LIGHT_COLORS.yellow! : LIGHT_COLORS.green!}
        title={tr('expectedTip', { expected: pct(expected) })}
      />
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>{detail}</div>
    </div>
  );
}

const TREND_COLORS = { opened: '#1677ff', closed: LIGHT_COLORS.green!, overdue: LIGHT_COLORS.red! } as const;

/** A bar for a share against 序时进度, drawn with two boxes (antd's Progress is more than the phone needs). */
function Bar({
  percent,
  expected,
  color,
  title,
}: {
  percent: number;
  expected?: number;
  color: string;
  title: string;
}) {
  const clamp = (x: number) => Math.max(0, Math.min(100, x));
  return (
    <div style={{ position: 'relative', height: 8, margin: '6px 0', background: '#f0f0f0', borderRadius: 4 }}>
      <div style={{ width: `${clamp(percent)}%`, height: '100%', background: color, borderRadius: 4 }} />
      {expected !== undefined && (
        <div
          style={{
            position: 'absolute',
            top: -3,
            bottom: -3,
            left: `${clamp(expected)}%`,
            borderLeft: '2px dashed #595959',
          }}
          title={title}
        />
      )}
    </div>
  );
}

/** Twelve weeks as a line, in 72×24 px of SVG: the shape of the trend, the number beside it says the value. */
function Sparkline({ values, color }: { values: number[]; color: string }) {
  const w = 72;
  const h = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' ');
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true" style={{ flex: 'none' }}>
      <polyline points={points} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
    </svg>
  );
}

/**
 * 经济运行 on the phone: each indicator one row — its value, its share of the annual target against 序时进度 as a bar,
 * behind or ahead in points, its light; the leader's own first, the rest behind "show all".
 */
function Economy({ data }: { data: CockpitOut['economy'] }) {
  const tr = useCockpitT();
  const navigate = useNavigate();
  const [all, setAll] = useState(false);
  const shown = all ? data.items : data.items.slice(0, ECONOMY_SHOWN);
  return (
    <Section
      title={tr('economyTitle', { year: data.year })}
      all={() => navigate('/indicators')}
      testId="cockpit-economy"
      note={tr('econPhoneNote')}
    >
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('noIndicators')} />
      ) : (
        shown.map((r) => {
          const gap = r.gapPoints;
          return (
            <div
              key={r.indicatorId}
              className="phone-row"
              onClick={() => navigate(`/indicators/${r.indicatorId}`)}
              style={{ display: 'block', borderBottom: '1px solid #f5f5f5' }}
              data-testid={`cockpit-economy-${r.indicatorId}`}
            >
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  {r.name}
                  {r.mine && (
                    <Tag color="blue" style={{ marginLeft: 6 }}>
                      {tr('economyMine')}
                    </Tag>
                  )}
                </span>
                <span style={{ flex: 'none' }}>
                  <Light light={r.light} reasons={[]} />
                </span>
              </div>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 13 }}>
                <span>
                  <b>{num(r.value, 2)}</b> {r.unit}
                  {r.growth !== null && ` · ${tr('growthShort', { growth: `${r.growth.toFixed(1)}%` })}`}
                </span>
                {gap === null ? (
                  <Typography.Text type="secondary">{tr('econNoTarget')}</Typography.Text>
                ) : gap > 0 ? (
                  <Typography.Text type={r.light === 'red' ? 'danger' : 'warning'} data-testid="cockpit-economy-gap">
                    {tr('econBehind', { points: num(gap) })}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="success" data-testid="cockpit-economy-gap">
                    {gap < 0 ? tr('econAhead', { points: num(-gap) }) : tr('onPace')}
                  </Typography.Text>
                )}
              </div>
              {r.progress !== null && r.expectedProgress !== null && (
                <Bar
                  percent={r.progress}
                  expected={r.expectedProgress}
                  color={LIGHT_COLORS[r.light] ?? LIGHT_COLORS.green!}
                  title={tr('expectedTip', { expected: `${num(r.expectedProgress)}%` })}
                />
              )}
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                {[
                  r.periodLabel,
                  r.progress !== null && r.expectedProgress !== null
                    ? tr('econProgress', { progress: `${num(r.progress)}%`, expected: `${num(r.expectedProgress)}%` })
                    : null,
                  r.rank !== null ? `${tr('colRank')} ${tr('rankShort', { rank: r.rank })}/${r.rankedCount}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
            </div>
          );
        })
      )}
      {data.items.length > ECONOMY_SHOWN && (
        <Button type="link" block onClick={() => setAll(!all)} data-testid="cockpit-economy-more">
          {all ? tr('showFewer') : tr('showAll', { count: data.items.length })}
        </Button>
      )}
    </Section>
  );
}

/** 预计完不成 on the phone: the tasks forecast to finish after their deadline and the projects short of the year's plan,
 * each with the unit that owns it. */
function Forecasts({ data, short }: { data: CockpitOut['forecasts']; short: Map<string, string> }) {
  const tr = useCockpitT();
  const navigate = useNavigate();
  const late = { color: LIGHT_COLORS.red, fontSize: 13, flex: 'none', textAlign: 'right' } as const;
  return (
    <>
      <Section title={tr('forecastTasksTitle', { count: data.tasks.total })} testId="cockpit-forecast-tasks">
        {data.tasks.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
        ) : (
          data.tasks.items.map((r) => (
            <Line
              key={r.id}
              onOpen={() => navigate(`/tasks/${r.id}`)}
              title={r.title}
              sub={tr('ownerDeadline', { unit: short.get(r.unitId) || r.unitName, deadline: r.deadline })}
              end={
                <span style={late}>
                  {r.forecast.completion ? (
                    <>
                      {tr('forecastOn', { date: r.forecast.completion })}
                      <br />
                      {tr('lateDays', { days: r.forecast.daysLate ?? 0 })}
                    </>
                  ) : (
                    tr('stalled')
                  )}
                </span>
              }
              testId="cockpit-forecast-task"
            />
          ))
        )}
      </Section>
      <Section title={tr('forecastProjectsTitle', { count: data.projects.total })} testId="cockpit-forecast-projects">
        {data.projects.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tr('none')} />
        ) : (
          data.projects.items.map((r) => (
            <Line
              key={r.id}
              onOpen={() => navigate(`/projects/${r.id}`)}
              title={r.name}
              sub={tr('projectForecastLine', {
                unit: short.get(r.unitId) || r.unitName,
                yearEnd: wan(r.forecast.yearEnd),
                plan: wan(r.forecast.plan),
              })}
              end={<span style={late}>{tr('shortBy', { amount: wan(r.forecast.shortfall) })}</span>}
              testId="cockpit-forecast-project"
            />
          ))
        )}
      </Section>
    </>
  );
}

/**
 * 企业服务 on the phone: open demands by light, those past their resolve date with the unit and leader who own them
 * (a row opens the demand), 包联 visit coverage this quarter and the enterprises no one visited for six months —
 * the desktop card's figures, each opening the same list.
 */
function Enterprise({ data }: { data: NonNullable<CockpitOut['enterprise']> }) {
  const tr = useCockpitT();
  const navigate = useNavigate();
  const d = data.demands;
  const c = data.coverage.county;
  const lights = [
    ['red', 'entRed', 'red'],
    ['yellow', 'entYellow', 'gold'],
    ['green', 'entGreen', 'green'],
  ] as const;
  return (
    <Section title={tr('entTitle', { quarter: data.quarter })} testId="cockpit-phone-enterprise">
      <Line
        title={`${tr('entOpenDemands')} ${d.open}`}
        onOpen={() => navigate('/demands?status=open')}
        end={
          <span style={{ flex: 'none' }}>
            {lights.map(([l, k, color]) => (
              <Tag key={l} color={color} style={{ marginInlineEnd: 4 }} data-testid={`cockpit-phone-ent-${l}`}>
                {tr(k)} {d.byLight[l]}
              </Tag>
            ))}
          </span>
        }
        testId="cockpit-phone-ent-open"
      />
      <Line
        title={tr('entOverdueDemands')}
        onOpen={() => navigate('/demands?status=open&overdue=true')}
        end={
          <b style={{ color: d.overdue ? LIGHT_COLORS.red : undefined }} data-testid="cockpit-phone-ent-overdue-count">
            {d.overdue}
          </b>
        }
        testId="cockpit-phone-ent-overdue"
      />
      {d.overdueList.items.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '8px 0' }}>
          {tr('entPhoneNoOverdue')}
        </Typography.Paragraph>
      ) : (
        d.overdueList.items.slice(0, 5).map((r) => (
          <Line
            key={r.id}
            onOpen={() => navigate(`/demands/${r.id}`)}
            title={r.title}
            sub={tr('entPhoneDemand', {
              unit: r.unitName,
              leader: r.leaderName ? `${r.leaderName} · ` : '',
              deadline: r.deadline,
            })}
            testId="cockpit-phone-ent-demand"
          />
        ))
      )}
      <div
        className="phone-row"
        onClick={() => navigate('/visits?tab=coverage')}
        style={{ display: 'block', borderBottom: '1px solid #f5f5f5' }}
        data-testid="cockpit-phone-ent-coverage"
      >
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <span>
            {tr('entCoverage')} <b>{pct(c.share)}</b>
          </span>
          <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Typography.Text type="secondary">
              {tr('entPhoneCoverage', { visited: c.visited, total: c.total })}
            </Typography.Text>
            <RightOutlined style={{ color: '#bfbfbf' }} />
          </span>
        </div>
        {/* The share of the 包联 enterprises met this quarter (the whole bar: all of them). */}
        <Bar
          percent={(c.share ?? 0) * 100}
          color={c.share !== null && c.share < 1 ? LIGHT_COLORS.yellow! : LIGHT_COLORS.green!}
          title={data.coverage.definition}
        />
      </div>
      <Line
        title={tr('entUnvisited', { months: data.unvisited.months, n: data.unvisited.total })}
        onOpen={() => navigate('/visits?tab=unvisited')}
        testId="cockpit-phone-ent-unvisited"
      />
    </Section>
  );
}
