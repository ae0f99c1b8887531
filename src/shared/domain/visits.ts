import { addDays, type IsoDate } from './dates';
import { quarterHolders, type LiaisonPeriod } from './liaisons';

/**
 * 走访 (docs/ENTERPRISES.md, "Visits"): the kinds of visit, the quarter a day belongs to, and coverage — the share
 * of a leader's or a unit's 包联 enterprises that the leader (the unit) met on a visit of the quarter.
 */
export const VISIT_KINDS = ['walk', 'breakfast', 'forum', 'onsite'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, { 'zh-CN': string; 'en-US': string }> = {
  walk: { 'zh-CN': '大走访', 'en-US': 'Enterprise visit' },
  breakfast: { 'zh-CN': '早餐会', 'en-US': 'Breakfast meeting' },
  forum: { 'zh-CN': '政企座谈', 'en-US': 'Government–enterprise forum' },
  onsite: { 'zh-CN': '现场办公', 'en-US': 'On-site office' },
};

/** 'YYYY-Qn' of a day. */
export function quarterOf(day: IsoDate): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first and last day of a quarter 'YYYY-Qn'. */
export function quarterRange(quarter: string): { from: IsoDate; to: IsoDate } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const y = m[1]!;
  const q = Number(m[2]);
  const from = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const next = q === 4 ? `${Number(y) + 1}-01-01` : `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** The day N months before `day` (the same day of the month, or the month's last day when it has none). */
export function monthsBefore(day: IsoDate, months: number): IsoDate {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 - months;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface CoverageEnterprise {
  id: string;
  liaisonLeaderId: string | null;
  liaisonUnitId: string | null;
}
export interface CoverageVisit {
  on: IsoDate;
  leaderIds: readonly string[];
  unitIds: readonly string[];
  enterpriseIds: readonly string[];
}
export interface CoverageRow {
  id: string;
  /** 包联 enterprises. */
  total: number;
  /** Of them, met on a visit of the period with this leader (this unit) present. */
  visited: number;
  /** visited / total, null when there are none. */
  share: number | null;
}

/**
 * Coverage of a period: per leader and per unit, how many of its 包联 enterprises it met itself on a visit between
 * `from` and `to` (inclusive). A visit by someone else does not count for a leader's or unit's 包联 duty.
 */
export function coverage(
  enterprises: readonly CoverageEnterprise[],
  visits: readonly CoverageVisit[],
  from: IsoDate,
  to: IsoDate,
): { leaders: CoverageRow[]; units: CoverageRow[] } {
  const met = new Set<string>(); // `${who}|${enterpriseId}`
  for (const v of visits) {
    if (v.on < from || v.on > to) continue;
    for (const e of v.enterpriseIds) {
      for (const l of v.leaderIds) met.add(`${l}|${e}`);
      for (const u of v.unitIds) met.add(`${u}|${e}`);
    }
  }
  const tally = (key: (e: CoverageEnterprise) => string | null) => {
    const by = new Map<string, { total: number; visited: number }>();
    for (const e of enterprises) {
      const who = key(e);
      if (!who) continue;
      const r = by.get(who) ?? { total: 0, visited: 0 };
      r.total++;
      if (met.has(`${who}|${e.id}`)) r.visited++;
      by.set(who, r);
    }
    return [...by]
      .map(([id, r]) => ({ id, ...r, share: r.total ? r.visited / r.total : null }))
      .sort((a, b) => (a.share ?? 0) - (b.share ?? 0) || a.id.localeCompare(b.id));
  };
  return { leaders: tally((e) => e.liaisonLeaderId), units: tally((e) => e.liaisonUnitId) };
}

/**
 * Enterprises no one has visited since `since` (their last visit earlier, or none): the office's list of those
 * forgotten, the longest forgotten first (never visited before all others).
 */
export function unvisitedSince<E extends { id: string }>(
  enterprises: readonly E[],
  lastVisit: ReadonlyMap<string, IsoDate>,
  since: IsoDate,
): (E & { lastVisitOn: IsoDate | null })[] {
  return enterprises
    .map((e) => ({ ...e, lastVisitOn: lastVisit.get(e.id) ?? null }))
    .filter((e) => e.lastVisitOn === null || e.lastVisitOn < since)
    .sort((a, b) => (a.lastVisitOn ?? '').localeCompare(b.lastVisitOn ?? ''));
}

/**
 * Coverage of a quarter from the 包联 history: the leaders and units who answer for each enterprise that quarter
 * (`quarterHolders`, docs/ENTERPRISES.md), the visits from the quarter's first day to `to` (its last by default),
 * and the county's figure — an enterprise covered when the leader or the unit answering for it met it.
 */
export function quarterCoverage(
  periods: readonly LiaisonPeriod[],
  visits: readonly CoverageVisit[],
  quarter: string,
  to?: IsoDate,
): { leaders: CoverageRow[]; units: CoverageRow[]; county: { total: number; visited: number; share: number | null } } {
  const q = quarterRange(quarter);
  const end = to && to < q.to ? to : q.to;
  const es: CoverageEnterprise[] = [...quarterHolders(periods, q.from, q.to)].map(([id, h]) => ({
    id,
    liaisonLeaderId: h.leaderId,
    liaisonUnitId: h.unitId,
  }));
  const c = coverage(es, visits, q.from, end);
  const met = new Set<string>();
  for (const v of visits) {
    if (v.on < q.from || v.on > end) continue;
    for (const e of v.enterpriseIds) {
      for (const l of v.leaderIds) met.add(`${l}|${e}`);
      for (const u of v.unitIds) met.add(`${u}|${e}`);
    }
  }
  const visited = es.filter(
    (e) => met.has(`${e.liaisonLeaderId}|${e.id}`) || met.has(`${e.liaisonUnitId}|${e.id}`),
  ).length;
  return { ...c, county: { total: es.length, visited, share: es.length ? visited / es.length : null } };
}

/**
 * Coverage of a unit over a period of any length (the scoring rules'): each quarter the period touches counts
 * once — the enterprises the unit answers for that quarter by the 包联 history (`quarterHolders`), the visits
 * clipped to the period (the quarter in course up to the period's end) — and a unit's figure is the sum over those
 * quarters of its 包联 enterprises met ÷ the sum of its 包联 enterprises, so a year is four quarters' duty, not one
 * visit a year.
 */
export function periodCoverage(
  periods: readonly LiaisonPeriod[],
  visits: readonly CoverageVisit[],
  from: IsoDate,
  to: IsoDate,
): Map<string, { numerator: number; denominator: number }> {
  const out = new Map<string, { numerator: number; denominator: number }>();
  if (from > to) return out;
  for (let q = quarterOf(from); ; ) {
    const r = quarterRange(q);
    const es: CoverageEnterprise[] = [...quarterHolders(periods, r.from, r.to)].map(([id, h]) => ({
      id,
      liaisonLeaderId: h.leaderId,
      liaisonUnitId: h.unitId,
    }));
    const c = coverage(es, visits, r.from < from ? from : r.from, r.to > to ? to : r.to);
    for (const u of c.units) {
      const s = out.get(u.id) ?? { numerator: 0, denominator: 0 };
      s.numerator += u.visited;
      s.denominator += u.total;
      out.set(u.id, s);
    }
    if (r.to >= to) break;
    q = quarterOf(addDays(r.to, 1));
  }
  return out;
}
