import { daysBetween, type IsoDate } from './dates';
import { withinWorkingDays, type WorkCalendar } from './working-days';
import type { SupervisionState } from './supervision-flow';

/**
 * 亮灯: the one function that decides an item's colour, for lists, detail, dashboards, exports and bulletins
 * alike (DESIGN.md §2). Defaults from a city platform's rule (DESIGN.md §7), configurable per jurisdiction.
 */
export type Light = 'red' | 'yellow' | 'green' | 'done' | 'none';
export const LIGHT_SEVERITY: Record<Light, number> = { none: 0, done: 0, green: 1, yellow: 2, red: 3 };

export interface LightThresholds {
  /** Yellow when the deadline is this many working days away or fewer. */
  dueSoonWorkingDays: number;
  /** Yellow when progress trails the time-proportional expectation by at least this many points… */
  yellowGap: number;
  /** …red when by more than this many. */
  redGap: number;
}
export const DEFAULT_THRESHOLDS: LightThresholds = { dueSoonWorkingDays: 3, yellowGap: 10, redGap: 30 };

export type LightReason = 'overdue' | 'far_behind' | 'due_soon' | 'behind' | 'milestone_overdue' | 'report_missing';

export interface LightInput {
  state: SupervisionState;
  /** When the work started (assigned), for the time-proportional expectation. */
  start: IsoDate;
  deadline: IsoDate;
  /** Reported progress, 0–100; null when none was reported. */
  progress: number | null;
  milestones?: { due: IsoDate; done: boolean }[];
  /** Date of the latest progress report, and the cadence in days (null = no cadence). */
  lastReport?: IsoDate | null;
  reportEveryDays?: number | null;
  today: IsoDate;
}

/** 序时进度: how far along the work should be by `today` if it advanced evenly from start to deadline (0–100). */
export function expectedProgress(start: IsoDate, deadline: IsoDate, today: IsoDate): number {
  const total = daysBetween(start, deadline);
  if (total <= 0) return today >= deadline ? 100 : 0;
  const done = daysBetween(start, today);
  return Math.max(0, Math.min(100, (done / total) * 100));
}

export function computeLight(
  input: LightInput,
  cal: WorkCalendar,
  t: LightThresholds = DEFAULT_THRESHOLDS,
): { light: Light; reasons: LightReason[]; expected: number | null } {
  if (input.state === 'closed') return { light: 'done', reasons: [], expected: null };
  if (input.state === 'draft' || input.state === 'cancelled') return { light: 'none', reasons: [], expected: null };

  const reasons: LightReason[] = [];
  const expected = expectedProgress(input.start, input.deadline, input.today);
  const gap = expected - (input.progress ?? 0);
  const red: LightReason[] = [];
  if (input.today > input.deadline) red.push('overdue');
  // A close request pauses the "behind" judgement: the work is declared done and awaits review.
  const judged = input.state !== 'close_requested';
  if (judged && gap > t.redGap) red.push('far_behind');
  if (red.length) return { light: 'red', reasons: red, expected };

  if (withinWorkingDays(input.today, input.deadline, t.dueSoonWorkingDays, cal)) reasons.push('due_soon');
  if (judged && gap >= t.yellowGap) reasons.push('behind');
  if (input.milestones?.some((m) => !m.done && m.due < input.today)) reasons.push('milestone_overdue');
  if (judged && input.reportEveryDays && input.state !== 'assigned' && input.state !== 'returned') {
    const since = input.lastReport ?? input.start;
    if (daysBetween(since, input.today) > input.reportEveryDays) reasons.push('report_missing');
  }
  return { light: reasons.length ? 'yellow' : 'green', reasons, expected };
}
