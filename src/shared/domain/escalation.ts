import { addDays, type IsoDate } from './dates';
import { workingDaysBetween, type WorkCalendar } from './working-days';

/**
 * Escalation that climbs (逐级督办): overdue work rises step by step, each step taken once and recorded.
 *
 *   1 逾期提醒  the deadline has passed: the unit and its 分管 leader are told;
 *   2 督办单    `noticeAfter` more working days: a 督办单 to the unit's head and the 分管 leader;
 *   3 挂牌督办  `listAfter` working days: the principal leaders are told and see it in their cockpit.
 *
 * Counted from the deadline in force on the county's calendar; a new deadline (an extension granted, a re-plan)
 * starts the count again, so the steps belong to a deadline. Pure: the job records the steps this returns.
 */
export const ESCALATION_STEPS = [1, 2, 3] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export interface EscalationRule {
  /** Working days after the deadline at which the 督办单 goes out (default 5). */
  noticeAfter: number;
  /** Working days after the deadline at which the item is 挂牌督办 by the principals (default 10). */
  listAfter: number;
}

export const DEFAULT_ESCALATION: EscalationRule = { noticeAfter: 5, listAfter: 10 };

export const ESCALATION_STEP_LABELS: Record<EscalationStep, { 'zh-CN': string; 'en-US': string }> = {
  1: { 'zh-CN': '逾期提醒', 'en-US': 'Overdue notice' },
  2: { 'zh-CN': '督办单', 'en-US': 'Supervision notice' },
  3: { 'zh-CN': '挂牌督办', 'en-US': 'Listed for the principals' },
};

/** Whether a rule makes sense: the 督办单 at least a working day after the deadline, 挂牌督办 after it. */
export function validEscalationRule(r: EscalationRule): boolean {
  return (
    Number.isInteger(r.noticeAfter) &&
    Number.isInteger(r.listAfter) &&
    r.noticeAfter >= 1 &&
    r.listAfter > r.noticeAfter
  );
}

/** The highest step an item with this deadline has reached on `today` (0: not overdue). */
export function escalationReached(
  deadline: IsoDate,
  today: IsoDate,
  cal: WorkCalendar,
  rule: EscalationRule = DEFAULT_ESCALATION,
): 0 | EscalationStep {
  if (today <= deadline) return 0;
  const late = workingDaysBetween(deadline, today, cal);
  if (late >= rule.listAfter) return 3;
  if (late >= rule.noticeAfter) return 2;
  return 1;
}

/**
 * The steps to take now, in order: those reached and not yet taken. A job that did not run for days takes the
 * missed steps together, lowest first; a step already taken is never taken again.
 */
export function escalationDue(taken: Iterable<number>, reached: 0 | EscalationStep): EscalationStep[] {
  const done = new Set(taken);
  return ESCALATION_STEPS.filter((s) => s <= reached && !done.has(s));
}

/** The first day each step is reached (for the demo and for telling a unit when the next step comes). */
export function escalationDay(
  deadline: IsoDate,
  step: EscalationStep,
  cal: WorkCalendar,
  rule: EscalationRule = DEFAULT_ESCALATION,
  horizon = 400,
): IsoDate | null {
  let d = deadline;
  for (let i = 0; i < horizon; i++) {
    d = addDays(d, 1);
    if (escalationReached(deadline, d, cal, rule) >= step) return d;
  }
  return null;
}
