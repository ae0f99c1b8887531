import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/** Reporting rules per jurisdiction: weekly reports due on a weekday by a cut-off time (每周四12:00前报送). */
let today = '2026-11-16'; // a Monday
let clock = '09:00';
const t = await createTestApp({}, { today: () => today, clock: () => clock });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function weeklyTask(title: string) {
  const task = (
    await office.post('/api/v1/tasks', {
      title,
      content: '每周调度',
      standard: '按周报送',
      accountability: '纳入年度目标考核',
      leadUnitId: unit('发改局'),
      deadline: '2026-12-31',
      cadence: 'weekly',
      issue: true,
    })
  ).json();
  return (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
}

describe('reporting rules', () => {
  it('the office sets them with the version it read; bad values name their field; others may only read', async () => {
    const cur = (await office.get('/api/v1/settings/reporting')).json();
    expect(cur).toMatchObject({ weeklyDueWeekday: 5, cutoff: '17:00', monthlyDueDay: 0, custom: false });
    const bad = await office.put(
      '/api/v1/settings/reporting',
      { weeklyDueWeekday: 4, cutoff: '25:00', monthlyDueDay: 0 },
      ifm(cur.version),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.cutoff');
    expect(
      (
        await clerk.put(
          '/api/v1/settings/reporting',
          { weeklyDueWeekday: 4, cutoff: '12:00', monthlyDueDay: 0 },
          ifm(cur.version),
        )
      ).statusCode,
    ).toBe(403);
    const ok = await office.put(
      '/api/v1/settings/reporting',
      { weeklyDueWeekday: 4, cutoff: '12:00', monthlyDueDay: 25 },
      ifm(cur.version),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ weeklyDueWeekday: 4, cutoff: '12:00', monthlyDueDay: 25, custom: true });
    const stale = await office.put(
      '/api/v1/settings/reporting',
      { weeklyDueWeekday: 5, cutoff: '17:00', monthlyDueDay: 0 },
      ifm(cur.version),
    );
    expect([409, 412]).toContain(stale.statusCode);
    // The light thresholds share the row but keep their values.
    expect((await office.get('/api/v1/settings/lights')).json()).toMatchObject({
      dueSoonWorkingDays: 3,
      yellowGap: 10,
      redGap: 30,
    });
  });

  it('a weekly report before Thursday 12:00 is on time; after it, one day late', async () => {
    const early = await weeklyTask('周报准时任务');
    const late = await weeklyTask('周报迟报任务');
    today = '2026-11-19'; // Thursday of 2026-W47
    clock = '11:59';
    expect(
      (
        await clerk.post(`/api/v1/tasks/${early.id}/reports`, { progress: 10, text: '本周进展' }, ifm(early.version))
      ).json(),
    ).toMatchObject({ period: '2026-W47', lateDays: 0 });
    clock = '12:01';
    expect(
      (
        await clerk.post(`/api/v1/tasks/${late.id}/reports`, { progress: 10, text: '本周进展' }, ifm(late.version))
      ).json(),
    ).toMatchObject({ period: '2026-W47', lateDays: 1 });
  });

  it('the missing-report reminder waits for the cut-off', async () => {
    today = '2026-11-23';
    clock = '09:00';
    const task = await weeklyTask('周报催办任务');
    today = '2026-11-26'; // Thursday of 2026-W48
    clock = '11:00';
    const [j] = await t.deps.org.jurisdictionIds();
    await t.deps.supervision.runReminders(j!);
    const urgedBefore = (await clerk.get(`/api/v1/tasks/${task.id}/events`))
      .json()
      .items.filter((e: { action: string }) => e.action === 'urge');
    expect(urgedBefore).toHaveLength(0);
    clock = '12:30';
    const after = await t.deps.supervision.runReminders(j!);
    expect(after.urged).toBeGreaterThanOrEqual(1);
    const urged = (await clerk.get(`/api/v1/tasks/${task.id}/events`))
      .json()
      .items.filter((e: { action: string }) => e.action === 'urge');
    expect(urged[0].reason).toContain('2026-W48');
  });
});
