import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../../../../tests/helpers/app';
import { todayInShanghai } from '../../../shared/domain/dates';

/**
 * Scoring (考核) over HTTP on the real database: rules edited with If-Match and kept per version, league tables
 * computed from the events recorded through the task API, each score traceable to them. The demo county may
 * carry a year of history, so the checks look at this file's own tasks and at sums, not at absolute scores.
 */
let today = '2026-03-02';
let clock = '09:00';
const t = await createTestApp({}, { today: () => today, clock: () => clock });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const principal = await t.login('wangjianguo');
const leader = await t.login('gongying');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; kind: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
// Closures and reviews are stamped with the real clock; the overdue days follow the app's (test) today.
const real = todayInShanghai();
const year = { from: `${real.slice(0, 4)}-01-01`, to: `${real.slice(0, 4)}-12-31` };

async function upload(c: Client) {
  const boundary = `----s${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="证明.png"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return (
    await c.request('POST', '/api/v1/attachments', {
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
  ).json();
}
async function accepted(title: string, deadline: string) {
  const task = (
    await office.post('/api/v1/tasks', {
      title,
      content: '考核测试任务',
      standard: '按期完成',
      accountability: '纳入年度目标考核',
      leadUnitId: unit('发改局'),
      deadline,
      cadence: 'monthly',
      issue: true,
    })
  ).json();
  const res = await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
type Line = {
  group: string;
  kind: string;
  count: number;
  points: number;
  events: { itemId: string | null; points: number; count: number }[];
};
type Group = { group: string; gained: number; deducted: number; waived: number; points: number };
type Row = {
  rank: number;
  unitId: string;
  kind: string;
  score: number;
  base: number;
  floored: number;
  groups: Group[];
  breakdown: Line[];
};
const leagueOf = async (c: Client, q: string) => {
  const res = await c.get(`/api/v1/scoring/league?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { rulesVersion: number; rows: Row[] };
};
const lineOf = (r: Row | undefined, kind: string, itemId: string) =>
  r?.breakdown.find((l) => l.kind === kind)?.events.find((e) => e.itemId === itemId);

describe('scoring', () => {
  it('scores from recorded events: an on-time closure, a returned report, overdue working days — each traceable', async () => {
    const done = await accepted('考核按期办结任务', '2026-12-31');
    const late = await accepted('考核逾期任务', '2026-03-06'); // a Friday
    const rep = await clerk.post(`/api/v1/tasks/${done.id}/reports`, { progress: 50, text: '过半' }, ifm(done.version));
    expect(rep.statusCode, rep.body).toBe(201);
    const back = await office.post(`/api/v1/tasks/${done.id}/reports/${rep.json().id}/review`, {
      decision: 'returned',
      comment: '数据不实',
    });
    expect(back.statusCode, back.body).toBe(204);
    let cur = (await clerk.get(`/api/v1/tasks/${done.id}`)).json();
    const file = await upload(clerk);
    cur = (
      await clerk.post(
        `/api/v1/tasks/${done.id}/request-close`,
        { summary: '已完成', attachmentIds: [file.id] },
        ifm(cur.version),
      )
    ).json();
    const closed = await office.post(`/api/v1/tasks/${done.id}/close`, {}, ifm(cur.version));
    expect(closed.statusCode, closed.body).toBe(200);

    const y = await leagueOf(office, `from=${year.from}&to=${year.to}`);
    expect(y.rulesVersion).toBe(0);
    const fgj = y.rows.find((r) => r.unitId === unit('发改局'));
    expect(lineOf(fgj, 'closedOnTime', done.id)).toMatchObject({ points: 2, count: 1 });
    expect(lineOf(fgj, 'reportReturned', done.id)).toMatchObject({ points: -1 });
    for (const r of y.rows) {
      expect(r.score).toBe(Math.max(0, r.base + r.groups.reduce((s, g) => s + g.points, 0)));
      for (const g of r.groups) {
        const lines = r.breakdown.filter((l) => l.group === g.group);
        expect(g.gained + g.deducted).toBe(lines.reduce((s, l) => s + l.points, 0));
      }
    }
    // The page's table comes without the events (scores, counts and points the same); an opened row fetches its own.
    const slim = await leagueOf(office, `from=${year.from}&to=${year.to}&events=none`);
    expect(slim.rows.map((r) => ({ ...r, breakdown: r.breakdown.map((l) => ({ ...l, events: [] })) }))).toEqual(
      slim.rows,
    );
    expect(
      slim.rows.map((r) => [r.unitId, r.rank, r.score, r.breakdown.map((l) => [l.kind, l.count, l.points])]),
    ).toEqual(y.rows.map((r) => [r.unitId, r.rank, r.score, r.breakdown.map((l) => [l.kind, l.count, l.points])]));
    const one = await leagueOf(office, `from=${year.from}&to=${year.to}&unitId=${unit('发改局')}`);
    expect(one.rows).toEqual([fgj]);

    today = '2026-03-13'; // Mon 9 … Fri 13: five working days past the deadline
    const march = await leagueOf(office, 'from=2026-03-01&to=2026-03-31');
    expect(
      lineOf(
        march.rows.find((r) => r.unitId === unit('发改局')),
        'overdueDay',
        late.id,
      ),
    ).toMatchObject({ count: 5, points: -2.5 });
    // Recomputing the same period with the same rules gives the same result.
    expect(await leagueOf(office, 'from=2026-03-01&to=2026-03-31')).toEqual(march);
    // Units only; townships have their own table; together they are every active unit once.
    expect(march.rows.every((r) => r.kind !== 'township')).toBe(true);
    const towns = await leagueOf(office, 'from=2026-03-01&to=2026-03-31&kind=township');
    expect(towns.rows.length).toBeGreaterThan(0);
    expect(towns.rows.every((r) => r.kind === 'township')).toBe(true);
    expect([...march.rows, ...towns.rows].map((r) => r.unitId).sort()).toEqual(units.map((u) => u.id).sort());
  });

  it('the office edits the rules with If-Match; a new version scores at once and an old one can still be used', async () => {
    const cur = (await office.get('/api/v1/scoring/rules')).json();
    expect(cur).toMatchObject({ version: 0, custom: false, rules: { base: 100, closedOnTime: 2, overdueDay: -0.5 } });
    expect((await clerk.put('/api/v1/scoring/rules', cur.rules, ifm(0))).statusCode).toBe(403);
    const bad = await office.put('/api/v1/scoring/rules', { ...cur.rules, closedOnTime: -1 }, ifm(0));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.closedOnTime');
    const ok = await office.put('/api/v1/scoring/rules', { ...cur.rules, overdueDay: -1 }, ifm(0));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 1, custom: true, rules: { overdueDay: -1 } });
    expect((await office.put('/api/v1/scoring/rules', cur.rules, ifm(0))).statusCode).toBe(412);
    const audit = (await (await t.login('auditadmin')).get('/api/v1/audit-events?action=settings.scoring')).json();
    expect(audit.items[0]).toMatchObject({ action: 'settings.scoring', username: 'sunli' });

    const now = await leagueOf(office, 'from=2026-03-01&to=2026-03-31');
    const old = await leagueOf(office, 'from=2026-03-01&to=2026-03-31&rulesVersion=0');
    expect(now.rulesVersion).toBe(1);
    const overdue = (l: { rows: Row[] }) =>
      l.rows.find((r) => r.unitId === unit('发改局'))!.breakdown.find((x) => x.kind === 'overdueDay')!;
    expect(overdue(now).points).toBe(2 * overdue(old).points);
    expect((await office.get('/api/v1/scoring/league?from=2026-03-01&to=2026-03-31&rulesVersion=9')).statusCode).toBe(
      404,
    );
  });

  it('an approved extension costs, a refused one and a manual urging do not', async () => {
    today = '2026-03-02';
    const a = await accepted('考核延期获批任务', '2026-06-30');
    const b = await accepted('考核延期未批任务', '2026-06-30');
    for (const [task, verb] of [
      [a, 'approve'],
      [b, 'refuse'],
    ] as const) {
      const req = await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, {
        deadline: '2026-09-30',
        reason: '征地未完成',
      });
      expect(req.statusCode, req.body).toBe(201);
      const d = await office.post(`/api/v1/tasks/${task.id}/extension-requests/${req.json().id}/${verb}`, {
        note: '研究决定',
      });
      expect(d.statusCode, d.body).toBeLessThan(300);
    }
    const cur = (await office.get(`/api/v1/tasks/${b.id}`)).json();
    expect((await office.post(`/api/v1/tasks/${b.id}/urge`, { reason: '请加快' }, ifm(cur.version))).statusCode).toBe(
      200,
    );
    const rules = (await office.get('/api/v1/scoring/rules')).json().rules;
    const fgj = (await leagueOf(office, `from=${year.from}&to=${year.to}`)).rows.find(
      (r) => r.unitId === unit('发改局'),
    );
    expect(lineOf(fgj, 'extensionApproved', a.id)).toMatchObject({ points: rules.extensionApproved });
    expect(lineOf(fgj, 'extensionApproved', b.id)).toBeUndefined();
    expect(fgj!.breakdown.flatMap((l) => l.events).filter((e) => e.itemId === b.id)).toEqual([]);
  });

  it('a late report and an automatic urging for a missing one cost their points', async () => {
    today = '2026-11-16'; // a Monday; weekly reports fall due on Friday 17:00
    clock = '09:00';
    const mk = async (title: string) => {
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
    };
    const late = await mk('考核迟报任务');
    const missing = await mk('考核漏报任务');
    today = '2026-11-23'; // the next Monday
    const rep = await clerk.post(
      `/api/v1/tasks/${late.id}/reports`,
      { period: '2026-W47', progress: 10, text: '补报上周进展' },
      ifm(late.version),
    );
    expect(rep.statusCode, rep.body).toBe(201);
    expect(rep.json().lateDays).toBeGreaterThan(0);
    const [j] = await t.deps.org.jurisdictionIds();
    await t.deps.supervision.runReminders(j!);
    const fgj = (await leagueOf(office, `from=${year.from}&to=${year.to}`)).rows.find(
      (r) => r.unitId === unit('发改局'),
    );
    expect(lineOf(fgj, 'reportLate', late.id)).toMatchObject({ points: -0.5 });
    expect(lineOf(fgj, 'reportMissing', missing.id)).toMatchObject({ points: -1 });
    today = '2026-03-02';
  });

  it('the principal sees every unit; a leader the units he or she 分管 with their county ranks; units may not read it', async () => {
    const q = 'from=2026-03-01&to=2026-03-31';
    const all = await leagueOf(principal, q);
    expect(all).toEqual(await leagueOf(office, q));
    const me = (await leader.get('/api/v1/auth/me')).json();
    const mine = new Set<string>([me.unitId, ...me.leaderUnitIds]);
    const seen = await leagueOf(leader, q);
    expect(seen.rows.length).toBeGreaterThan(0);
    expect(seen.rows.length).toBeLessThan(all.rows.length);
    for (const r of seen.rows) {
      expect(mine.has(r.unitId)).toBe(true);
      expect(r).toEqual(all.rows.find((x) => x.unitId === r.unitId));
    }
    expect((await clerk.get(`/api/v1/scoring/league?${q}`)).statusCode).toBe(403);
    expect((await office.get('/api/v1/scoring/league?from=2026-03-31&to=2026-03-01')).statusCode).toBe(400);
  });

  it('the office records a praise and a criticism (audited); they count in the league, traceable, until withdrawn', async () => {
    today = '2026-03-20';
    const q = 'from=2026-03-01&to=2026-03-31';
    const before = (await leagueOf(office, q)).rows.find((r) => r.unitId === unit('财政局'))!;
    expect(
      (
        await clerk.post('/api/v1/scoring/commendations', {
          unitId: unit('财政局'),
          kind: 'praised',
          on: '2026-03-10',
          reason: '专项资金拨付及时',
        })
      ).statusCode,
    ).toBe(403);
    const future = await office.post('/api/v1/scoring/commendations', {
      unitId: unit('财政局'),
      kind: 'praised',
      on: '2026-03-21',
      reason: '提前',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('body.on');
    const p = await office.post('/api/v1/scoring/commendations', {
      unitId: unit('财政局'),
      kind: 'praised',
      on: '2026-03-10',
      reason: '专项资金拨付及时',
    });
    expect(p.statusCode, p.body).toBe(201);
    const c = await office.post('/api/v1/scoring/commendations', {
      unitId: unit('财政局'),
      kind: 'criticised',
      on: '2026-03-12',
      reason: '县委常委会议定事项逾期未报',
    });
    expect(c.statusCode, c.body).toBe(201);
    const rules = (await office.get('/api/v1/scoring/rules')).json().rules;
    const after = (await leagueOf(office, q)).rows.find((r) => r.unitId === unit('财政局'))!;
    expect(after.score).toBe(before.score + rules.praised + rules.criticised);
    const praised = after.breakdown.find((l) => l.kind === 'praised')!;
    expect(praised.events).toContainEqual(
      expect.objectContaining({
        itemId: null,
        title: '专项资金拨付及时',
        on: '2026-03-10',
        points: rules.praised,
        ref: `commendation:${p.json().id}`,
      }),
    );
    // Outside the period it does not count.
    const april = (await leagueOf(office, 'from=2026-04-01&to=2026-04-30')).rows.find(
      (r) => r.unitId === unit('财政局'),
    )!;
    expect(april.breakdown.find((l) => l.kind === 'praised')).toBeUndefined();
    const audit = (await (await t.login('auditadmin')).get('/api/v1/audit-events?action=scoring.praised')).json();
    expect(audit.items[0]).toMatchObject({ action: 'scoring.praised', username: 'sunli', objectId: p.json().id });

    // Withdrawn (If-Match, reason): listed as withdrawn, no longer counted; a stale version is refused.
    expect(
      (await office.post(`/api/v1/scoring/commendations/${c.json().id}/withdraw`, { reason: '误录' }, ifm(9)))
        .statusCode,
    ).toBe(412);
    const w = await office.post(`/api/v1/scoring/commendations/${c.json().id}/withdraw`, { reason: '误录' }, ifm(1));
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ withdrawn: true, withdrawReason: '误录', version: 2 });
    expect(
      (await office.post(`/api/v1/scoring/commendations/${c.json().id}/withdraw`, { reason: '再次' }, ifm(2)))
        .statusCode,
    ).toBe(409);
    const last = (await leagueOf(office, q)).rows.find((r) => r.unitId === unit('财政局'))!;
    expect(last.score).toBe(before.score + rules.praised);
    const list = (await office.get(`/api/v1/scoring/commendations?${q}&unitId=${unit('财政局')}`)).json().items;
    expect(list.map((x: { kind: string; withdrawn: boolean }) => [x.kind, x.withdrawn])).toEqual([
      ['criticised', true],
      ['praised', false],
    ]);
    // A leader sees only entries of units he or she 分管.
    const me = (await leader.get('/api/v1/auth/me')).json();
    const mine = new Set<string>([me.unitId, ...me.leaderUnitIds]);
    for (const x of (await leader.get(`/api/v1/scoring/commendations?${q}`)).json().items)
      expect(mine.has(x.unitId)).toBe(true);
    today = '2026-03-02';
  });

  it('a blocker removed within its deadline earns the handling unit 卡点按时破解 (not an ordinary closure)', async () => {
    today = real; // the closure is stamped with the real clock; the blocker's deadline counts from the app's today
    const admin = await t.login('sysadmin');
    const gong = (await admin.get('/api/v1/people?q=gongying')).json().items[0].id as string;
    const proj = await office.post('/api/v1/projects', {
      name: '考核卡点测试项目',
      type: 'industry',
      content: '新建厂房',
      totalInvestment: 1000,
      annualPlans: {},
      responsibleUnitId: unit('住建局'),
      leaderId: gong,
      startYear: Number(real.slice(0, 4)),
      endYear: Number(real.slice(0, 4)),
      pool: 'new_start',
    });
    expect(proj.statusCode, proj.body).toBe(201);
    const zjj = await t.login('zjj.clerk');
    const zrzyj = await t.login('zrzyj.clerk');
    const b = await zjj.post('/api/v1/blockers', {
      projectId: proj.json().id,
      type: 'land',
      description: '用地指标未落实',
      handlingUnitId: unit('自然资源局'),
    });
    expect(b.statusCode, b.body).toBe(201);
    const resolved = await zrzyj.post(
      `/api/v1/blockers/${b.json().id}/resolve`,
      { resolution: '已调剂用地指标', attachmentIds: [(await upload(zrzyj)).id] },
      ifm(b.json().version),
    );
    expect(resolved.statusCode, resolved.body).toBe(200);
    const done = await zjj.post(`/api/v1/blockers/${b.json().id}/confirm`, {}, ifm(resolved.json().version));
    expect(done.statusCode, done.body).toBe(200);
    const rules = (await office.get('/api/v1/scoring/rules')).json().rules;
    const row = (await leagueOf(office, `from=${year.from}&to=${year.to}`)).rows.find(
      (r) => r.unitId === unit('自然资源局'),
    );
    expect(lineOf(row, 'blockerResolved', b.json().id)).toMatchObject({ points: rules.blockerResolved, count: 1 });
    expect(lineOf(row, 'closedOnTime', b.json().id)).toBeUndefined();
    today = '2026-03-02';
  });

  it('扣完为止: the ledger and the projects are groups apart, each deducting up to its cap; no score below the floor', async () => {
    today = '2026-03-02';
    const late = await accepted('考核扣分上限任务', '2026-03-03');
    today = '2026-03-20'; // 13 working days past the deadline
    const cur = (await office.get('/api/v1/scoring/rules')).json();
    const cost = 13 * cur.rules.overdueDay;
    const rules = {
      ...cur.rules,
      floor: 95,
      deductionCaps: { tasks: 2, projects: 30, enterprises: 20, commendations: 10 },
    };
    const set = await office.put('/api/v1/scoring/rules', rules, ifm(cur.version));
    expect(set.statusCode, set.body).toBe(200);
    const march = await leagueOf(office, 'from=2026-03-01&to=2026-03-31');
    const fgj = march.rows.find((r) => r.unitId === unit('发改局'))!;
    expect(lineOf(fgj, 'overdueDay', late.id)).toMatchObject({ count: 13, points: cost });
    const tasks = fgj.groups.find((g) => g.group === 'tasks')!;
    expect(tasks.deducted).toBeLessThanOrEqual(cost);
    expect(tasks.deducted + tasks.waived).toBe(-2); // the cap: the ledger costs at most 2 points
    expect(fgj.breakdown.filter((l) => l.group === 'tasks').every((l) => l.kind !== 'blockerResolved')).toBe(true);
    for (const r of march.rows) {
      expect(r.score).toBeGreaterThanOrEqual(95);
      for (const g of r.groups) expect(g.deducted + g.waived).toBeGreaterThanOrEqual(-rules.deductionCaps[g.group]);
    }
    // A floor above the base is refused, naming the field.
    const bad = await office.put('/api/v1/scoring/rules', { ...rules, floor: 120 }, ifm(set.json().version));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('floor');
    // The earlier rules (version 0: the defaults) recompute the same period with their own caps.
    const v0 = await leagueOf(office, 'from=2026-03-01&to=2026-03-31&rulesVersion=0');
    const t0 = v0.rows.find((r) => r.unitId === unit('发改局'))!.groups.find((g) => g.group === 'tasks')!;
    expect(t0.waived).toBe(0);
    today = '2026-03-02';
  });
});
