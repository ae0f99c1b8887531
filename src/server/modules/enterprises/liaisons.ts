import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { AppError } from '../../http/errors';
import { enterpriseLiaisons, visits } from './enterprises.schema';
import { quarterOf, quarterRange, type CoverageVisit } from '../../../shared/domain/visits';
import type { LiaisonPeriod } from '../../../shared/domain/liaisons';
import type { IsoDate } from '../../../shared/domain/dates';

/**
 * 包联 history (docs/ENTERPRISES.md, "包联 and its history"): the periods an enterprise was assigned, kept beside
 * the registry row (whose `liaison_*` columns are the open period's), and the one read coverage is computed from —
 * the visits page, the cockpit and the scoring rules all call `coverageFacts`.
 */

type LiaisonRow = typeof enterpriseLiaisons.$inferSelect;

/** What the registry row says of its 包联 now. */
export interface LiaisonState {
  id: string;
  jurisdictionId: string;
  active: boolean;
  confirmed: boolean;
  liaisonLeaderId: string | null;
  liaisonUnitId: string | null;
  liaisonPerson: string | null;
}

export interface LiaisonChange {
  since: IsoDate;
  ended: { id: string; leaderId: string | null; unitId: string | null; person: string | null; from: IsoDate } | null;
  started: { id: string; leaderId: string | null; unitId: string | null; person: string | null } | null;
}

/**
 * Brings the history in line with the registry row, in the writer's transaction: when the assignment that holds
 * (an active, confirmed enterprise's leader, unit and person) differs from the open period, the open period ends
 * on `since` and the new one starts that day. Nothing changes when they agree. A `since` before the open period
 * began is refused, naming the field. Returns the change made (for the audit), or null.
 */
export async function syncLiaison(
  tx: Tx,
  row: LiaisonState,
  by: string | null,
  since: IsoDate,
  field = 'body.liaisonSince',
): Promise<LiaisonChange | null> {
  const want =
    row.active && row.confirmed && (row.liaisonLeaderId || row.liaisonUnitId)
      ? { leaderId: row.liaisonLeaderId, unitId: row.liaisonUnitId, person: row.liaisonPerson }
      : null;
  const [open] = await tx
    .select()
    .from(enterpriseLiaisons)
    .where(and(eq(enterpriseLiaisons.enterpriseId, row.id), isNull(enterpriseLiaisons.untilOn)))
    .for('update');
  if (
    open &&
    want &&
    open.leaderId === want.leaderId &&
    open.unitId === want.unitId &&
    (open.person ?? null) === (want.person ?? null)
  )
    return null;
  if (!open && !want) return null;
  if (open && since < open.fromOn)
    throw new AppError('validation', {}, [{ field, code: 'liaison_since_early', params: { from: open.fromOn } }]);
  if (open)
    await tx.update(enterpriseLiaisons).set({ untilOn: since, endedBy: by }).where(eq(enterpriseLiaisons.id, open.id));
  let started: LiaisonRow | undefined;
  if (want)
    [started] = await tx
      .insert(enterpriseLiaisons)
      .values({ jurisdictionId: row.jurisdictionId, enterpriseId: row.id, ...want, fromOn: since, createdBy: by })
      .returning();
  return {
    since,
    ended: open
      ? { id: open.id, leaderId: open.leaderId, unitId: open.unitId, person: open.person, from: open.fromOn }
      : null,
    started: started
      ? { id: started.id, leaderId: started.leaderId, unitId: started.unitId, person: started.person }
      : null,
  };
}

/** An enterprise's periods, newest first. */
export async function liaisonHistory(db: Db | Tx, enterpriseId: string): Promise<LiaisonRow[]> {
  return db
    .select()
    .from(enterpriseLiaisons)
    .where(eq(enterpriseLiaisons.enterpriseId, enterpriseId))
    .orderBy(
      sql`${enterpriseLiaisons.fromOn} DESC`,
      sql`${enterpriseLiaisons.untilOn} DESC NULLS FIRST`,
      asc(enterpriseLiaisons.createdAt),
    );
}

/**
 * The one read coverage is computed from: the 包联 periods that overlap the quarters `from`…`to` touches (whole
 * quarters, since who answers for a quarter is decided on all of it) and the visits between `from` and `to`, with
 * the enterprises each met. `quarterCoverage` and `periodCoverage` (src/shared/domain/visits.ts) take it from here.
 */
export async function coverageFacts(
  db: Db | Tx,
  jurisdictionId: string,
  from: IsoDate,
  to: IsoDate,
): Promise<{ periods: LiaisonPeriod[]; visits: CoverageVisit[] }> {
  const qFrom = quarterRange(quarterOf(from)).from;
  const qTo = quarterRange(quarterOf(to)).to;
  const periods = await db
    .select({
      enterpriseId: enterpriseLiaisons.enterpriseId,
      leaderId: enterpriseLiaisons.leaderId,
      unitId: enterpriseLiaisons.unitId,
      from: enterpriseLiaisons.fromOn,
      until: enterpriseLiaisons.untilOn,
    })
    .from(enterpriseLiaisons)
    .where(
      and(
        eq(enterpriseLiaisons.jurisdictionId, jurisdictionId),
        sql`${enterpriseLiaisons.fromOn} <= ${qTo}`,
        sql`(${enterpriseLiaisons.untilOn} IS NULL OR ${enterpriseLiaisons.untilOn} > ${qFrom})`,
        sql`(${enterpriseLiaisons.untilOn} IS NULL OR ${enterpriseLiaisons.untilOn} > ${enterpriseLiaisons.fromOn})`,
      ),
    );
  const vs = await db
    .select({
      on: visits.on,
      leaderIds: visits.leaderIds,
      unitIds: visits.unitIds,
      enterpriseIds: sql<
        string[]
      >`array(SELECT ve.enterprise_id FROM visit_enterprises ve WHERE ve.visit_id = ${visits.id})`,
    })
    .from(visits)
    .where(and(eq(visits.jurisdictionId, jurisdictionId), sql`${visits.on} BETWEEN ${from} AND ${to}`));
  return { periods, visits: vs };
}
