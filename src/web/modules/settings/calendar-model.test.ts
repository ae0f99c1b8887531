import { describe, expect, it } from 'vitest';
import { dayInfo, dayRuns, indexYear, monthWeeks, yearDays, yearSummary } from './calendar-model';
import type { CalendarDay } from './api';

const national = (day: string, kind: CalendarDay['kind'], name = '节日'): CalendarDay => ({
  day,
  kind,
  name,
  scope: 'national',
  source: '通知',
});
const local = (day: string, kind: CalendarDay['kind'], name = '本县'): CalendarDay => ({
  day,
  kind,
  name,
  scope: 'local',
  source: 'sysadmin',
});

describe('calendar year view', () => {
  it('lets the jurisdiction’s own entry win over the national one, and normal fall back to the weekday rule', () => {
    const index = indexYear([
      national('2026-10-01', 'holiday', '国庆节'),
      local('2026-10-01', 'workday', '防汛值班'),
      national('2026-10-10', 'workday'),
      local('2026-10-10', 'normal'),
      local('2026-10-14', 'holiday', '台风'),
    ]);
    expect(dayInfo('2026-10-01', index)).toMatchObject({
      look: 'workday',
      working: true,
      entry: { name: '防汛值班' },
      national: { name: '国庆节' },
    });
    // 2026-10-10 is a Saturday: normal means a weekend again.
    expect(dayInfo('2026-10-10', index)).toMatchObject({ look: 'weekend', working: false });
    expect(dayInfo('2026-10-14', index)).toMatchObject({ look: 'holiday', working: false });
    expect(dayInfo('2026-10-15', index)).toMatchObject({ look: 'weekday', working: true, entry: null });
  });

  it('lays a month out Monday first in full weeks', () => {
    // 2026-11-01 is a Sunday.
    const weeks = monthWeeks(2026, 11);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter(Boolean)).toHaveLength(30);
    expect(monthWeeks(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });

  it('lists consecutive days of one entry as one run', () => {
    const days = [
      national('2026-10-01', 'holiday', '国庆节'),
      national('2026-10-02', 'holiday', '国庆节'),
      national('2026-10-03', 'holiday', '国庆节'),
      local('2026-10-02', 'workday', '值班'),
      national('2026-10-05', 'holiday', '国庆节'),
      national('2026-10-10', 'workday', '国庆节调休上班'),
    ];
    const index = indexYear(days);
    const runs = dayRuns([...index.keys()].map((d) => dayInfo(d, index)));
    expect(runs.map((r) => [r.first, r.last, r.days, r.info.entry?.name])).toEqual([
      ['2026-10-01', '2026-10-01', 1, '国庆节'],
      ['2026-10-02', '2026-10-02', 1, '值班'],
      ['2026-10-03', '2026-10-03', 1, '国庆节'],
      ['2026-10-05', '2026-10-05', 1, '国庆节'],
      ['2026-10-10', '2026-10-10', 1, '国庆节调休上班'],
    ]);
    const spring = indexYear(['2026-02-15', '2026-02-16', '2026-02-17'].map((d) => national(d, 'holiday', '春节')));
    expect(dayRuns([...spring.keys()].map((d) => dayInfo(d, spring)))).toEqual([
      expect.objectContaining({ first: '2026-02-15', last: '2026-02-17', days: 3 }),
    ]);
  });

  it('counts a year', () => {
    expect(yearDays(2026)).toHaveLength(365);
    const s = yearSummary(2027, [national('2027-01-01', 'holiday'), local('2027-02-06', 'workday')]);
    expect(s).toMatchObject({ holidays: 1, makeUp: 1, entries: 2, local: 1 });
    // 2027 has 261 weekdays; one becomes a holiday and one Saturday a working day.
    expect(s.working).toBe(261);
  });
});
