import { and, count, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditActor, hasAnyRole, visibleUnitIds, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { NotificationService } from '../notifications/notifications.service';
import type { OrgService } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import { accountabilityCases, accountabilitySettings, accountabilityTolerance } from './accountability.schema';
import type {
  AccountabilitySettings,
  CaseDecideIn,
  CaseOpenIn,
  CaseOut,
  CaseQuery,
  ToleranceDecideIn,
  ToleranceIn,
} from '../../../shared/accountability';
import {
  CASE_STATE_LABELS,
  caseActions,
  caseNumber,
  DEFAULT_MEASURES,
  DEFAULT_TOLERANCE_CONDITIONS,
  evidenceOf,
  maySeeCase,
  seesAllCases,
  TOLERATED_LABEL,
  type CaseState,
  type EvidenceFact,
  type ToleranceState,
} from '../../../shared/domain/accountability';
import { todayInShanghai, type IsoDate } from '../../../shared/domain/dates';

export type AccountabilityService = ReturnType<typeof createAccountabilityService>;

type CaseRow = typeof accountabilityCases.$inferSelect;
type ToleranceRow = typeof accountabilityTolerance.$inferSelect;
type Meta = { ip?: string; requestId?: string };

/** The evidence kept on a case: the items as they were when it was opened, and their facts. */
interface StoredEvidence {
  items: { id: string; kind: string; title: string; deadline: string; unitId: string }[];
  facts: (EvidenceFact & { itemTitle: string })[];
}

const day = (at: string | Date) => todayInShanghai(new Date(at));

/**
 * 问责与容错: cases opened by the supervision office on the evidence of the record, 容错 requests filed by the
 * people concerned, decisions with reasons, every step audited. Seen only by the office, the principals, the
 * people a case names and, for a case against a unit, its head (src/shared/domain/accountability.ts).
 */
export function createAccountabilityService(deps: {
  db: Db;
  audit: AuditService;
  org: Pick<OrgService, 'listUnits' | 'accountById' | 'peopleInUnits' | 'peopleWithRole'>;
  supervision: Pick<SupervisionService, 'getItem' | 'events' | 'reports' | 'today'>;
  notifications: Pick<NotificationService, 'notify'>;
}) {
  const { db } = deps;
  const today = () => deps.supervision.today();

  // ---------- settings: the measures and the 容错 conditions ----------
  async function settings(jurisdictionId: string, tx: Tx = db) {
    const [r] = await tx
      .select()
      .from(accountabilitySettings)
      .where(eq(accountabilitySettings.jurisdictionId, jurisdictionId));
    return r
      ? { measures: r.measures, conditions: r.conditions, version: r.version }
      : { measures: [...DEFAULT_MEASURES], conditions: [...DEFAULT_TOLERANCE_CONDITIONS], version: 0 };
  }

  async function setSettings(actor: Actor, version: number, input: AccountabilitySettings, meta: Meta) {
    return db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`accountability-settings:${actor.jurisdictionId}`}))`,
      );
      const before = await settings(actor.jurisdictionId, tx);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      const row = {
        measures: [...new Set(input.measures)],
        conditions: [...new Set(input.conditions)],
        version: version + 1,
        updatedBy: actor.personId,
        updatedAt: new Date(),
      };
      await tx
        .insert(accountabilitySettings)
        .values({ jurisdictionId: actor.jurisdictionId, ...row })
        .onConflictDoUpdate({ target: accountabilitySettings.jurisdictionId, set: row });
      await audit(tx, actor, meta, 'settings.accountability', 'jurisdiction', actor.jurisdictionId, {
        before,
        after: { measures: row.measures, conditions: row.conditions, version: row.version },
      });
      return { measures: row.measures, conditions: row.conditions, version: row.version };
    });
  }

  // ---------- reading ----------
  /** The cases a caller may see, as SQL (the same rule as `maySeeCase`, which checks a single row). */
  function visibleWhere(actor: Actor): SQL {
    const base = eq(accountabilityCases.jurisdictionId, actor.jurisdictionId);
    if (seesAllCases(actor)) return base;
    const mine: SQL[] = [sql`${accountabilityCases.personIds} @> ARRAY[${actor.personId}::uuid]`];
    if (hasAnyRole(actor, ['unit_admin'])) mine.push(eq(accountabilityCases.unitId, actor.unitId));
    return and(base, or(...mine))!;
  }

  async function present(actor: Actor, rows: CaseRow[], tx: Tx = db): Promise<CaseOut[]> {
    if (rows.length === 0) return [];
    const tolerance = new Map(
      (
        await tx
          .select()
          .from(accountabilityTolerance)
          .where(
            inArray(
              accountabilityTolerance.caseId,
              rows.map((r) => r.id),
            ),
          )
      ).map((t) => [t.caseId, t]),
    );
    const units = new Map((await deps.org.listUnits(actor, tx)).map((u) => [u.id, u.shortName ?? u.name]));
    const people = new Map<string, Awaited<ReturnType<OrgService['accountById']>>>();
    const person = async (id: string | null) => {
      if (!id) return undefined;
      if (!people.has(id)) people.set(id, await deps.org.accountById(id, tx));
      return people.get(id);
    };
    const nameOf = async (id: string | null) => (await person(id))?.displayName ?? null;
    const out: CaseOut[] = [];
    for (const r of rows) {
      const t = tolerance.get(r.id);
      const ev = r.evidence as StoredEvidence;
      const persons = [];
      for (const pid of r.personIds) {
        const p = await person(pid);
        persons.push({ id: pid, name: p?.displayName ?? '', title: p?.title ?? null, unitName: p?.unitName ?? '' });
      }
      out.push({
        id: r.id,
        number: caseNumber(r.year, r.serial),
        title: r.title,
        facts: r.facts,
        state: r.state as CaseState,
        outcome: (r.outcome as CaseOut['outcome']) ?? null,
        unit: r.unitId ? { id: r.unitId, name: units.get(r.unitId) ?? '' } : null,
        persons,
        items: ev.items.map((i) => ({ id: i.id, kind: i.kind, title: i.title, deadline: i.deadline })),
        evidence: ev.facts,
        proposedMeasure: r.proposedMeasure,
        measure: r.measure,
        openedOn: r.openedOn,
        openedByName: await nameOf(r.openedBy),
        openedAt: r.openedAt.toISOString(),
        decidedOn: r.decidedOn,
        decisionReason: r.decisionReason,
        decidedByName: await nameOf(r.decidedBy),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        withdrawReason: r.withdrawReason,
        withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
        tolerance: t
          ? {
              state: t.state as ToleranceState,
              conditions: t.conditions,
              reasons: t.reasons,
              requestedByName: await nameOf(t.requestedBy),
              requestedAt: t.requestedAt.toISOString(),
              decisionReason: t.decisionReason,
              decidedOn: t.decidedOn,
              decidedByName: await nameOf(t.decidedBy),
              decidedAt: t.decidedAt?.toISOString() ?? null,
            }
          : null,
        version: r.version,
        actions: caseActions(actor, {
          personIds: r.personIds,
          unitId: r.unitId,
          state: r.state as CaseState,
          tolerance: (t?.state as ToleranceState | undefined) ?? null,
        }),
      });
    }
    return out;
  }

  async function list(actor: Actor, q: CaseQuery) {
    const conds: SQL[] = [visibleWhere(actor)];
    if (q.state) conds.push(eq(accountabilityCases.state, q.state));
    if (q.unitId) conds.push(sql`${accountabilityCases.concernedUnitIds} @> ARRAY[${q.unitId}::uuid]`);
    if (q.personId) conds.push(sql`${accountabilityCases.personIds} @> ARRAY[${q.personId}::uuid]`);
    if (q.from) conds.push(gte(accountabilityCases.openedOn, q.from));
    if (q.to) conds.push(lte(accountabilityCases.openedOn, q.to));
    if (q.tolerance === 'none') conds.push(isNull(accountabilityTolerance.caseId));
    else if (q.tolerance) conds.push(eq(accountabilityTolerance.state, q.tolerance));
    const where = and(...conds);
    const from = () =>
      db
        .select({ c: accountabilityCases })
        .from(accountabilityCases)
        .leftJoin(accountabilityTolerance, eq(accountabilityTolerance.caseId, accountabilityCases.id));
    const [rows, [total]] = await Promise.all([
      from()
        .where(where)
        .orderBy(desc(accountabilityCases.openedOn), desc(accountabilityCases.year), desc(accountabilityCases.serial))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db
        .select({ n: count() })
        .from(accountabilityCases)
        .leftJoin(accountabilityTolerance, eq(accountabilityTolerance.caseId, accountabilityCases.id))
        .where(where),
    ]);
    return {
      items: await present(
        actor,
        rows.map((r) => r.c),
      ),
      total: total?.n ?? 0,
    };
  }

  /** A case the caller may see (another's answers 404, so its existence is not revealed), locked when writing. */
  async function load(tx: Tx, actor: Actor, id: string, lock = false): Promise<CaseRow> {
    const q = tx
      .select()
      .from(accountabilityCases)
      .where(and(eq(accountabilityCases.id, id), eq(accountabilityCases.jurisdictionId, actor.jurisdictionId)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row || !maySeeCase(actor, row)) throw notFound();
    return row;
  }

  async function get(actor: Actor, id: string): Promise<CaseOut> {
    return (await present(actor, [await load(db, actor, id)]))[0]!;
  }

  // ---------- opening ----------
  /** The evidence of the items from their record; an item the office cannot see, or tolerated, is refused by field. */
  async function gatherEvidence(actor: Actor, itemIds: string[]): Promise<StoredEvidence> {
    const tolerated = await toleratedItems(db, actor.jurisdictionId);
    const problems: FieldProblem[] = [];
    const ev: StoredEvidence = { items: [], facts: [] };
    const now = today();
    for (const [i, id] of itemIds.entries()) {
      const item = await deps.supervision.getItem(actor, id).catch(() => null);
      if (!item || item.state === 'draft') {
        problems.push({ field: `body.itemIds.${i}`, code: 'unknown_reference' });
        continue;
      }
      if (tolerated.has(id)) {
        problems.push({
          field: `body.itemIds.${i}`,
          code: 'item_tolerated',
          params: { title: item.title, case: tolerated.get(id)!.number },
        });
        continue;
      }
      const events = (await deps.supervision.events(actor, id)).map((e) => ({
        seq: e.seq,
        action: e.action,
        on: day(e.at),
        reason: e.reason,
        data: e.data,
      }));
      const reports = (await deps.supervision.reports(actor, id)).map((r) => ({
        id: r.id,
        period: r.period,
        lateDays: r.lateDays,
        on: day(r.submittedAt),
      }));
      ev.items.push({
        id,
        kind: item.kind,
        title: item.title,
        deadline: item.deadline,
        unitId: item.assigneeUnitId,
      });
      for (const f of evidenceOf(item, events, reports, now)) ev.facts.push({ ...f, itemTitle: item.title });
    }
    if (problems.length) throw new AppError('validation', {}, problems);
    return ev;
  }

  async function open(actor: Actor, input: CaseOpenIn, meta: Meta): Promise<CaseOut> {
    const problems: FieldProblem[] = [];
    const personIds = [...new Set(input.personIds)];
    const unitId = input.unitId ?? null;
    if (!unitId && personIds.length === 0) problems.push({ field: 'body.personIds', code: 'case_subject_required' });
    const units = await deps.org.listUnits(actor);
    if (unitId && !units.some((u) => u.id === unitId)) problems.push({ field: 'body.unitId', code: 'unknown_unit_id' });
    const concerned = new Set(unitId ? [unitId] : []);
    for (const [i, pid] of personIds.entries()) {
      const p = await deps.org.accountById(pid);
      if (!p || p.jurisdictionId !== actor.jurisdictionId)
        problems.push({ field: `body.personIds.${i}`, code: 'unknown_person' });
      else concerned.add(p.unitId);
    }
    const openedOn = input.openedOn ?? today();
    if (openedOn > today()) problems.push({ field: 'body.openedOn', code: 'date_in_future' });
    const { measures } = await settings(actor.jurisdictionId);
    if (input.proposedMeasure && !measures.includes(input.proposedMeasure))
      problems.push({
        field: 'body.proposedMeasure',
        code: 'unknown_measure',
        params: { name: input.proposedMeasure },
      });
    if (problems.length) throw new AppError('validation', {}, problems);
    // Read from the record before the transaction (the supervision core reads on its own connection).
    const evidence = await gatherEvidence(actor, [...new Set(input.itemIds)]);
    return db.transaction(async (tx) => {
      const year = Number(openedOn.slice(0, 4));
      // Numbers without gaps per jurisdiction and year: a lock, taken as late as possible.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`accountability:${actor.jurisdictionId}:${year}`}))`,
      );
      const [last] = await tx
        .select({ n: sql<number>`coalesce(max(${accountabilityCases.serial}), 0)::int` })
        .from(accountabilityCases)
        .where(and(eq(accountabilityCases.jurisdictionId, actor.jurisdictionId), eq(accountabilityCases.year, year)));
      const [row] = await tx
        .insert(accountabilityCases)
        .values({
          jurisdictionId: actor.jurisdictionId,
          year,
          serial: (last?.n ?? 0) + 1,
          title: input.title,
          facts: input.facts,
          unitId,
          personIds,
          concernedUnitIds: [...concerned],
          itemIds: evidence.items.map((i) => i.id),
          evidence,
          proposedMeasure: input.proposedMeasure ?? null,
          openedOn,
          openedBy: actor.personId,
        })
        .returning();
      const number = caseNumber(row!.year, row!.serial);
      await audit(tx, actor, meta, 'accountability.open', 'accountability_case', row!.id, {
        after: { number, ...input, openedOn, evidence: evidence.facts.map((f) => f.ref) },
      });
      await tell(tx, row!, await concernedPeople(tx, row!), {
        kind: 'accountability_opened',
        title: `【问责立案】${number} ${input.title}`,
        body: '督查室已对您（或您的单位）立案问责。如符合容错情形，可在案件页提出容错申请，说明理由。',
        key: 'opened',
      });
      return (await present(actor, [row!], tx))[0]!;
    });
  }

  // ---------- decisions ----------
  async function change(
    actor: Actor,
    id: string,
    version: number,
    run: (tx: Tx, cur: CaseRow, tol: ToleranceRow | undefined) => Promise<void>,
  ): Promise<CaseOut> {
    return db.transaction(async (tx) => {
      const cur = await load(tx, actor, id, true);
      if (cur.version !== version)
        throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
      const [tol] = await tx.select().from(accountabilityTolerance).where(eq(accountabilityTolerance.caseId, id));
      await run(tx, cur, tol);
      const [row] = await tx.select().from(accountabilityCases).where(eq(accountabilityCases.id, id));
      return (await present(actor, [row!], tx))[0]!;
    });
  }

  function assertOpen(cur: CaseRow) {
    if (cur.state !== 'open')
      throw new AppError('invalid_transition', { state: CASE_STATE_LABELS[cur.state as CaseState] });
  }

  function assertOffice(actor: Actor) {
    if (!hasAnyRole(actor, ['supervision_office'])) throw new AppError('forbidden');
  }

  /** The office decides the measure, with the date and its reasons (not while a 容错 request waits). */
  async function decide(actor: Actor, id: string, version: number, input: CaseDecideIn, meta: Meta) {
    assertOffice(actor);
    return change(actor, id, version, async (tx, cur, tol) => {
      assertOpen(cur);
      if (tol?.state === 'pending') throw new AppError('tolerance_pending');
      const problems: FieldProblem[] = [];
      const { measures } = await settings(actor.jurisdictionId, tx);
      if (!measures.includes(input.measure))
        problems.push({ field: 'body.measure', code: 'unknown_measure', params: { name: input.measure } });
      checkDecisionDate(problems, 'body.decidedOn', input.decidedOn, cur.openedOn);
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx
        .update(accountabilityCases)
        .set({
          state: 'decided',
          outcome: 'measure',
          measure: input.measure,
          decidedOn: input.decidedOn,
          decisionReason: input.reason,
          decidedBy: actor.personId,
          decidedAt: new Date(),
          version: cur.version + 1,
        })
        .where(eq(accountabilityCases.id, id));
      await audit(tx, actor, meta, 'accountability.decide', 'accountability_case', id, {
        before: { state: cur.state },
        after: { state: 'decided', ...input },
      });
      await tell(tx, cur, await concernedPeople(tx, cur), {
        kind: 'accountability_decided',
        title: `【问责决定】${caseNumber(cur.year, cur.serial)}：${input.measure}`,
        body: `决定日期：${input.decidedOn}\n理由：${input.reason}`,
        key: 'decided',
      });
    });
  }

  function checkDecisionDate(problems: FieldProblem[], field: string, on: IsoDate, openedOn: IsoDate) {
    if (on > today()) problems.push({ field, code: 'date_in_future' });
    else if (on < openedOn) problems.push({ field, code: 'before_opened', params: { opened: openedOn } });
  }

  /** 撤销: the office withdraws a case opened in error, with a reason; it stays on record. */
  async function withdraw(actor: Actor, id: string, version: number, reason: string, meta: Meta) {
    assertOffice(actor);
    return change(actor, id, version, async (tx, cur) => {
      assertOpen(cur);
      await tx
        .update(accountabilityCases)
        .set({
          state: 'withdrawn',
          withdrawReason: reason,
          withdrawnBy: actor.personId,
          withdrawnAt: new Date(),
          version: cur.version + 1,
        })
        .where(eq(accountabilityCases.id, id));
      await audit(tx, actor, meta, 'accountability.withdraw', 'accountability_case', id, {
        before: { state: cur.state },
        after: { state: 'withdrawn' },
        reason,
      });
      await tell(tx, cur, await concernedPeople(tx, cur), {
        kind: 'accountability_withdrawn',
        title: `【问责撤销】${caseNumber(cur.year, cur.serial)}`,
        body: `理由：${reason}`,
        key: 'withdrawn',
      });
    });
  }

  /** 容错申请: a person the case names (or the head of the unit it is against) invokes the rules' conditions. */
  async function requestTolerance(actor: Actor, id: string, version: number, input: ToleranceIn, meta: Meta) {
    return change(actor, id, version, async (tx, cur, tol) => {
      if (!caseActions(actor, { ...cur, state: cur.state as CaseState, tolerance: null }).includes('requestTolerance'))
        throw new AppError(cur.state === 'open' ? 'forbidden' : 'invalid_transition', {
          state: CASE_STATE_LABELS[cur.state as CaseState],
        });
      if (tol) throw new AppError('tolerance_exists');
      const { conditions } = await settings(actor.jurisdictionId, tx);
      const problems: FieldProblem[] = [];
      for (const [i, c] of input.conditions.entries())
        if (!conditions.includes(c))
          problems.push({ field: `body.conditions.${i}`, code: 'unknown_condition', params: { name: c } });
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx.insert(accountabilityTolerance).values({
        caseId: id,
        jurisdictionId: actor.jurisdictionId,
        conditions: [...new Set(input.conditions)],
        reasons: input.reasons,
        requestedBy: actor.personId,
      });
      await tx
        .update(accountabilityCases)
        .set({ version: cur.version + 1 })
        .where(eq(accountabilityCases.id, id));
      await audit(tx, actor, meta, 'accountability.tolerance.request', 'accountability_case', id, { after: input });
      await tell(tx, cur, await deps.org.peopleWithRole(actor.jurisdictionId, 'supervision_office', tx), {
        kind: 'accountability_tolerance',
        title: `【容错申请】${caseNumber(cur.year, cur.serial)} ${cur.title}`,
        body: `申请人：${actor.displayName}\n容错情形：${input.conditions.join('；')}`,
        key: 'tolerance-requested',
      });
    });
  }

  /**
   * The office decides a 容错 request with reasons. Accepted, the case is decided 容错免责 (no measure): its items'
   * events no longer cost the unit points and cannot found another case. Rejected, the case waits for its decision.
   */
  async function decideTolerance(actor: Actor, id: string, version: number, input: ToleranceDecideIn, meta: Meta) {
    assertOffice(actor);
    return change(actor, id, version, async (tx, cur, tol) => {
      assertOpen(cur);
      if (!tol || tol.state !== 'pending') throw new AppError('tolerance_not_pending');
      const decidedOn = input.decidedOn ?? today();
      const problems: FieldProblem[] = [];
      checkDecisionDate(problems, 'body.decidedOn', decidedOn, cur.openedOn);
      if (problems.length) throw new AppError('validation', {}, problems);
      const now = new Date();
      await tx
        .update(accountabilityTolerance)
        .set({
          state: input.decision,
          decisionReason: input.reason,
          decidedOn,
          decidedBy: actor.personId,
          decidedAt: now,
        })
        .where(eq(accountabilityTolerance.caseId, id));
      await tx
        .update(accountabilityCases)
        .set(
          input.decision === 'accepted'
            ? {
                state: 'decided',
                outcome: 'exempted',
                decidedOn,
                decisionReason: input.reason,
                decidedBy: actor.personId,
                decidedAt: now,
                version: cur.version + 1,
              }
            : { version: cur.version + 1 },
        )
        .where(eq(accountabilityCases.id, id));
      await audit(tx, actor, meta, 'accountability.tolerance.decide', 'accountability_case', id, {
        before: { state: cur.state, tolerance: tol.state },
        after: { tolerance: input.decision, decidedOn, reason: input.reason },
      });
      const number = caseNumber(cur.year, cur.serial);
      await tell(tx, cur, await concernedPeople(tx, cur), {
        kind: 'accountability_tolerance_decided',
        title: input.decision === 'accepted' ? `【容错免责】${number}` : `【不予容错】${number}`,
        body: `理由：${input.reason}`,
        key: `tolerance-${input.decision}`,
      });
    });
  }

  // ---------- counts (the cockpit and the scoring page) ----------
  /**
   * Cases by unit concerned, opened in the period and not withdrawn, in the caller's unit scope. Only the office,
   * the principals and the leaders (for the units they 分管) get counts; a count of a clerk's own unit would
   * reveal a colleague's case.
   */
  async function counts(actor: Actor, from: IsoDate, to: IsoDate) {
    if (!hasAnyRole(actor, ['supervision_office', 'principal', 'leader'])) return { from, to, byUnit: [] };
    const map = await caseCountsByUnit(db, actor.jurisdictionId, from, to);
    const visible = visibleUnitIds(actor);
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u]));
    const byUnit = [...map]
      .filter(([u]) => !visible || visible.includes(u))
      .map(([unitId, c]) => ({ unitId, unitName: units.get(unitId)?.shortName ?? units.get(unitId)?.name ?? '', ...c }))
      .sort((a, b) => b.opened - a.opened || a.unitName.localeCompare(b.unitName, 'zh'));
    return { from, to, byUnit };
  }

  // ---------- helpers ----------
  async function concernedPeople(tx: Tx, c: CaseRow) {
    const heads = c.unitId ? await deps.org.peopleInUnits(c.jurisdictionId, [c.unitId], ['unit_admin'], tx) : [];
    return [...c.personIds, ...heads];
  }

  /** Personal notifications only: a case about a person is never pushed to a group webhook. */
  async function tell(
    tx: Tx,
    c: CaseRow,
    recipients: string[],
    n: { kind: string; title: string; body: string; key: string },
  ) {
    await deps.notifications.notify(tx, {
      jurisdictionId: c.jurisdictionId,
      recipients,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: `/accountability/${c.id}`,
      dedupeKey: `accountability:${c.id}:${n.key}`,
      personal: true,
    });
  }

  async function audit(
    tx: Tx,
    actor: Actor,
    meta: Meta,
    action: string,
    objectType: string,
    objectId: string,
    detail: unknown,
  ) {
    await deps.audit.record(
      {
        ...auditActor(actor, meta),
        action,
        objectType,
        objectId,
        result: 'success',
        detail,
      },
      tx,
    );
  }

  return {
    settings,
    setSettings,
    list,
    get,
    open,
    decide,
    withdraw,
    requestTolerance,
    decideTolerance,
    counts,
  };
}

/**
 * The items whose events a 容错 decision exempted (容错免责), with the case that did it: scoring counts their
 * deductions as 0 and says so in the trail, and a new case cannot be founded on them.
 */
export async function toleratedItems(
  tx: Tx,
  jurisdictionId: string,
): Promise<Map<string, { caseId: string; number: string; note: string }>> {
  const rows = await tx
    .select({
      id: accountabilityCases.id,
      year: accountabilityCases.year,
      serial: accountabilityCases.serial,
      itemIds: accountabilityCases.itemIds,
    })
    .from(accountabilityCases)
    .where(
      and(
        eq(accountabilityCases.jurisdictionId, jurisdictionId),
        eq(accountabilityCases.state, 'decided'),
        eq(accountabilityCases.outcome, 'exempted'),
      ),
    )
    .orderBy(accountabilityCases.year, accountabilityCases.serial);
  const out = new Map<string, { caseId: string; number: string; note: string }>();
  for (const r of rows) {
    const number = caseNumber(r.year, r.serial);
    for (const item of r.itemIds)
      if (!out.has(item)) out.set(item, { caseId: r.id, number, note: `${TOLERATED_LABEL}（${number}）` });
  }
  return out;
}

/** Cases opened in a period and not withdrawn, per unit concerned: opened, decided with a measure, tolerated. */
export async function caseCountsByUnit(
  tx: Tx,
  jurisdictionId: string,
  from: IsoDate,
  to: IsoDate,
): Promise<Map<string, { opened: number; measures: number; tolerated: number }>> {
  const { rows } = await tx.execute<{ unit_id: string; opened: number; measures: number; tolerated: number }>(sql`
    select u.unit_id::text as unit_id, count(*)::int as opened,
           (count(*) filter (where c.outcome = 'measure'))::int as measures,
           (count(*) filter (where c.outcome = 'exempted'))::int as tolerated
      from ${accountabilityCases} c cross join lateral unnest(c.concerned_unit_ids) as u(unit_id)
     where c.jurisdiction_id = ${jurisdictionId} and c.state <> 'withdrawn'
       and c.opened_on between ${from} and ${to}
     group by u.unit_id`);
  return new Map(rows.map((r) => [r.unit_id, { opened: r.opened, measures: r.measures, tolerated: r.tolerated }]));
}
