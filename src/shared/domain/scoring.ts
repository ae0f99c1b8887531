import { z } from 'zod';
import type { IsoDate } from './dates';
import { addDays } from './dates';
import { isWorkingDay, type WorkCalendar } from './working-days';

/**
 * Unit scoring (考核): points per recorded event, summed for a period. Scores are always computed from the
 * events (never stored), so the same events, rules and period give the same result, and every point can be
 * traced back to the event that earned or cost it.
 */
export const SCORING_EVENT_KINDS = [
  'closedOnTime', // 按期办结
  'closedLate', // 逾期办结
  'blockerResolved', // 卡点按时破解
  'overdueDay', // 逾期（每个工作日）
  'reportMissing', // 进展未报送（系统自动催办）
  'notice', // 督办单（连续未报送等）
  'reportLate', // 进展迟报
  'reportReturned', // 进展报告被退回
  'extensionApproved', // 延期获批
  'praised', // 表扬
  'criticised', // 通报批评
] as const;
export type ScoringEventKind = (typeof SCORING_EVENT_KINDS)[number];

export const SCORING_LABELS: Record<ScoringEventKind, string> = {
  closedOnTime: '按期办结',
  closedLate: '逾期办结',
  blockerResolved: '卡点按时破解',
  overdueDay: '逾期（每工作日）',
  reportMissing: '进展未报送（自动催办）',
  notice: '督办单',
  reportLate: '进展迟报',
  reportReturned: '进展被退回',
  extensionApproved: '延期获批',
  praised: '表扬',
  criticised: '通报批评',
};

/** Kinds that may only earn points (so an on-time closure or a praise never lowers a score), and the rest only cost. */
export const GAIN_KINDS: readonly ScoringEventKind[] = ['closedOnTime', 'blockerResolved', 'praised'];

const Points = z.number().multipleOf(0.5).min(-100).max(100);
const gain = Points.min(0);
const cost = Points.max(0);
/**
 * A rule set: a base every unit starts from and the points per event. Points are multiples of 0.5 so sums
 * are exact in floating point (no order-dependent rounding).
 */
export const ScoringRules = z.strictObject({
  base: z.number().multipleOf(0.5).min(0).max(1000),
  closedOnTime: gain,
  closedLate: Points,
  blockerResolved: gain,
  overdueDay: cost,
  reportMissing: cost,
  notice: cost,
  reportLate: cost,
  reportReturned: cost,
  extensionApproved: cost,
  praised: gain,
  criticised: cost,
});
export type ScoringRules = z.infer<typeof ScoringRules>;

/**
 * Defaults: start from 100; an on-time closure earns 2 and a late one 0.5 (finishing still counts, but less); a
 * project blocker (卡点) removed within its level's deadline earns the handling unit 2 (in place of a closure's);
 * each overdue working day costs 0.5; a missed report (the automatic 催办) 1 and a 督办单 3; a late report 0.5,
 * a returned one 1; an approved extension 0.5 (a plan that did not hold); a praise earns 5, a criticism costs 5.
 */
export const DEFAULT_SCORING_RULES: ScoringRules = {
  base: 100,
  closedOnTime: 2,
  closedLate: 0.5,
  blockerResolved: 2,
  overdueDay: -0.5,
  reportMissing: -1,
  notice: -3,
  reportLate: -0.5,
  reportReturned: -1,
  extensionApproved: -0.5,
  praised: 5,
  criticised: -5,
};

/** One recorded fact about a unit: `count` is the number of working days for 'overdueDay', else 1. */
export interface ScoringEvent {
  unitId: string;
  kind: ScoringEventKind;
  on: IsoDate;
  itemId: string | null;
  title: string;
  count?: number;
  /** Where it came from (an event seq, a report id) for tracing. */
  ref?: string;
}

export interface ScoredUnit {
  id: string;
  name: string;
  kind: string;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface ScoreLine {
  kind: ScoringEventKind;
  count: number;
  points: number;
  events: { itemId: string | null; title: string; on: IsoDate; count: number; points: number; ref?: string }[];
}

export interface UnitScore {
  unitId: string;
  name: string;
  kind: string;
  score: number;
  base: number;
  breakdown: ScoreLine[];
}

/** Each unit's score for the period from the events on days within it; every unit appears, with or without events. */
export function scoreUnits(units: readonly ScoredUnit[], events: readonly ScoringEvent[], rules: ScoringRules, period: Period): UnitScore[] {
  const byUnit = new Map<string, ScoringEvent[]>();
  for (const e of events) {
    if (e.on < period.from || e.on > period.to) continue;
    const list = byUnit.get(e.unitId) ?? [];
    list.push(e);
    byUnit.set(e.unitId, list);
  }
  return units.map((u) => {
    const lines: ScoreLine[] = [];
    for (const kind of SCORING_EVENT_KINDS) {
      const evs = (byUnit.get(u.id) ?? []).filter((e) => e.kind === kind);
      if (!evs.length) continue;
      // A stable order so the breakdown is the same however the events were loaded.
      const sorted = [...evs].sort((a, b) => cmp(a.on, b.on) || cmp(a.itemId ?? '', b.itemId ?? '') || cmp(a.ref ?? '', b.ref ?? '') || cmp(a.title, b.title));
      const rows = sorted.map((e) => {
        const count = e.count ?? 1;
        return { itemId: e.itemId, title: e.title, on: e.on, count, points: count * rules[kind], ...(e.ref ? { ref: e.ref } : {}) };
      });
      lines.push({ kind, count: rows.reduce((s, r) => s + r.count, 0), points: rows.reduce((s, r) => s + r.points, 0), events: rows });
    }
    return { unitId: u.id, name: u.name, kind: u.kind, base: rules.base, score: rules.base + lines.reduce((s, l) => s + l.points, 0), breakdown: lines };
  });
}

export interface LeagueRow extends UnitScore {
  rank: number;
}

/**
 * A league table: highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by name then id,
 * so the order never depends on the input's. `kind` 'township' keeps the townships only, 'unit' the others.
 */
export function league(scores: readonly UnitScore[], kind: 'unit' | 'township'): LeagueRow[] {
  const rows = scores.filter((s) => (kind === 'township' ? s.kind === 'township' : s.kind !== 'township'));
  const sorted = [...rows].sort((a, b) => b.score - a.score || cmp(a.name, b.name) || cmp(a.unitId, b.unitId));
  let rank = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...s, rank };
  });
}

/**
 * The overdue working days of an item that fall within the period: days after the deadline, up to the day
 * before it was closed (or to the period's end, or `today` if earlier, while open).
 */
export function overdueWorkingDaysIn(deadline: IsoDate, closedOn: IsoDate | null, period: Period, cal: WorkCalendar, today: IsoDate): number {
  let start = addDays(deadline, 1);
  if (start < period.from) start = period.from;
  let end = closedOn ? addDays(closedOn, -1) : today;
  if (end > period.to) end = period.to;
  let n = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

function cmp(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}
