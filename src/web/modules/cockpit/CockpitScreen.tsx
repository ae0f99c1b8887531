import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { CockpitOut } from '../../../shared/cockpit';
import { POOL_LABELS, type Pool } from '../../../shared/domain/projects';
import { useI18n } from '../../app/i18n';
import { useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LIGHT_COLORS } from '../tasks/api';
import { pct } from '../projects/api';
import { cockpitApi, cockpitKeys, links } from './api';
import { useCockpitT } from './i18n';
import { TrendChart } from './TrendChart';
import { beijingHourMinute } from '../../lib/time';

/**
 * 会议室大屏: the cockpit on a 1920×1080 display at the front of a meeting room — dark, no menu, large type (the
 * smallest text 22 px, the key figures 120 px), refreshed by itself every minute. The same data and the same
 * links as the cockpit page (a click still opens the list behind a number); Esc or “返回” leaves.
 */
export default function CockpitScreen() {
  const tr = useCockpitT();
  const navigate = useNavigate();
  const me = useMe().data;
  const q = useQuery({
    queryKey: cockpitKeys.all,
    queryFn: cockpitApi.get,
    refetchInterval: 60_000,
    refetchIntervalInBackground: true,
  });
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 15_000);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && navigate('/cockpit');
    window.addEventListener('keydown', esc);
    return () => {
      clearInterval(id);
      window.removeEventListener('keydown', esc);
    };
  }, [navigate]);
  const updated = q.dataUpdatedAt ? new Date(q.dataUpdatedAt) : null;
  const hm = (d: Date) => beijingHourMinute(d);

  return (
    <div style={S.root} data-testid="cockpit-screen">
      <header style={S.header}>
        <div style={{ fontSize: 44, fontWeight: 700, letterSpacing: 4 }}>
          {me?.jurisdictionName ?? ''} {tr('screenTitle')}
          {/* A leader's screen shows his or her scope only: say so, so the room does not read it as the county's. */}
          {me?.roles.includes('leader') && !me.roles.some((r) => r === 'principal' || r === 'supervision_office') && (
            <span style={{ fontSize: 28, fontWeight: 400, letterSpacing: 0, color: C.muted, marginLeft: 24 }}>
              {tr('screenScope', { name: me.displayName })}
            </span>
          )}
        </div>
        <div style={{ fontSize: 26, color: C.muted, textAlign: 'right' }}>
          {q.data?.today} {hm(now)}
          <div style={{ fontSize: 22 }} data-testid="cockpit-screen-updated">
            {tr('autoRefresh')}
            {updated ? tr('updatedAt', { time: hm(updated) }) : ''}
            <a onClick={() => navigate('/cockpit')} style={{ color: C.muted, marginLeft: 24, cursor: 'pointer' }}>
              {tr('back')}
            </a>
          </div>
        </div>
      </header>
      {q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data ? (
        <Body data={q.data} go={(to) => navigate(to)} />
      ) : (
        <div style={{ fontSize: 40, padding: 80 }}>{tr('loading')}</div>
      )}
    </div>
  );
}

function Body({ data, go }: { data: CockpitOut; go: (to: string) => void }) {
  const tr = useCockpitT();
  const { label } = useI18n();
  const { today, tasks: t, projects: p, blockers: b, trends } = data;
  const worst = t.byUnit.filter((u) => u.red + u.overdue > 0).slice(0, 5);
  // Short unit names (发改局, not 县发展和改革局) so a row keeps its task title readable.
  const short = new Map(t.byUnit.map((u) => [u.unitId, u.unitName]));
  const maxRed = Math.max(1, ...worst.map((u) => u.red));
  return (
    <main style={S.grid}>
      {/* Row 1: the four figures a leader asks first. */}
      <div style={{ gridArea: 'kpi', display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 24 }}>
        <Kpi
          label={tr('redTasks')}
          value={t.byLight.red}
          color={LIGHT_COLORS.red!}
          onClick={() => go(links.tasks({ light: 'red' }))}
          testId="screen-red"
        />
        <Kpi
          label={tr('overdueOpen')}
          value={t.overdue}
          color={C.red}
          onClick={() => go(links.overdue(today))}
          testId="screen-overdue"
        />
        <Kpi
          label={tr('yellowTasks')}
          value={t.byLight.yellow}
          color={LIGHT_COLORS.yellow!}
          onClick={() => go(links.tasks({ light: 'yellow' }))}
          testId="screen-yellow"
        />
        <Kpi
          label={tr('greenOnTrack')}
          value={t.byLight.green}
          color={LIGHT_COLORS.green!}
          onClick={() => go(links.tasks({ light: 'green' }))}
          testId="screen-green"
        />
      </div>

      <Panel area="late" title={tr('longestOverdue', { count: t.overdueList.total })}>
        {t.overdueList.items.length === 0 && <div style={{ fontSize: 28, color: C.green }}>{tr('noOverdue')}</div>}
        {t.overdueList.items.slice(0, 5).map((i) => (
          <div key={i.id} style={S.lateRow} onClick={() => go(`/tasks/${i.id}`)}>
            <span style={{ ...S.ellipsis, flex: 1, minWidth: 0 }}>{i.title}</span>
            <span style={{ ...S.ellipsis, color: C.muted, width: 130, flexShrink: 0, textAlign: 'right' }}>
              {short.get(i.unitId) || i.unitName}
            </span>
            <span style={{ color: C.red, width: 170, flexShrink: 0, textAlign: 'right', whiteSpace: 'nowrap' }}>
              {tr('overdueDays', { days: daysSince(i.deadline, today) })}
            </span>
          </div>
        ))}
      </Panel>

      <Panel area="units" title={tr('worstUnits')}>
        {worst.length === 0 && <div style={{ fontSize: 28, color: C.green }}>{tr('noRedUnits')}</div>}
        {worst.map((u) => (
          <div
            key={u.unitId}
            style={{ display: 'flex', alignItems: 'center', gap: 16, height: 50, cursor: 'pointer' }}
            onClick={() => go(links.tasks({ leadUnitId: u.unitId, light: 'red' }))}
          >
            <span style={{ width: 170, flexShrink: 0, ...S.ellipsis }}>{u.unitName}</span>
            <div style={{ flex: 1, minWidth: 40, height: 26, background: '#1d3050', borderRadius: 4 }}>
              <div
                style={{
                  width: `${(u.red / maxRed) * 100}%`,
                  height: '100%',
                  background: LIGHT_COLORS.red,
                  borderRadius: 4,
                }}
              />
            </div>
            <span style={{ flexShrink: 0, textAlign: 'right', fontSize: 24, whiteSpace: 'nowrap' }}>
              <b style={{ color: C.red }}>{u.red}</b> {tr('red')} · {u.overdue} {tr('overdue')}
            </span>
          </div>
        ))}
      </Panel>

      <Panel area="projects" title={tr('screenProjects', { total: p.total, expected: pct(p.expected) })}>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(6, 1fr)',
            gap: 8,
            textAlign: 'center',
            marginBottom: 8,
          }}
        >
          {p.byPool.map((x) => (
            <div key={x.pool} onClick={() => go(links.pool(x.pool))} style={{ cursor: 'pointer', minWidth: 0 }}>
              <div style={{ fontSize: figureSize(String(x.count).length, 40, 3), fontWeight: 700, lineHeight: '44px' }}>
                {x.count}
              </div>
              <div style={{ color: C.muted, ...S.ellipsis }}>
                {POOL_LABELS[x.pool as Pool] ? label(POOL_LABELS[x.pool as Pool]) : x.label}
              </div>
            </div>
          ))}
        </div>
        <ScreenRate
          label={tr('startRate')}
          rate={p.startRate}
          expected={p.expected}
          onClick={() => go(links.rates())}
        />
        <ScreenRate
          label={tr('completionRate')}
          rate={p.completionRate}
          expected={p.expected}
          onClick={() => go(links.rates())}
        />
        <ScreenRate
          label={tr('investmentRate')}
          rate={p.investmentRate}
          expected={p.expected}
          onClick={() => go(links.rates())}
        />
      </Panel>

      <Panel area="economy" title={tr('economyTitle', { year: data.economy.year })}>
        {data.economy.items.slice(0, 5).map((i) => (
          <div
            key={i.indicatorId}
            style={{ display: 'flex', height: 46, alignItems: 'center', gap: 12, cursor: 'pointer' }}
            onClick={() => go(`/indicators/${i.indicatorId}`)}
            data-testid={`screen-economy-${i.indicatorId}`}
          >
            <span
              style={{
                width: 18,
                height: 18,
                borderRadius: 9,
                flexShrink: 0,
                background: LIGHT_COLORS[i.light] ?? C.muted,
              }}
            />
            <span style={{ flex: 1, minWidth: 0, ...S.ellipsis }}>{i.name}</span>
            <span style={{ width: 110, flexShrink: 0, textAlign: 'right', whiteSpace: 'nowrap' }}>
              {i.growth === null ? '—' : `${i.growth.toFixed(1)}%`}
            </span>
            <span style={{ width: 120, flexShrink: 0, textAlign: 'right', whiteSpace: 'nowrap', color: rankColor(i) }}>
              {i.rank === null ? '—' : tr('rankShort', { rank: i.rank })}
              {rankArrow(i)}
            </span>
          </div>
        ))}
      </Panel>

      <Panel area="trend" title={tr('screenTrend')}>
        <TrendChart weeks={trends} height={262} dark />
      </Panel>

      <Panel area="blockers" title={tr('screenBlockers', { open: b.open, overdue: b.overdue })}>
        {b.byLeader.length === 0 && <div style={{ fontSize: 28, color: C.green }}>{tr('noOpenBlockers')}</div>}
        {b.byLeader.slice(0, 5).map((l) => (
          <div
            key={l.leaderId ?? 'none'}
            style={{ display: 'flex', height: 46, alignItems: 'center', cursor: 'pointer' }}
            onClick={() => go(links.blockers(l.leaderId))}
          >
            <span style={{ flex: 1, minWidth: 0, ...S.ellipsis }}>{l.leaderName ?? tr('noLeader')}</span>
            <span style={{ width: 100, flexShrink: 0, textAlign: 'right', fontSize: 32, fontWeight: 700 }}>
              {l.open}
            </span>
            <span
              style={{
                width: 180,
                flexShrink: 0,
                textAlign: 'right',
                whiteSpace: 'nowrap',
                color: l.overdue ? C.red : C.muted,
              }}
            >
              {l.overdue ? tr('pastDue', { count: l.overdue }) : tr('notPastDue')}
            </span>
          </div>
        ))}
      </Panel>
    </main>
  );
}

type EconomyRow = CockpitOut['economy']['items'][number];
/** ↑ / ↓ beside a rank that moved since the period before. */
const rankArrow = (i: EconomyRow) =>
  i.rank === null || i.previousRank === null || i.rank === i.previousRank ? '' : i.rank < i.previousRank ? ' ↑' : ' ↓';
const rankColor = (i: EconomyRow) =>
  i.rank !== null && i.previousRank !== null && i.rank > i.previousRank
    ? C.red
    : i.rank !== null && i.previousRank !== null && i.rank < i.previousRank
      ? C.green
      : undefined;

/**
 * A key figure: the label above, the figure below it as large as its digits allow in a quarter of the screen
 * (120 px up to three digits, smaller for four or more), so a county's 1,234 red tasks still fit their box.
 */
function Kpi({
  label,
  value,
  color,
  onClick,
  testId,
}: {
  label: string;
  value: number;
  color: string;
  onClick: () => void;
  testId: string;
}) {
  const tr = useCockpitT();
  const size = figureSize(String(value).length, 120, 3);
  return (
    <div style={{ ...S.panel, ...S.kpi, borderTop: `8px solid ${color}` }} onClick={onClick} data-testid={testId}>
      <span style={{ fontSize: 32, lineHeight: 1.2, ...S.ellipsis }}>{label}</span>
      <span
        style={{ fontSize: size, fontWeight: 700, color, lineHeight: 1, alignSelf: 'flex-end', whiteSpace: 'nowrap' }}
      >
        {value}
        <span style={{ fontSize: 30, marginLeft: 6, color: C.muted }}>{tr('countSuffix')}</span>
      </span>
    </div>
  );
}

/** The font size for a figure of `digits` digits: `max` up to `fits` digits, then shrunk in proportion. */
const figureSize = (digits: number, max: number, fits: number) => Math.floor((max * fits) / Math.max(fits, digits));

function Panel({ area, title, children }: { area: string; title: string; children: ReactNode }) {
  return (
    <section style={{ ...S.panel, gridArea: area, overflow: 'hidden' }}>
      <div style={{ fontSize: 30, fontWeight: 700, marginBottom: 14, color: C.title }}>{title}</div>
      {children}
    </section>
  );
}

function ScreenRate({
  label,
  rate,
  expected,
  onClick,
}: {
  label: string;
  rate: number | null;
  expected: number;
  onClick: () => void;
}) {
  const tr = useCockpitT();
  const behind = rate !== null && rate < expected;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 16, height: 48, cursor: 'pointer' }} onClick={onClick}>
      <span style={{ width: 150, flexShrink: 0, ...S.ellipsis }}>{label}</span>
      <div style={{ flex: 1, height: 28, background: '#1d3050', borderRadius: 4, position: 'relative' }}>
        <div
          style={{
            width: `${(rate ?? 0) * 100}%`,
            height: '100%',
            background: behind ? LIGHT_COLORS.yellow : LIGHT_COLORS.green,
            borderRadius: 4,
          }}
        />
        {/* 序时进度: the white mark the bar should reach. */}
        <div
          style={{
            position: 'absolute',
            top: -6,
            bottom: -6,
            left: `${expected * 100}%`,
            borderLeft: '3px solid #ffffff',
          }}
          title={tr('expected')}
        />
      </div>
      <span
        style={{
          width: 130,
          textAlign: 'right',
          fontSize: 34,
          fontWeight: 700,
          color: behind ? LIGHT_COLORS.yellow : rate === null ? C.muted : LIGHT_COLORS.green,
        }}
      >
        {pct(rate)}
      </span>
    </div>
  );
}

const daysSince = (d: string, today: string) =>
  Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`)) / 86_400_000);

const C = {
  bg: '#071327',
  panel: '#0d1f3c',
  border: '#1f3a66',
  text: '#eef3ff',
  muted: '#9fb3d9',
  title: '#ffd666',
  red: '#ff4d4f',
  green: '#73d13d',
};
const S: Record<string, CSSProperties> = {
  root: {
    position: 'fixed',
    inset: 0,
    zIndex: 10,
    background: C.bg,
    color: C.text,
    fontSize: 26,
    fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
    boxSizing: 'border-box',
    padding: '20px 32px',
  },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    height: 90,
    borderBottom: `2px solid ${C.border}`,
    marginBottom: 20,
  },
  kpi: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    cursor: 'pointer',
    minWidth: 0,
    padding: '12px 24px',
  },
  grid: {
    flex: 1,
    display: 'grid',
    gap: 20,
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gridTemplateRows: '190px minmax(0, 1fr) minmax(0, 1fr)',
    gridTemplateAreas: '"kpi kpi kpi" "late units projects" "economy trend blockers"',
    minHeight: 0,
  },
  panel: { background: C.panel, border: `1px solid ${C.border}`, borderRadius: 8, padding: '18px 24px' },
  lateRow: {
    display: 'flex',
    gap: 12,
    height: 48,
    alignItems: 'center',
    borderBottom: `1px solid ${C.border}`,
    cursor: 'pointer',
  },
  ellipsis: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
};
