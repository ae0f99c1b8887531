import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';
import { areaSummary, evaluateMu, type MuThresholds } from '../../../shared/domain/mu';
import type { MuOut, MuRow } from '../../../shared/enterprises';
import { MU_EXPORT_HEADER } from './enterprises.excel';
import { MU_HEADER } from './mu.import';

/**
 * 亩均论英雄 at scale: the evaluation is classed and ranked in PostgreSQL and sent a page at a time. These tests hold
 * the SQL to the pure rules of src/shared/domain/mu.ts on a county of awkward records (no land, no output, ties,
 * industries with their own bands, enterprises without a township), page through it with its filters, and read the
 * .xlsx export back.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const db = t.deps.database.db;
const YEAR = 2018;
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string; kind: string }[];
const areas = [...units.filter((u) => u.kind === 'park' || u.kind === 'township').map((u) => u.id), null];
const { rows: who } = await db.execute<{ j: string; p: string }>(
  sql`SELECT jurisdiction_id AS j, id AS p FROM people WHERE username = 'sunli'`,
);
const { j, p } = who[0]!;

// 240 enterprises: a deterministic spread with the awkward cases every few rows.
const N = 240;
const industries: [string, string | null][] = [
  ['C', '39'],
  ['C', '34'],
  ['C', null],
  ['F', null],
  [null as unknown as string, null],
];
// Valid credit codes (the export is imported again, and the import checks them).
const codes = Array.from({ length: N }, (_, i) => {
  const first = `91350100MD${String(i + 1).padStart(7, '0')}`;
  return first + creditCodeCheckChar(first);
});
await db.execute(sql`
  INSERT INTO enterprises (jurisdiction_id, name, credit_code, industry_section, industry_division, area_unit_id)
  SELECT ${j}, '亩均测试企业' || lpad(g::text, 3, '0'), (${sql.param(codes)}::text[])[g],
         (${sql.param(industries.map((x) => x[0]))}::text[])[1 + g % ${industries.length}],
         (${sql.param(industries.map((x) => x[1]))}::text[])[1 + g % ${industries.length}],
         (${sql.param(areas)}::uuid[])[1 + g % ${areas.length}]
  FROM generate_series(1, ${N}) g`);
await db.execute(sql`
  INSERT INTO mu_records (jurisdiction_id, enterprise_id, year, land_mu, idle_land_mu, tax, output, energy, employees, updated_by)
  SELECT ${j}, e.id, ${YEAR},
         CASE WHEN g % 17 = 0 THEN 0 WHEN g % 19 = 0 THEN NULL ELSE (g % 23) * 1.5 + 0.3 END,
         CASE WHEN g % 2 = 0 AND g % 19 <> 0 THEN least(1 + g % 7, (g % 23) * 1.5 + 0.3) ELSE 0 END,
         CASE WHEN g % 29 = 0 THEN NULL WHEN g % 11 = 0 THEN 120 ELSE (g * 37 % 400) * 0.7 END,
         CASE WHEN g % 13 = 0 THEN NULL WHEN g % 11 = 0 THEN 2400 ELSE (g * 53 % 900) * 9.1 END,
         CASE WHEN g % 3 = 0 THEN 0 ELSE g % 50 END, CASE WHEN g % 4 = 0 THEN NULL ELSE g % 90 END, ${p}
  FROM (SELECT id, row_number() OVER (ORDER BY name) AS g FROM enterprises WHERE name LIKE '亩均测试企业%') e`);

const thresholds: MuThresholds = {
  default: {
    A: { taxPerMu: 30, outputPerMu: 500 },
    B: { taxPerMu: 15, outputPerMu: 250 },
    C: { taxPerMu: 5, outputPerMu: 100 },
  },
  byIndustry: {
    C: {
      A: { taxPerMu: 20, outputPerMu: 300 },
      B: { taxPerMu: 10, outputPerMu: 150 },
      C: { taxPerMu: 2, outputPerMu: 50 },
    },
    '39': {
      A: { taxPerMu: 50, outputPerMu: 0 },
      B: { taxPerMu: 10, outputPerMu: 0 },
      C: { taxPerMu: 0.5, outputPerMu: 0 },
    },
  },
};
expect((await office.put('/api/v1/mu-evaluation/thresholds', thresholds)).statusCode).toBe(200);

/** The same records through the pure rules. */
async function expected(th: MuThresholds = thresholds) {
  const { rows } = await db.execute<{
    id: string;
    name: string;
    industrySection: string | null;
    industryDivision: string | null;
    areaUnitId: string | null;
    landMu: number | null;
    idleLandMu: number | null;
    tax: number | null;
    output: number | null;
    energy: number | null;
    employees: number | null;
  }>(sql`SELECT e.id, e.name, e.industry_section AS "industrySection", e.industry_division AS "industryDivision",
      e.area_unit_id AS "areaUnitId", m.land_mu AS "landMu", m.idle_land_mu AS "idleLandMu", m.tax, m.output, m.energy,
      m.employees FROM mu_records m JOIN enterprises e ON e.id = m.enterprise_id WHERE m.year = ${YEAR}`);
  const ranked = evaluateMu(rows, th);
  return { ranked, areas: areaSummary(ranked) };
}

async function allPages(q = '') {
  const out: MuRow[] = [];
  let first: MuOut | null = null;
  for (let page = 1; ; page++) {
    const r = await office.get(`/api/v1/mu-evaluation?year=${YEAR}&page=${page}&pageSize=37${q}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as MuOut;
    first ??= body;
    out.push(...body.items);
    if (body.items.length < 37) break;
  }
  return { rows: out, first: first! };
}

describe('亩均论英雄 in SQL, a page at a time', () => {
  it('classes, ranks, counts, areas and the idle D-class agree with the pure rules, page after page', async () => {
    const { ranked, areas: wantAreas } = await expected();
    const { rows, first } = await allPages();
    expect(first.total).toBe(N);
    expect(rows).toHaveLength(N);
    // Ranked rows in rank order exactly; the unranked (no 亩均税收) after them, in any order.
    const rankedWant = ranked.filter((r) => r.countyRank !== null);
    const head = rows.slice(0, rankedWant.length);
    expect(head.map((r) => [r.enterpriseId, r.countyRank, r.areaRank, r.muClass])).toEqual(
      rankedWant.map((r) => [r.item.id, r.countyRank, r.areaRank, r.figures.muClass]),
    );
    const byId = new Map(ranked.map((r) => [r.item.id, r]));
    for (const r of rows) {
      const w = byId.get(r.enterpriseId)!;
      expect(r).toMatchObject({
        taxPerMu: w.figures.taxPerMu,
        outputPerMu: w.figures.outputPerMu,
        outputPerEnergy: w.figures.outputPerEnergy,
        outputPerEmployee: w.figures.outputPerEmployee,
        muClass: w.figures.muClass,
        countyRank: w.countyRank,
        areaRank: w.areaRank,
        landMu: w.item.landMu,
        tax: w.item.tax,
      });
    }
    expect(rows.slice(rankedWant.length).every((r) => r.countyRank === null && r.muClass === null)).toBe(true);
    // Every case occurs: all four classes, unclassed rows, several industries' bands.
    for (const c of ['A', 'B', 'C', 'D'] as const) {
      expect(first.counts[c]).toBe(ranked.filter((r) => r.figures.muClass === c).length);
      expect(first.counts[c]).toBeGreaterThan(0);
    }
    expect(first.areas.map(({ areaName, ...a }) => a)).toEqual(wantAreas);
    const idle = ranked.filter((r) => r.figures.muClass === 'D' && (r.item.idleLandMu ?? 0) > 0).map((r) => r.item.id);
    expect(idle.length).toBeGreaterThan(0);
    expect(first.idleD.enterprises).toBe(idle.length);
    expect((await allPages('&idle=true')).rows.map((r) => r.enterpriseId)).toEqual(idle);
  });

  it('filters by class, township and industry; worst first; the whole-year figures stay whole', async () => {
    const { ranked } = await expected();
    const whole = (await office.get(`/api/v1/mu-evaluation?year=${YEAR}`)).json() as MuOut;
    const d = await allPages('&muClass=D');
    expect(d.rows.map((r) => r.enterpriseId)).toEqual(
      ranked.filter((r) => r.figures.muClass === 'D').map((r) => r.item.id),
    );
    expect(d.first.counts).toEqual(whole.counts);
    expect(d.first.areas).toEqual(whole.areas);
    const area = areas[0]!;
    const inArea = await allPages(`&areaUnitId=${area}`);
    expect(inArea.rows.length).toBe(ranked.filter((r) => r.item.areaUnitId === area).length);
    expect(inArea.rows.every((r) => r.areaUnitId === area)).toBe(true);
    const ranks = inArea.rows.filter((r) => r.areaRank !== null).map((r) => r.areaRank);
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    const div39 = await allPages('&industry=39');
    expect(div39.rows.length).toBe(ranked.filter((r) => r.item.industryDivision === '39').length);
    const secC = await allPages('&industry=C');
    expect(secC.rows.length).toBe(ranked.filter((r) => r.item.industrySection === 'C').length);
    const worst = (await office.get(`/api/v1/mu-evaluation?year=${YEAR}&sort=-rank&pageSize=5`)).json() as MuOut;
    const maxRank = Math.max(...ranked.map((r) => r.countyRank ?? 0));
    expect(worst.items.map((r) => r.countyRank)).toEqual([0, 1, 2, 3, 4].map((k) => maxRank - k));
    expect(worst.total).toBe(N);
    const past = (await office.get(`/api/v1/mu-evaluation?year=${YEAR}&page=99`)).json() as MuOut;
    expect(past).toMatchObject({ items: [], total: N, page: 99 });
  });

  it('bad filters are refused in the user’s words, never a 500', async () => {
    for (const q of ['industry=CC', 'muClass=E', 'pageSize=5000', 'sort=name', 'areaUnitId=x']) {
      const r = await office.get(`/api/v1/mu-evaluation?year=${YEAR}&${q}`);
      expect(r.statusCode, q).toBe(400);
    }
  });

  it('exports the whole year as .xlsx in the import’s columns, which imports again; units may not', async () => {
    const r = await office.get(`/api/v1/mu-evaluation/export?year=${YEAR}`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = (k: number) => (ws.getRow(k).values as unknown[]).slice(1);
    expect(values(1)).toEqual(MU_EXPORT_HEADER);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(N + 1);
    const { ranked } = await expected();
    const top = ranked[0]!;
    const row2 = values(2);
    expect(row2[0]).toBe(codes[Number(top.item.name.slice(-3)) - 1]);
    expect(row2[MU_EXPORT_HEADER.indexOf('全县排名')]).toBe(1);
    expect(row2[MU_EXPORT_HEADER.indexOf('分类')]).toBe(top.figures.muClass);
    const dOnly = await office.get(`/api/v1/mu-evaluation/export?year=${YEAR}&muClass=D`);
    const wbD = new ExcelJS.Workbook();
    await wbD.xlsx.load(dOnly.rawPayload as unknown as ArrayBuffer);
    expect(wbD.worksheets[0]!.rowCount).toBe(ranked.filter((x) => x.figures.muClass === 'D').length + 1);
    // The file goes back in as an import: every row recognised by its credit code.
    const boundary = '----luoshi';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mu.xlsx"\r\nContent-Type: \
application/octet-stream\r\n\r\n`,
      ),
      r.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const again = await office.request('POST', '/api/v1/mu-evaluation/import', {
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(again.statusCode, again.body.slice(0, 300)).toBe(200);
    // Every row recognised by its code and year; only this test's records without land (which no import could
    // have written) are refused, for their land.
    const planned = again.json().rows as { status: string; errors: { column: string }[] }[];
    expect(planned).toHaveLength(N);
    const refused = planned.filter((x) => x.status === 'rejected').flatMap((x) => x.errors.map((e) => e.column));
    expect(new Set(refused)).toEqual(new Set(['用地面积（亩）', '闲置用地（亩）']));
    expect(planned.filter((x) => x.status === 'accepted').length).toBe(
      ranked.filter((x) => (x.item.landMu ?? 0) > 0 || (x.item.landMu === 0 && !x.item.idleLandMu)).length,
    );
    expect((await jfj.get(`/api/v1/mu-evaluation/export?year=${YEAR}`)).statusCode).toBe(403);
  });
});

/** Every page of the kept evaluation against the pure rules on the records and thresholds as they are now. */
async function agree(th: MuThresholds) {
  const { ranked, areas: wantAreas } = await expected(th);
  const { rows, first } = await allPages();
  expect(first.thresholds).toEqual(th);
  expect(rows.map((r) => [r.enterpriseId, r.countyRank, r.areaRank, r.muClass, r.areaUnitId, r.taxPerMu])).toEqual(
    ranked
      .filter((r) => r.countyRank !== null)
      .map((r) => [r.item.id, r.countyRank, r.areaRank, r.figures.muClass, r.item.areaUnitId, r.figures.taxPerMu])
      .concat(
        rows
          .slice(ranked.filter((r) => r.countyRank !== null).length)
          .map((r) => [r.enterpriseId, null, null, null, r.areaUnitId, r.taxPerMu]),
      ),
  );
  expect(new Set(rows.map((r) => r.enterpriseId))).toEqual(new Set(ranked.map((r) => r.item.id)));
  for (const c of ['A', 'B', 'C', 'D'] as const)
    expect(first.counts[c]).toBe(ranked.filter((r) => r.figures.muClass === c).length);
  expect(first.areas.map(({ areaName, ...a }) => a)).toEqual(wantAreas);
  const idle = ranked.filter((r) => r.figures.muClass === 'D' && (r.item.idleLandMu ?? 0) > 0);
  expect(first.idleD.enterprises).toBe(idle.length);
  return { ranked, rows };
}

/** A 亩均 upload through the office's import (preview, then commit): [credit code, land, idle, tax, output]. */
async function importRows(rows: [string, number, number, number, number][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('亩均');
  ws.addRow(MU_HEADER);
  for (const [code, land, idle, tax, output] of rows) ws.addRow([code, '', YEAR, land, idle, tax, output, 10, 5]);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----luoshi-kept';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; \
filename="mu-${Math.random()}.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const preview = await office.request('POST', '/api/v1/mu-evaluation/import', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
  const { batchId } = preview.json() as { batchId: string };
  expect(batchId).toBeTruthy();
  return () => office.post(`/api/v1/mu-evaluation/import/${batchId}/commit`, {});
}

const pool = t.deps.database.pool;
const state = async () =>
  (
    await db.execute<{ version: number; computed: number | null }>(
      sql`SELECT version, computed_version AS computed FROM mu_evaluation_state WHERE year = ${YEAR}`,
    )
  ).rows[0]!;

describe('the kept evaluation stays equal to the pure rules after every kind of change', () => {
  let th: MuThresholds = thresholds;

  it('a 亩均 import: the changed records re-ranked (and kept at once by the commit)', async () => {
    await agree(th);
    // The bottom ten jump to the top; two lose their land (unranked).
    const { ranked } = await expected(th);
    const bottom = ranked.filter((r) => r.countyRank !== null).slice(-10);
    const code = (name: string) => codes[Number(name.slice(-3)) - 1]!;
    const commit = await importRows([
      ...bottom.map((r, i): [string, number, number, number, number] => [code(r.item.name), 1, 0, 900 + i, 9000]),
      [code(ranked[0]!.item.name), 0, 0, 5, 5],
    ]);
    const before = await state();
    expect((await commit()).statusCode).toBe(200);
    const after = await state();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.computed).toBe(after.version);
    const { rows } = await agree(th);
    expect(rows[0]!.enterpriseId).toBe(bottom[9]!.item.id);
    expect(rows.find((r) => r.enterpriseId === ranked[0]!.item.id)!.countyRank).toBeNull();
  });

  it('a threshold change, per industry too: every class follows', async () => {
    const before = (await allPages()).rows;
    th = {
      ...thresholds,
      byIndustry: {
        ...thresholds.byIndustry,
        '34': {
          A: { taxPerMu: 1, outputPerMu: 1 },
          B: { taxPerMu: 0.5, outputPerMu: 0.5 },
          C: { taxPerMu: 0, outputPerMu: 0 },
        },
      },
    };
    expect((await office.put('/api/v1/mu-evaluation/thresholds', th)).statusCode).toBe(200);
    const { rows } = await agree(th);
    const was = new Map(before.map((b) => [b.enterpriseId, b.muClass]));
    expect(
      rows.filter((r) => r.industryDivision === '34' && r.muClass !== was.get(r.enterpriseId)).length,
    ).toBeGreaterThan(0);
  });

  it('an enterprise moved to another township, and another given a new industry: area ranks and bands follow', async () => {
    const { ranked } = await expected(th);
    const top = ranked[0]!;
    const other = areas.find((a) => a !== top.item.areaUnitId && a !== null)!;
    const e1 = (await office.get(`/api/v1/enterprises/${top.item.id}`)).json();
    const r1 = await office.patch(
      `/api/v1/enterprises/${top.item.id}`,
      { areaUnitId: other, liaisonUnitId: other },
      { 'if-match': `"${e1.version}"` },
    );
    expect(r1.statusCode, r1.body).toBe(200);
    const d = ranked.find(
      (r) => r.figures.muClass === 'D' && r.item.industrySection === 'C' && r.item.industryDivision !== '34',
    )!;
    const e2 = (await office.get(`/api/v1/enterprises/${d.item.id}`)).json();
    const r2 = await office.patch(
      `/api/v1/enterprises/${d.item.id}`,
      { industrySection: 'C', industryDivision: '34', liaisonUnitId: other },
      { 'if-match': `"${e2.version}"` },
    );
    expect(r2.statusCode, r2.body).toBe(200);
    const { rows } = await agree(th);
    const moved = rows.find((r) => r.enterpriseId === top.item.id)!;
    expect(moved).toMatchObject({ areaUnitId: other, areaRank: 1 });
    expect(rows.find((r) => r.enterpriseId === d.item.id)!.muClass).not.toBe('D');
  });

  it('a change written by hand in SQL (no service call) is seen too: the triggers mark the year stale', async () => {
    const before = await state();
    await db.execute(sql`UPDATE mu_records SET tax = coalesce(tax, 0) + 1000 WHERE year = ${YEAR}
      AND enterprise_id = (SELECT enterprise_id FROM mu_records WHERE year = ${YEAR} AND land_mu > 0 ORDER BY tax NULLS FIRST LIMIT 1)`);
    expect((await state()).version).toBeGreaterThan(before.version);
    await agree(th);
  });

  it('an import and a threshold change at the same time never leave a mixed ranking', async () => {
    const { ranked } = await expected(th);
    const code = (name: string) => codes[Number(name.slice(-3)) - 1]!;
    const commit = await importRows(
      ranked
        .slice(20, 60)
        .map((r, i): [string, number, number, number, number] => [code(r.item.name), 2, 1, i * 3, i * 40]),
    );
    const next: MuThresholds = {
      ...th,
      default: {
        A: { taxPerMu: 40, outputPerMu: 10 },
        B: { taxPerMu: 20, outputPerMu: 5 },
        C: { taxPerMu: 9, outputPerMu: 1 },
      },
    };
    const [a, b] = await Promise.all([commit(), office.put('/api/v1/mu-evaluation/thresholds', next)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    th = next;
    await agree(th);
  });

  it('a refresh racing a writer: the ranking it made from the old inputs is never served as current', async () => {
    // Stale, so that the next read refreshes.
    await db.execute(sql`UPDATE mu_records SET output = output WHERE year = ${YEAR}`);
    const next: MuThresholds = { ...th, default: { ...th.default, C: { taxPerMu: 0, outputPerMu: 0 } } };
    const writer: pg.PoolClient = await pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('UPDATE mu_settings SET thresholds = $1', [JSON.stringify(next)]);
      // The read refreshes from the committed thresholds and must wait for the writer to store its result.
      const reading = office.get(`/api/v1/mu-evaluation?year=${YEAR}`);
      for (let i = 0; ; i++) {
        const { rows } = await pool.query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO mu_evaluation_state%'`,
        );
        if (rows.length) break;
        expect(i).toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 50));
      }
      await writer.query('COMMIT');
      expect((await reading).statusCode).toBe(200);
    } finally {
      writer.release();
    }
    // The change matters (some classes differ), and what is served follows it.
    const old = new Map((await expected(th)).ranked.map((r) => [r.item.id, r.figures.muClass]));
    th = next;
    const { ranked } = await agree(th);
    expect(ranked.filter((r) => r.figures.muClass !== old.get(r.item.id)).length).toBeGreaterThan(0);
  });
});
