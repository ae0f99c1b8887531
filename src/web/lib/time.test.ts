import { describe, expect, it } from 'vitest';
import { beijingHourMinute, beijingMinute, beijingTime } from './time';

describe('times in Asia/Shanghai', () => {
  it('shows a moment in Beijing time whatever the machine’s zone', () => {
    const before = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(beijingMinute('2026-12-05T18:30:00Z')).toBe('2026-12-06 02:30');
        expect(beijingHourMinute('2026-12-05T18:30:00Z')).toBe('02:30');
        expect(beijingTime('2026-12-05T18:30:00Z')).toBe('2026/12/6 02:30:00');
      }
    } finally {
      // Assigning undefined would set the zone "undefined" for the files this worker runs next.
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
