import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { coverageFacts } from './liaisons';
import { periodCoverage } from '../../../shared/domain/visits';
import { unitDemandRates } from '../../../shared/domain/demand-figures';
import type { IsoDate } from '../../../shared/domain/dates';
import type { RateKind } from '../../../shared/domain/scoring';

export type EnterpriseFiguresService = ReturnType<typeof createEnterpriseFiguresService>;

/** A unit's share: numerator of denominator. */
export interface UnitRate {
  numerator: number;
  denominator: number;
}

/**
 * The enterprise service's figures for the scoring rules (docs/ENTERPRISES.md, "In the scoring rules"): per unit,
 * over a period as of a day, its 包联 visit coverage (quarter by quarter) and its demands' response, confirmed
 * resolution and satisfaction. Jurisdiction-wide (the league ranks every unit; each caller's rows are cut after).
 */
export function createEnterpriseFiguresService(deps: { db: Db }) {
  const { db } = deps;

  async function unitRates(
    jurisdictionId: string,
    from: IsoDate,
    to: IsoDate,
    asOf: { day: IsoDate; at: Date },
  ): Promise<Map<string, Partial<Record<RateKind, UnitRate>>>> {
    const end = to < asOf.day ? to : asOf.day;
    const out = new Map<string, Partial<Record<RateKind, UnitRate>>>();
    if (from > end) return out;
    const put = (unitId: string, kind: RateKind, r: UnitRate) => out.set(unitId, { ...out.get(unitId), [kind]: r });

    // 包联 by its history (who answered for each enterprise in each quarter), the visits of the period.
    const facts = await coverageFacts(db, jurisdictionId, from, end);
    for (const [u, r] of periodCoverage(facts.periods, facts.visits, from, end)) put(u, 'visitCoverage', r);

    const rows = (
      await db.execute<{
        unit: string;
        state: string;
        rating: string | null;
        first_rating: string | null;
        contact_due_at: string;
        contacted_at: string | null;
        reply_due_at: string;
        first_replied_at: string | null;
        deadline: string;
      }>(sql`SELECT i.assignee_unit_id AS unit, i.state, d.rating, d.first_rating, d.contact_due_at, d.contacted_at,
          d.reply_due_at, d.first_replied_at, i.deadline::text AS deadline
        FROM demands d JOIN supervised_items i ON i.id = d.id
        WHERE d.jurisdiction_id = ${jurisdictionId} AND i.state <> 'draft'
          AND (d.received_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${end}::date`)
    ).rows;
    const ms = (v: string | null) => (v === null ? null : new Date(v).getTime());
    const rates = unitDemandRates(
      rows.map((r) => ({
        unitId: r.unit,
        state: r.state,
        rating: r.rating,
        firstRating: r.first_rating,
        contactDueAt: ms(r.contact_due_at)!,
        contactedAt: ms(r.contacted_at),
        replyDueAt: ms(r.reply_due_at)!,
        firstRepliedAt: ms(r.first_replied_at),
        resolveDue: r.deadline,
      })),
      // A period that has ended is judged at its end; one in course, now.
      end < asOf.day ? new Date(`${end}T23:59:59+08:00`).getTime() : asOf.at.getTime(),
      end < asOf.day ? end : asOf.day,
    );
    for (const [u, r] of rates) {
      put(u, 'demandResponse', r.response);
      put(u, 'demandConfirmed', r.confirmed);
      put(u, 'demandSatisfaction', r.satisfaction);
    }
    return out;
  }

  return { unitRates };
}
