import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, JURISDICTION_WIDE, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { EnterpriseService } from './enterprises.service';
import type { DemandService } from './demands.service';
import { demands, enterprises, visitEnterprises, visits } from './enterprises.schema';
import { fromLocalTime, toLocalTime } from '../../../shared/domain/demands';
import { monthsBefore, quarterCoverage, quarterOf, quarterRange, unvisitedSince } from '../../../shared/domain/visits';
import { coverageFacts } from './liaisons';
import type { IsoDate } from '../../../shared/domain/dates';
import type { CoverageOut, VisitCreate, VisitOut, VisitQuery } from '../../../shared/enterprises';

type VisitRow = typeof visits.$inferSelect;
export type VisitService = ReturnType<typeof createVisitService>;

export const COVERAGE_DEFINITION =
  '走访覆盖率 = 本季度该领导（单位）本人参加的走访所见到的其包联企业数 ÷ 本季度由其包联的企业数；他人走访不计入。季度内包联有调整的，由本季度包联天数最多（不少于 30 天）的领导（单位）负责，天数相同的归后任；当前包联视为延续到季度末。';

/**
 * 走访 (docs/ENTERPRISES.md, "Visits"): 大走访、早餐会、政企座谈、现场办公 with the leaders and units present, the
 * enterprises met, what was discussed and the demands raised (created on the core with the visit, in one step).
 * Who sees what: the office and principals all visits; a leader those he or she attended and those of the units
 * he or she 分管; a unit those it attended. Coverage counts a leader's (unit's) own visits to its 包联 enterprises.
 */
export function createVisitService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  enterprises: EnterpriseService;
  demands: DemandService;
  today: () => IsoDate;
}) {
  const { db, org } = deps;

  function visibleWhere(actor: Actor): SQL {
    const base = eq(visits.jurisdictionId, actor.jurisdictionId);
    if (hasAnyRole(actor, JURISDICTION_WIDE)) return base;
    const units = [actor.unitId, ...actor.leaderUnitIds];
    return and(
      base,
      sql`(${actor.personId}::uuid = ANY(${visits.leaderIds}) OR ${visits.unitIds} && ${sql.param(units)}::uuid[])`,
    )!;
  }

  async function personNames(ids: string[], tx: Tx): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) out.set(id, (await org.accountById(id, tx))?.displayName ?? '');
    return out;
  }

  async function present(actor: Actor, rows: VisitRow[], tx: Tx = db): Promise<VisitOut[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const unitName = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u.shortName ?? u.name]));
    const people = await personNames(
      rows.flatMap((r) => r.leaderIds),
      tx,
    );
    const met = await tx
      .select({ visitId: visitEnterprises.visitId, id: enterprises.id, name: enterprises.name })
      .from(visitEnterprises)
      .innerJoin(enterprises, eq(enterprises.id, visitEnterprises.enterpriseId))
      .where(inArray(visitEnterprises.visitId, ids));
    const raised = await tx
      .select({
        visitId: demands.visitId,
        id: demands.id,
        trackingCode: demands.trackingCode,
        enterpriseId: demands.enterpriseId,
        category: demands.category,
        text: demands.text,
      })
      .from(demands)
      .where(inArray(demands.visitId, ids));
    return rows.map((r) => ({
      id: r.id,
      on: r.on,
      kind: r.kind as VisitOut['kind'],
      title: r.title,
      place: r.place,
      leaders: r.leaderIds.map((id) => ({ id, name: people.get(id) ?? '' })),
      units: r.unitIds.map((id) => ({ id, name: unitName.get(id) ?? '' })),
      enterprises: met.filter((m) => m.visitId === r.id).map(({ id, name }) => ({ id, name })),
      discussed: r.discussed,
      demands: raised
        .filter((d) => d.visitId === r.id)
        .map(({ visitId: _v, ...d }) => ({ ...d, category: d.category as VisitOut['demands'][number]['category'] })),
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async function list(actor: Actor, q: VisitQuery) {
    const conds: SQL[] = [visibleWhere(actor)];
    if (q.from) conds.push(sql`${visits.on} >= ${q.from}`);
    if (q.to) conds.push(sql`${visits.on} <= ${q.to}`);
    if (q.kind) conds.push(eq(visits.kind, q.kind));
    if (q.leaderId) conds.push(sql`${q.leaderId}::uuid = ANY(${visits.leaderIds})`);
    if (q.unitId) conds.push(sql`${q.unitId}::uuid = ANY(${visits.unitIds})`);
    if (q.enterpriseId)
      conds.push(
        sql`EXISTS (SELECT 1 FROM visit_enterprises ve WHERE ve.visit_id = ${visits.id} AND ve.enterprise_id = ${q.enterpriseId})`,
      );
    const where = and(...conds)!;
    const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(visits).where(where)) as [
      { total: number },
    ];
    const rows = await db
      .select()
      .from(visits)
      .where(where)
      .orderBy(desc(visits.on), desc(visits.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { items: await present(actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async function get(actor: Actor, id: string): Promise<VisitOut> {
    const [row] = await db
      .select()
      .from(visits)
      .where(and(eq(visits.id, id), visibleWhere(actor)));
    if (!row) throw notFound();
    return (await present(actor, [row]))[0]!;
  }

  /**
   * Records a visit and, in the same transaction, the demands raised on it. A leader recording is among the
   * leaders present, a unit among the units; the enterprises are the jurisdiction's (a leader may meet one he or
   * she does not 包联); each demand's enterprise must be one the visit met.
   */
  async function create(actor: Actor, input: VisitCreate, meta: RequestMeta): Promise<VisitOut> {
    const problems: FieldProblem[] = [];
    if (input.on > deps.today()) problems.push({ field: 'body.on', code: 'visit_in_future' });
    const leaderIds = [...new Set(input.leaderIds)];
    const unitIds = [...new Set(input.unitIds)];
    if (
      hasAnyRole(actor, ['leader']) &&
      !hasAnyRole(actor, ['supervision_office']) &&
      !leaderIds.includes(actor.personId)
    )
      leaderIds.push(actor.personId);
    if (
      hasAnyRole(actor, ['unit_admin', 'unit_clerk']) &&
      !hasAnyRole(actor, ['supervision_office']) &&
      !unitIds.includes(actor.unitId)
    )
      unitIds.push(actor.unitId);
    return db.transaction(async (tx) => {
      const active = await org.activeUnitIds(actor, tx);
      for (const [i, u] of unitIds.entries())
        if (!active.has(u)) problems.push({ field: `body.unitIds.${i}`, code: 'unknown_reference' });
      for (const [i, id] of leaderIds.entries()) {
        const p = await org.accountById(id, tx);
        if (
          !p ||
          p.jurisdictionId !== actor.jurisdictionId ||
          !p.active ||
          !p.roles.some((r) => r === 'leader' || r === 'principal')
        )
          problems.push({ field: `body.leaderIds.${i}`, code: 'not_a_leader' });
      }
      const enterpriseIds = [...new Set(input.enterpriseIds)];
      const found = await tx
        .select()
        .from(enterprises)
        .where(and(eq(enterprises.jurisdictionId, actor.jurisdictionId), inArray(enterprises.id, enterpriseIds)));
      const byId = new Map(found.map((e) => [e.id, e]));
      enterpriseIds.forEach((id, i) => {
        if (!byId.has(id)) problems.push({ field: `body.enterpriseIds.${i}`, code: 'unknown_reference' });
      });
      input.demands.forEach((d, i) => {
        if (!enterpriseIds.includes(d.enterpriseId))
          problems.push({ field: `body.demands.${i}.enterpriseId`, code: 'not_met_on_visit' });
      });
      if (leaderIds.length === 0 && unitIds.length === 0)
        problems.push({ field: 'body.unitIds', code: 'visit_needs_someone' });
      if (problems.length) throw new AppError('validation', {}, problems);
      const [row] = await tx
        .insert(visits)
        .values({
          jurisdictionId: actor.jurisdictionId,
          on: input.on,
          kind: input.kind,
          title: input.title ?? null,
          place: input.place ?? null,
          leaderIds,
          unitIds,
          discussed: input.discussed,
          createdBy: actor.personId,
        })
        .returning();
      await tx
        .insert(visitEnterprises)
        .values(enterpriseIds.map((enterpriseId) => ({ visitId: row!.id, enterpriseId, on: input.on })));
      // Received now when the visit is recorded the same day; a visit recorded afterwards dates its demands to the
      // visit's day (its end of office hours), so the clock does not start later than the enterprise asked.
      const nowAt = deps.demands.now();
      const receivedAt = toLocalTime(nowAt).slice(0, 10) === input.on ? nowAt : fromLocalTime(`${input.on}T17:30`);
      const created = await deps.demands.fromVisit(
        tx,
        actor,
        row!.id,
        receivedAt,
        input.demands.map((d) => {
          const e = byId.get(d.enterpriseId)!;
          return {
            enterprise: {
              id: e.id,
              name: e.name,
              liaisonUnitId: e.confirmed && e.active ? e.liaisonUnitId : null,
              liaisonLeaderId: e.liaisonLeaderId,
              contacts: e.contacts as { name: string; mobile?: string | null }[],
            },
            category: d.category,
            text: d.text,
            handlingUnitId: d.handlingUnitId ?? null,
          };
        }),
        meta,
      );
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'visit.create',
          objectType: 'visit',
          objectId: row!.id,
          result: 'success',
          detail: { ...input, leaderIds, unitIds, demandIds: created.map((c) => c.id) },
        },
        tx,
      );
      return (await present(actor, [row!], tx))[0]!;
    });
  }

  /**
   * Coverage of a quarter (default this one): per 包联 leader and unit, the share of its 包联 enterprises it met
   * itself. The office and principals see every row; a leader his or her own and the units he or she 分管; a unit
   * its own.
   */
  async function coverageOf(actor: Actor, quarter?: string): Promise<CoverageOut> {
    const q = quarter ?? quarterOf(deps.today());
    const { from, to } = quarterRange(q);
    const facts = await coverageFacts(db, actor.jurisdictionId, from, to);
    const c = quarterCoverage(facts.periods, facts.visits, q);
    const wide = hasAnyRole(actor, JURISDICTION_WIDE);
    const myUnits = new Set([actor.unitId, ...actor.leaderUnitIds]);
    const leaders = c.leaders.filter((r) => wide || r.id === actor.personId);
    const units = c.units.filter((r) => wide || myUnits.has(r.id));
    const people = await personNames(
      leaders.map((r) => r.id),
      db,
    );
    const unitName = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    return {
      quarter: q,
      from,
      to,
      definition: COVERAGE_DEFINITION,
      leaders: leaders.map((r) => ({ ...r, name: people.get(r.id) ?? '' })),
      units: units.map((r) => ({ ...r, name: unitName.get(r.id) ?? '' })),
      county: c.county,
    };
  }

  /** The caller's enterprises (as the registry scopes them) no one has visited for `months` months. */
  async function unvisited(actor: Actor, q: { months: number; page: number; pageSize: number }) {
    const since = monthsBefore(deps.today(), q.months);
    const rows = await db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        key: enterprises.key,
        liaisonLeaderId: enterprises.liaisonLeaderId,
        liaisonUnitId: enterprises.liaisonUnitId,
        last: sql<
          string | null
        >`(SELECT max(ve.on)::text FROM visit_enterprises ve WHERE ve.enterprise_id = ${enterprises.id})`,
      })
      .from(enterprises)
      .where(and(deps.enterprises.visibleWhere(actor), eq(enterprises.active, true), eq(enterprises.confirmed, true)));
    const last = new Map(rows.filter((r) => r.last).map((r) => [r.id, r.last!]));
    const all = unvisitedSince(rows, last, since);
    const page = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const people = await personNames(
      page.map((r) => r.liaisonLeaderId).filter((x): x is string => !!x),
      db,
    );
    const unitName = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    return {
      since,
      total: all.length,
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        key: r.key,
        liaisonLeaderName: r.liaisonLeaderId ? (people.get(r.liaisonLeaderId) ?? null) : null,
        liaisonUnitName: r.liaisonUnitId ? (unitName.get(r.liaisonUnitId) ?? null) : null,
        lastVisitOn: r.lastVisitOn,
      })),
    };
  }

  return { list, get, create, coverage: coverageOf, unvisited };
}
