import type { ReactNode } from 'react';
import { Button, Card, Col, Empty, Progress, Row, Statistic, Tag, Typography } from 'antd';
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
import { TrendChart } from './TrendChart';

/**
 * 驾驶舱 on a leader's phone, between meetings: the four figures first (two by two, each opening its list), then
 * the lists as rows to tap (挂牌督办, overdue, due soon, blockers by leader, units), the project rates as bars with
 * their gap in words, the twelve weeks' chart in the screen's width. The same numbers and links as the desktop page.
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
      <Section title={tr('trendTitle')} testId="cockpit-trend-section">
        <TrendChart
          weeks={trends}
          height={240}
          compact
          onOpen={(s, monday) => navigate(links.trend(s, monday, today))}
        />
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
      <div style={{ position: 'relative' }}>
        <Progress
          percent={rate === null ? 0 : Math.round(rate * 1000) / 10}
          showInfo={false}
          strokeColor={gap !== null && gap < 0 ? LIGHT_COLORS.yellow : LIGHT_COLORS.green}
        />
        <div
          style={{
            position: 'absolute',
            top: 2,
            bottom: 6,
            left: `${expected * 100}%`,
            borderLeft: '2px dashed #595959',
          }}
          title={tr('expectedTip', { expected: pct(expected) })}
        />
      </div>
      <div style={{ fontSize: 12, color: '#8c8c8c' }}>{detail}</div>
    </div>
  );
}
