import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * A county's 序号 come from its counter row (ledger_serials), taken by the task's own insert: concurrent creates get
 * consecutive numbers, and rows written by other means (an import by SQL, a benchmark's loading) move the counter
 * on, so the app never hands out a number already in the ledger.
 */
const t = await createTestApp({}, { today: () => '2026-03-02' });
const office = await t.login('sunli');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;

const body = (title: string) => ({
  title,
  content: '每季度组织一批重点项目开竣工，确保上半年新建项目开工率达到80%以上',
  standard: '上半年新建项目开工率≥80%',
  accountability: '未按期完成的，按县督查考核办法扣分并约谈',
  leadUnitId: unit('发改局'),
  deadline: '2026-06-30',
  level: 'general',
  issue: true,
});
const create = async (title: string) => {
  const res = await office.post('/api/v1/tasks', body(title));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().serial as number;
};

describe('a ledger’s 序号', () => {
  it('concurrent creates get consecutive numbers, none twice', async () => {
    const first = await create('序号 0');
    const serials = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`序号 ${i + 1}`)));
    expect([...serials].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => first + 1 + i));
  });

  it('follows rows written by SQL, and an import numbers after them', async () => {
    const last = await create('before the load');
    const su = new pg.Client({ connectionString: t.superuserUrl });
    await su.connect();
    try {
      // As a benchmark loads a ledger: items and tasks by SQL, with serials of their own.
      const { rows } = await su.query<{ id: string; jurisdiction_id: string }>(
        `SELECT i.id, i.jurisdiction_id FROM supervised_items i JOIN tasks t ON t.id = i.id
          WHERE t.serial = $1`,
        [last],
      );
      const { id, jurisdiction_id: j } = rows[0]!;
      await su.query('BEGIN');
      const copy = await su.query<{ id: string }>(
        `INSERT INTO supervised_items (jurisdiction_id, kind, title, assignee_unit_id, assigner_unit_id, start_date,
                                       deadline, state, created_by)
         SELECT jurisdiction_id, kind, 'loaded by SQL', assignee_unit_id, assigner_unit_id, start_date, deadline,
                'draft', created_by
           FROM supervised_items WHERE id = $1 RETURNING id`,
        [id],
      );
      await su.query(
        `INSERT INTO tasks (id, jurisdiction_id, serial, content, standard, level) VALUES ($1, $2, $3, 'x', 'y', 'general')`,
        [copy.rows[0]!.id, j, last + 100],
      );
      await su.query('COMMIT');
    } finally {
      await su.end();
    }
    expect(await create('after the load')).toBe(last + 101);
  });
});
