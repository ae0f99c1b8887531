import { and, asc, eq, ilike, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { GENERIC_PLAN, type Db, type Tx } from '../../db/client';
import { hasAnyRole, JURISDICTION_WIDE, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import { enterpriseLiaisons, enterpriseSearchGrams, enterprises } from './enterprises.schema';
import { liaisonHistory, syncLiaison, type LiaisonChange } from './liaisons';
import { todayInShanghai, type IsoDate } from '../../../shared/domain/dates';
import { quarterOf, quarterRange } from '../../../shared/domain/visits';
import { creditCodeProblem, normaliseCreditCode } from '../../../shared/domain/credit-code';
import { DIVISIONS, sectionOfDivision } from '../../../shared/domain/industry';
import type {
  EnterpriseCreate,
  EnterpriseOut,
  EnterprisePatch,
  EnterpriseQuery,
  EnterpriseSummary,
  LiaisonPeriodOut,
} from '../../../shared/enterprises';

type Row = typeof enterprises.$inferSelect;
export type EnterpriseService = ReturnType<typeof createEnterpriseService>;

/**
 * 企业库 (docs/ENTERPRISES.md): the county's enterprises, one per 统一社会信用代码, with their 包联. Who sees what:
 * the office and principals the whole registry; a leader the enterprises he or she 包联 and those 包联 by the units
 * he or she 分管; a unit those it 包联. Other modules (investment chains, visits) read `summaries`, which shows no
 * contacts and no 包联 people, and `get`/`list`, scoped as above.
 */
export function createEnterpriseService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  /** The county's today (tests and the demo set it); the 包联 history dates its changes by it. */
  today?: () => IsoDate;
}) {
  const { db, org } = deps;
  const today = deps.today ?? (() => todayInShanghai());

  /**
   * The day a 包联 change takes effect: today unless given; within this quarter and not after today (a quarter
   * that has ended is not changed afterwards: its coverage and scores stay as they were).
   */
  function sinceOf(given: string | null | undefined): IsoDate {
    const t = today();
    if (!given) return t;
    const from = quarterRange(quarterOf(t)).from;
    if (given > t || given < from)
      throw new AppError('validation', {}, [
        { field: 'body.liaisonSince', code: 'liaison_since_range', params: { from } },
      ]);
    return given;
  }

  const reassignAudit = (actor: Actor, meta: RequestMeta, id: string, change: LiaisonChange) => ({
    ...org.auditAs(actor, meta),
    action: 'enterprise.reassign',
    objectType: 'enterprise',
    objectId: id,
    result: 'success' as const,
    detail: change,
  });

  function visibleWhere(actor: Actor): SQL {
    const base = eq(enterprises.jurisdictionId, actor.jurisdictionId);
    if (hasAnyRole(actor, JURISDICTION_WIDE)) return base;
    const units = [actor.unitId, ...actor.leaderUnitIds];
    const conds: SQL[] = [inArray(enterprises.liaisonUnitId, units)];
    if (hasAnyRole(actor, ['leader', 'principal'])) conds.push(eq(enterprises.liaisonLeaderId, actor.personId));
    return and(base, or(...conds))!;
  }

  const mayWrite = (actor: Actor) => hasAnyRole(actor, ['supervision_office', 'principal']);

  /**
   * A row as the lists show it, read in the row's own statement: the names of its area, 包联 unit and leader (the
   * org service's sub-selects) and its open demands (the item's state is the core's, read as the ledgers do).
   */
  // Named with the table: drizzle names a one-table select's columns bare, ambiguous inside a sub-select.
  const own = (c: AnyColumn) => sql`${enterprises}.${sql.identifier(c.name)}`;
  const SHOWN = {
    e: enterprises,
    areaName: org.unitNameSql(own(enterprises.areaUnitId)),
    liaisonUnitName: org.unitNameSql(own(enterprises.liaisonUnitId)),
    liaisonLeaderName: org.personNameSql(own(enterprises.liaisonLeaderId)),
    openDemands: sql<number>`(SELECT count(*)::int FROM demands d JOIN supervised_items i ON i.id = d.id
      WHERE d.enterprise_id = ${own(enterprises.id)} AND i.state NOT IN ('closed', 'cancelled'))`,
  };
  type Shown = {
    e: Row;
    areaName: string | null;
    liaisonUnitName: string | null;
    liaisonLeaderName: string | null;
    openDemands: number;
  };
  const ORDER = [sql`${enterprises.key} DESC`, asc(enterprises.name), asc(enterprises.id)];

  function out(s: Shown): EnterpriseOut {
    const r = s.e;
    return {
      id: r.id,
      name: r.name,
      creditCode: r.creditCode,
      legalRepresentative: r.legalRepresentative,
      industrySection: r.industrySection,
      industryDivision: r.industryDivision,
      industryName: r.industryDivision ? (DIVISIONS[r.industryDivision] ?? null) : null,
      scale: r.scale as EnterpriseOut['scale'],
      size: r.size as EnterpriseOut['size'],
      areaUnitId: r.areaUnitId,
      areaName: r.areaUnitId ? s.areaName : null,
      address: r.address,
      location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
      contacts: r.contacts as EnterpriseOut['contacts'],
      employees: r.employees,
      foundedOn: r.foundedOn,
      key: r.key,
      liaisonLeaderId: r.liaisonLeaderId,
      liaisonLeaderName: r.liaisonLeaderId ? s.liaisonLeaderName : null,
      liaisonUnitId: r.liaisonUnitId,
      liaisonUnitName: r.liaisonUnitId ? s.liaisonUnitName : null,
      liaisonPerson: r.liaisonPerson,
      confirmed: r.confirmed,
      active: r.active,
      openDemands: s.openDemands,
      version: r.version,
    };
  }

  /** Rows the caller already holds (just written, or read with their checks), as the lists show them. */
  async function present(rows: Row[], tx: Tx = db): Promise<EnterpriseOut[]> {
    if (rows.length === 0) return [];
    const shown = await tx
      .select(SHOWN)
      .from(enterprises)
      .where(sql`${enterprises.id} = ANY(${sql.param(rows.map((r) => r.id))}::uuid[])`);
    const byId = new Map(shown.map((s) => [s.e.id, s]));
    return rows.flatMap((r) => {
      const s = byId.get(r.id);
      return s ? [out(s)] : [];
    });
  }

  function whereOf(actor: Actor, q: Partial<EnterpriseQuery>): SQL {
    const conds: SQL[] = [visibleWhere(actor)];
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const holds = or(
        ilike(enterprises.name, like),
        ilike(enterprises.creditCode, like),
        ilike(enterprises.legalRepresentative, like),
      )!;
      // Two characters or more: the GIN index of the pieces finds the few rows holding them all, ILIKE decides
      // (the same answer as ILIKE alone, which read all of the county's rows: 2.6 ms for 3,000).
      conds.push(
        q.q.length >= 2
          ? and(
              sql`${enterpriseSearchGrams(enterprises)} @> search_grams(${actor.jurisdictionId}::uuid, ${q.q})`,
              holds,
            )!
          : holds,
      );
    }
    if (q.section) conds.push(eq(enterprises.industrySection, q.section));
    if (q.division) conds.push(eq(enterprises.industryDivision, q.division));
    if (q.scale) conds.push(eq(enterprises.scale, q.scale));
    if (q.size) conds.push(eq(enterprises.size, q.size));
    if (q.areaUnitId) conds.push(eq(enterprises.areaUnitId, q.areaUnitId));
    if (q.liaisonLeaderId) conds.push(eq(enterprises.liaisonLeaderId, q.liaisonLeaderId));
    if (q.liaisonUnitId) conds.push(eq(enterprises.liaisonUnitId, q.liaisonUnitId));
    if (q.key !== undefined) conds.push(eq(enterprises.key, q.key));
    if (q.confirmed !== undefined) conds.push(eq(enterprises.confirmed, q.confirmed));
    if (q.mine)
      conds.push(
        hasAnyRole(actor, ['leader', 'principal'])
          ? eq(enterprises.liaisonLeaderId, actor.personId)
          : eq(enterprises.liaisonUnitId, actor.unitId),
      );
    return and(...conds)!;
  }

  /**
   * The registry as the caller sees it, filtered; key enterprises first, then by name. One statement: the page in
   * the registry's order (enterprises_order_idx: read in order, it stops at the page's last row), what its rows show,
   * and the total of the same filter once (an index-only count) — one plan kept per connection, as the filter's
   * shape decides it, not its values (bench/RESULTS.md, issue 18). A page past the end counts apart.
   */
  async function list(actor: Actor, q: EnterpriseQuery) {
    const where = and(whereOf(actor, q), GENERIC_PLAN)!;
    // The page's ids first, then what its rows show: the sub-selects run for the page's rows only, not for the rows
    // an offset skips.
    const page = db
      .select({
        id: enterprises.id,
        total: sql<number>`(SELECT count(*)::int FROM ${enterprises} WHERE ${where})`.as('total'),
      })
      .from(enterprises)
      .where(where)
      .orderBy(...ORDER)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .as('page');
    const found = await db
      .select({ ...SHOWN, total: page.total })
      .from(page)
      .innerJoin(enterprises, eq(enterprises.id, page.id))
      .orderBy(...ORDER);
    const total =
      found[0]?.total ??
      (q.page > 1
        ? ((await db.select({ n: sql<number>`count(*)::int` }).from(enterprises).where(where))[0]?.n ?? 0)
        : 0);
    return { items: found.map(out), total, page: q.page, pageSize: q.pageSize };
  }

  /** Every enterprise the filters select (the export), at most 50,000. */
  async function listAll(actor: Actor, q: Partial<EnterpriseQuery>) {
    const rows = await db
      .select(SHOWN)
      .from(enterprises)
      .where(whereOf(actor, q))
      .orderBy(...ORDER)
      .limit(50_000);
    return rows.map(out);
  }

  async function rawVisible(tx: Tx, actor: Actor, id: string): Promise<Row> {
    const [row] = await tx
      .select()
      .from(enterprises)
      .where(and(eq(enterprises.id, id), visibleWhere(actor)));
    if (!row) throw notFound();
    return row;
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<EnterpriseOut> {
    return (await present([await rawVisible(tx, actor, id)], tx))[0]!;
  }

  /** Enterprises by id as the caller sees them (others are left out): for a chain link, a visit, a demand. */
  async function byIds(actor: Actor, ids: string[], tx: Tx = db): Promise<EnterpriseOut[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .select(SHOWN)
      .from(enterprises)
      .where(and(sql`${enterprises.id} = ANY(${sql.param(ids)}::uuid[])`, visibleWhere(actor)));
    return rows.map(out);
  }

  /**
   * The registry's public-to-staff summary (name, code, industry, size, area, key) of a jurisdiction's active
   * enterprises, by ids and/or by industry (门类, 大类): what an investment chain lists on its links. No contacts, no
   * 包联 people, so it is not scoped beyond the jurisdiction.
   */
  async function summaries(
    jurisdictionId: string,
    f: { ids?: string[]; section?: string; divisions?: string[] },
    tx: Tx = db,
  ): Promise<EnterpriseSummary[]> {
    const conds: SQL[] = [eq(enterprises.jurisdictionId, jurisdictionId), eq(enterprises.active, true)];
    if (f.ids) {
      if (f.ids.length === 0) return [];
      conds.push(inArray(enterprises.id, f.ids));
    }
    if (f.section) conds.push(eq(enterprises.industrySection, f.section));
    if (f.divisions) {
      if (f.divisions.length === 0) return [];
      conds.push(inArray(enterprises.industryDivision, f.divisions));
    }
    const rows = await tx
      .select()
      .from(enterprises)
      .where(and(...conds))
      .orderBy(sql`${enterprises.key} DESC`, asc(enterprises.name));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      creditCode: r.creditCode,
      industrySection: r.industrySection,
      industryDivision: r.industryDivision,
      scale: r.scale as EnterpriseSummary['scale'],
      size: r.size as EnterpriseSummary['size'],
      areaUnitId: r.areaUnitId,
      key: r.key,
    }));
  }

  /** The registered enterprise with this code in the jurisdiction (the public channel recognises its sender). */
  async function findByCreditCode(tx: Tx, jurisdictionId: string, creditCode: string): Promise<Row | undefined> {
    const [row] = await tx
      .select()
      .from(enterprises)
      .where(and(eq(enterprises.jurisdictionId, jurisdictionId), eq(enterprises.creditCode, creditCode)));
    return row;
  }

  /** A code as typed → the canonical code, or the field problem naming what is wrong. */
  function checkCreditCode(raw: string, field: string): { code: string } | { problem: FieldProblem } {
    const code = normaliseCreditCode(raw);
    const p = creditCodeProblem(code);
    if (!p) return { code };
    return { problem: { field, code: `credit_code_${p.problem}`, params: p.expected ? { expected: p.expected } : {} } };
  }

  /** The rules of a record beyond its shape; throws a validation error naming every field at fault. */
  async function check(
    tx: Tx,
    actor: Actor,
    input: EnterpriseCreate,
    selfId: string | null,
  ): Promise<EnterpriseCreate> {
    const problems: FieldProblem[] = [];
    const cc = checkCreditCode(input.creditCode, 'body.creditCode');
    if ('problem' in cc) problems.push(cc.problem);
    else {
      const other = await findByCreditCode(tx, actor.jurisdictionId, cc.code);
      if (other && other.id !== selfId)
        problems.push({ field: 'body.creditCode', code: 'credit_code_taken', params: { name: other.name } });
    }
    let section = input.industrySection ?? null;
    if (input.industryDivision) {
      const of = sectionOfDivision(input.industryDivision);
      if (!of) problems.push({ field: 'body.industryDivision', code: 'invalid_value' });
      else if (section && section !== of)
        problems.push({
          field: 'body.industryDivision',
          code: 'division_not_in_section',
          params: { division: input.industryDivision, section },
        });
      else section = of;
    }
    const units = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u]));
    if (input.areaUnitId) {
      const u = units.get(input.areaUnitId);
      if (!u) problems.push({ field: 'body.areaUnitId', code: 'unknown_reference' });
      else if (u.kind !== 'township' && u.kind !== 'park')
        problems.push({ field: 'body.areaUnitId', code: 'not_township_or_park' });
    }
    if (input.liaisonUnitId && !units.get(input.liaisonUnitId)?.active)
      problems.push({ field: 'body.liaisonUnitId', code: 'unknown_reference' });
    if (input.liaisonLeaderId) {
      const p = await org.accountById(input.liaisonLeaderId, tx);
      if (
        !p ||
        p.jurisdictionId !== actor.jurisdictionId ||
        !p.active ||
        !p.roles.some((r) => r === 'leader' || r === 'principal')
      )
        problems.push({ field: 'body.liaisonLeaderId', code: 'not_a_leader' });
    }
    if (input.key && !input.liaisonLeaderId)
      problems.push({ field: 'body.liaisonLeaderId', code: 'liaison_leader_required' });
    if (!input.key && !input.liaisonUnitId && !input.liaisonLeaderId)
      problems.push({ field: 'body.liaisonUnitId', code: 'liaison_unit_required' });
    if (problems.length) throw new AppError('validation', {}, problems);
    return { ...input, creditCode: 'code' in cc ? cc.code : input.creditCode, industrySection: section };
  }

  const values = (input: EnterpriseCreate) => ({
    name: input.name,
    creditCode: input.creditCode,
    legalRepresentative: input.legalRepresentative ?? null,
    industrySection: input.industrySection ?? null,
    industryDivision: input.industryDivision ?? null,
    scale: input.scale ?? null,
    size: input.size ?? null,
    areaUnitId: input.areaUnitId ?? null,
    address: input.address ?? null,
    lng: input.location?.lng ?? null,
    lat: input.location?.lat ?? null,
    contacts: input.contacts ?? [],
    employees: input.employees ?? null,
    foundedOn: input.foundedOn ?? null,
    key: input.key ?? false,
    liaisonLeaderId: input.liaisonLeaderId ?? null,
    liaisonUnitId: input.liaisonUnitId ?? null,
    liaisonPerson: input.liaisonPerson ?? null,
  });

  async function create(actor: Actor, input: EnterpriseCreate, meta: RequestMeta, outer?: Tx): Promise<EnterpriseOut> {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    const run = async (tx: Tx) => {
      const ok = await check(tx, actor, input, null);
      const [row] = await tx
        .insert(enterprises)
        .values({ ...values(ok), jurisdictionId: actor.jurisdictionId, createdBy: actor.personId })
        .onConflictDoNothing()
        .returning();
      // Two offices registering the same code at once: the second is told, as the check would have.
      if (!row)
        throw new AppError('validation', {}, [
          { field: 'body.creditCode', code: 'credit_code_taken', params: { name: ok.name } },
        ]);
      const change = await syncLiaison(tx, row, actor.personId, sinceOf(input.liaisonSince));
      await deps.audit.record(
        [
          {
            ...org.auditAs(actor, meta),
            action: 'enterprise.create',
            objectType: 'enterprise',
            objectId: row.id,
            result: 'success',
            detail: { after: ok },
          },
          ...(change ? [reassignAudit(actor, meta, row.id, change)] : []),
        ],
        tx,
      );
      return (await present([row], tx))[0]!;
    };
    return outer ? run(outer) : db.transaction(run);
  }

  async function patch(
    actor: Actor,
    id: string,
    version: number,
    input: EnterprisePatch,
    meta: RequestMeta,
    outer?: Tx,
  ): Promise<EnterpriseOut> {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    const run = async (tx: Tx) => {
      const before = await rawVisible(tx, actor, id);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      const { confirmed, active, liaisonSince, ...fields } = input;
      const merged: EnterpriseCreate = {
        name: before.name,
        creditCode: before.creditCode,
        legalRepresentative: before.legalRepresentative,
        industrySection: before.industrySection,
        industryDivision: before.industryDivision,
        scale: before.scale as EnterpriseCreate['scale'],
        size: before.size as EnterpriseCreate['size'],
        areaUnitId: before.areaUnitId,
        address: before.address,
        location: before.lng !== null && before.lat !== null ? { lng: before.lng, lat: before.lat } : null,
        contacts: before.contacts as EnterpriseCreate['contacts'],
        employees: before.employees,
        foundedOn: before.foundedOn,
        key: before.key,
        liaisonLeaderId: before.liaisonLeaderId,
        liaisonUnitId: before.liaisonUnitId,
        liaisonPerson: before.liaisonPerson,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      };
      // A section changed without a division: the old division may no longer belong to it.
      if (fields.industrySection && fields.industryDivision === undefined) merged.industryDivision = null;
      const ok = await check(tx, actor, merged, id);
      const [row] = await tx
        .update(enterprises)
        .set({
          ...values(ok),
          ...(confirmed ? { confirmed: true } : {}),
          ...(active !== undefined ? { active } : {}),
          version: sql`${enterprises.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(enterprises.id, id), eq(enterprises.version, version)))
        .returning();
      if (!row) throw new AppError('version_conflict', { current: version + 1 }, [], { currentVersion: version + 1 });
      // A changed 包联 (or a deactivation, a confirmation) ends the open period and starts the next, in this transaction.
      const change = await syncLiaison(tx, row, actor.personId, sinceOf(liaisonSince));
      await deps.audit.record(
        [
          {
            ...org.auditAs(actor, meta),
            action: 'enterprise.update',
            objectType: 'enterprise',
            objectId: id,
            result: 'success',
            detail: { patch: input },
          },
          ...(change ? [reassignAudit(actor, meta, id, change)] : []),
        ],
        tx,
      );
      return (await present([row], tx))[0]!;
    };
    return outer ? run(outer) : db.transaction(run);
  }

  /**
   * An enterprise not yet in the registry writes in through its own channel: received as a record for the office
   * to confirm (no 包联 yet), with the name and contact it gave.
   */
  async function receiveUnconfirmed(
    tx: Tx,
    jurisdictionId: string,
    input: { name: string; creditCode: string; contactName: string; contactMobile: string },
  ): Promise<Row> {
    await tx
      .insert(enterprises)
      .values({
        jurisdictionId,
        name: input.name,
        creditCode: input.creditCode,
        contacts: [{ name: input.contactName, title: null, mobile: input.contactMobile }],
        confirmed: false,
      })
      .onConflictDoNothing();
    return (await findByCreditCode(tx, jurisdictionId, input.creditCode))!;
  }

  /** Registered codes of the jurisdiction, for an import to recognise the rows it repeats. */
  async function knownCodes(actor: Actor) {
    const rows = await db
      .select({
        id: enterprises.id,
        name: enterprises.name,
        version: enterprises.version,
        code: enterprises.creditCode,
      })
      .from(enterprises)
      .where(eq(enterprises.jurisdictionId, actor.jurisdictionId));
    return new Map(rows.map((r) => [r.code, { id: r.id, name: r.name, version: r.version }]));
  }

  /** Many at once (an import's commit), in the caller's transaction; rows are already checked. */
  async function createMany(tx: Tx, actor: Actor, inputs: EnterpriseCreate[]): Promise<number> {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    let n = 0;
    for (let i = 0; i < inputs.length; i += 1000) {
      const rows = await tx
        .insert(enterprises)
        .values(
          inputs
            .slice(i, i + 1000)
            .map((x) => ({ ...values(x), jurisdictionId: actor.jurisdictionId, createdBy: actor.personId })),
        )
        .onConflictDoNothing()
        .returning();
      n += rows.length;
      // Each new enterprise's 包联 holds from today (the import's day).
      const periods = rows
        .filter((r) => r.active && r.confirmed && (r.liaisonLeaderId || r.liaisonUnitId))
        .map((r) => ({
          jurisdictionId: r.jurisdictionId,
          enterpriseId: r.id,
          leaderId: r.liaisonLeaderId,
          unitId: r.liaisonUnitId,
          person: r.liaisonPerson,
          fromOn: today(),
          createdBy: actor.personId,
        }));
      if (periods.length) await tx.insert(enterpriseLiaisons).values(periods);
    }
    return n;
  }

  /** An import row repeating a registered enterprise, asked to update it: its fields as the sheet has them. */
  async function updateFromImport(tx: Tx, actor: Actor, id: string, input: EnterpriseCreate) {
    const [row] = await tx
      .update(enterprises)
      .set({ ...values(input), version: sql`${enterprises.version} + 1`, updatedAt: new Date() })
      .where(and(eq(enterprises.id, id), eq(enterprises.jurisdictionId, actor.jurisdictionId)))
      .returning();
    if (row) await syncLiaison(tx, row, actor.personId, today());
  }

  /** An enterprise's 包联 history as the caller may see the enterprise (404 otherwise), newest first. */
  async function liaisons(actor: Actor, id: string): Promise<LiaisonPeriodOut[]> {
    await rawVisible(db, actor, id);
    const rows = await liaisonHistory(db, id);
    const units = await org.unitNames(actor.jurisdictionId);
    const leaders = rows.map((r) => r.leaderId).filter((x): x is string => !!x);
    const names = leaders.length ? await org.displayNames(leaders) : new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      leaderId: r.leaderId,
      leaderName: r.leaderId ? (names.get(r.leaderId) ?? null) : null,
      unitId: r.unitId,
      unitName: r.unitId ? (units.get(r.unitId)?.name ?? null) : null,
      person: r.person,
      from: r.fromOn,
      until: r.untilOn,
      current: r.untilOn === null,
    }));
  }

  return {
    list,
    listAll,
    get,
    byIds,
    summaries,
    findByCreditCode,
    checkCreditCode,
    create,
    patch,
    receiveUnconfirmed,
    knownCodes,
    createMany,
    updateFromImport,
    liaisons,
    visibleWhere,
  };
}
