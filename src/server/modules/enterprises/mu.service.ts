import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import { enterprises, muRecords, muSettings } from './enterprises.schema';
import { DEFAULT_MU_THRESHOLDS, MU_CLASSES, MuThresholds, type MuClass } from '../../../shared/domain/mu';
import type { MuFilter, MuOut, MuQuery, MuRow } from '../../../shared/enterprises';
import type { MuImportInput } from './mu.import';

export type MuService = ReturnType<typeof createMuService>;

type RawRow = Omit<MuRow, 'areaName'>;
type RawArea = Omit<MuOut['areas'][number], 'areaName'>;

/** A row of the list as the API names it, read from the kept rows (mu_evaluations). */
const ROW_COLUMNS = sql.raw(`enterprise_id AS "enterpriseId", name AS "enterpriseName", credit_code AS "creditCode",
  industry_section AS "industrySection", industry_division AS "industryDivision", area_unit_id AS "areaUnitId",
  land_mu AS "landMu", idle_land_mu AS "idleLandMu", tax, output, energy, employees,
  tax_per_mu AS "taxPerMu", output_per_mu AS "outputPerMu", output_per_energy AS "outputPerEnergy",
  output_per_employee AS "outputPerEmployee", mu_class AS "muClass", county_rank AS "countyRank", area_rank AS "areaRank"`);

/**
 * `ranked`: a year's records classed and ranked as evaluateMu does — the figures are ratios over a land (energy,
 * employees) above zero; the bands of the 大类, else the 门类, else the default; the best class whose two minimums
 * are reached, D otherwise, none without both figures; ranks by 亩均税收, then 亩均产出 (none counts as 0), then id,
 * among those with a 亩均税收, in the county and in each township or park.
 */
function rankedSql(jurisdictionId: string, year: number, t: MuThresholds): SQL {
  const min = (c: 'A' | 'B' | 'C') =>
    sql.raw(`f.tpm >= (b.b->'${c}'->>'taxPerMu')::float8 AND f.opm >= (b.b->'${c}'->>'outputPerMu')::float8`);
  const order = sql.raw('ORDER BY tax_per_mu DESC, coalesce(output_per_mu, 0) DESC, id');
  return sql`evaluated AS (
      SELECT e.id, e.name, e.credit_code, e.industry_section, e.industry_division, e.area_unit_id,
             m.land_mu, m.idle_land_mu, m.tax, m.output, m.energy, m.employees,
             f.tpm AS tax_per_mu, f.opm AS output_per_mu,
             CASE WHEN m.energy > 0 THEN m.output / m.energy END AS output_per_energy,
             CASE WHEN m.employees > 0 THEN m.output / m.employees END AS output_per_employee,
             CASE WHEN f.tpm IS NULL OR f.opm IS NULL THEN NULL WHEN ${min('A')} THEN 'A' WHEN ${min('B')} THEN 'B'
                  WHEN ${min('C')} THEN 'C' ELSE 'D' END AS mu_class
      FROM mu_records m
      JOIN enterprises e ON e.id = m.enterprise_id
      CROSS JOIN LATERAL (SELECT CASE WHEN m.land_mu > 0 THEN m.tax / m.land_mu END AS tpm,
                                 CASE WHEN m.land_mu > 0 THEN m.output / m.land_mu END AS opm) f
      CROSS JOIN LATERAL (SELECT coalesce(th->'byIndustry'->e.industry_division, th->'byIndustry'->e.industry_section,
                                          th->'default') AS b
                          FROM (SELECT ${JSON.stringify(t)}::jsonb AS th) x) b
      WHERE m.jurisdiction_id = ${jurisdictionId} AND m.year = ${year}
    ), ranked AS MATERIALIZED (
      SELECT *,
             CASE WHEN tax_per_mu IS NOT NULL THEN row_number() OVER (PARTITION BY tax_per_mu IS NULL ${order}) END
               AS county_rank,
             CASE WHEN tax_per_mu IS NOT NULL
                  THEN row_number() OVER (PARTITION BY tax_per_mu IS NULL, area_unit_id ${order}) END AS area_rank
      FROM evaluated
    )`;
}

/** The filters over the kept rows; `idle` and `muClass` are served by their own indexes. */
function filterSql(q: Partial<MuFilter>): SQL {
  const conds: SQL[] = [];
  if (q.areaUnitId) conds.push(sql`area_unit_id = ${q.areaUnitId}`);
  if (q.idle) conds.push(sql`mu_class = 'D' AND idle_land_mu > 0`);
  if (q.muClass) conds.push(sql`mu_class = ${q.muClass}`);
  if (q.industry)
    conds.push(/^\d/.test(q.industry) ? sql`industry_division = ${q.industry}` : sql`industry_section = ${q.industry}`);
  return conds.length ? sql.join(conds, sql` AND `) : sql`true`;
}

/** What a refresh keeps beside the rows: the whole year's figures, shown whatever the filters. */
type Summary = {
  total: number;
  /** Rows with a county rank: positions 1..ranked (the unranked follow). */
  ranked: number;
  counts: Record<string, number> | null;
  areas: RawArea[];
  idle: { enterprises: number; idleLand: number };
};
interface Kept {
  thresholds: MuThresholds;
  summary: Summary;
}

/** Advisory lock of one county-year's refresh (7351140, taken by the writers' triggers, is the county's). */
const REFRESH_LOCK = 7351141;
/** Refreshes in a row before a read serves what is kept even though a writer has bumped the version again. */
const MAX_REFRESHES = 3;

export const MU_DEFINITION =
  '亩均税收 = 税收实际入库（万元）÷ 用地面积（亩）；亩均产出 = 产值或营业收入（万元）÷ 用地面积（亩）。达到某类两项下限的最高一类为其分类（A 优先发展、B 提升发展、C 调整转型、D 整治提升）；' +
  '两项均无或用地为零的不分类。行业另设标准的按行业标准（大类优先于门类）。';

/**
 * 亩均论英雄 (docs/ENTERPRISES.md): each enterprise's year of land, tax, output, energy and employees (imported from
 * the departments' .xlsx), evaluated by the pure rules of src/shared/domain/mu.ts against the county's thresholds:
 * classes, ranks in the county and in each township or park, the areas' figures, and the D-class enterprises with
 * idle land (the input of 腾笼换鸟). Tax data is the county's: principals, leaders and the office read it.
 */
export function createMuService(deps: { db: Db; audit: AuditService; org: OrgService }) {
  const { db, org } = deps;

  async function thresholds(jurisdictionId: string, tx: Tx = db): Promise<MuThresholds> {
    const [row] = await tx.select().from(muSettings).where(eq(muSettings.jurisdictionId, jurisdictionId));
    return row ? MuThresholds.parse(row.thresholds) : DEFAULT_MU_THRESHOLDS;
  }

  async function putThresholds(actor: Actor, t: MuThresholds, meta: RequestMeta) {
    if (!hasAnyRole(actor, ['supervision_office'])) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      await tx
        .insert(muSettings)
        .values({ jurisdictionId: actor.jurisdictionId, thresholds: t, updatedBy: actor.personId })
        .onConflictDoUpdate({
          target: muSettings.jurisdictionId,
          set: { thresholds: t, updatedBy: actor.personId, updatedAt: new Date() },
        });
      await deps.audit.record(
        { ...org.auditAs(actor, meta), action: 'mu.thresholds', result: 'success', detail: t },
        tx,
      );
    });
    await warm(actor.jurisdictionId);
    return t;
  }

  /**
   * Classes and ranks a county's year again (the same rules as src/shared/domain/mu.ts evaluateMu and areaSummary; a
   * test holds them equal) and keeps it: the rows replaced, the whole year's figures and the thresholds used stored
   * with the version the refresh started from, all in one transaction. Refreshes of one county-year take turns on
   * an advisory lock; one that finds the work done while it waited stops. The version is read first, the inputs
   * after it: a writer committing meanwhile has bumped the version past it, so what is stored reads as stale and is
   * refreshed again, never served as current (docs/ENTERPRISES.md, "The kept evaluation").
   */
  async function refresh(jurisdictionId: string, year: number): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK}, hashtext(${`${jurisdictionId}:${year}`}))`);
      const [s] = (
        await tx.execute<{ version: number; computed: number | null }>(
          sql`SELECT version, computed_version AS computed FROM mu_evaluation_state
              WHERE jurisdiction_id = ${jurisdictionId} AND year = ${year}`,
        )
      ).rows;
      if (s && s.computed === s.version) return;
      const version = s?.version ?? 0;
      const t = await thresholds(jurisdictionId, tx);
      await tx.execute(sql`DELETE FROM mu_evaluations WHERE jurisdiction_id = ${jurisdictionId} AND year = ${year}`);
      await tx.execute(sql`WITH ${rankedSql(jurisdictionId, year, t)}
        INSERT INTO mu_evaluations (jurisdiction_id, year, pos, enterprise_id, name, credit_code, industry_section,
          industry_division, area_unit_id, land_mu, idle_land_mu, tax, output, energy, employees, tax_per_mu,
          output_per_mu, output_per_energy, output_per_employee, mu_class, county_rank, area_rank)
        SELECT ${jurisdictionId}, ${year}, row_number() OVER (ORDER BY county_rank NULLS LAST, name, id), id, name,
          credit_code, industry_section, industry_division, area_unit_id, land_mu, idle_land_mu, tax, output, energy,
          employees, tax_per_mu, output_per_mu, output_per_energy, output_per_employee, mu_class, county_rank, area_rank
        FROM ranked`);
      const [summary] = (
        await tx.execute<Summary>(sql`
        WITH k AS (SELECT * FROM mu_evaluations WHERE jurisdiction_id = ${jurisdictionId} AND year = ${year})
        SELECT
          (SELECT count(*)::int FROM k) AS total,
          (SELECT count(county_rank)::int FROM k) AS ranked,
          (SELECT json_object_agg(mu_class, n) FROM (
            SELECT mu_class, count(*)::int AS n FROM k WHERE mu_class IS NOT NULL GROUP BY 1) c) AS counts,
          (SELECT coalesce(json_agg(a ORDER BY a."taxPerMu" DESC NULLS LAST), '[]') FROM (
            SELECT area_unit_id AS "areaUnitId", enterprises, land, tax, output,
                   CASE WHEN land > 0 THEN tax / land END AS "taxPerMu",
                   CASE WHEN land > 0 THEN output / land END AS "outputPerMu",
                   json_build_object('A', na, 'B', nb, 'C', nc, 'D', nd) AS counts
            FROM (
              -- Summed in rank order, as areaSummary adds them (the same floating-point sums).
              SELECT area_unit_id, count(*)::int AS enterprises, sum(coalesce(land_mu, 0) ORDER BY county_rank) AS land,
                     sum(coalesce(tax, 0) ORDER BY county_rank) AS tax,
                     sum(coalesce(output, 0) ORDER BY county_rank) AS output,
                     count(*) FILTER (WHERE mu_class = 'A') AS na, count(*) FILTER (WHERE mu_class = 'B') AS nb,
                     count(*) FILTER (WHERE mu_class = 'C') AS nc, count(*) FILTER (WHERE mu_class = 'D') AS nd
              FROM k WHERE mu_class IS NOT NULL GROUP BY area_unit_id) g) a) AS areas,
          (SELECT json_build_object('enterprises', count(*), 'idleLand', coalesce(sum(idle_land_mu ORDER BY county_rank), 0))
            FROM k WHERE mu_class = 'D' AND idle_land_mu > 0) AS idle`)
      ).rows as [Summary];
      await tx.execute(sql`
        INSERT INTO mu_evaluation_state (jurisdiction_id, year, version, computed_version, thresholds, summary, computed_at)
        VALUES (${jurisdictionId}, ${year}, ${version}, ${version}, ${JSON.stringify(t)}::jsonb,
                ${JSON.stringify(summary)}::jsonb, now())
        ON CONFLICT (jurisdiction_id, year) DO UPDATE SET computed_version = excluded.computed_version,
          thresholds = excluded.thresholds, summary = excluded.summary, computed_at = excluded.computed_at`);
    });
  }

  /**
   * After the office's own import or threshold change: the touched years (the two latest kept ones for thresholds)
   * refreshed at once, so the next page does not pay for it. Only a speed-up: a read refreshes what is stale anyway.
   */
  async function warm(jurisdictionId: string, years?: number[]) {
    const ys =
      years ??
      (
        await db.execute<{ year: number }>(
          sql`SELECT year FROM mu_evaluation_state WHERE jurisdiction_id = ${jurisdictionId}
              AND computed_version IS NOT NULL ORDER BY year DESC LIMIT 2`,
        )
      ).rows.map((r) => r.year);
    for (const y of [...new Set(ys)]) await refresh(jurisdictionId, y);
  }

  /**
   * Runs `read` on a current kept evaluation of the county-year, in one REPEATABLE READ snapshot (the page, its
   * count and the year's figures of one refresh): a stale or missing one is refreshed first. Writers racing without
   * end get a few refreshes, then the last one is served (it was current when it was made, during this call).
   */
  async function withKept<T>(
    jurisdictionId: string,
    year: number,
    read: (tx: Tx, kept: Kept) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const out = await db.transaction(
        async (tx) => {
          const [s] = (
            await tx.execute<{ version: number; computed: number | null; thresholds: unknown; summary: Summary }>(
              sql`SELECT version, computed_version AS computed, thresholds, summary FROM mu_evaluation_state
                  WHERE jurisdiction_id = ${jurisdictionId} AND year = ${year}`,
            )
          ).rows;
          if (!s || s.computed === null || (s.computed !== s.version && attempt < MAX_REFRESHES)) return null;
          return { value: await read(tx, { thresholds: MuThresholds.parse(s.thresholds), summary: s.summary }) };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      if (out) return out.value;
      await refresh(jurisdictionId, year);
    }
  }

  /** How many kept rows the filters select, and how many of them are ranked (positions 1..ranked come first). */
  async function countOf(tx: Tx, jurisdictionId: string, q: MuFilter, s: Summary) {
    const on = (['areaUnitId', 'muClass', 'idle', 'industry'] as const).filter((k) => q[k]);
    if (!on.length) return { total: s.total, ranked: s.ranked };
    // Every classed row is ranked (a class needs a 亩均税收); the whole year's counts answer these without counting.
    const n = q.muClass ? (s.counts?.[q.muClass] ?? 0) : 0;
    if (on.length === 1 && q.muClass) return { total: n, ranked: n };
    if (on.length === 1 && q.idle) return { total: s.idle.enterprises, ranked: s.idle.enterprises };
    const [c] = (
      await tx.execute<{ total: number; ranked: number }>(
        sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE pos <= ${s.ranked})::int AS ranked
            FROM mu_evaluations WHERE jurisdiction_id = ${jurisdictionId} AND year = ${q.year} AND ${filterSql(q)}`,
      )
    ).rows;
    return c!;
  }

  /**
   * A page of the evaluation, read from the kept rows by the index of its filter: best first is `pos` ascending;
   * worst first is the ranked part backwards, then the unranked part forwards (so one index serves both).
   */
  async function evaluate(
    actor: Actor,
    q: Partial<MuQuery> & { year: number },
    jurisdictionId = actor.jurisdictionId,
  ): Promise<MuOut> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const offset = (page - 1) * pageSize;
    const { kept, items, total } = await withKept(jurisdictionId, q.year, async (tx, kept) => {
      const where = sql`jurisdiction_id = ${jurisdictionId} AND year = ${q.year} AND ${filterSql(q)}`;
      const n = await countOf(tx, jurisdictionId, q, kept.summary);
      const R = kept.summary.ranked;
      const rows = (w: SQL, order: SQL, limit: number, skip: number) =>
        limit <= 0
          ? Promise.resolve([] as RawRow[])
          : tx
              .execute<RawRow>(
                sql`SELECT ${ROW_COLUMNS} FROM mu_evaluations WHERE ${where} AND ${w} ORDER BY ${order}
                    LIMIT ${limit} OFFSET ${skip}`,
              )
              .then((r) => r.rows);
      let items: RawRow[];
      if (q.sort !== '-rank') items = await rows(sql`true`, sql`pos`, pageSize, offset);
      else {
        const head = await rows(sql`pos <= ${R}`, sql`pos DESC`, Math.min(pageSize, n.ranked - offset), offset);
        const tail = await rows(sql`pos > ${R}`, sql`pos`, pageSize - head.length, Math.max(0, offset - n.ranked));
        items = [...head, ...tail];
      }
      return { kept, items, total: n.total };
    });
    const areaName = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const name = (id: string | null) => (id ? (areaName.get(id) ?? null) : null);
    const s = kept.summary;
    return {
      year: q.year,
      definition: MU_DEFINITION,
      thresholds: kept.thresholds,
      counts: Object.fromEntries(MU_CLASSES.map((c) => [c, s.counts?.[c] ?? 0])) as Record<MuClass, number>,
      items: items.map((x) => ({ ...x, areaName: name(x.areaUnitId) })),
      total,
      page,
      pageSize,
      areas: s.areas.map((a) => ({ ...a, areaName: name(a.areaUnitId) })),
      idleD: s.idle,
    };
  }

  /**
   * The export's rows, by rank, from the kept rows: how many the filters select now, and `each` to read them in
   * chunks (by position, in one snapshot) as the file is written, never all at once.
   */
  async function exportRows(actor: Actor, q: MuFilter) {
    const j = actor.jurisdictionId;
    const { total } = await withKept(j, q.year, (tx, kept) => countOf(tx, j, q, kept.summary));
    const areaName = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const each = (onRows: (rows: MuRow[]) => void | Promise<void>, chunk = 2000) =>
      withKept(j, q.year, async (tx) => {
        let after = 0;
        let n = 0;
        for (;;) {
          const rows = (
            await tx.execute<RawRow & { pos: number }>(
              sql`SELECT pos, ${ROW_COLUMNS} FROM mu_evaluations
                  WHERE jurisdiction_id = ${j} AND year = ${q.year} AND pos > ${after} AND ${filterSql(q)}
                  ORDER BY pos LIMIT ${chunk}`,
            )
          ).rows;
          if (!rows.length) return n;
          after = rows[rows.length - 1]!.pos;
          n += rows.length;
          await onRows(
            rows.map(({ pos: _, ...x }) => ({
              ...x,
              areaName: x.areaUnitId ? (areaName.get(x.areaUnitId) ?? null) : null,
            })),
          );
          if (rows.length < chunk) return n;
        }
      });
    return { total, each };
  }

  /** The enterprises by credit code, for an import to find each row's enterprise. */
  async function codes(actor: Actor) {
    const rows = await db
      .select({ id: enterprises.id, code: enterprises.creditCode, name: enterprises.name })
      .from(enterprises)
      .where(eq(enterprises.jurisdictionId, actor.jurisdictionId));
    return new Map(rows.map((r) => [r.code, { id: r.id, name: r.name }]));
  }

  /** An import's commit: every row written (a year already recorded for the enterprise is replaced). */
  async function writeMany(tx: Tx, actor: Actor, rows: MuImportInput[]) {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx
        .insert(muRecords)
        .values(
          rows
            .slice(i, i + 1000)
            .map((r) => ({ ...r, jurisdictionId: actor.jurisdictionId, updatedBy: actor.personId })),
        )
        .onConflictDoUpdate({
          target: [muRecords.enterpriseId, muRecords.year],
          set: {
            landMu: sql`excluded.land_mu`,
            idleLandMu: sql`excluded.idle_land_mu`,
            tax: sql`excluded.tax`,
            output: sql`excluded.output`,
            energy: sql`excluded.energy`,
            employees: sql`excluded.employees`,
            updatedBy: actor.personId,
            updatedAt: new Date(),
          },
        });
    }
    return rows.length;
  }

  return { thresholds, putThresholds, refresh, warm, evaluate, exportRows, codes, writeMany };
}
