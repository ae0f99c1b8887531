import type { IsoDate } from './dates';
import { sumAmounts } from './projects-rates';

/**
 * 周调度 (weekly round) summary, the 对账 of the scheduling meeting. Pure: from who was expected to report which
 * project and the reports received, it decides who reported, who reported late (after the cut-off: recorded, not
 * lost), who did not, and the totals — which are always the sum of the reports (no figure comes from elsewhere).
 */
export interface RoundExpectation {
  projectId: string;
  unitId: string;
}

export interface RoundReport {
  projectId: string;
  unitId: string;
  /** When it arrived; later than the cut-off = late. */
  submittedOn: IsoDate;
  /** Order of arrival, to pick the latest when a unit corrects its report. */
  seq: number;
  /** This month's completed investment as reported, 万元 (null = not given). */
  investment: number | null;
  /** The unit says the project is behind schedule. */
  behind: boolean;
  /** Problems or items needing coordination were raised. */
  hasProblems: boolean;
}

export interface RoundUnitLine {
  unitId: string;
  expected: number;
  reported: number;
  late: number;
  missing: number;
  investment: number;
}

export interface RoundSummary {
  expected: number;
  reported: number;
  late: number;
  missing: RoundExpectation[];
  /** Sum of this month's investment over the reports in force. */
  investment: number;
  behindProjectIds: string[];
  problemProjectIds: string[];
  units: RoundUnitLine[];
  /** Units with a missing or late report, for the 通报 of the meeting. */
  lateUnitIds: string[];
}

/**
 * The summary of a round. A project reported twice counts once (its latest report is in force); a report for a
 * project that was not expected (e.g. added to the library during the week) is counted with its unit.
 */
/**
 * The cut-off day is the last day to report on time: a report is late, and an open round due to close, once the
 * day (in Beijing time, the jurisdiction's day) is after it. One rule for both, so a round never closes while a
 * report could still arrive on time.
 */
export function pastCutoff(cutoff: IsoDate, day: IsoDate): boolean {
  return day > cutoff;
}

export function roundSummary(
  expected: readonly RoundExpectation[],
  reports: readonly RoundReport[],
  cutoff: IsoDate,
): RoundSummary {
  const latest = new Map<string, RoundReport>();
  for (const r of reports) {
    const cur = latest.get(r.projectId);
    if (!cur || r.seq > cur.seq) latest.set(r.projectId, r);
  }
  // A report is late when its first version arrived after the cut-off; correcting an on-time report is not lateness.
  const firstOn = new Map<string, IsoDate>();
  for (const r of reports) {
    const f = firstOn.get(r.projectId);
    if (!f || r.submittedOn < f) firstOn.set(r.projectId, r.submittedOn);
  }
  const isLate = (projectId: string) => pastCutoff(cutoff, firstOn.get(projectId) ?? '');

  const units = new Map<string, RoundUnitLine>();
  const line = (unitId: string) => {
    if (!units.has(unitId)) units.set(unitId, { unitId, expected: 0, reported: 0, late: 0, missing: 0, investment: 0 });
    return units.get(unitId)!;
  };
  const expectedIds = new Set<string>();
  const missing: RoundExpectation[] = [];
  for (const e of expected) {
    if (expectedIds.has(e.projectId)) continue;
    expectedIds.add(e.projectId);
    const l = line(e.unitId);
    l.expected++;
    if (!latest.has(e.projectId)) {
      l.missing++;
      missing.push(e);
    }
  }
  const inForce = [...latest.values()];
  for (const r of inForce) {
    const l = line(r.unitId);
    l.reported++;
    if (isLate(r.projectId)) l.late++;
    l.investment = sumAmounts([l.investment, r.investment ?? 0]);
  }
  const lines = [...units.values()].sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  return {
    expected: expectedIds.size,
    reported: inForce.length,
    late: inForce.filter((r) => isLate(r.projectId)).length,
    missing,
    investment: sumAmounts(inForce.map((r) => r.investment ?? 0)),
    behindProjectIds: inForce
      .filter((r) => r.behind)
      .map((r) => r.projectId)
      .sort(),
    problemProjectIds: inForce
      .filter((r) => r.hasProblems)
      .map((r) => r.projectId)
      .sort(),
    units: lines,
    lateUnitIds: lines.filter((l) => l.late > 0 || l.missing > 0).map((l) => l.unitId),
  };
}
