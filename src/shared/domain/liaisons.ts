import { addDays, daysBetween, type IsoDate } from './dates';

/**
 * 包联 history (docs/ENTERPRISES.md, "包联 and its history"): who answered for an enterprise in a quarter.
 *
 * An enterprise is assigned to a county leader and/or a unit for spans of days (`from` inclusive, `until`
 * exclusive; `until` null while it holds). The rule a quarter's coverage uses, per enterprise and separately for
 * the leader and for the unit:
 *
 *   the one who held it the most days of the quarter answers for it that quarter, provided those days are at
 *   least MIN_LIAISON_DAYS (30); equal days go to the later holder. An assignment that still holds counts to the
 *   quarter's end, so a quarter in course is judged on the assignment as it stands.
 *
 * So an enterprise counts for at most one leader and one unit a quarter (the county figure counts it once); a
 * leader handing it over late in the quarter still answers for it, a newcomer given it in the quarter's last weeks
 * does not, and a change made after the quarter never alters it.
 */
export const MIN_LIAISON_DAYS = 30;

export interface LiaisonPeriod {
  enterpriseId: string;
  leaderId: string | null;
  unitId: string | null;
  from: IsoDate;
  /** The first day it no longer holds; null while it holds. */
  until: IsoDate | null;
}

export interface QuarterHolder {
  leaderId: string | null;
  unitId: string | null;
}

/** Days of [from, until) that fall in [qFrom, qTo] (until null: to the quarter's end). */
function daysIn(p: { from: IsoDate; until: IsoDate | null }, qFrom: IsoDate, qTo: IsoDate): number {
  const start = p.from > qFrom ? p.from : qFrom;
  const endExcl = p.until === null || p.until > addDays(qTo, 1) ? addDays(qTo, 1) : p.until;
  return Math.max(0, daysBetween(start, endExcl));
}

/** The holder of one dimension: most days (≥ MIN_LIAISON_DAYS), ties to the one holding it later. */
function holderOf(
  periods: readonly LiaisonPeriod[],
  key: (p: LiaisonPeriod) => string | null,
  qFrom: IsoDate,
  qTo: IsoDate,
): string | null {
  const by = new Map<string, { days: number; last: IsoDate }>();
  for (const p of periods) {
    const who = key(p);
    if (!who) continue;
    const d = daysIn(p, qFrom, qTo);
    if (d === 0) continue;
    const lastHeld = p.until === null || p.until > qTo ? qTo : addDays(p.until, -1);
    const r = by.get(who) ?? { days: 0, last: '0000-01-01' };
    r.days += d;
    if (lastHeld > r.last) r.last = lastHeld;
    by.set(who, r);
  }
  let best: [string, { days: number; last: IsoDate }] | null = null;
  for (const e of by)
    if (
      !best ||
      e[1].days > best[1].days ||
      (e[1].days === best[1].days && (e[1].last > best[1].last || (e[1].last === best[1].last && e[0] > best[0])))
    )
      best = e;
  return best && best[1].days >= MIN_LIAISON_DAYS ? best[0] : null;
}

/**
 * Who answers for each enterprise in the quarter [qFrom, qTo] (the rule above): enterprises with neither a leader
 * nor a unit holding are left out.
 */
export function quarterHolders(
  periods: readonly LiaisonPeriod[],
  qFrom: IsoDate,
  qTo: IsoDate,
): Map<string, QuarterHolder> {
  const byEnterprise = new Map<string, LiaisonPeriod[]>();
  for (const p of periods) {
    if (p.from > qTo || (p.until !== null && p.until <= qFrom)) continue;
    byEnterprise.set(p.enterpriseId, [...(byEnterprise.get(p.enterpriseId) ?? []), p]);
  }
  const out = new Map<string, QuarterHolder>();
  for (const [id, ps] of byEnterprise) {
    const leaderId = holderOf(ps, (p) => p.leaderId, qFrom, qTo);
    const unitId = holderOf(ps, (p) => p.unitId, qFrom, qTo);
    if (leaderId || unitId) out.set(id, { leaderId, unitId });
  }
  return out;
}

/** The periods of one enterprise, newest first, as the enterprise's page lists them. */
export function historyOrder<P extends { from: IsoDate; until: IsoDate | null }>(periods: readonly P[]): P[] {
  return [...periods].sort(
    (a, b) =>
      b.from.localeCompare(a.from) || (a.until === null ? -1 : b.until === null ? 1 : b.until.localeCompare(a.until)),
  );
}
