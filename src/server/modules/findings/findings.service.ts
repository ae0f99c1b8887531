import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { OwnColumns, SupervisionService } from '../supervision/supervision.service';
import type { AttachmentService } from '../attachments/attachments.service';
import { createLedgerLoop } from '../supervision/loop.service';
import { findings } from './findings.schema';
import type { FindingCreate, FindingOut, FindingQuery } from '../../../shared/findings';
import type { ItemOut } from '../../../shared/supervision';

export type FindingService = ReturnType<typeof createFindingService>;

/** 问题 (spaces ignored) and 责任单位: the same finding in a list, however it was typed again. */
export const findingKey = (problem: string, unitId: string) => `${problem.replace(/\s+/g, '')}|${unitId}`;

/** The item's title: the problem's first words (the list and notices name the finding by it). */
export const findingTitle = (problem: string) => {
  const flat = problem.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
};

/** 整改进展 is reported monthly: the core's reminders urge a missing month like any ledger's. */
const CADENCE = 'monthly' as const;

/**
 * 整改: findings that must be rectified, as supervised items of kind 'finding' on the core — issued to the unit
 * with a deadline, 签收, 整改进展 with evidence, the unit asks for 销号 with evidence, the office closes (销号) or
 * sends back. Only the office and the principals record findings (they hold the inspectors' lists).
 */
export function createFindingService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  attachments: AttachmentService;
}) {
  const { db, supervision, org } = deps;

  /** The core's loop on the findings' routes: 签收, 整改进展, 申请销号, 销号, 延期, 调整时限 (only findings reached). */
  const loop = createLedgerLoop<FindingOut>(deps, {
    kind: 'finding',
    auditAs: 'finding',
    serials: { table: 'findings' },
    get,
  });
  const auditFinding = loop.audit;
  const { withCloseRequests } = loop;

  type Own = Pick<
    typeof findings.$inferSelect,
    'serial' | 'source' | 'sourceTitle' | 'foundOn' | 'problem' | 'severity' | 'measures' | 'responsible'
  >;
  const OWN: OwnColumns<Own> = {
    table: findings,
    id: findings.id,
    columns: {
      serial: findings.serial,
      source: findings.source,
      sourceTitle: findings.sourceTitle,
      foundOn: findings.foundOn,
      problem: findings.problem,
      severity: findings.severity,
      measures: findings.measures,
      responsible: findings.responsible,
    },
  };

  function out(i: ItemOut, f: Own): FindingOut {
    return Object.assign(i, {
      serial: f.serial,
      source: f.source as FindingOut['source'],
      sourceTitle: f.sourceTitle,
      foundOn: f.foundOn,
      problem: f.problem,
      severity: f.severity as FindingOut['severity'],
      measures: f.measures,
      responsible: f.responsible,
      closeRequest: null,
    });
  }

  /** Checks of one finding: the unit and leader exist, found not in the future, the deadline not before it. */
  async function check(actor: Actor, input: FindingCreate, tx: Tx, units?: Set<string>): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const today = supervision.today();
    const active = units ?? (await org.activeUnitIds(actor, tx));
    if (!active.has(input.unitId)) problems.push({ field: 'body.unitId', code: 'unknown_reference' });
    if (input.foundOn > today) problems.push({ field: 'body.foundOn', code: 'date_in_future' });
    if (input.deadline < today) problems.push({ field: 'body.deadline', code: 'deadline_past' });
    else if (input.deadline < input.foundOn) problems.push({ field: 'body.deadline', code: 'before_found' });
    if (input.leadLeaderId) {
      const p = await org.accountById(input.leadLeaderId, tx);
      if (
        !p ||
        p.jurisdictionId !== actor.jurisdictionId ||
        !p.active ||
        !p.roles.some((r) => r === 'leader' || r === 'principal')
      )
        problems.push({ field: 'body.leadLeaderId', code: 'not_a_leader' });
    }
    return problems;
  }

  const itemOf = (actor: Actor, input: FindingCreate) => ({
    kind: 'finding',
    jurisdictionId: actor.jurisdictionId,
    title: findingTitle(input.problem),
    assignerUnitId: actor.unitId,
    assigneeUnitId: input.unitId,
    coUnitIds: [],
    leadLeaderId: input.leadLeaderId ?? null,
    responsiblePersonId: null,
    startDate: supervision.today(),
    deadline: input.deadline,
    cadence: CADENCE,
    createdBy: actor.personId,
  });

  const ownRow = (actor: Actor, id: string, serial: number, input: FindingCreate) => ({
    id,
    jurisdictionId: actor.jurisdictionId,
    serial,
    source: input.source,
    sourceTitle: input.sourceTitle ?? null,
    foundOn: input.foundOn,
    problem: input.problem,
    severity: input.severity,
    measures: input.measures,
    responsible: input.responsible ?? null,
  });

  async function create(actor: Actor, input: FindingCreate, meta: RequestMeta): Promise<FindingOut> {
    if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
    const id = await db.transaction(async (tx) => {
      const problems = await check(actor, input, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const itemId = await supervision.createItem(tx, itemOf(actor, input));
      if (input.issue) await supervision.act(tx, actor, itemId, null, 'assign');
      await tx.insert(findings).values(ownRow(actor, itemId, await loop.nextSerial(tx, actor.jurisdictionId), input));
      await auditFinding(actor, meta, 'create', itemId, { after: { ...input } }, tx);
      return itemId;
    });
    return get(actor, id);
  }

  /** Many findings in the caller's transaction (an import), all checked again first; a problem names its row. */
  async function createMany(tx: Tx, actor: Actor, inputs: FindingCreate[]): Promise<string[]> {
    if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
    const units = await org.activeUnitIds(actor, tx);
    const problems: FieldProblem[] = [];
    for (const [i, input] of inputs.entries())
      for (const p of await check(actor, input, tx, units))
        problems.push({ ...p, field: `rows.${i + 1}.${(p.field ?? '').replace(/^body\./, '')}` });
    if (problems.length) throw new AppError('validation', {}, problems.slice(0, 100));
    const ids = await supervision.createMany(
      tx,
      actor,
      inputs.map((input) => ({ ...itemOf(actor, input), issue: input.issue })),
    );
    const first = await loop.nextSerial(tx, actor.jurisdictionId, inputs.length);
    const rows = inputs.map((input, i) => ownRow(actor, ids[i]!, first + i, input));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(findings).values(rows.slice(i, i + 1000));
    return ids;
  }

  async function withOwn(items: ItemOut[], tx: Tx = db): Promise<FindingOut[]> {
    if (items.length === 0) return [];
    const rows = await tx
      .select()
      .from(findings)
      .where(sql`${findings.id} = ANY(${sql.param(items.map((i) => i.id))}::uuid[])`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return items.filter((i) => byId.has(i.id)).map((i) => out(i, byId.get(i.id)!));
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<FindingOut> {
    const item = await supervision.getItem(actor, id, tx);
    if (item.kind !== 'finding') throw notFound();
    return (await withCloseRequests(actor, await withOwn([item], tx), tx))[0]!;
  }

  async function list(actor: Actor, q: FindingQuery) {
    const conds: SQL[] = [];
    if (q.source) conds.push(eq(findings.source, q.source));
    if (q.severity) conds.push(eq(findings.severity, q.severity));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(
        or(
          ilike(findings.problem, like),
          ilike(findings.measures, like),
          ilike(findings.sourceTitle, like),
          sql`${findings.serial}::text = ${q.q}`,
        )!,
      );
    }
    const where = conds.length
      ? sql`EXISTS (SELECT 1 FROM findings WHERE findings.id = supervised_items.id AND ${and(...conds)})`
      : undefined;
    const { items, own, total, closeRequests } = await supervision.listItems(actor, {
      kind: 'finding',
      states: q.state,
      lights: q.light,
      assigneeUnitId: q.unitId,
      where,
      todo: q.todo === 'true' ? true : q.todo,
      sort: q.sort,
      page: q.page,
      pageSize: q.pageSize,
      own: OWN,
    });
    return {
      items: await withCloseRequests(
        actor,
        items.map((i, k) => out(i, own[k]!)),
        undefined,
        closeRequests,
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The jurisdiction's findings (not cancelled) by 问题 and 责任单位: how an import recognises a row seen before. */
  async function importKeys(actor: Actor, tx: Tx = db) {
    const heads = new Map((await supervision.itemHeads(tx, actor.jurisdictionId, 'finding')).map((h) => [h.id, h]));
    const own = await tx
      .select({ id: findings.id, serial: findings.serial, problem: findings.problem })
      .from(findings)
      .where(eq(findings.jurisdictionId, actor.jurisdictionId));
    const out = new Map<string, { id: string; serial: number }>();
    for (const f of own) {
      const h = heads.get(f.id);
      if (h) out.set(findingKey(f.problem, h.assigneeUnitId), { id: f.id, serial: f.serial });
    }
    return out;
  }

  return {
    create,
    createMany,
    get,
    list,
    importKeys,
    action: loop.step,
    report: loop.report,
    reviewReport: loop.reviewReport,
    replan: loop.replan,
    ensureFinding: loop.ensure,
    loop,
  };
}
