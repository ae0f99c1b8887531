import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * The rows' hints `has_milestones` and `has_children` (migration 0050) decide whether a list looks the milestones
 * and the sub-items up at all: a hint that lagged behind would hide them. `reported_periods` (0052) decides whether
 * this period's report is on the unit's to-do. Kept by triggers, whoever writes.
 */
const t = await createTestApp({}, { today: () => '2026-03-02' });
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const ifm = (v: number) => ({ 'if-match': `"${v}"` });
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await t.deps.database.pool.query(text, params)).rows as T[];
const hints = async (id: string) =>
  (
    await q<{ m: boolean; c: boolean }>('SELECT has_milestones m, has_children c FROM supervised_items WHERE id = $1', [
      id,
    ])
  )[0];
/** Every row's hints against what the tables hold: none may differ. */
const lagging = async () =>
  Number(
    (
      await q<{ n: string }>(`SELECT count(*) n FROM supervised_items s, LATERAL (SELECT ARRAY(SELECT r.period
          FROM progress_reports r WHERE r.item_id = s.id AND r.review_status <> 'returned') AS periods) p
        WHERE has_milestones <> EXISTS (SELECT 1 FROM item_milestones m WHERE m.item_id = s.id)
           OR has_children <> EXISTS (SELECT 1 FROM supervised_items c WHERE c.parent_id = s.id)
           OR NOT (reported_periods @> p.periods AND reported_periods <@ p.periods)`)
    )[0]!.n,
  );
async function issued(overrides: Record<string, unknown> = {}) {
  const res = await office.post('/api/v1/tasks', form(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const inList = async (id: string) =>
  ((await office.get('/api/v1/tasks?pageSize=100&sort=created')).json().items as Record<string, unknown>[]).find(
    (i) => i.id === id,
  )!;

const form = (overrides: Record<string, unknown> = {}) => ({
  title: '新建项目开工率',
  content: '每季度组织一批重点项目开竣工',
  standard: '上半年新建项目开工率≥80%',
  accountability: '未按期完成的，按县督查考核办法扣分',
  leadUnitId: unit('发改局'),
  coUnitIds: [],
  deadline: '2026-06-30',
  cadence: 'monthly',
  milestones: [{ title: '一季度开工一批', due: '2026-03-31' }],
  issue: true,
  ...overrides,
});

describe('a list shows milestones and sub-items as the tables hold them (the rows’ hints)', () => {
  it('milestones set, re-planned to none and back: the hint follows and the list shows them', async () => {
    const task = await issued();
    expect(await hints(task.id)).toEqual({ m: true, c: false });
    expect((await inList(task.id)).milestones).toMatchObject([{ title: '一季度开工一批', due: '2026-03-31' }]);
    const none = await office.put(`/api/v1/tasks/${task.id}/milestones`, { milestones: [] }, ifm(task.version));
    expect(none.statusCode, none.body).toBe(200);
    expect(await hints(task.id)).toEqual({ m: false, c: false });
    expect((await inList(task.id)).milestones).toEqual([]);
    const two = [
      { title: '完成选址', due: '2026-04-15' },
      { title: '开工', due: '2026-05-20' },
    ];
    const again = await office.put(
      `/api/v1/tasks/${task.id}/milestones`,
      { milestones: two },
      ifm(none.json().version),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(await hints(task.id)).toEqual({ m: true, c: false });
    expect((await inList(task.id)).milestones).toMatchObject(two);
  });

  it('a sub-item makes its parent show it; rows written by SQL alone keep the hints too', async () => {
    const task = await issued({ milestones: [] });
    expect(await hints(task.id)).toEqual({ m: false, c: false });
    expect(await inList(task.id)).toMatchObject({ childCount: 0, openChildCount: 0 });
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    const sub = await clerk.post(
      `/api/v1/tasks/${task.id}/subtasks`,
      form({ title: '城关镇开工任务', leadUnitId: unit('城关镇'), deadline: '2026-06-15', milestones: [] }),
    );
    expect(sub.statusCode, sub.body).toBe(201);
    expect(a.state).toBe('accepted');
    expect(await hints(task.id)).toEqual({ m: false, c: true });
    expect(await inList(task.id)).toMatchObject({ childCount: 1, openChildCount: 1 });

    // As an import script or a repair by hand would: the triggers keep the hints whoever writes.
    const admin = new pg.Client({ connectionString: t.superuserUrl });
    await admin.connect();
    try {
      const [{ id: child }] = (
        await admin.query(
          `INSERT INTO supervised_items (jurisdiction_id, kind, title, parent_id, assigner_unit_id, assignee_unit_id,
             state, start_date, deadline, created_by)
           SELECT jurisdiction_id, 'finding', '手工补录', $1, assigner_unit_id, assignee_unit_id, 'draft', start_date,
             deadline, created_by FROM supervised_items WHERE id = $2 RETURNING id`,
          [sub.json().id, sub.json().id],
        )
      ).rows;
      await admin.query(`INSERT INTO item_milestones (item_id, title, due) VALUES ($1, '补录节点', '2026-05-01')`, [
        sub.json().id,
      ]);
      expect(await hints(sub.json().id)).toEqual({ m: true, c: true });
      await admin.query('DELETE FROM supervised_items WHERE id = $1', [child]);
      await admin.query('DELETE FROM item_milestones WHERE item_id = $1', [sub.json().id]);
      expect(await hints(sub.json().id)).toEqual({ m: false, c: false });
      expect(await hints(task.id)).toEqual({ m: false, c: true });
    } finally {
      await admin.end();
    }
    expect(await lagging()).toBe(0);
  });

  it('a report puts its period on the item; returned, it is off again and the report is due; SQL alone too', async () => {
    const periods = async (id: string) =>
      (await q<{ p: string[] }>('SELECT reported_periods p FROM supervised_items WHERE id = $1', [id]))[0]!.p;
    const due = async (id: string) =>
      ((await clerk.get('/api/v1/tasks?todo=report&pageSize=200')).json().items as { id: string }[]).some(
        (i) => i.id === id,
      );
    const task = await issued({ milestones: [] });
    const a = (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json();
    expect(await periods(task.id)).toEqual([]);
    expect(await due(task.id)).toBe(true);
    const rep = await clerk.post(`/api/v1/tasks/${task.id}/reports`, { progress: 20, text: '已开工' }, ifm(a.version));
    expect(rep.statusCode, rep.body).toBe(201);
    expect(await periods(task.id)).toEqual(['2026-03']);
    expect(await due(task.id)).toBe(false);
    const back = await office.post(`/api/v1/tasks/${task.id}/reports/${rep.json().id}/review`, {
      decision: 'returned',
      comment: '请补充开工清单',
    });
    expect(back.statusCode, back.body).toBe(204);
    expect(await periods(task.id)).toEqual([]);
    expect(await due(task.id)).toBe(true);

    // A report for an earlier month written by SQL (an import, a repair): added, then removed with its row.
    const admin = new pg.Client({ connectionString: t.superuserUrl });
    await admin.connect();
    try {
      const [{ id: old }] = (
        await admin.query(
          `INSERT INTO progress_reports (item_id, period, progress, text, submitted_by, review_status)
           SELECT $1, '2026-02', 10, '补录', created_by, 'accepted' FROM supervised_items WHERE id = $1 RETURNING id`,
          [task.id],
        )
      ).rows;
      expect(await periods(task.id)).toEqual(['2026-02']);
      expect(await due(task.id)).toBe(true); // February's report does not answer March
      await admin.query(`UPDATE progress_reports SET period = '2026-03' WHERE id = $1`, [old]);
      expect(await periods(task.id)).toEqual(['2026-03']);
      expect(await due(task.id)).toBe(false);
      await admin.query('DELETE FROM progress_reports WHERE id = $1', [old]);
      expect(await periods(task.id)).toEqual([]);
    } finally {
      await admin.end();
    }
    expect(await lagging()).toBe(0);
  });
});
