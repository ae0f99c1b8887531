import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, availableActions, isOpen, STATES, transition, type Side } from './supervision-flow';
import { computeLight, expectedProgress, LIGHT_SEVERITY, type LightInput } from './light';
import { addDays, fromDayNumber, toDayNumber } from './dates';
import { EMPTY_CALENDAR } from './working-days';

describe('supervision flow', () => {
  it('walks the happy path: assign → accept → report → request close → close', () => {
    let s = transition('draft', 'assign', { side: 'assigner' });
    expect(s).toEqual({ ok: true, to: 'assigned' });
    s = transition('assigned', 'accept', { side: 'assignee' });
    expect(s).toEqual({ ok: true, to: 'accepted' });
    expect(transition('accepted', 'report', { side: 'assignee' })).toEqual({ ok: true, to: 'in_progress' });
    expect(transition('in_progress', 'requestClose', { side: 'assignee', evidenceCount: 1 })).toEqual({
      ok: true,
      to: 'close_requested',
    });
    expect(transition('close_requested', 'close', { side: 'assigner' })).toEqual({ ok: true, to: 'closed' });
  });
  it('needs a reason to return, reject or cancel, and evidence to request closing', () => {
    expect(transition('assigned', 'return', { side: 'assignee' })).toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    expect(transition('in_progress', 'requestClose', { side: 'assignee' })).toMatchObject({
      ok: false,
      reason: 'evidence_required',
    });
    expect(transition('close_requested', 'reject', { side: 'assigner', reason: '佐证不足' })).toEqual({
      ok: true,
      to: 'in_progress',
    });
  });
  it('names the possible actions when one is impossible', () => {
    const r = transition('closed', 'report', { side: 'assignee' });
    expect(r).toEqual({ ok: false, reason: 'not_possible', possible: [] });
    expect(transition('assigned', 'close', { side: 'assigner' })).toEqual({
      ok: false,
      reason: 'not_possible',
      possible: ['cancel', 'urge', 'replan'],
    });
    expect(transition('assigned', 'accept', { side: 'assigner' })).toEqual({
      ok: false,
      reason: 'wrong_side',
      possible: ['cancel', 'urge', 'replan'],
    });
  });
  it('property: nothing leaves a closed or cancelled item; every open state can be cancelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATES),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom<Side>('assigner', 'assignee'),
        (state, action, side) => {
          const r = transition(state, action, { side, reason: 'r', evidenceCount: 1 });
          if (!isOpen(state)) expect(r.ok).toBe(false);
          if (isOpen(state) && action === 'cancel' && side === 'assigner')
            expect(r).toEqual({ ok: true, to: 'cancelled' });
          if (r.ok) expect(availableActions(state, side)).toContain(action);
        },
      ),
    );
  });
});

const day = fc.integer({ min: toDayNumber('2026-01-01'), max: toDayNumber('2026-12-31') }).map(fromDayNumber);
const inputArb: fc.Arbitrary<LightInput> = fc
  .record({
    start: day,
    length: fc.integer({ min: 1, max: 200 }),
    offset: fc.integer({ min: -10, max: 250 }),
    progress: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    state: fc.constantFrom('assigned', 'accepted', 'in_progress', 'close_requested' as const),
  })
  .map(({ start, length, offset, progress, state }) => ({
    state,
    start,
    deadline: addDays(start, length),
    today: addDays(start, offset),
    progress,
  }));

describe('lights', () => {
  const base: LightInput = {
    state: 'in_progress',
    start: '2026-01-05',
    deadline: '2026-12-31',
    progress: 0,
    today: '2026-01-05',
  };
  it('is red when overdue, yellow when due soon, green on track, done when closed', () => {
    expect(computeLight({ ...base, today: '2027-01-04' }, EMPTY_CALENDAR).light).toBe('red');
    expect(computeLight({ ...base, today: '2026-12-29', progress: 100 }, EMPTY_CALENDAR)).toMatchObject({
      light: 'yellow',
      reasons: ['due_soon'],
    });
    expect(computeLight({ ...base, today: '2026-07-01', progress: 50 }, EMPTY_CALENDAR).light).toBe('green');
    expect(computeLight({ ...base, state: 'closed' }, EMPTY_CALENDAR).light).toBe('done');
  });
  it('compares progress with the time-proportional expectation (序时进度)', () => {
    expect(expectedProgress('2026-01-01', '2026-01-11', '2026-01-06')).toBe(50);
    expect(computeLight({ ...base, today: '2026-07-02', progress: 30 }, EMPTY_CALENDAR)).toMatchObject({
      light: 'yellow',
      reasons: ['behind'],
    });
    expect(computeLight({ ...base, today: '2026-07-02', progress: 10 }, EMPTY_CALENDAR)).toMatchObject({
      light: 'red',
      reasons: ['far_behind'],
    });
  });
  it('is yellow for an overdue milestone or a missing report', () => {
    expect(
      computeLight(
        { ...base, today: '2026-03-01', progress: 20, milestones: [{ due: '2026-02-01', done: false }] },
        EMPTY_CALENDAR,
      ).reasons,
    ).toContain('milestone_overdue');
    expect(
      computeLight(
        { ...base, today: '2026-03-01', progress: 20, lastReport: '2026-01-10', reportEveryDays: 30 },
        EMPTY_CALENDAR,
      ).reasons,
    ).toContain('report_missing');
  });
  it('property: more progress never makes the light worse', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 100 }), (input, extra) => {
        const a = computeLight(input, EMPTY_CALENDAR).light;
        const b = computeLight(
          { ...input, progress: Math.min(100, (input.progress ?? 0) + extra) },
          EMPTY_CALENDAR,
        ).light;
        expect(LIGHT_SEVERITY[b]).toBeLessThanOrEqual(LIGHT_SEVERITY[a]);
      }),
    );
  });
  it('property: time passing never makes the light better', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 60 }), (input, later) => {
        const a = computeLight(input, EMPTY_CALENDAR).light;
        const b = computeLight({ ...input, today: addDays(input.today, later) }, EMPTY_CALENDAR).light;
        expect(LIGHT_SEVERITY[b]).toBeGreaterThanOrEqual(LIGHT_SEVERITY[a]);
      }),
    );
  });
  it('property: progress exactly on the expectation, well before the deadline, is green', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 30, max: 300 }), fc.integer({ min: 0, max: 20 }), (start, length, pct) => {
        const deadline = addDays(start, length);
        const today = addDays(start, Math.floor((length * pct) / 100));
        const progress = Math.ceil(expectedProgress(start, deadline, today));
        expect(computeLight({ state: 'in_progress', start, deadline, today, progress }, EMPTY_CALENDAR).light).toBe(
          'green',
        );
      }),
    );
  });
});
