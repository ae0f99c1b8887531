import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { AttachmentService } from '../attachments/attachments.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { BlockerService } from '../projects/blockers.service';
import { addAgendaItem } from '../projects/rounds.service';
import type { InvestmentService } from './investment.service';
import { leadCommitments, leadDemandLinks, leads } from './investment.schema';
import {
  checkCommitment,
  COMMITMENT_BLOCKER_TYPE,
  COMMITMENT_SIDE_LABELS,
  COMMITMENT_TYPE_LABELS,
  COMMITMENT_UNIT,
  fulfilmentOf,
  stageIndex,
  type CommitmentForRate,
  type CommitmentSide,
  type CommitmentType,
  type LeadStage,
} from '../../../shared/domain/investment';
import type { CommitmentCreate, CommitmentOut } from '../../../shared/investment';
import type { z } from 'zod';
import type { ConfirmIn, FulfilIn } from '../../../shared/investment';

type CommitmentRow = typeof leadCommitments.$inferSelect;
const OPEN = ['draft', 'assigned', 'returned', 'accepted', 'in_progress', 'close_requested'];

export type CommitmentService = ReturnType<typeof createCommitmentService>;

/**
 * The agreement's commitments (履约), each a supervised item of kind 'commitment' on the core: one flow, one light,
 * one set of reminders. Issued by the lead's responsible unit (the unit that signed) to the unit that delivers — the
 * lead's unit itself for the investor's promises (it follows the investor), the named county unit for the county's
 * (自然资源局 for land, the utilities' units for power and water). Fulfilment is reported with evidence (the core's
 * 申请销号) and confirmed by the assigning side (销号). An overdue county commitment raises a blocker on the lead's
 * project for its 包联 leader (`raiseOverdue`, scheduled); a lead not yet in the library puts it on the round's agenda.
 */
export function createCommitmentService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  attachments: AttachmentService;
  supervision: SupervisionService;
  blockers: BlockerService;
  investment: InvestmentService;
}) {
  const { db, org, supervision, investment: inv } = deps;
  const today = () => supervision.today();

  const audit = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `commitment.${action}`,
        objectType: 'commitment',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  const titleOf = (side: CommitmentSide, type: CommitmentType, projectName: string) =>
    `【${COMMITMENT_SIDE_LABELS[side]['zh-CN']}·${COMMITMENT_TYPE_LABELS[type]['zh-CN']}】${projectName}`;

  async function present(actor: Actor, rows: CommitmentRow[], tx: Tx = db): Promise<CommitmentOut[]> {
    if (rows.length === 0) return [];
    const { items } = await supervision.listItems(
      actor,
      { kind: 'commitment', ids: rows.map((r) => r.id), page: 1, pageSize: rows.length },
      tx === db ? undefined : tx,
    );
    const byId = new Map(items.map((i) => [i.id, i]));
    const units = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u.shortName || u.name]));
    return rows
      .filter((r) => byId.has(r.id))
      .map((r) => {
        const i = byId.get(r.id)!;
        return {
          id: r.id,
          leadId: r.leadId,
          side: r.side as CommitmentSide,
          type: r.type as CommitmentType,
          title: i.title,
          description: r.description,
          amount: r.amount,
          due: r.due,
          deadline: i.deadline,
          handlingUnitId: i.assigneeUnitId,
          handlingUnitName: units.get(i.assigneeUnitId) ?? null,
          state: i.state,
          light: i.light,
          fulfilledOn: i.state === 'closed' ? r.fulfilledOn : null,
          blockerId: r.blockerId,
          actions: i.actions,
          version: i.version,
        };
      });
  }

  const forRate = (
    c: Pick<CommitmentOut, 'id' | 'side' | 'deadline' | 'state' | 'fulfilledOn'>,
  ): CommitmentForRate => ({
    id: c.id,
    side: c.side,
    due: c.deadline,
    state: c.state === 'closed' ? 'fulfilled' : c.state === 'cancelled' ? 'cancelled' : 'open',
    fulfilledOn: c.fulfilledOn,
  });

  /** A lead's commitments and 履约率 by side. */
  async function list(actor: Actor, leadId: string) {
    await inv.leadOf(db, actor, leadId);
    const rows = await db
      .select()
      .from(leadCommitments)
      .where(eq(leadCommitments.leadId, leadId))
      .orderBy(asc(leadCommitments.due), asc(leadCommitments.createdAt));
    const items = await present(actor, rows);
    return { items, fulfilment: fulfilmentOf(items.map(forRate), today()) };
  }

  /** 履约率 over the leads the caller sees (the summary, the cockpit), signed in `year` if given. */
  async function fulfilment(actor: Actor, year?: number) {
    const rows = await db
      .select({ c: leadCommitments })
      .from(leadCommitments)
      .innerJoin(leads, eq(leads.id, leadCommitments.leadId))
      .where(and(inv.visibleWhere(actor), year ? sql`extract(year from ${leads.signedOn}) = ${year}` : undefined));
    const items = await present(
      actor,
      rows.map((r) => r.c),
    );
    return fulfilmentOf(items.map(forRate), today());
  }

  async function create(actor: Actor, leadId: string, input: CommitmentCreate, meta: RequestMeta): Promise<string> {
    return db.transaction(async (tx) => {
      const lead = await inv.leadOf(tx, actor, leadId, true);
      if (!inv.mayWriteLead(actor, lead)) throw new AppError('forbidden');
      if (lead.closed) throw new AppError('lead_closed');
      if (!lead.signedOn || stageIndex(lead.stage as LeadStage) < stageIndex('signed'))
        throw new AppError('commitment_before_signing');
      const problems: FieldProblem[] = checkCommitment(input.side, input.type, input.description);
      if (problems.some((p) => p.code === 'commitment_tax_rebate'))
        throw new AppError('commitment_tax_rebate', {}, problems);
      if (input.due < lead.signedOn)
        problems.push({ field: 'body.due', code: 'before_signing', params: { signed: lead.signedOn } });
      const handling =
        input.side === 'county' ? (input.handlingUnitId ?? lead.responsibleUnitId) : lead.responsibleUnitId;
      if (input.side === 'investor' && input.handlingUnitId && input.handlingUnitId !== lead.responsibleUnitId)
        problems.push({ field: 'body.handlingUnitId', code: 'investor_side_unit' });
      if (
        input.handlingUnitId &&
        !(await org.listUnits(actor, tx)).some((u) => u.id === input.handlingUnitId && u.active)
      )
        problems.push({ field: 'body.handlingUnitId', code: 'unknown_reference' });
      if (problems.length) throw new AppError('validation', {}, problems);
      const id = await supervision.createItem(tx, {
        kind: 'commitment',
        jurisdictionId: lead.jurisdictionId,
        title: titleOf(input.side, input.type, lead.projectName),
        assignerUnitId: lead.responsibleUnitId,
        assigneeUnitId: handling,
        coUnitIds: handling === lead.responsibleUnitId ? [] : [lead.responsibleUnitId],
        leadLeaderId: lead.leaderId,
        responsiblePersonId: null,
        startDate: lead.signedOn,
        deadline: input.due,
        cadence: null,
        createdBy: actor.personId,
      });
      await tx.insert(leadCommitments).values({
        id,
        leadId,
        jurisdictionId: lead.jurisdictionId,
        side: input.side,
        type: input.type,
        description: input.description,
        amount: input.amount ?? null,
        due: input.due,
      });
      await supervision.act(tx, actor, id, null, 'assign');
      await audit(actor, meta, 'create', id, { leadId, ...input, handlingUnitId: handling }, tx);
      return id;
    });
  }

  /** A commitment as its item's parties see it (the delivering unit may not see the lead itself). */
  async function row(tx: Tx, actor: Actor, leadId: string, id: string) {
    const [c] = await tx
      .select()
      .from(leadCommitments)
      .where(
        and(
          eq(leadCommitments.id, id),
          eq(leadCommitments.leadId, leadId),
          eq(leadCommitments.jurisdictionId, actor.jurisdictionId),
        ),
      );
    if (!c) throw notFound();
    const item = await supervision.rawItem(tx, actor, id);
    return { c, item };
  }

  /** The delivering unit reports it fulfilled, with evidence (the core's 申请销号; accepted first if still new). */
  async function fulfil(actor: Actor, leadId: string, id: string, input: z.infer<typeof FulfilIn>, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const { c, item } = await row(tx, actor, leadId, id);
      if (input.date > today()) throw new AppError('validation', {}, [{ field: 'body.date', code: 'date_in_future' }]);
      if (input.date < item.startDate)
        throw new AppError('validation', {}, [
          { field: 'body.date', code: 'before_signing', params: { signed: item.startDate } },
        ]);
      if (item.state === 'assigned') await supervision.act(tx, actor, id, null, 'accept');
      const evidenceCount = await deps.attachments.claimEvidence(tx, actor, input.attachmentIds, id);
      await supervision.act(tx, actor, id, null, 'requestClose', {
        evidenceCount,
        data: { summary: input.note, attachmentIds: input.attachmentIds, fulfilledOn: input.date },
      });
      await tx.update(leadCommitments).set({ fulfilledOn: input.date }).where(eq(leadCommitments.id, c.id));
      await audit(actor, meta, 'fulfil', id, input, tx);
    });
  }

  /** The assigning side confirms the fulfilment (销号) or sends it back with a reason. */
  async function confirm(
    actor: Actor,
    leadId: string,
    id: string,
    input: z.infer<typeof ConfirmIn>,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const { c } = await row(tx, actor, leadId, id);
      if (input.accept) await supervision.act(tx, actor, id, null, 'close');
      else {
        await supervision.act(tx, actor, id, null, 'reject', { reason: input.reason ?? null });
        await tx.update(leadCommitments).set({ fulfilledOn: null }).where(eq(leadCommitments.id, c.id));
      }
      await audit(actor, meta, input.accept ? 'confirm' : 'reject', id, input, tx);
    });
  }

  /**
   * Overdue county commitments (scheduled, and idempotent): on a lead in the library, a blocker on its project for
   * its 包联 leader (through the projects' blocker service), recorded on the commitment so it is raised once; on a
   * lead not yet in the library, an item on the next round's agenda (once per deadline).
   */
  async function raiseOverdue(jurisdictionId: string): Promise<{ blockers: number; agenda: number }> {
    const day = today();
    const rows = await db
      .select({ c: leadCommitments, lead: leads })
      .from(leadCommitments)
      .innerJoin(leads, eq(leads.id, leadCommitments.leadId))
      .where(
        and(
          eq(leadCommitments.jurisdictionId, jurisdictionId),
          eq(leadCommitments.side, 'county'),
          isNull(leadCommitments.blockerId),
          sql`${leadCommitments.due} < ${day}::date`,
        ),
      );
    if (rows.length === 0) return { blockers: 0, agenda: 0 };
    const system = systemOffice(jurisdictionId, '00000000-0000-0000-0000-000000000000');
    const { items } = await supervision.listItems(system, {
      kind: 'commitment',
      ids: rows.map((r) => r.c.id),
      page: 1,
      pageSize: rows.length,
    });
    const byId = new Map(items.map((i) => [i.id, i]));
    let blockers = 0;
    let agenda = 0;
    for (const { c, lead } of rows) {
      const i = byId.get(c.id);
      if (!i || !OPEN.includes(i.state) || i.deadline >= day) continue;
      const type = c.type as CommitmentType;
      const what = `${COMMITMENT_TYPE_LABELS[type]['zh-CN']}${c.description ? `：${c.description}` : ''}`;
      const unit = COMMITMENT_UNIT[type]?.['zh-CN'];
      const amount = c.amount !== null && unit ? `（${c.amount} ${unit}）` : '';
      if (lead.projectId) {
        const actor = systemOffice(jurisdictionId, lead.responsibleUnitId);
        const blockerId = await deps.blockers.raise(
          actor,
          {
            projectId: lead.projectId,
            type: COMMITMENT_BLOCKER_TYPE[type],
            description: `招商协议县方承诺逾期未兑现：${what}${amount}，承诺 ${i.deadline} 前完成。`,
            handlingUnitId: i.assigneeUnitId,
          },
          {},
        );
        await db.update(leadCommitments).set({ blockerId }).where(eq(leadCommitments.id, c.id));
        blockers++;
      } else {
        const added = await db.transaction((tx) =>
          addAgendaItem(tx, {
            jurisdictionId,
            source: 'investment',
            dedupeKey: `commitment-overdue:${c.id}:${i.deadline}`,
            title: `招商协议县方承诺逾期：${lead.projectName}`,
            body: `${what}${amount}，承诺 ${i.deadline} 前完成，至今未兑现`,
            link: `/leads/${lead.id}`,
            unitId: i.assigneeUnitId,
            leaderId: lead.leaderId,
          }),
        );
        if (added) agenda++;
      }
    }
    return { blockers, agenda };
  }

  // ---------- the enterprise's later demands, linked back to the agreement ----------
  async function linkDemand(actor: Actor, leadId: string, demandId: string, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const lead = await inv.leadOf(tx, actor, leadId, true);
      if (!inv.mayWriteLead(actor, lead)) throw new AppError('forbidden');
      const { items } = await supervision.listItems(
        actor,
        { kind: 'demand', ids: [demandId], page: 1, pageSize: 1 },
        tx,
      );
      if (!items[0]) throw new AppError('validation', {}, [{ field: 'body.demandId', code: 'unknown_reference' }]);
      const done = await tx
        .insert(leadDemandLinks)
        .values({ leadId, demandId, jurisdictionId: lead.jurisdictionId, createdBy: actor.personId })
        .onConflictDoNothing()
        .returning({ d: leadDemandLinks.demandId });
      if (done.length === 0) {
        const [other] = await tx
          .select({ leadId: leadDemandLinks.leadId })
          .from(leadDemandLinks)
          .where(eq(leadDemandLinks.demandId, demandId));
        if (other && other.leadId !== leadId) throw new AppError('demand_linked');
        return;
      }
      await audit(actor, meta, 'link-demand', leadId, { demandId }, tx);
    });
  }

  async function demands(actor: Actor, leadId: string) {
    await inv.leadOf(db, actor, leadId);
    const ids = (
      await db.select({ id: leadDemandLinks.demandId }).from(leadDemandLinks).where(eq(leadDemandLinks.leadId, leadId))
    ).map((r) => r.id);
    if (ids.length === 0) return { items: [] };
    const { items } = await supervision.listItems(actor, { kind: 'demand', ids, page: 1, pageSize: ids.length });
    return {
      items: items.map((i) => ({ id: i.id, title: i.title, state: i.state, light: i.light, deadline: i.deadline })),
    };
  }

  /** Commitments of many leads at once (the demo, the invariants test). */
  async function ofLeads(leadIds: string[]) {
    if (leadIds.length === 0) return [];
    return db.select().from(leadCommitments).where(inArray(leadCommitments.leadId, leadIds));
  }

  return { list, fulfilment, create, fulfil, confirm, raiseOverdue, linkDemand, demands, ofLeads, today };
}

/** The scheduled job's actor: the system acting as the office, for the unit that signed the agreement. */
function systemOffice(jurisdictionId: string, unitId: string): Actor {
  return {
    personId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: '系统',
    unitId,
    jurisdictionId,
    roles: ['supervision_office'],
    leaderUnitIds: [],
    via: 'token',
    mustChangePassword: false,
    needsTotpSetup: false,
  };
}
