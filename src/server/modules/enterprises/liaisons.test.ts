import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * 包联 history through HTTP: a reassignment ends the old period and starts the new one in one transaction, audited;
 * the enterprise's history; who answers for a quarter (the rule in src/shared/domain/liaisons.ts) in the visits'
 * coverage and in the league; a past quarter's figures unchanged by a later reassignment. The county's today moves
 * from the third quarter to the fourth during the file.
 */
let today = '2026-08-10';
const t = await createTestApp({}, { today: () => today });
const db = t.deps.database.db;
const office = await t.login('sunli');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const A = unit('经发局');
const B = unit('自然资源局');
const v = (x: { version: number }) => ({ 'if-match': `"${x.version}"` });

let serial = 810000;
async function register(liaisonUnitId: string, liaisonSince?: string) {
  const first = `91350100ME${String(serial++).padStart(7, '0')}`;
  const res = await office.post('/api/v1/enterprises', {
    name: `包联记录测试企业${serial}`,
    creditCode: first + creditCodeCheckChar(first),
    industryDivision: '34',
    liaisonUnitId,
    liaisonPerson: '张联络',
    ...(liaisonSince ? { liaisonSince } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function visit(on: string, unitId: string, enterpriseIds: string[]) {
  const res = await office.post('/api/v1/visits', {
    on,
    kind: 'walk',
    unitIds: [unitId],
    enterpriseIds,
    discussed: '了解企业生产经营情况',
    demands: [],
  });
  expect(res.statusCode, res.body).toBe(201);
}
type Row = { id: string; total: number; visited: number };
const coverage = async (quarter: string) => {
  const res = await office.get(`/api/v1/visits/coverage?quarter=${quarter}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { units: Row[]; county: { total: number; visited: number } };
};
const unitRow = (c: { units: Row[] }, id: string) => c.units.find((u) => u.id === id) ?? null;
const league = async (from: string, to: string, unitId: string) => {
  const res = await office.get(`/api/v1/scoring/league?from=${from}&to=${to}&unitId=${unitId}`);
  expect(res.statusCode, res.body).toBe(200);
  const row = res.json().rows[0] as {
    score: number;
    breakdown: { kind: string; points: number; events: { rate?: unknown }[] }[];
  };
  return {
    score: row.score,
    coverage: row.breakdown.find((l) => l.kind === 'visitCoverage') ?? null,
  };
};

describe('包联 history', () => {
  let past: { id: string; version: number };
  let q3Before: Awaited<ReturnType<typeof coverage>>;
  let leagueBefore: { A: Awaited<ReturnType<typeof league>>; B: Awaited<ReturnType<typeof league>> };

  it('in the third quarter: an enterprise 包联 by a unit since 1 July, visited by it, counts for it', async () => {
    past = await register(A, '2026-07-01');
    await visit('2026-08-05', A, [past.id]);
    today = '2026-10-05'; // the quarter has ended: its figures as the bulletin printed them
    q3Before = await coverage('2026-Q3');
    expect(unitRow(q3Before, A)).toMatchObject({ total: 1, visited: 1 });
    expect(unitRow(q3Before, B)).toBeNull();
    leagueBefore = {
      A: await league('2026-07-01', '2026-09-30', A),
      B: await league('2026-07-01', '2026-09-30', B),
    };
    expect(leagueBefore.A.coverage?.events[0]?.rate).toEqual({ numerator: 1, denominator: 1 });
  });

  it('a reassignment in the fourth quarter leaves the third quarter’s coverage and scores as they were', async () => {
    today = '2026-11-20';
    const cur = (await office.get(`/api/v1/enterprises/${past.id}`)).json();
    const res = await office.patch(`/api/v1/enterprises/${past.id}`, { liaisonUnitId: B }, v(cur));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().liaisonUnitId).toBe(B);
    expect(await coverage('2026-Q3')).toEqual(q3Before);
    expect(await league('2026-07-01', '2026-09-30', A)).toEqual(leagueBefore.A);
    expect(await league('2026-07-01', '2026-09-30', B)).toEqual(leagueBefore.B);
    // The fourth quarter: A held it 50 days (1 October – 19 November), B holds it from 20 November to the
    // quarter's end (42 days): A answers for it.
    const q4 = await coverage('2026-Q4');
    expect(unitRow(q4, A)).toMatchObject({ total: 1, visited: 0 });
    expect(unitRow(q4, B)).toBeNull();
    // The history: B's open period from today, A's from 1 July until today.
    const h = (await office.get(`/api/v1/enterprises/${past.id}/liaisons`)).json().items;
    expect(h).toEqual([
      expect.objectContaining({ unitId: B, from: '2026-11-20', until: null, current: true, person: '张联络' }),
      expect.objectContaining({ unitId: A, unitName: expect.any(String), from: '2026-07-01', until: '2026-11-20' }),
    ]);
  });

  it('a reassignment mid-quarter: the one who held the most days answers for the quarter; audited once', async () => {
    const e = await register(A, '2026-10-01');
    await visit('2026-10-12', A, [e.id]);
    expect(unitRow(await coverage('2026-Q4'), A)).toMatchObject({ total: 2, visited: 1 });
    const cur = (await office.get(`/api/v1/enterprises/${e.id}`)).json();
    // Handed to B from 1 November: A held it 31 days, B 61 (to 31 December): B answers for it and has not visited.
    const res = await office.patch(
      `/api/v1/enterprises/${e.id}`,
      { liaisonUnitId: B, liaisonSince: '2026-11-01' },
      v(cur),
    );
    expect(res.statusCode, res.body).toBe(200);
    const q4 = await coverage('2026-Q4');
    expect(unitRow(q4, A)).toMatchObject({ total: 1, visited: 0 });
    expect(unitRow(q4, B)).toMatchObject({ total: 1, visited: 0 });
    await visit('2026-11-18', B, [e.id]);
    expect(unitRow(await coverage('2026-Q4'), B)).toMatchObject({ total: 1, visited: 1 });
    // In the league of the quarter too (the same read: one query for both).
    expect((await league('2026-10-01', '2026-12-31', B)).coverage?.events[0]?.rate).toEqual({
      numerator: 1,
      denominator: 1,
    });
    const rows = (
      await db.execute<{ from_on: string; until_on: string | null; unit_id: string }>(
        sql`SELECT from_on::text, until_on::text, unit_id FROM enterprise_liaisons WHERE enterprise_id = ${e.id} ORDER BY from_on`,
      )
    ).rows;
    expect(rows).toEqual([
      { from_on: '2026-10-01', until_on: '2026-11-01', unit_id: A },
      { from_on: '2026-11-01', until_on: null, unit_id: B },
    ]);
    const audit = await t.login('auditadmin');
    const events = (await audit.get('/api/v1/audit-events?action=enterprise.reassign&pageSize=500')).json().items as {
      objectId: string;
      detail: { since: string; ended: { unitId: string } | null; started: { unitId: string } | null };
    }[];
    const mine = events.filter((x) => x.objectId === e.id);
    expect(mine).toHaveLength(2); // registered, then reassigned
    expect(mine.map((x) => x.detail.since).sort()).toEqual(['2026-10-01', '2026-11-01']);
    // Editing something else leaves the history alone.
    const again = (await office.get(`/api/v1/enterprises/${e.id}`)).json();
    expect((await office.patch(`/api/v1/enterprises/${e.id}`, { employees: 120 }, v(again))).statusCode).toBe(200);
    expect((await office.get(`/api/v1/enterprises/${e.id}/liaisons`)).json().items).toHaveLength(2);
  });

  it('refuses a date out of this quarter, in the future or before the current 包联 began, changing nothing', async () => {
    const e = await register(A, '2026-11-10');
    const cur = (await office.get(`/api/v1/enterprises/${e.id}`)).json();
    for (const [since, code] of [
      ['2026-09-30', 'liaison_since_range'],
      ['2026-11-21', 'liaison_since_range'],
      ['2026-11-05', 'liaison_since_early'],
    ] as const) {
      const res = await office.patch(`/api/v1/enterprises/${e.id}`, { liaisonUnitId: B, liaisonSince: since }, v(cur));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const err = res.json().errors[0];
      expect(err).toMatchObject({ field: 'body.liaisonSince', code, label: '包联起始日期' });
      expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const after = (await office.get(`/api/v1/enterprises/${e.id}`)).json();
    expect(after).toMatchObject({ version: cur.version, liaisonUnitId: A });
    expect((await office.get(`/api/v1/enterprises/${e.id}/liaisons`)).json().items).toHaveLength(1);
  });

  it('deactivating ends the period; an enterprise registered in the quarter’s last weeks counts for nobody yet', async () => {
    const e = await register(A, '2026-10-01');
    const cur = (await office.get(`/api/v1/enterprises/${e.id}`)).json();
    const before = unitRow(await coverage('2026-Q4'), A)!.total;
    const res = await office.patch(
      `/api/v1/enterprises/${e.id}`,
      { active: false, liaisonSince: '2026-10-20' },
      v(cur),
    );
    expect(res.statusCode, res.body).toBe(200);
    const h = (await office.get(`/api/v1/enterprises/${e.id}/liaisons`)).json().items;
    expect(h).toEqual([expect.objectContaining({ from: '2026-10-01', until: '2026-10-20', current: false })]);
    expect(unitRow(await coverage('2026-Q4'), A)!.total).toBe(before - 1);
    // 20 November to 31 December is 42 days: counted. Registered on 5 December (27 days) it would not be.
    await register(A);
    expect(unitRow(await coverage('2026-Q4'), A)!.total).toBe(before);
    today = '2026-12-05';
    await register(A);
    expect(unitRow(await coverage('2026-Q4'), A)!.total).toBe(before);
    today = '2026-11-20';
  });

  it('another unit sees neither the enterprise nor its history', async () => {
    const e = await register(A, '2026-10-01');
    const czj = await t.login('czj.clerk');
    expect((await czj.get(`/api/v1/enterprises/${e.id}/liaisons`)).statusCode).toBe(404);
    const jfj = await t.login('jfj.clerk');
    expect((await jfj.get(`/api/v1/enterprises/${e.id}/liaisons`)).statusCode).toBe(200);
  });
});
