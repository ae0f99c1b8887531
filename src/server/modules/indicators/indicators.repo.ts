import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import {
  indicatorCounties,
  indicatorRevisions,
  indicators,
  indicatorSettings,
  indicatorValues,
} from './indicators.schema';

/** Queries of the indicators module; each takes the transaction (or database) to run on. */
export type IndicatorRow = typeof indicators.$inferSelect;
export type CountyRow = typeof indicatorCounties.$inferSelect;
export type ValueRow = typeof indicatorValues.$inferSelect;

export function indicatorsOf(tx: Tx, jurisdictionId: string): Promise<IndicatorRow[]> {
  return tx
    .select()
    .from(indicators)
    .where(eq(indicators.jurisdictionId, jurisdictionId))
    .orderBy(asc(indicators.sortOrder), asc(indicators.name));
}

export async function indicatorById(
  tx: Tx,
  jurisdictionId: string,
  id: string,
  forUpdate = false,
): Promise<IndicatorRow | undefined> {
  const q = tx
    .select()
    .from(indicators)
    .where(and(eq(indicators.id, id), eq(indicators.jurisdictionId, jurisdictionId)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export function countiesOf(tx: Tx, jurisdictionId: string): Promise<CountyRow[]> {
  return tx
    .select()
    .from(indicatorCounties)
    .where(eq(indicatorCounties.jurisdictionId, jurisdictionId))
    .orderBy(desc(indicatorCounties.isSelf), asc(indicatorCounties.sortOrder), asc(indicatorCounties.name));
}

/** The jurisdiction's own row among the compared counties, created on first use under the jurisdiction's name. */
export async function ensureSelf(tx: Tx, jurisdictionId: string, name: string): Promise<CountyRow> {
  const [found] = await tx
    .select()
    .from(indicatorCounties)
    .where(and(eq(indicatorCounties.jurisdictionId, jurisdictionId), eq(indicatorCounties.isSelf, true)));
  if (found) return found;
  await tx.insert(indicatorCounties).values({ jurisdictionId, name, isSelf: true }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(indicatorCounties)
    .where(and(eq(indicatorCounties.jurisdictionId, jurisdictionId), eq(indicatorCounties.isSelf, true)));
  return row!;
}

export async function settingsOf(tx: Tx, jurisdictionId: string) {
  const [r] = await tx.select().from(indicatorSettings).where(eq(indicatorSettings.jurisdictionId, jurisdictionId));
  return r;
}

/** Current values of some indicators for one county in some years (the own series). */
export function series(tx: Tx, indicatorIds: string[], countyId: string, years: number[]): Promise<ValueRow[]> {
  if (indicatorIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(indicatorValues)
    .where(
      sql`${indicatorValues.indicatorId} = ANY(${sql.param(indicatorIds)}::uuid[])
        AND ${indicatorValues.countyId} = ${countyId} AND ${indicatorValues.year} = ANY(${sql.param(years)}::int[])
        AND ${indicatorValues.current}`,
    );
}

export interface PeerRow {
  indicatorId: string;
  countyId: string;
  period: string;
  value: number;
  growth: number | null;
}

/** Current values of every county at the given (indicator, period) pairs: the peers around a judged period. */
export function valuesAt(tx: Tx, pairs: { indicatorId: string; period: string }[]): Promise<PeerRow[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  return tx
    .select({
      indicatorId: indicatorValues.indicatorId,
      countyId: indicatorValues.countyId,
      period: indicatorValues.period,
      value: indicatorValues.value,
      growth: indicatorValues.growth,
    })
    .from(indicatorValues)
    .where(
      sql`(${indicatorValues.indicatorId}, ${indicatorValues.period})
        IN (SELECT * FROM unnest(
          ${sql.param(pairs.map((p) => p.indicatorId))}::uuid[],
          ${sql.param(pairs.map((p) => p.period))}::text[]))
        AND ${indicatorValues.current}`,
    );
}

/** The latest year (up to `upTo`) in which any of these indicators has a value for the county. */
export async function latestYear(
  tx: Tx,
  indicatorIds: string[],
  countyId: string,
  upTo: number,
): Promise<number | null> {
  if (indicatorIds.length === 0) return null;
  const r = await tx.execute(
    sql`SELECT max(y) AS y FROM unnest(${sql.param(indicatorIds)}::uuid[]) AS i(id), LATERAL (SELECT year AS y
      FROM indicator_values v WHERE v.indicator_id = i.id AND v.county_id = ${countyId} AND v.current
      AND v.year <= ${upTo} ORDER BY year DESC LIMIT 1) l`,
  );
  const y = (r.rows[0] as { y: number | null } | undefined)?.y;
  return y === null || y === undefined ? null : Number(y);
}

/** Every county's current values of one indicator in some years (the indicator page: ranks at every period). */
export function allCounties(tx: Tx, indicatorId: string, years: number[]): Promise<ValueRow[]> {
  return tx
    .select()
    .from(indicatorValues)
    .where(
      sql`${indicatorValues.indicatorId} = ${indicatorId}
        AND ${indicatorValues.year} = ANY(${sql.param(years)}::int[]) AND ${indicatorValues.current}`,
    );
}

export function history(
  tx: Tx,
  indicatorId: string,
  q: { year?: number; countyId?: string; all: boolean },
): Promise<ValueRow[]> {
  return tx
    .select()
    .from(indicatorValues)
    .where(
      and(
        eq(indicatorValues.indicatorId, indicatorId),
        q.year ? eq(indicatorValues.year, q.year) : undefined,
        q.countyId ? eq(indicatorValues.countyId, q.countyId) : undefined,
        q.all ? undefined : eq(indicatorValues.current, true),
      ),
    )
    .orderBy(
      desc(indicatorValues.year),
      desc(indicatorValues.periodIndex),
      asc(indicatorValues.countyId),
      desc(indicatorValues.version),
    );
}

/** The current rows at these keys, locked: a new version replaces them in the same transaction. */
export function currentForUpdate(
  tx: Tx,
  keys: { indicatorId: string; countyId: string; period: string }[],
): Promise<ValueRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(indicatorValues)
    .where(
      sql`(${indicatorValues.indicatorId}, ${indicatorValues.countyId}, ${indicatorValues.period})
        IN (SELECT * FROM unnest(
          ${sql.param(keys.map((k) => k.indicatorId))}::uuid[],
          ${sql.param(keys.map((k) => k.countyId))}::uuid[],
          ${sql.param(keys.map((k) => k.period))}::text[]))
        AND ${indicatorValues.current}`,
    )
    .for('update');
}

/** Writes new versions: the rows they replace stop being current (kept, never deleted). */
export async function writeVersions(
  tx: Tx,
  rows: (typeof indicatorValues.$inferInsert)[],
  replacedIds: string[],
): Promise<ValueRow[]> {
  for (let i = 0; i < replacedIds.length; i += 5000) {
    await tx
      .update(indicatorValues)
      .set({ current: false })
      .where(sql`${indicatorValues.id} = ANY(${sql.param(replacedIds.slice(i, i + 5000))}::uuid[])`);
  }
  const out: ValueRow[] = [];
  for (let i = 0; i < rows.length; i += 1000)
    out.push(
      ...(await tx
        .insert(indicatorValues)
        .values(rows.slice(i, i + 1000))
        .returning()),
    );
  return out;
}

/** Raised in every transaction that changes what the board shows. */
export async function bumpRevision(tx: Tx, jurisdictionId: string): Promise<void> {
  await tx
    .insert(indicatorRevisions)
    .values({ jurisdictionId, revision: 1 })
    .onConflictDoUpdate({
      target: indicatorRevisions.jurisdictionId,
      set: { revision: sql`${indicatorRevisions.revision} + 1` },
    });
}

/**
 * What a cached read needs to know in one round trip: the revision of the jurisdiction's indicator data and the
 * coordinating unit (which decides the caller's scope).
 */
export async function stampOf(
  tx: Tx,
  jurisdictionId: string,
): Promise<{ revision: number; coordinatorUnitId: string | null }> {
  const r = await tx.execute(
    sql`SELECT (SELECT revision FROM ${indicatorRevisions} WHERE jurisdiction_id = ${jurisdictionId}) AS revision,
      (SELECT coordinator_unit_id FROM ${indicatorSettings} WHERE jurisdiction_id = ${jurisdictionId}) AS coordinator`,
  );
  const row = r.rows[0] as { revision: number | null; coordinator: string | null } | undefined;
  return { revision: Number(row?.revision ?? 0), coordinatorUnitId: row?.coordinator ?? null };
}

export async function revisionOf(tx: Tx, jurisdictionId: string): Promise<number> {
  const [r] = await tx
    .select({ revision: indicatorRevisions.revision })
    .from(indicatorRevisions)
    .where(eq(indicatorRevisions.jurisdictionId, jurisdictionId));
  return r?.revision ?? 0;
}
