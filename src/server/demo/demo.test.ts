import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/app';
import { seedDemoLedger } from './ledger';
import { seedDemoProjects } from './projects';
import { seedDemoIndicators } from './indicators';
import { seedDemoPublication } from './publication';
import { seedDemoBulletins } from './bulletins';
import { seedDemoExtraction } from './extraction';
import { seedDemoEnterprises } from './enterprises';
import { seedDemoMeetings } from './meetings';
import { seedDemoInvestment } from './investment';
import { seedDemoAccountability } from './accountability';
import { seedDemoFindings } from './findings';
import { DEMO_CAMPAIGN, DEMO_FRONTS, seedDemoCampaigns } from './campaigns';
import { DEMO_TASK_FORCES, seedDemoTaskForces } from './taskforces';
import { DEMO_ACCOUNTS } from './county';
import { browserOn, describeBrowser, type BrowserEnv } from '../../../tests/e2e/harness';
import { tourScreens } from '../../../tests/e2e/tour';
import { DEMO_DIRECTIVES, LEDGER_SOURCES, PENDING_SPEECHES, readText } from './directives';
import { daysBetween } from '../../shared/domain/dates';

/**
 * The whole demo county as a stranger's first start loads it (from the repository alone), and the invariants that keep
 * it believable as it grows: units that fit what they answer for, milestones in order, nothing done in the future,
 * standards written for their task, reports that say what happened, and something to do for every demo account.
 */
const TODAY = '2026-11-20';

describe('the demo texts and directives', () => {
  it('each directive quotes its own text, and every text is the county’s own', () => {
    for (const d of DEMO_DIRECTIVES) {
      if (d.source === 'instruction') continue;
      expect(readText(LEDGER_SOURCES[d.source].file), d.title).toContain(d.quote);
    }
    for (const f of PENDING_SPEECHES) expect(readText(f)).toContain('云溪');
    for (const s of Object.values(LEDGER_SOURCES)) expect(readText(s.file)).toMatch(/2026年/);
  });
});

describe('the demo county', () => {
  let t: TestApp;
  /** What the simulations logged: a step the services refused would show here. */
  const refused: string[] = [];
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await t.deps.database.pool.query(text, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp({}, { today: () => TODAY });
    const opts = { today: TODAY, log: (m: string) => refused.push(m) };
    await seedDemoLedger(t.deps, opts);
    await seedDemoProjects(t.deps, opts);
    await seedDemoIndicators(t.deps, opts);
    await seedDemoPublication(t.deps);
    await seedDemoBulletins(t.deps, opts);
    await seedDemoMeetings(t.deps, opts);
    await seedDemoInvestment(t.deps, opts);
    await seedDemoAccountability(t.deps, opts);
    await seedDemoExtraction(t.deps, {});
    await seedDemoEnterprises(t.deps, opts);
    await seedDemoFindings(t.deps, opts);
    await seedDemoCampaigns(t.deps, opts);
    await seedDemoTaskForces(t.deps, opts);
  }, 1_200_000);

  it('the simulated year runs through the services without a refused step', () => {
    expect(refused.filter((m) => !/^(演示台账：|演示项目库：|督查通报：|会议调度：|问责演示：)/.test(m))).toEqual([]);
  });

  it('the ledger: a year of history with every state an office meets, all three lights and some closed', async () => {
    const office = await t.login('sunli');
    const items = (await office.get('/api/v1/tasks?pageSize=500')).json().items as {
      state: string;
      light: string;
      parentId: string | null;
      leadLeaderId: string | null;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(40);
    const states = new Set(items.map((i) => i.state));
    for (const s of ['closed', 'in_progress', 'assigned', 'close_requested']) expect(states, s).toContain(s);
    const lights = new Set(items.filter((i) => i.state !== 'closed').map((i) => i.light));
    for (const l of ['red', 'yellow', 'green']) expect(lights, l).toContain(l);
    expect(items.some((i) => i.parentId)).toBe(true); // township sub-tasks
    expect(items.some((i) => i.leadLeaderId)).toBe(true); // 请龚颖同志牵头
    const rows = await q<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM supervision_events GROUP BY action`,
    );
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    for (const a of [
      'assign',
      'accept',
      'report',
      'requestClose',
      'close',
      'return',
      'reassign',
      'requestExtension',
      'reviewReport',
      'returnReport',
    ])
      expect(byAction[a], a).toBeGreaterThan(0);
    // Reports the office has not read yet (the latest ones), as well as accepted and returned ones.
    const reviews = Object.fromEntries(
      (
        await q<{ s: string; n: number }>(
          `SELECT review_status AS s, count(*)::int AS n FROM progress_reports GROUP BY 1`,
        )
      ).map((r) => [r.s, r.n]),
    );
    expect(reviews.pending).toBeGreaterThan(0);
    expect(reviews.accepted).toBeGreaterThan(reviews.pending);
    expect(reviews.returned).toBeGreaterThan(0);
  });

  it('the project library: 130 projects through the year, rounds, investment, milestones and blockers', async () => {
    const office = await t.login('sunli');
    const items = (await office.get(`/api/v1/projects?pageSize=500&asOf=${TODAY}`)).json().items as {
      pool: string;
      light: string;
    }[];
    expect(items).toHaveLength(130);
    const pools = new Set(items.map((i) => i.pool));
    for (const p of ['reserve', 'preliminary', 'new_start', 'continuing', 'completed', 'in_production'])
      expect(pools, p).toContain(p);
    expect(new Set(items.map((i) => i.light))).toEqual(expect.objectContaining(new Set(['red', 'green', 'done'])));
    // 确保上半年新建项目开工率到达80%以上、第三季度实现全部开工 (nearly: a few lag and are red).
    expect((await office.get('/api/v1/projects/rates?asOf=2026-06-30')).json().total.startRate).toBeGreaterThanOrEqual(
      0.7,
    );
    expect((await office.get('/api/v1/projects/rates?asOf=2026-09-30')).json().total.startRate).toBeGreaterThan(0.8);
    const now = (await office.get(`/api/v1/projects/rates?asOf=${TODAY}&groupBy=leader`)).json();
    expect(now.total.investmentCompleted).toBeGreaterThan(0);
    expect(now.total.completionRate).toBeGreaterThan(0);
    expect(now.groups.length).toBeGreaterThan(3);
    const rounds = (await office.get('/api/v1/rounds')).json().items as {
      id: string;
      state: string;
      late: number;
      expected: number;
      reported: number;
    }[];
    expect(rounds.length).toBeGreaterThan(40);
    expect(rounds.filter((r) => r.state === 'open')).toHaveLength(1);
    expect(rounds.some((r) => r.late > 0)).toBe(true);
    expect(rounds.some((r) => r.reported < r.expected)).toBe(true);
    const open = (await office.get('/api/v1/blockers?pageSize=100')).json();
    const closed = (await office.get('/api/v1/blockers?state=closed&pageSize=100')).json();
    expect(open.total).toBeGreaterThan(0);
    expect(closed.total).toBeGreaterThan(0);
    expect([...open.items, ...closed.items].some((b: { level: number }) => b.level > 1)).toBe(true);
    const map = (await office.get('/api/v1/projects/map')).json();
    expect(map.points.length).toBeGreaterThan(100);
    expect(map.boundary).toMatchObject({ generated: true, name: expect.stringContaining('非真实行政区划') });
  });

  it('a project belongs to the unit of its kind: hospitals to 卫健局, schools to 教育局, housing to 住建局, roads to 交通运输局', async () => {
    const rows = await q<{ name: string; unit: string }>(
      `SELECT p.name, u.short_name AS unit FROM projects p JOIN units u ON u.id = p.responsible_unit_id`,
    );
    const rules: [RegExp, string][] = [
      [/医院|卫生院|妇幼|康复/, '卫健局'],
      [/小学|中学|校舍|职业教育/, '教育局'],
      [/老旧小区|危房|棚户区/, '住建局'],
      [/路网|公路|S312|连接线|道路工程/, '交通运输局'],
      [/高标准农田|茶园|畜禽|农业产业园/, '农业农村局'],
    ];
    let checked = 0;
    for (const r of rows) {
      for (const [re, unit] of rules) {
        if (!re.test(r.name)) continue;
        expect(r.unit, r.name).toBe(unit);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // Tasks too: a hospital's task is led by 卫健局, a school's by 教育局.
    const tasks = await q<{ title: string; unit: string }>(
      `SELECT i.title, u.short_name AS unit FROM supervised_items i JOIN units u ON u.id = i.assignee_unit_id WHERE
        i.kind = 'task' AND i.parent_id IS NULL`,
    );
    for (const x of tasks.filter((x) => /医院|卫生院/.test(x.title))) expect(x.unit, x.title).toBe('卫健局');
    for (const x of tasks.filter((x) => /小学|中小学/.test(x.title))) expect(x.unit, x.title).toBe('教育局');
  });

  it('milestones are met in order (开工 after 施工许可), and nothing is done, reported or closed after today', async () => {
    const ms = await q<{ project_id: string; name: string; planned_date: string; actual_date: string | null }>(
      `SELECT project_id, name, planned_date::text, actual_date::text FROM project_milestones ORDER BY project_id,
        planned_date, sort_order`,
    );
    const byProject = new Map<string, typeof ms>();
    for (const m of ms) byProject.set(m.project_id, [...(byProject.get(m.project_id) ?? []), m]);
    for (const list of byProject.values()) {
      let last = '';
      let open = false;
      for (const m of list) {
        if (m.actual_date) {
          expect(open, `${m.name} done after an earlier node still open`).toBe(false);
          expect(m.actual_date >= last, `${m.name} ${m.actual_date} before ${last}`).toBe(true);
          expect(m.actual_date <= TODAY).toBe(true);
          last = m.actual_date;
        } else open = true;
      }
      const permit = list.find((m) => m.name === '施工许可')?.actual_date;
      const start = list.find((m) => m.name === '开工')?.actual_date;
      if (start && list.some((m) => m.name === '施工许可'))
        expect(permit && permit <= start, '开工 before 施工许可').toBeTruthy();
    }
    const day = (col: string, table: string) =>
      q<{ d: string | null }>(`SELECT max((${col} AT TIME ZONE 'Asia/Shanghai')::date)::text AS d FROM ${table}`);
    for (const [col, table] of [
      ['at', 'supervision_events'],
      ['submitted_at', 'progress_reports'],
      ['reviewed_at', 'progress_reports'],
      ['closed_at', 'supervised_items'],
      ['created_at', 'supervised_items'],
      ['created_at', 'bulletins'],
    ]) {
      const [r] = await day(col!, table!);
      expect(r!.d! <= TODAY, `${table}.${col} ${r!.d}`).toBe(true);
    }
    const [inv] = await q<{ m: string }>(`SELECT max(month) AS m FROM project_investments`);
    expect(inv!.m < TODAY.slice(0, 7)).toBe(true);
    // A task is issued after the speech it comes from.
    const src = await q<{ title: string; source_title: string; start: string }>(
      `SELECT i.title, t.source_title, i.start_date::text AS start FROM tasks t JOIN supervised_items i ON i.id =
        t.id WHERE i.parent_id IS NULL`,
    );
    for (const s of Object.values(LEDGER_SOURCES)) {
      for (const x of src.filter((r) => r.source_title === s.title))
        expect(x.start > `2026-${s.date}`, x.title).toBe(true);
    }
  });

  it('every item’s hints (milestones, sub-items, reported periods) agree with the tables the lists would read', async () => {
    const [row] = await q<{ lagging: number; m: number; c: number; r: number }>(`SELECT
        count(*) FILTER (WHERE has_milestones <> EXISTS (SELECT 1 FROM item_milestones m WHERE m.item_id = s.id)
          OR has_children <> EXISTS (SELECT 1 FROM supervised_items c WHERE c.parent_id = s.id)
          OR NOT (reported_periods @> p.periods AND reported_periods <@ p.periods))::int AS lagging,
        count(*) FILTER (WHERE has_milestones)::int AS m, count(*) FILTER (WHERE has_children)::int AS c,
        count(*) FILTER (WHERE cardinality(reported_periods) > 0)::int AS r
      FROM supervised_items s, LATERAL (SELECT ARRAY(SELECT r.period FROM progress_reports r
        WHERE r.item_id = s.id AND r.review_status <> 'returned') AS periods) p`);
    expect(row).toMatchObject({ lagging: 0 });
    // The demo decomposes tasks and reports on them, so the check above is not vacuous.
    expect(row!.c).toBeGreaterThan(0);
    expect(row!.r).toBeGreaterThan(0);
  });

  it('standards are written for their task, and reports say what was done', async () => {
    const rows = await q<{
      id: string;
      title: string;
      standard: string;
      accountability: string | null;
      parent_id: string | null;
    }>(
      `SELECT t.id, i.title, t.standard, t.accountability, i.parent_id FROM tasks t JOIN supervised_items i ON i.id = t.id`,
    );
    for (const r of rows) {
      expect(r.standard, r.title).not.toMatch(/按讲话要求|按要求完成|^完成$/);
      expect(r.standard.length, r.title).toBeGreaterThan(15);
      expect(r.standard).not.toBe(r.title);
      expect(r.accountability, r.title).toBeTruthy(); // 奖惩: the fifth of the 五明确
    }
    const top = rows.filter((r) => !r.parent_id);
    expect(new Set(top.map((r) => r.standard)).size).toBe(top.length);
    const reports = await q<{ item_id: string; text: string; light: string }>(
      `SELECT r.item_id, r.text, i.light FROM progress_reports r JOIN supervised_items i ON i.id = r.item_id`,
    );
    expect(reports.length).toBeGreaterThan(100);
    const byItem = new Map<string, string[]>();
    for (const r of reports) byItem.set(r.item_id, [...(byItem.get(r.item_id) ?? []), r.text]);
    // Within a task every report differs; across the ledger no text is a boilerplate repeated everywhere.
    for (const [id, texts] of byItem) expect(new Set(texts).size, id).toBe(texts.length);
    const counts = new Map<string, number>();
    for (const r of reports) counts.set(r.text, (counts.get(r.text) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(4);
    // A red task does not say it goes to plan.
    for (const r of reports.filter((x) => x.light === 'red')) expect(r.text).not.toMatch(/按计划推进/);
    expect(reports.filter((x) => x.light === 'red').some((x) => /滞后/.test(x.text))).toBe(true);
  });

  it('no text the demo wrote shows a slip of the code (NaN, undefined, [object …])', async () => {
    const columns = await q<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')
          AND column_name !~ '(hash|token|secret|key|digest|salt)'`,
    );
    const slips: string[] = [];
    for (const c of columns) {
      const rows = await q<{ v: string }>(
        `SELECT "${c.column_name}"::text AS v FROM "${c.table_name}"
          WHERE "${c.column_name}"::text ~ '(^|[^A-Za-z])(NaN|undefined)([^A-Za-z]|$)|\\[object ' LIMIT 1`,
      );
      if (rows[0]) slips.push(`${c.table_name}.${c.column_name}: ${rows[0].v.slice(0, 80)}`);
    }
    expect(slips).toEqual([]);
  });

  it('a year of meetings: decisions issued as tasks to their units and followed up; the next meeting opens with them', async () => {
    const office = await t.login('sunli');
    const list = (await office.get('/api/v1/meetings')).json().items as {
      id: string;
      state: string;
      kind: string;
      date: string;
      decisionCount: number;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(10);
    expect(new Set(list.map((m) => m.state))).toEqual(new Set(['planned', 'held', 'minutes_issued']));
    expect(new Set(list.map((m) => m.kind))).toEqual(new Set(['scheduling', 'executive', 'special']));
    const planned = list.find((m) => m.state === 'planned')!;
    expect(planned.date > TODAY).toBe(true);
    const agenda = (await office.get(`/api/v1/meetings/${planned.id}/agenda`)).json();
    // It opens with the last scheduling meeting's decisions, whatever became of them.
    expect(agenda.previous.decisions.length).toBeGreaterThanOrEqual(3);
    expect(agenda.items.length).toBeGreaterThan(3);
    expect(new Set(agenda.items.map((i: { source: string }) => i.source)).size).toBeGreaterThanOrEqual(3);
    const followUps = new Set<string>();
    for (const m of list.filter((x) => x.state !== 'planned')) {
      const ds = (await office.get(`/api/v1/meetings/${m.id}/decisions`)).json().items as {
        taskId: string;
        followUp: string;
      }[];
      expect(ds.length, m.date).toBe(m.decisionCount);
      for (const d of ds) followUps.add(d.followUp);
    }
    for (const s of ['closed', 'overdue', 'behind', 'on_track']) expect(followUps, s).toContain(s);
    // Each decision's task names the meeting as its source and belongs to the unit whose work it is.
    const rows = await q<{ title: string; unit: string; source_type: string; source_title: string }>(
      `SELECT i.title, u.short_name AS unit, t.source_type, t.source_title FROM meeting_decisions d
         JOIN supervised_items i ON i.id = d.task_id JOIN tasks t ON t.id = d.task_id JOIN units u ON u.id = i.assignee_unit_id`,
    );
    expect(rows.length).toBeGreaterThan(15);
    for (const r of rows) expect(r.source_type, r.title).toBe('meeting');
    for (const r of rows.filter((x) => /医院|卫生院/.test(x.title))) expect(r.unit, r.title).toBe('卫健局');
    for (const r of rows.filter((x) => /小学|校舍/.test(x.title))) expect(r.unit, r.title).toBe('教育局');
    // A unit sees the meetings that gave it work.
    const wjj = await t.login('wjj.clerk');
    expect((await wjj.get('/api/v1/meetings')).json().items.length).toBeGreaterThanOrEqual(2);
  });

  it('meetings are numbered per kind and year: 第N次 in the titles and the minutes’ 第N期 run 1, 2, 3… by date and agree', async () => {
    const office = await t.login('sunli');
    const list = (await office.get('/api/v1/meetings')).json().items as {
      title: string;
      kind: string;
      date: string;
      minutesNumber: number | null;
      minutesIssuedOn: string | null;
    }[];
    const groups = new Map<string, typeof list>();
    for (const m of list) {
      const k = `${m.kind}:${m.date.slice(0, 4)}`;
      groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    expect(groups.size).toBeGreaterThanOrEqual(3);
    const run = (xs: readonly unknown[]) => xs.map((_, i) => i + 1);
    for (const [k, ms] of groups) {
      ms.sort((a, b) => a.date.localeCompare(b.date));
      const titled = ms
        .map((m) => /第(\d+)次/.exec(m.title)?.[1])
        .filter(Boolean)
        .map(Number);
      expect(titled, k).toEqual(run(titled));
      // A title with a year names the meeting's own.
      for (const m of ms)
        expect(/(\d{4})年/.exec(m.title)?.[1] ?? m.date.slice(0, 4), m.title).toBe(m.date.slice(0, 4));
      const issued = ms.filter((m) => m.minutesNumber !== null);
      expect(
        issued.map((m) => m.minutesNumber),
        k,
      ).toEqual(run(issued));
      for (const m of issued) {
        expect(m.minutesIssuedOn!.slice(0, 4), m.title).toBe(m.date.slice(0, 4));
        const n = /第(\d+)次/.exec(m.title)?.[1];
        if (n) expect(m.minutesNumber, m.title).toBe(Number(n));
      }
    }
  });

  it('every demo account finds something to do: a to-do, its led units’ lights, or its administration', async () => {
    // The README's accounts: the sign-in page's list and the county head.
    for (const username of [...DEMO_ACCOUNTS.map((a) => a.username), 'limingzhe']) {
      const c = await t.login(username);
      const me = (await c.get('/api/v1/auth/me')).json() as { roles: string[] };
      if (me.roles.some((r) => ['principal', 'supervision_office', 'unit_clerk', 'unit_admin'].includes(r))) {
        expect((await c.get('/api/v1/tasks?todo=true')).json().total, username).toBeGreaterThan(0);
      } else if (me.roles.includes('leader')) {
        // A 分管 leader's home: the red and yellow tasks of the units led, each of which he or she can urge.
        expect((await c.get('/api/v1/tasks?light=red,yellow')).json().total, username).toBeGreaterThan(0);
      } else if (me.roles.includes('audit_admin')) {
        expect((await c.get('/api/v1/audit-events?pageSize=5')).json().items.length, username).toBeGreaterThan(0);
      } else {
        expect((await c.get('/api/v1/people?pageSize=5')).json().total, username).toBeGreaterThan(10);
      }
    }
    // Each unit clerk with tasks has something to accept or report.
    const fgj = await t.login('fgj.clerk');
    expect((await fgj.get('/api/v1/tasks?todo=true&state=assigned')).json().total).toBeGreaterThan(0);
  });

  it('招商引资: four chains with gaps and targets, ~150 leads at every stage, attracted projects landed from leads, ~60 sites', async () => {
    const office = await t.login('sunli');
    const chains = (await office.get('/api/v1/chains')).json().items as { name: string; gaps: number; links: number }[];
    expect(chains.map((c) => c.name)).toEqual(['新一代疫苗', '细胞治疗', '新材料', '农产品加工']);
    expect(chains.every((c) => c.links >= 6)).toBe(true);
    expect(chains.some((c) => c.gaps > 0)).toBe(true);
    const leads = (await office.get('/api/v1/leads?pageSize=500')).json().items as {
      stage: string;
      closed: boolean;
      projectId: string | null;
      light: string;
      receivedOn: string;
      lastEventOn: string;
      signings: number;
      projectName: string;
      lostReason: string | null;
    }[];
    expect(leads.length).toBeGreaterThanOrEqual(140);
    const open = leads.filter((l) => !l.closed);
    for (const s of ['lead', 'contact', 'visit', 'negotiation', 'signed', 'registered', 'started', 'producing'])
      expect(
        open.some((l) => l.stage === s),
        s,
      ).toBe(true);
    expect(leads.some((l) => l.closed)).toBe(true);
    expect(new Set(open.map((l) => l.light))).toEqual(new Set(['green', 'yellow', 'red', 'none']));
    expect(leads.some((l) => l.signings > 1)).toBe(true);
    // An office closes a dead lead as lost, with the reason: no lead the pipeline follows is left open and untouched
    // for more than a year, only a handful stall (yellow, red), and the reasons are those of real cases, not one.
    for (const l of open.filter((x) => x.light !== 'none'))
      expect(daysBetween(l.lastEventOn, TODAY), `${l.projectName} ${l.stage} ${l.lastEventOn}`).toBeLessThanOrEqual(
        365,
      );
    const stalled = open.filter((l) => l.light === 'yellow' || l.light === 'red');
    expect(stalled.length).toBeGreaterThanOrEqual(2);
    expect(stalled.length).toBeLessThanOrEqual(Math.ceil(open.length * 0.15));
    const lost = leads.filter((l) => l.closed);
    expect(lost.length).toBeGreaterThanOrEqual(16);
    for (const l of lost) expect(l.lostReason, l.projectName).toBeTruthy();
    expect(new Set(lost.map((l) => l.lostReason)).size).toBeGreaterThanOrEqual(6);
    // Two years of history, nothing after today.
    expect(leads.some((l) => l.receivedOn < '2025-03-01')).toBe(true);
    expect(leads.every((l) => l.lastEventOn <= TODAY)).toBe(true);
    // Industrial projects converted from leads are 招引, and their 开工/投产 are the library's.
    const attracted = (await office.get('/api/v1/projects?attracted=true&pageSize=500')).json().items as {
      id: string;
      pool: string;
    }[];
    const byProject = new Map(leads.filter((l) => l.projectId).map((l) => [l.projectId, l]));
    expect(byProject.size).toBeGreaterThanOrEqual(10);
    expect(attracted.length).toBeGreaterThanOrEqual(byProject.size);
    for (const p of attracted.filter((x) => byProject.has(x.id))) {
      const l = byProject.get(p.id);
      if (['new_start', 'continuing', 'completed'].includes(p.pool)) expect(l!.stage).toBe('started');
      if (p.pool === 'in_production') expect(l!.stage).toBe('producing');
    }
    const sites = (await office.get('/api/v1/sites?pageSize=500')).json();
    expect(sites.total).toBe(60);
    const states = new Set(sites.items.map((s: { state: string }) => s.state));
    expect(states).toEqual(new Set(['idle', 'negotiating', 'revitalised']));
    const summary = (await office.get('/api/v1/investment/summary?year=2026')).json();
    expect(summary.signedCount).toBeGreaterThan(0);
    expect(summary.fundsInPlace).toBeGreaterThan(0);
    for (const r of Object.values(summary.conversion) as (number | null)[])
      if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
    // 履约: signed leads carry their agreement's commitments on the core, most kept, some overdue on both sides;
    // an overdue county commitment of a lead in the library has raised a blocker on its project.
    for (const side of ['investor', 'county'] as const) {
      const f = summary.fulfilment[side];
      expect(f.total).toBeGreaterThan(0);
      expect(f.fulfilled).toBeGreaterThan(0);
      expect(f.overdue).toBeGreaterThan(0);
      expect(f.rate).toBeGreaterThan(0);
      expect(f.rate).toBeLessThanOrEqual(1);
    }
    const rows = await q<{
      side: string;
      due: string;
      fulfilled_on: string | null;
      blocker_id: string | null;
      state: string;
      deadline: string;
    }>(
      `SELECT c.side, c.due::text, c.fulfilled_on::text, c.blocker_id, i.state, i.deadline::text
         FROM lead_commitments c JOIN supervised_items i ON i.id = c.id`,
    );
    expect(rows.every((r) => !r.fulfilled_on || r.fulfilled_on <= TODAY)).toBe(true);
    expect(rows.every((r) => r.state !== 'closed' || r.fulfilled_on)).toBe(true);
    expect(rows.some((r) => r.blocker_id)).toBe(true);
    expect(rows.every((r) => !r.blocker_id || r.side === 'county')).toBe(true);
  });

  it('问责与容错: cases in every state, one tolerated and costing its unit nothing, each seen only by those concerned', async () => {
    const office = await t.login('sunli');
    const list = (await office.get('/api/v1/accountability')).json().items as {
      id: string;
      state: string;
      outcome: string | null;
      openedOn: string;
      decidedOn: string | null;
      items: { id: string }[];
      persons: { id: string }[];
      tolerance: { state: string } | null;
      number: string;
    }[];
    expect(list.length).toBe(4);
    for (const c of list) {
      expect(c.openedOn <= TODAY).toBe(true);
      if (c.decidedOn) expect(c.decidedOn >= c.openedOn && c.decidedOn <= TODAY).toBe(true);
    }
    expect(list.map((c) => `${c.state}/${c.tolerance?.state ?? '-'}`).sort()).toEqual([
      'decided/-',
      'decided/accepted',
      'open/-',
      'open/pending',
    ]);
    const tolerated = list.find((c) => c.outcome === 'exempted')!;
    const rows = (await office.get('/api/v1/scoring/league?from=2026-01-01&to=2026-12-31')).json().rows as {
      breakdown: { events: { itemId: string | null; points: number; exempt?: string }[] }[];
    }[];
    const events = rows
      .flatMap((r) => r.breakdown.flatMap((l) => l.events))
      .filter((e) => e.itemId === tolerated.items[0]!.id);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect([e.points, e.exempt]).toEqual([0, `容错免责（${tolerated.number}）`]);
    // The principal sees them all; a clerk only his own; the office has a 容错 request to decide.
    expect((await (await t.login('wangjianguo')).get('/api/v1/accountability')).json().total).toBe(4);
    const other = await t.login('jrb.clerk');
    expect((await other.get('/api/v1/accountability')).json().total).toBeLessThanOrEqual(1);
    expect(list.filter((c) => c.tolerance?.state === 'pending')).toHaveLength(1);
  });

  it('the office opens with bulletins issued, speeches to review and a published livelihood project', async () => {
    const office = await t.login('sunli');
    const bulletins = (await office.get('/api/v1/bulletins')).json().items as { state: string; issueDate: string }[];
    expect(bulletins.filter((b) => b.state === 'issued').length).toBeGreaterThanOrEqual(3);
    const list = (await office.get('/api/v1/extractions')).json();
    expect(list.total).toBe(PENDING_SPEECHES.length);
    for (const d of list.items as { id: string }[]) {
      const doc = (await office.get(`/api/v1/extractions/${d.id}`)).json();
      expect(doc.candidates.length, d.id).toBeGreaterThan(3);
      expect(new Set(doc.candidates.map((c: { status: string }) => c.status))).toEqual(new Set(['pending']));
    }
    const pub = (await t.anonymous.get('/api/public/livelihood')).json();
    expect(pub.projects.length).toBeGreaterThan(0);
  });

  it('the enterprise service: ~300 enterprises with 包联 across parks and townships, and a year of demands in every fate', async () => {
    const office = await t.login('sunli');
    const all = (await office.get('/api/v1/enterprises?pageSize=1')).json();
    expect(all.total).toBeGreaterThanOrEqual(250);
    const key = (await office.get('/api/v1/enterprises?key=true&pageSize=500')).json().items as {
      liaisonLeaderName: string | null;
    }[];
    expect(key.length).toBeGreaterThan(5);
    expect(key.every((e) => e.liaisonLeaderName)).toBe(true);
    const areas = await q<{ n: number }>(`SELECT count(DISTINCT area_unit_id)::int AS n FROM enterprises`);
    expect(areas[0]!.n).toBeGreaterThanOrEqual(8);
    const demands = (await office.get('/api/v1/demands?status=all&pageSize=500')).json().items as {
      state: string;
      rating: string | null;
      firstRating: string | null;
      clocks: { contact: string; reply: string; resolve: string };
      source: string;
      receivedAt: string;
    }[];
    expect(demands.length).toBeGreaterThanOrEqual(60);
    const states = new Set(demands.map((d) => d.state));
    for (const s of ['closed', 'assigned', 'close_requested', 'cancelled']) expect(states, s).toContain(s);
    expect(demands.some((d) => d.firstRating === 'dissatisfied')).toBe(true); // 不满意, reopened
    expect(demands.some((d) => d.clocks.reply === 'late')).toBe(true);
    // A few stuck past the resolve limit, so the cockpit's 超过办结时限 has something true to show.
    const stuck = (await office.get('/api/v1/demands?status=open&overdue=true&pageSize=50')).json();
    expect(stuck.total).toBeGreaterThanOrEqual(2);
    expect((await office.get('/api/v1/cockpit')).json().enterprise.demands.overdue).toBe(stuck.total);
    expect(demands.filter((d) => d.clocks.reply === 'on_time').length).toBeGreaterThan(demands.length / 2);
    expect(demands.some((d) => d.source === 'enterprise')).toBe(true);
    // Nothing received in the future, nothing closed before it was received.
    expect(demands.every((d) => d.receivedAt.slice(0, 10) <= TODAY)).toBe(true);
    const order = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM demands d JOIN supervised_items i ON i.id = d.id WHERE i.closed_at < d.received_at`,
    );
    expect(order[0]!.n).toBe(0);
    // A 包联 unit sees its demands, and only those it handles or co-operates on.
    const kfq = await t.login('kfq.clerk');
    const mine = (await kfq.get('/api/v1/demands?status=all&pageSize=500')).json().items as {
      handlingUnitId: string;
      coUnitIds: string[];
    }[];
    const me = (await kfq.get('/api/v1/auth/me')).json();
    expect(mine.every((d) => d.handlingUnitId === me.unitId || d.coUnitIds.includes(me.unitId))).toBe(true);
  });

  it(`a year of visits: every kind, no day to come, every demand from a visit raised on a visit to its enterprise \
that day; coverage and the forgotten`, async () => {
    const office = await t.login('sunli');
    const kinds = await q<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM visits GROUP BY 1`);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['breakfast', 'onsite', 'walk']);
    expect(kinds.reduce((s, k) => s + k.n, 0)).toBeGreaterThan(300);
    expect(await q(`SELECT 1 FROM visits WHERE "on" > $1`, [TODAY])).toEqual([]);
    expect(await q(`SELECT 1 FROM visits v WHERE cardinality(leader_ids) = 0 AND cardinality(unit_ids) = 0`)).toEqual(
      [],
    );
    // A demand with source 'visit' points at a visit that met its enterprise the day it was received.
    expect(
      await q(`SELECT d.id FROM demands d WHERE d.source = 'visit' AND NOT EXISTS (
        SELECT 1 FROM visit_enterprises ve WHERE ve.visit_id = d.visit_id AND ve.enterprise_id = d.enterprise_id
          AND ve."on" = (d.received_at AT TIME ZONE 'Asia/Shanghai')::date)`),
    ).toEqual([]);
    const cov = (await office.get('/api/v1/visits/coverage')).json();
    expect(cov.units.length).toBeGreaterThan(3);
    expect(cov.county.share).toBeGreaterThan(0);
    expect(cov.county.share).toBeLessThan(1);
    const forgotten = (await office.get('/api/v1/visits/unvisited?months=6')).json();
    expect(forgotten.total).toBeGreaterThan(10);
  });

  it(`包联 history: one open period per enterprise as the registry has it, none overlapping; the July handover shows \
in the quarters and on the enterprise; leaders visit what they held that day`, async () => {
    const office = await t.login('sunli');
    // Every active, confirmed enterprise with a 包联 has exactly one open period, the registry's; no other has one.
    expect(
      await q(`SELECT e.id FROM enterprises e
        WHERE e.active AND e.confirmed AND (e.liaison_leader_id IS NOT NULL OR e.liaison_unit_id IS NOT NULL)
          AND (SELECT count(*) FROM enterprise_liaisons l WHERE l.enterprise_id = e.id AND l.until_on IS NULL
            AND l.leader_id IS NOT DISTINCT FROM e.liaison_leader_id AND l.unit_id IS NOT DISTINCT FROM e.liaison_unit_id
            AND l.person IS NOT DISTINCT FROM e.liaison_person) <> 1`),
    ).toEqual([]);
    expect(
      await q(`SELECT l.id FROM enterprise_liaisons l JOIN enterprises e ON e.id = l.enterprise_id
        WHERE l.until_on IS NULL AND NOT (e.active AND e.confirmed)`),
    ).toEqual([]);
    // An enterprise's periods never overlap, none starts after today or before the year.
    expect(
      await q(`SELECT a.id FROM enterprise_liaisons a JOIN enterprise_liaisons b
        ON b.enterprise_id = a.enterprise_id AND b.id <> a.id
        AND daterange(a.from_on, a.until_on) && daterange(b.from_on, b.until_on)`),
    ).toEqual([]);
    expect(await q(`SELECT id FROM enterprise_liaisons WHERE from_on > $1 OR from_on < '2026-01-01'`, [TODAY])).toEqual(
      [],
    );
    // The handover of 1 July: the old period ends the day the new one starts, to another leader, audited.
    const moved = await q<{ enterprise_id: string; old: string; new: string }>(
      `SELECT a.enterprise_id, a.leader_id AS old, b.leader_id AS new FROM enterprise_liaisons a
        JOIN enterprise_liaisons b ON b.enterprise_id = a.enterprise_id AND b.from_on = a.until_on
        WHERE a.until_on = '2026-07-01'`,
    );
    expect(moved.length).toBeGreaterThan(1);
    for (const m of moved) expect(m.new).not.toBe(m.old);
    const history = (await office.get(`/api/v1/enterprises/${moved[0]!.enterprise_id}/liaisons`)).json().items;
    expect(history).toEqual([
      expect.objectContaining({ leaderId: moved[0]!.new, from: '2026-07-01', current: true }),
      expect.objectContaining({ leaderId: moved[0]!.old, until: '2026-07-01', current: false }),
    ]);
    const audited = await q(`SELECT 1 FROM audit_events WHERE action = 'enterprise.reassign'`);
    expect(audited.length).toBe(moved.length);
    // Each quarter's coverage counts a leader's enterprises as held that quarter (the handover on its first day).
    for (const [quarter, from, to] of [
      ['2026-Q2', '2026-04-01', '2026-06-30'],
      ['2026-Q3', '2026-07-01', '2026-09-30'],
    ] as const) {
      const held = await q<{ id: string; n: number }>(
        `SELECT leader_id AS id, count(*)::int AS n FROM enterprise_liaisons
          WHERE leader_id IS NOT NULL AND from_on <= $1 AND (until_on IS NULL OR until_on > $2) GROUP BY 1`,
        [from, to],
      );
      const cov = (await office.get(`/api/v1/visits/coverage?quarter=${quarter}`)).json();
      expect(
        Object.fromEntries(cov.leaders.map((l: { id: string; total: number }) => [l.id, l.total])),
        quarter,
      ).toEqual(Object.fromEntries(held.map((h) => [h.id, h.n])));
    }
    // A county leader's own round met an enterprise he or she held 包联 of that day.
    expect(
      await q(`SELECT v.id FROM visits v JOIN visit_enterprises ve ON ve.visit_id = v.id
        WHERE v.title = '县领导走访包联企业' AND NOT EXISTS (SELECT 1 FROM enterprise_liaisons l
          WHERE l.enterprise_id = ve.enterprise_id AND l.leader_id = ANY(v.leader_ids)
            AND l.from_on <= v."on" AND (l.until_on IS NULL OR l.until_on > v."on"))`),
    ).toEqual([]);
  });

  it('the libraries with a year of movements, and a year of 亩均 data in every class', async () => {
    const office = await t.login('sunli');
    const libs = (await office.get('/api/v1/enterprise-libraries?year=2026')).json().items as {
      code: string;
      members: number;
      entered: number;
      advanced: number;
      left: number;
      byStage: { stage: string; count: number }[];
      target: { newMembers: number; actual: number } | null;
    }[];
    const by = (c: string) => libs.find((l) => l.code === c)!;
    for (const l of libs) expect(l.members, l.code).toBeGreaterThan(0);
    expect(by('ipo').byStage.find((s) => s.stage === '上市')!.count).toBe(1);
    expect(by('ipo').advanced).toBeGreaterThan(2);
    expect(by('tech_sme').target!.newMembers).toBe(50);
    expect(by('tech_sme').entered).toBeGreaterThan(20);
    expect(by('tech_sme').left).toBeGreaterThan(0);
    // Every movement lies within its member's life: nothing before entering, nothing after today.
    expect(
      await q(
        `SELECT 1 FROM library_movements mv JOIN library_members m ON m.id = mv.member_id WHERE mv."on" < m.entered_on OR mv."on" > $1`,
        [TODAY],
      ),
    ).toEqual([]);
    // A member's stage is its library's.
    expect(
      await q(
        `SELECT 1 FROM library_members m JOIN enterprise_libraries l ON l.id = m.library_id WHERE NOT (m.stage = ANY(l.stages))`,
      ),
    ).toEqual([]);
    const mu = (await office.get('/api/v1/mu-evaluation?year=2025')).json();
    for (const c of ['A', 'B', 'C', 'D']) expect(mu.counts[c], c).toBeGreaterThan(0);
    expect(mu.idleD.enterprises).toBeGreaterThan(0);
    expect(mu.areas.length).toBeGreaterThan(3);
    expect(await q(`SELECT 1 FROM mu_records WHERE idle_land_mu > land_mu`)).toEqual([]);
  });

  it('整改 and escalation: an inspection’s findings in every state, and overdue work at every step of the climb', async () => {
    const office = await t.login('sunli');
    const findings = (await office.get('/api/v1/findings?pageSize=100')).json().items as { state: string }[];
    expect(new Set(findings.map((f) => f.state))).toEqual(
      new Set(['closed', 'close_requested', 'in_progress', 'assigned']),
    );
    const steps = await q<{ step: string; n: number }>(
      `SELECT data->>'step' AS step, count(DISTINCT item_id)::int AS n FROM supervision_events WHERE action =
        'escalate' GROUP BY 1 ORDER BY 1`,
    );
    expect(steps.map((s) => s.step)).toEqual(['1', '2', '3']);
    // Each step once per item and deadline, never on a day still to come.
    const twice = await q(
      `SELECT item_id FROM supervision_events WHERE action = 'escalate' GROUP BY item_id, data->>'deadline',
        data->>'step' HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
    expect(await q(`SELECT 1 FROM supervision_events WHERE action = 'escalate' AND data->>'on' > $1`, [TODAY])).toEqual(
      [],
    );
    const principal = await t.login('limingzhe');
    const listed = (await principal.get('/api/v1/cockpit')).json().listed.items as {
      kind: string;
      title: string;
      deadline: string;
      listedOn: string;
    }[];
    expect(listed.some((i) => i.kind === 'finding')).toBe(true);
    // 挂牌督办 on the day each item reached it (10 working days late), not all on the day the demo's runs began.
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(new Set(listed.map((i) => i.listedOn)).size).toBeGreaterThanOrEqual(Math.min(3, listed.length));
    for (const i of listed) expect(daysBetween(i.deadline, i.listedOn), i.title).toBeGreaterThanOrEqual(10);
  });

  it(`执行力亮剑: eight fronts, each led by the leader who 分管 its lead unit, holding the year’s directives of its own \
category and fitting projects`, async () => {
    const office = await t.login('sunli');
    const [c] = (await office.get('/api/v1/campaigns?state=active')).json().items as {
      id: string;
      name: string;
      fronts: {
        id: string;
        name: string;
        leaderId: string;
        leadUnitId: string;
        rank: number | null;
        figures: { tasks: number };
      }[];
    }[];
    expect(c!.name).toBe(DEMO_CAMPAIGN);
    expect(c!.fronts.map((f) => f.name).sort()).toEqual(DEMO_FRONTS.map((f) => f.name).sort());
    const detail = (await office.get(`/api/v1/campaigns/${c!.id}`)).json();
    const categoryOf = new Map(DEMO_DIRECTIVES.map((d) => [d.title, d.category]));
    for (const f of c!.fronts) {
      const spec = DEMO_FRONTS.find((x) => x.name === f.name)!;
      // Every front has work and a place in the league, its leader 分管 its lead unit (or is the county's 常务).
      expect(f.figures.tasks, f.name).toBeGreaterThan(0);
      expect(f.rank, f.name).not.toBeNull();
      const leader = (await office.get(`/api/v1/people/${f.leaderId}`)).json();
      expect(leader.roles).toContain('leader');
      const tasks = detail.tasks.filter((x: { frontId: string }) => x.frontId === f.id) as {
        id: string;
        title: string;
      }[];
      for (const task of tasks) expect(spec.categories, task.title).toContain(categoryOf.get(task.title));
      // The ledger filtered by the front shows exactly its tasks.
      const listed = (await office.get(`/api/v1/tasks?frontId=${f.id}&pageSize=200`)).json().items as { id: string }[];
      expect(listed.map((x) => x.id).sort()).toEqual(tasks.map((x) => x.id).sort());
    }
    const projects = detail.projectItems as { id: string; frontId: string }[];
    const livelihood = c!.fronts.find((f) => f.name === '民生实事战线')!;
    for (const p of projects.filter((x) => x.frontId === livelihood.id))
      expect((await office.get(`/api/v1/projects/${p.id}`)).json().livelihood).toBe(true);
    expect(projects.length).toBeGreaterThan(10);
    // Every leader of a front finds the campaign on his cockpit's list, with the fronts' league.
    const zhao = await t.login('zhaozhiqiang');
    expect((await zhao.get('/api/v1/campaigns?state=active')).json().items[0].fronts).toHaveLength(8);
  });

  it(`forecasts on the one trajectory: demo tasks and projects forecast, some to miss; the economy and its places on \
the cockpit`, async () => {
    const office = await t.login('sunli');
    const c = (await office.get('/api/v1/cockpit')).json();
    // Tasks whose reports' pace misses the deadline, and projects whose year-end investment falls short of the plan.
    expect(c.forecasts.tasks.total).toBeGreaterThan(0);
    expect(c.forecasts.projects.total).toBeGreaterThan(0);
    for (const i of c.forecasts.tasks.items) {
      expect(i.forecast.misses, i.title).toBe(true);
      if (i.forecast.completion) expect(i.forecast.completion > i.deadline, i.title).toBe(true);
      // Each is what the task's page says.
      expect((await office.get(`/api/v1/tasks/${i.id}`)).json().forecast, i.title).toEqual(i.forecast);
    }
    for (const p of c.forecasts.projects.items) {
      expect(p.forecast.yearEnd, p.name).toBeLessThan(p.forecast.plan);
      expect((await office.get(`/api/v1/projects/${p.id}`)).json().forecast, p.name).toEqual(p.forecast);
    }
    // Not every task is late: some open tasks are forecast on time.
    const open = (await office.get('/api/v1/tasks?state=in_progress&pageSize=50')).json().items as { id: string }[];
    const forecasts = await Promise.all(
      open.map(async (x) => (await office.get(`/api/v1/tasks/${x.id}`)).json().forecast),
    );
    expect(forecasts.some((f) => f && f.completion && !f.misses)).toBe(true);
    // The economy: thirteen indicators, GDP at 6.5 % of the city; 赵志强's own first on his cockpit.
    expect(c.economy.items).toHaveLength(13);
    const gdp = c.economy.items.find((i: { name: string }) => i.name === '地区生产总值');
    expect(gdp.cityShare).toBeGreaterThan(6.2);
    expect(gdp.cityShare).toBeLessThan(6.8);
    const zhao = (await (await t.login('zhaozhiqiang')).get('/api/v1/cockpit')).json();
    expect(zhao.economy.items.length).toBeGreaterThan(0);
    expect(zhao.economy.items[0].mine).toBe(true);
  });

  it('工作专班: two bodies across units; their tasks are their lead unit’s, every member sees them, a clerk outside does not', async () => {
    const office = await t.login('sunli');
    const forces = (await office.get('/api/v1/task-forces')).json().items as {
      id: string;
      name: string;
      leadUnitId: string;
      unitNames: string[];
      tasks: number;
    }[];
    expect(forces.map((f) => f.name).sort()).toEqual(DEMO_TASK_FORCES.map((f) => f.name).sort());
    for (const f of forces) {
      expect(f.unitNames.length, f.name).toBeGreaterThanOrEqual(3);
      expect(f.tasks, f.name).toBe(2);
      const detail = (await office.get(`/api/v1/task-forces/${f.id}`)).json();
      for (const item of detail.taskItems as { id: string }[]) {
        const task = (await office.get(`/api/v1/tasks/${item.id}`)).json();
        expect(task.assigneeUnitId).toBe(f.leadUnitId);
      }
    }
    // 住建局's clerk is a member of both, from a unit that leads neither: he sees their four tasks.
    const member = await t.login('zjj.clerk');
    const seen = (await member.get('/api/v1/task-forces?member=me')).json().items as { tasks: number }[];
    expect(seen.map((f) => f.tasks)).toEqual([2, 2]);
    // 教育局's clerk is in neither and sees none of them.
    const outsider = await t.login('jyj.clerk');
    const his = (await outsider.get('/api/v1/task-forces')).json().items as { tasks: number }[];
    expect(his.map((f) => f.tasks)).toEqual([0, 0]);
    expect(refused.filter((m) => m.startsWith('工作专班'))).toEqual([]);
  });
  // The tour a reviewer takes on this same county (loaded once above): every menu entry of one account per kind of
  // reader, each screen free of failed requests, script errors, slips of the code and empty screens; two on a phone.
  describeBrowser('a newcomer’s tour of every screen', () => {
    let env: BrowserEnv;
    // biome-ignore lint/suspicious/noDuplicateTestHooks: the browser starts on the county the outer hook has loaded
    beforeAll(async () => {
      env = await browserOn(t);
    });
    const tours: [string, string, boolean][] = [
      ['the supervision office', 'sunli', false],
      ['the county’s principal', 'limingzhe', false],
      ['a 分管 leader', 'gongying', false],
      ['a department’s clerk', 'fgj.clerk', false],
      ['a township’s clerk', 'cgz.clerk', false],
      ['the audit administrator', 'auditadmin', false],
      ['the principal on a phone', 'limingzhe', true],
      ['a township’s clerk on a phone', 'cgz.clerk', true],
    ];
    for (const [who, username, phone] of tours)
      it(`${who} (${username}) visits every menu entry${phone ? ' on a phone' : ''}`, async () => {
        const { paths, problems } = await tourScreens(env, username, { phone });
        expect(paths.length).toBeGreaterThan(username === 'auditadmin' ? 3 : 10);
        expect(problems).toEqual([]);
      }, 300_000);
  });
});
