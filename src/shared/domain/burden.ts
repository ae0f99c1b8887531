import type { CadenceKind } from './cadence';
import { periodOf } from './cadence';
import { addDays, daysBetween, type IsoDate } from './dates';
import { similarity } from './text-match';

/**
 * 减负: what the system asks of each unit in a period — reports falling due (by each item's cadence), the fields
 * each report asks, the items it answers for, the urgings and 督办单 it receives, how long it takes to answer a new
 * item, and the asks that duplicate one another (the same content asked by two ledgers, or by two askers). Pure:
 * the supervision core gives the facts, this counts them, so the office can merge or drop asks.
 */

/**
 * The fields a report of each kind of item asks a unit to fill: a task's or finding's 进展 (progress, text,
 * problems, next steps, evidence), a milestone's completion (date, evidence), a blocker's 破解情况 (progress, text,
 * evidence), an enterprise demand's reply (text, contact, evidence), a commitment's 履约 report.
 */
export const REPORT_FIELDS: Record<string, number> = {
  task: 5,
  finding: 5,
  milestone: 2,
  blocker: 3,
  demand: 3,
  commitment: 3,
};
const DEFAULT_FIELDS = 4;
export const fieldsOf = (kind: string) => REPORT_FIELDS[kind] ?? DEFAULT_FIELDS;

/** Two asks of one unit are the same content when their titles are this alike (Dice over character bigrams). */
export const DUPLICATE_SIMILARITY = 0.6;

export interface BurdenItem {
  id: string;
  kind: string;
  title: string;
  /** The unit answering for it (承办). */
  unitId: string;
  /** Units co-operating (配合): counted as items they answer for too, without reports of their own. */
  coUnitIds: string[];
  /** Who asked (交办单位). */
  assignerUnitId: string;
  cadence: CadenceKind | null;
  /** Issued on (the first 交办), null while a draft. */
  assignedOn: IsoDate | null;
  /** First answered on (签收), null if not yet. */
  acceptedOn: IsoDate | null;
  deadline: IsoDate;
  /** Closed or cancelled on, null while open. */
  endedOn: IsoDate | null;
}

export interface BurdenEvent {
  itemId: string;
  on: IsoDate;
  /** 'reminder' (催办, told it is overdue) or 'notice' (督办单). */
  type: 'reminder' | 'notice';
}

export interface BurdenSource {
  kind: string;
  assignerUnitId: string;
  items: number;
  reportsDue: number;
  fields: number;
}

export interface DuplicatePair {
  a: { id: string; kind: string; title: string; assignerUnitId: string };
  b: { id: string; kind: string; title: string; assignerUnitId: string };
  similarity: number;
}

export interface UnitBurden {
  unitId: string;
  /** Items it answers for (as lead unit) that were open some day of the period. */
  items: number;
  /** Items it co-operates on in the period. */
  coItems: number;
  /** Reports falling due in the period (one per reporting period of each item's cadence while it is open). */
  reportsDue: number;
  reportsPerMonth: number;
  /** Fields asked per report, on average (null without reports). */
  fieldsPerReport: number | null;
  /** Fields to fill per month: the burden index the ranking reads. */
  fieldsPerMonth: number;
  reminders: number;
  notices: number;
  /** Median days from an item's 交办 to its 签收, over the items issued in the period and answered. */
  answerDays: number | null;
  duplicates: DuplicatePair[];
  /** Where the burden comes from: by ledger and by asker, most fields first. */
  sources: BurdenSource[];
  rank: number;
}

/** Months in the period (days / 30.44, at least one day's worth). */
export function monthsIn(from: IsoDate, to: IsoDate): number {
  return Math.max(1, daysBetween(from, to) + 1) / 30.436875;
}

/** The reporting periods of a cadence falling in [from, to] (inclusive, by the day): 'once' is one, none is none. */
export function periodsIn(cadence: CadenceKind | null, from: IsoDate, to: IsoDate): number {
  if (!cadence || from > to) return 0;
  if (cadence === 'once') return 1;
  const seen = new Set<string>();
  // Step by a day at the period's edges only: a week has one period per 7 days, so checking each day is fine here
  // (a year is 366 lookups) and exact at the edges.
  for (let d = from; d <= to; d = addDays(d, 1)) seen.add(periodOf(d, cadence));
  return seen.size;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The day span an item was open within the period, or null if it was not. */
export function openSpan(i: BurdenItem, from: IsoDate, to: IsoDate): [IsoDate, IsoDate] | null {
  if (!i.assignedOn) return null;
  const start = i.assignedOn > from ? i.assignedOn : from;
  const end = i.endedOn && i.endedOn < to ? i.endedOn : to;
  return start <= end ? [start, end] : null;
}

/** Same content asked twice of one unit: alike titles from two ledgers, or from two askers. */
export function duplicatesOf(items: readonly BurdenItem[]): DuplicatePair[] {
  const norm = (t: string) => t.replace(/[\s，。、；：“”"'（）()【】《》\d]/g, '');
  const out: DuplicatePair[] = [];
  for (let x = 0; x < items.length; x++)
    for (let y = x + 1; y < items.length; y++) {
      const a = items[x]!;
      const b = items[y]!;
      if (a.id === b.id || (a.kind === b.kind && a.assignerUnitId === b.assignerUnitId)) continue;
      const s = similarity(norm(a.title), norm(b.title));
      if (s >= DUPLICATE_SIMILARITY) {
        const [p, q] = a.id < b.id ? [a, b] : [b, a];
        const side = (i: BurdenItem) => ({ id: i.id, kind: i.kind, title: i.title, assignerUnitId: i.assignerUnitId });
        out.push({ a: side(p), b: side(q), similarity: Math.round(s * 100) / 100 });
      }
    }
  return out.sort((p, q) => q.similarity - p.similarity || (p.a.id < q.a.id ? -1 : 1));
}

/**
 * Each unit's burden in [from, to], ranked heaviest first (fields per month, then items, then reminders and
 * notices). `unitIds` lists units to show even when nothing was asked of them.
 */
export function burdenOf(
  items: readonly BurdenItem[],
  events: readonly BurdenEvent[],
  from: IsoDate,
  to: IsoDate,
  unitIds: readonly string[] = [],
): UnitBurden[] {
  const months = monthsIn(from, to);
  const byId = new Map(items.map((i) => [i.id, i]));
  const units = new Map<string, { own: BurdenItem[]; co: number; sources: Map<string, BurdenSource> }>();
  const unit = (id: string) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { own: [], co: 0, sources: new Map() }));
    return u;
  };
  for (const id of unitIds) unit(id);
  for (const i of items) {
    const span = openSpan(i, from, to);
    if (!span) continue;
    const u = unit(i.unitId);
    u.own.push(i);
    for (const c of i.coUnitIds) if (c !== i.unitId) unit(c).co++;
    const n = periodsIn(i.cadence, span[0], span[1]);
    const key = `${i.kind}|${i.assignerUnitId}`;
    const s = u.sources.get(key) ?? {
      kind: i.kind,
      assignerUnitId: i.assignerUnitId,
      items: 0,
      reportsDue: 0,
      fields: 0,
    };
    s.items++;
    s.reportsDue += n;
    s.fields += n * fieldsOf(i.kind);
    u.sources.set(key, s);
  }
  const got = new Map<string, { reminders: number; notices: number }>();
  for (const e of events) {
    if (e.on < from || e.on > to) continue;
    const i = byId.get(e.itemId);
    if (!i) continue;
    const g = got.get(i.unitId) ?? { reminders: 0, notices: 0 };
    if (e.type === 'notice') g.notices++;
    else g.reminders++;
    got.set(i.unitId, g);
    unit(i.unitId);
  }
  const rows: UnitBurden[] = [...units].map(([unitId, u]) => {
    const sources = [...u.sources.values()].sort(
      (a, b) =>
        b.fields - a.fields || b.items - a.items || (a.kind + a.assignerUnitId < b.kind + b.assignerUnitId ? -1 : 1),
    );
    const reportsDue = sources.reduce((n, s) => n + s.reportsDue, 0);
    const fields = sources.reduce((n, s) => n + s.fields, 0);
    const answered = u.own
      .filter((i) => i.assignedOn && i.assignedOn >= from && i.assignedOn <= to && i.acceptedOn)
      .map((i) => Math.max(0, daysBetween(i.assignedOn!, i.acceptedOn!)));
    const g = got.get(unitId) ?? { reminders: 0, notices: 0 };
    return {
      unitId,
      items: u.own.length,
      coItems: u.co,
      reportsDue,
      reportsPerMonth: round1(reportsDue / months),
      fieldsPerReport: reportsDue ? round1(fields / reportsDue) : null,
      fieldsPerMonth: round1(fields / months),
      reminders: g.reminders,
      notices: g.notices,
      answerDays: median(answered),
      duplicates: duplicatesOf(u.own),
      sources,
      rank: 0,
    };
  });
  rows.sort(
    (a, b) =>
      b.fieldsPerMonth - a.fieldsPerMonth ||
      b.items - a.items ||
      b.reminders + b.notices - (a.reminders + a.notices) ||
      (a.unitId < b.unitId ? -1 : 1),
  );
  rows.forEach((r, i) => {
    r.rank = i + 1;
  });
  return rows;
}
