import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import { enterprises, muRecords, muSettings } from './enterprises.schema';
import {
  areaSummary,
  DEFAULT_MU_THRESHOLDS,
  evaluateMu,
  MU_CLASSES,
  MuThresholds,
  type MuClass,
} from '../../../shared/domain/mu';
import type { MuOut } from '../../../shared/enterprises';
import type { MuImportInput } from './mu.import';

export type MuService = ReturnType<typeof createMuService>;

export const MU_DEFINITION =
  '亩均税收 = 税收实际入库（万元）÷ 用地面积（亩）；亩均产出 = 产值或营业收入（万元）÷ 用地面积（亩）。达到某类两项下限的最高一类为其分类（A 优先发展、B 提升发展、C 调整转型、D 整治提升）；两项均无或用地为零的不分类。行业另设标准的按行业标准（大类优先于门类）。';

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
    return t;
  }

  /** The whole evaluation of a year (every enterprise with a record), filtered for the answer only. */
  async function evaluate(
    actor: Actor,
    q: { year: number; areaUnitId?: string; muClass?: MuClass },
    jurisdictionId = actor.jurisdictionId,
  ): Promise<MuOut> {
    const t = await thresholds(jurisdictionId);
    const rows = await db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        industrySection: enterprises.industrySection,
        industryDivision: enterprises.industryDivision,
        areaUnitId: enterprises.areaUnitId,
        landMu: muRecords.landMu,
        idleLandMu: muRecords.idleLandMu,
        tax: muRecords.tax,
        output: muRecords.output,
        energy: muRecords.energy,
        employees: muRecords.employees,
      })
      .from(muRecords)
      .innerJoin(enterprises, eq(enterprises.id, muRecords.enterpriseId))
      .where(and(eq(muRecords.jurisdictionId, jurisdictionId), eq(muRecords.year, q.year)));
    const ranked = evaluateMu(rows, t);
    const areaName = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const out = ranked.map((r) => ({
      enterpriseId: r.item.id,
      enterpriseName: r.item.name,
      industrySection: r.item.industrySection,
      industryDivision: r.item.industryDivision,
      areaUnitId: r.item.areaUnitId,
      areaName: r.item.areaUnitId ? (areaName.get(r.item.areaUnitId) ?? null) : null,
      landMu: r.item.landMu,
      idleLandMu: r.item.idleLandMu,
      tax: r.item.tax,
      output: r.item.output,
      energy: r.item.energy,
      employees: r.item.employees,
      ...r.figures,
      countyRank: r.countyRank,
      areaRank: r.areaRank,
    }));
    const counts = Object.fromEntries(MU_CLASSES.map((c) => [c, out.filter((r) => r.muClass === c).length])) as Record<
      MuClass,
      number
    >;
    return {
      year: q.year,
      definition: MU_DEFINITION,
      thresholds: t,
      counts,
      items: out.filter(
        (r) => (!q.areaUnitId || r.areaUnitId === q.areaUnitId) && (!q.muClass || r.muClass === q.muClass),
      ),
      areas: areaSummary(ranked).map((a) => ({
        ...a,
        areaName: a.areaUnitId ? (areaName.get(a.areaUnitId) ?? null) : null,
      })),
      idleD: out.filter((r) => r.muClass === 'D' && (r.idleLandMu ?? 0) > 0),
    };
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

  return { thresholds, putThresholds, evaluate, codes, writeMany };
}
