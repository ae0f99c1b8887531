import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { GENERIC_PLAN, type Db, type Tx } from '../../db/client';
import { hasAnyRole, JURISDICTION_WIDE, type Actor } from '../../http/access';
import { addWorkingDays } from '../../../shared/domain/working-days';
import { addDays } from '../../../shared/domain/dates';
import { demandFigures, FIGURE_DEFINITIONS, timeLost } from '../../../shared/domain/demand-figures';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import { createLedgerLoop } from '../supervision/loop.service';
import type { CalendarService } from '../calendar/calendar.service';
import { MAX_ATTACHMENT_BYTES, type AttachmentService } from '../attachments/attachments.service';
import type { NotificationService } from '../notifications/notifications.service';
import type { EnterpriseService } from './enterprises.service';
import { demandLimits, demandReplies, demands, publicChannelKeys } from './enterprises.schema';
import {
  afterRating,
  clockState,
  DEFAULT_DEMAND_LIMITS,
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  demandClocks,
  fromLocalTime,
  RATING_LABELS,
  toLocalTime,
  type DemandCategory,
  type DemandLimits,
  type Rating,
} from '../../../shared/domain/demands';
import type { SupervisionState } from '../../../shared/domain/supervision-flow';
import type { ItemOut } from '../../../shared/supervision';
import type {
  DemandCreate,
  DemandFileOut,
  DemandOut,
  DemandQuery,
  PublicDemandOut,
  EnterpriseOut,
} from '../../../shared/enterprises';

type DemandRow = typeof demands.$inferSelect;
export type DemandService = ReturnType<typeof createDemandService>;

/** Per instance, like the API's rate limits (docs/ENTERPRISES.md): submissions accepted per address and per code. */
export interface ChannelLimits {
  perAddressPerHour: number;
  perCodePerDay: number;
}
export const DEFAULT_CHANNEL_LIMITS: ChannelLimits = { perAddressPerHour: 5, perCodePerDay: 3 };
/** Files the enterprise may send with one demand. */
export const MAX_CHANNEL_FILES = 5;
/** A file over the evidence limit, named by its field (the multipart reader stops at the limit, so no stall). */
export const fileTooLarge = () =>
  new AppError('payload_too_large', {}, [
    { field: 'file', code: 'document_too_large', params: { max: MAX_ATTACHMENT_BYTES / 1024 / 1024 } },
  ]);

const OPEN: SupervisionState[] = ['draft', 'assigned', 'returned', 'accepted', 'in_progress', 'close_requested'];
const HANDLING: SupervisionState[] = ['assigned', 'accepted', 'in_progress'];

/** A demand's own columns as the list query reads them with each row (one query for a page). */
interface DemandColumns {
  trackingCode: string;
  enterpriseId: string;
  enterpriseName: string;
  creditCode: string;
  category: DemandCategory;
  text: string;
  source: DemandOut['source'];
  contactName: string | null;
  contactMobile: string | null;
  receivedAt: string;
  contactDueAt: string;
  replyDueAt: string;
  contactedAt: string | null;
  firstRepliedAt: string | null;
  closedAt: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  ratedAt: string | null;
  firstRating: Rating | null;
  reopenCount: number;
  /** The handling unit's name. */
  handlingUnitName: string | null;
}
/**
 * What a page's rows add to the core's columns, read with each row in the page's one statement: the demand, its
 * enterprise and the handling unit's name (the org service's sub-select) — no query per page for the unit list
 * with its people counts.
 */
const demandColumns = (org: Pick<OrgService, 'unitNameSql'>) =>
  sql<DemandColumns>`(SELECT json_build_object('trackingCode', d.tracking_code, 'enterpriseId', d.enterprise_id,
  'enterpriseName', e.name, 'creditCode', e.credit_code, 'category', d.category, 'text', d.text, 'source', d.source,
  'contactName', d.contact_name, 'contactMobile', d.contact_mobile, 'receivedAt', d.received_at, 'contactDueAt', d.contact_due_at,
  'replyDueAt', d.reply_due_at, 'contactedAt', d.contacted_at, 'firstRepliedAt', d.first_replied_at, 'closedAt', supervised_items.closed_at,
  'rating', d.rating, 'ratingComment', d.rating_comment, 'ratedAt', d.rated_at, 'firstRating', d.first_rating,
    'reopenCount', d.reopen_count,
  'handlingUnitName', ${org.unitNameSql(sql`supervised_items.assignee_unit_id`)})
  FROM demands d JOIN enterprises e ON e.id = d.enterprise_id WHERE d.id = supervised_items.id)`;

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

/**
 * 企业诉求 on the supervision core (kind 'demand'): received from the office, a unit, a leader or the enterprise's
 * own channel; issued to the handling unit (the enterprise's 包联 unit, or the unit the office routes it to);
 * the clock starts at receipt. The unit contacts the enterprise, answers it (答复) and, with its final answer, asks
 * to close — the enterprise rates: 满意/基本满意 close it, 不满意 reopens it once to the 分管 leader's attention.
 */
export function createDemandService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  calendar: CalendarService;
  attachments: AttachmentService;
  notifications: NotificationService;
  enterprises: EnterpriseService;
  /** The moment now (the demo's simulated days set it); default the clock, on the supervision core's day. */
  now?: () => Date;
  channelLimits?: ChannelLimits;
}) {
  const { db, org, supervision } = deps;
  const now =
    deps.now ??
    (() => {
      const real = new Date();
      const local = toLocalTime(real);
      const day = supervision.today();
      return local.slice(0, 10) === day ? real : fromLocalTime(`${day}${local.slice(10)}`);
    });
  const channelLimits = deps.channelLimits ?? DEFAULT_CHANNEL_LIMITS;
  const DEMAND_COLUMNS = demandColumns(org);

  /**
   * The core's loop on the demands' routes, as tasks and findings have it: the timeline, evidence, 催办, 延期 and
   * 调整时限 (only demands reached, audited as demand.*). Routing, answering, rating and withdrawal stay the demand's
   * own steps below, on the same flow.
   */
  const loop = createLedgerLoop<DemandOut>(deps, {
    kind: 'demand',
    auditAs: 'demand',
    get: (actor, id, tx) => get(actor, id, tx),
  });

  /** The unit that supervises demands: the jurisdiction's supervision office (督查室). */
  async function officeUnit(tx: Tx, jurisdictionId: string): Promise<string> {
    const units = await org.listUnits({ jurisdictionId }, tx);
    const u = units.find((x) => x.kind === 'supervision' && x.active) ?? units.find((x) => x.active);
    if (!u) throw new AppError('conflict');
    return u.id;
  }

  /**
   * The receiving desk: the office's side of the flow for the steps no signed-in officer takes by hand — issuing a
   * demand on receipt, and the enterprise's rating closing or reopening it. Its events name the person who
   * recorded the demand, or the jurisdiction's system actor 企业诉求直通车（系统） for the enterprise itself.
   */
  function desk(
    jurisdictionId: string,
    unitId: string,
    person: { id: string; username: string; displayName: string },
  ): Actor {
    return {
      personId: person.id,
      username: person.username,
      displayName: person.displayName,
      unitId,
      jurisdictionId,
      roles: ['supervision_office'],
      leaderUnitIds: [],
      via: 'token',
      mustChangePassword: false,
      needsTotpSetup: false,
    };
  }

  async function limitsFor(tx: Tx, jurisdictionId: string, category: DemandCategory): Promise<DemandLimits> {
    const [row] = await tx
      .select()
      .from(demandLimits)
      .where(and(eq(demandLimits.jurisdictionId, jurisdictionId), eq(demandLimits.category, category)));
    return row
      ? { contactHours: row.contactHours, replyDays: row.replyDays, resolveDays: row.resolveDays }
      : DEFAULT_DEMAND_LIMITS;
  }

  async function listLimits(actor: Actor) {
    const rows = await db.select().from(demandLimits).where(eq(demandLimits.jurisdictionId, actor.jurisdictionId));
    const by = new Map(rows.map((r) => [r.category, r]));
    return {
      items: DEMAND_CATEGORIES.map((category) => {
        const r = by.get(category);
        return {
          category,
          contactHours: r?.contactHours ?? DEFAULT_DEMAND_LIMITS.contactHours,
          replyDays: r?.replyDays ?? DEFAULT_DEMAND_LIMITS.replyDays,
          resolveDays: r?.resolveDays ?? DEFAULT_DEMAND_LIMITS.resolveDays,
          custom: !!r,
        };
      }),
    };
  }

  /** The office sets a category's limits; demands already received keep the limits they were received with. */
  async function putLimits(
    actor: Actor,
    items: { category: DemandCategory; contactHours: number; replyDays: number; resolveDays: number }[],
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      for (const it of items)
        await tx
          .insert(demandLimits)
          .values({ jurisdictionId: actor.jurisdictionId, ...it, updatedBy: actor.personId })
          .onConflictDoUpdate({
            target: [demandLimits.jurisdictionId, demandLimits.category],
            set: { ...it, updatedBy: actor.personId, updatedAt: new Date() },
          });
      await deps.audit.record(
        { ...org.auditAs(actor, meta), action: 'demand.limits', result: 'success', detail: { items } },
        tx,
      );
    });
    return listLimits(actor);
  }

  const trackingCodeOf = (at: Date) => {
    const chars = '23456789ABCDEFGHJKLMNPQRTUWXY';
    const tail = Array.from(crypto.randomBytes(5), (b) => chars[b % chars.length]).join('');
    return `QS${toLocalTime(at).slice(0, 10).replace(/-/g, '')}-${tail}`;
  };
  const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

  const auditDemand = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `demand.${action}`,
        objectType: 'demand',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  /** Receives a demand: the item (issued at once when the handling unit is known), its row, its private link. */
  async function receive(
    tx: Tx,
    recorder: Actor | null,
    jurisdictionId: string,
    input: {
      enterprise: { id: string; name: string; liaisonUnitId: string | null; liaisonLeaderId: string | null };
      category: DemandCategory;
      text: string;
      source: DemandOut['source'];
      handlingUnitId: string | null;
      coUnitIds: string[];
      receivedAt: Date;
      contactName: string | null;
      contactMobile: string | null;
    },
  ): Promise<{ id: string; trackingCode: string; token: string }> {
    const office = await officeUnit(tx, jurisdictionId);
    const limits = await limitsFor(tx, jurisdictionId, input.category);
    const by = recorder
      ? { id: recorder.personId, username: recorder.username, displayName: recorder.displayName }
      : await org.systemPerson(tx, jurisdictionId, 'demand_channel');
    const clocks = demandClocks(
      toLocalTime(input.receivedAt),
      limits,
      await deps.calendar.calendarFor(jurisdictionId, tx),
    );
    const handling = input.handlingUnitId;
    const id = await supervision.createItem(tx, {
      kind: 'demand',
      jurisdictionId,
      title: `【${DEMAND_CATEGORY_LABELS[input.category]['zh-CN']}】${input.enterprise.name}：${input.text.replace(/\s+/g, ' ').slice(0, 40)}`,
      assignerUnitId: office,
      // Until the office routes it, a demand waits with the office itself (首接负责).
      assigneeUnitId: handling ?? office,
      coUnitIds: input.coUnitIds.filter((u) => u !== handling),
      leadLeaderId: input.enterprise.liaisonLeaderId,
      responsiblePersonId: null,
      // Like a blocker, the item starts and ends on its deadline: the one light reads it as on time until the
      // resolve limit and red after; the reply and contact limits are the demand's own clocks.
      startDate: clocks.resolveDue,
      deadline: clocks.resolveDue,
      cadence: null,
      createdBy: by.id,
    });
    const token = crypto.randomBytes(24).toString('base64url');
    let trackingCode = trackingCodeOf(input.receivedAt);
    for (let i = 0; ; i++) {
      const rows = await tx
        .insert(demands)
        .values({
          id,
          jurisdictionId,
          enterpriseId: input.enterprise.id,
          trackingCode,
          tokenHash: hashToken(token),
          category: input.category,
          text: input.text,
          source: input.source,
          contactName: input.contactName,
          contactMobile: input.contactMobile,
          receivedAt: input.receivedAt,
          contactDueAt: fromLocalTime(clocks.contactDueAt),
          replyDueAt: fromLocalTime(clocks.replyDueAt),
        })
        .onConflictDoNothing()
        .returning({ id: demands.id });
      if (rows.length) break;
      if (i > 5) throw new AppError('conflict');
      trackingCode = trackingCodeOf(input.receivedAt);
    }
    if (handling) await supervision.act(tx, desk(jurisdictionId, office, by), id, null, 'assign');
    return { id, trackingCode, token };
  }

  async function checkUnits(tx: Tx, actor: Actor, ids: (string | null | undefined)[], field: string) {
    const active = await org.activeUnitIds(actor, tx);
    ids.forEach((u, i) => {
      if (u && !active.has(u))
        throw new AppError('validation', {}, [
          { field: i === 0 ? field : 'body.coUnitIds', code: 'unknown_reference' },
        ]);
    });
  }

  /** A demand recorded by the office, a unit (after a visit) or a leader's office. Returns its id and private link. */
  async function create(actor: Actor, input: DemandCreate, meta: RequestMeta) {
    return db.transaction(async (tx) => {
      const e = await deps.enterprises.get(actor, input.enterpriseId, tx).catch(() => {
        throw new AppError('validation', {}, [{ field: 'body.enterpriseId', code: 'unknown_reference' }]);
      });
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now();
      if (receivedAt.getTime() > now().getTime() + 60_000)
        throw new AppError('validation', {}, [{ field: 'body.receivedAt', code: 'received_in_future' }]);
      const unitRole = hasAnyRole(actor, ['unit_admin', 'unit_clerk']) && !hasAnyRole(actor, ['supervision_office']);
      const handlingUnitId = input.handlingUnitId ?? e.liaisonUnitId ?? (unitRole ? actor.unitId : null);
      if (!handlingUnitId && !hasAnyRole(actor, ['supervision_office', 'principal']))
        throw new AppError('validation', {}, [{ field: 'body.handlingUnitId', code: 'handling_unit_required' }]);
      await checkUnits(tx, actor, [handlingUnitId, ...input.coUnitIds], 'body.handlingUnitId');
      const r = await receive(tx, actor, actor.jurisdictionId, {
        enterprise: e,
        category: input.category,
        text: input.text,
        source: input.source,
        handlingUnitId,
        coUnitIds: input.coUnitIds,
        receivedAt,
        contactName: input.contactName ?? e.contacts[0]?.name ?? null,
        contactMobile: input.contactMobile ?? e.contacts[0]?.mobile ?? null,
      });
      await auditDemand(actor, meta, 'create', r.id, { ...input, trackingCode: r.trackingCode }, tx);
      return r;
    });
  }

  /**
   * Demands raised on a visit, created with it in the visit's transaction (source 'visit', received at the moment
   * the visit is recorded, or the visit's day when recorded afterwards). The enterprises are those the visit met,
   * already checked by the visit; the handling unit is the one given, the enterprise's 包联 unit, or the recording
   * unit — else the demand waits with the office.
   */
  async function fromVisit(
    tx: Tx,
    actor: Actor,
    visitId: string,
    receivedAt: Date,
    items: {
      enterprise: {
        id: string;
        name: string;
        liaisonUnitId: string | null;
        liaisonLeaderId: string | null;
        contacts: { name: string; mobile?: string | null }[];
      };
      category: DemandCategory;
      text: string;
      handlingUnitId: string | null;
    }[],
    meta: RequestMeta,
  ) {
    const unitRole = hasAnyRole(actor, ['unit_admin', 'unit_clerk']) && !hasAnyRole(actor, ['supervision_office']);
    const out: { id: string; trackingCode: string; token: string; enterpriseId: string }[] = [];
    for (const [k, it] of items.entries()) {
      const handlingUnitId = it.handlingUnitId ?? it.enterprise.liaisonUnitId ?? (unitRole ? actor.unitId : null);
      await checkUnits(tx, actor, [handlingUnitId], `body.demands.${k}.handlingUnitId`);
      const r = await receive(tx, actor, actor.jurisdictionId, {
        enterprise: it.enterprise,
        category: it.category,
        text: it.text,
        source: 'visit',
        handlingUnitId,
        coUnitIds: [],
        receivedAt,
        contactName: it.enterprise.contacts[0]?.name ?? null,
        contactMobile: it.enterprise.contacts[0]?.mobile ?? null,
      });
      await tx.update(demands).set({ visitId }).where(eq(demands.id, r.id));
      await auditDemand(actor, meta, 'create', r.id, { visitId, ...it, enterprise: it.enterprise.id }, tx);
      out.push({ ...r, enterpriseId: it.enterprise.id });
    }
    return out;
  }

  // ---------- reading ----------

  function clocksOf(d: DemandColumns, resolveDue: string) {
    const n = toLocalTime(now());
    const local = (v: string | null) => (v ? toLocalTime(new Date(v)) : null);
    return {
      contact: clockState(local(d.contactDueAt)!, local(d.contactedAt) ?? local(d.firstRepliedAt), n),
      reply: clockState(local(d.replyDueAt)!, local(d.firstRepliedAt), n),
      resolve: clockState(`${resolveDue}T23:59`, local(d.closedAt), n),
    };
  }

  function demandActions(actor: Actor, i: ItemOut, d: DemandColumns): string[] {
    const out: string[] = [];
    const sides = supervision.sidesOf(actor, i);
    const office = sides.includes('assigner');
    const unit = sides.includes('assignee');
    if (office && (i.state === 'draft' || i.state === 'returned')) out.push('assign');
    if (unit && i.actions.includes('accept')) out.push('accept');
    if (unit && i.actions.includes('return')) out.push('return');
    if (unit && HANDLING.includes(i.state)) {
      if (!d.contactedAt) out.push('contact');
      out.push('reply');
    }
    if (office && i.state === 'close_requested') out.push('rate');
    if (office && i.actions.includes('cancel')) out.push('withdraw');
    return out;
  }

  async function present(actor: Actor, items: ItemOut[], own: DemandColumns[], tx: Tx = db): Promise<DemandOut[]> {
    if (items.length === 0) return [];
    const replies = await tx
      .select()
      .from(demandReplies)
      .where(
        inArray(
          demandReplies.demandId,
          items.map((i) => i.id),
        ),
      )
      .orderBy(asc(demandReplies.at));
    // The answering units' names only when the page has answers (the handling unit's comes with each row).
    const units = replies.length
      ? new Map([...(await org.unitNames(actor.jurisdictionId, tx))].map(([id, u]) => [id, u.name]))
      : new Map<string, string>();
    const byDemand = new Map<string, typeof replies>();
    for (const r of replies) byDemand.set(r.demandId, [...(byDemand.get(r.demandId) ?? []), r]);
    // The files sent with the answers, bound to their demand (one query for the page).
    const fileIds = [...new Set(replies.flatMap((r) => r.attachmentIds))];
    const files = new Map(
      (await deps.attachments.metaOf(actor.jurisdictionId, fileIds, tx)).map((f) => [
        f.id,
        { id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size, itemId: f.itemId },
      ]),
    );
    const filesOf = (r: (typeof replies)[number]) =>
      r.attachmentIds.flatMap((id) => {
        const f = files.get(id);
        return f && f.itemId === r.demandId
          ? [{ id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size }]
          : [];
      });
    return items.map((i, k) => {
      const d = own[k]!;
      return {
        id: i.id,
        trackingCode: d.trackingCode,
        enterpriseId: d.enterpriseId,
        enterpriseName: d.enterpriseName,
        creditCode: d.creditCode,
        category: d.category,
        text: d.text,
        source: d.source,
        contactName: d.contactName,
        contactMobile: d.contactMobile,
        receivedAt: iso(d.receivedAt)!,
        contactDueAt: iso(d.contactDueAt)!,
        replyDueAt: iso(d.replyDueAt)!,
        resolveDue: i.deadline,
        contactedAt: iso(d.contactedAt),
        firstRepliedAt: iso(d.firstRepliedAt),
        closedAt: iso(d.closedAt),
        replies: (byDemand.get(i.id) ?? []).map((r) => ({
          id: r.id,
          text: r.text,
          final: r.final,
          at: r.at.toISOString(),
          files: filesOf(r),
          unitName: units.get(r.unitId) ?? null,
        })),
        rating: d.rating,
        ratingComment: d.ratingComment,
        ratedAt: iso(d.ratedAt),
        firstRating: d.firstRating,
        reopenCount: d.reopenCount,
        handlingUnitId: i.assigneeUnitId,
        handlingUnitName: d.handlingUnitName,
        coUnitIds: i.coUnitIds,
        leadLeaderId: i.leadLeaderId,
        state: i.state,
        light: i.light,
        clocks: clocksOf(d, i.deadline),
        actions: demandActions(actor, i, d),
        coreActions: i.actions,
        version: i.version,
      };
    });
  }

  const STATUS_STATES: Record<DemandQuery['status'], SupervisionState[] | undefined> = {
    all: undefined,
    open: OPEN,
    awaiting_rating: ['close_requested'],
    closed: ['closed', 'cancelled'],
    unrouted: ['draft', 'returned'],
  };

  /**
   * 超过办结时限 (docs/ENTERPRISES.md): open — waiting with the office included, the clock runs from receipt — and
   * past the resolve date (the item's deadline) today. One definition for the list's filter (`overdue=true`) and
   * the cockpit's figure, so the figure is the filtered list's total.
   */
  const overdueFilter = () => ({
    states: OPEN,
    deadlineTo: addDays(toLocalTime(now()).slice(0, 10), -1),
  });

  /** The overdue demands the caller sees, longest past the resolve date first (the cockpit's list and figure). */
  async function overdue(actor: Actor, page: { page: number; pageSize: number }) {
    return supervision.listItems(actor, { kind: 'demand', ...overdueFilter(), sort: 'deadline', ...page });
  }

  /**
   * How many demands the caller sees open (the list's status=open), and of them how many wait with the office to be
   * routed (status=unrouted): the cockpit's figures, each the total of the list it opens.
   */
  async function openCounts(actor: Actor) {
    const count = (states: SupervisionState[]) =>
      supervision
        .listItems(actor, { kind: 'demand', states, sort: 'created', countApart: true, page: 1, pageSize: 1 })
        .then((r) => r.total);
    const [open, unrouted] = await Promise.all([count(OPEN), count(STATUS_STATES.unrouted ?? [])]);
    return { open, unrouted };
  }

  async function list(actor: Actor, q: DemandQuery) {
    let states = STATUS_STATES[q.status];
    let deadlineTo: string | undefined;
    if (q.overdue) {
      const o = overdueFilter();
      states = (states ?? o.states).filter((s) => o.states.includes(s));
      deadlineTo = o.deadlineTo;
      // Closed and overdue: nothing (an empty list of states would filter nothing out).
      if (states.length === 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    }
    const conds: SQL[] = [];
    if (q.category) conds.push(sql`d.category = ${q.category}`);
    if (q.enterpriseId) conds.push(sql`d.enterprise_id = ${q.enterpriseId}`);
    if (q.rating) conds.push(sql`(d.rating = ${q.rating} OR d.first_rating = ${q.rating})`);
    if (q.source) conds.push(sql`d.source = ${q.source}`);
    if (q.receivedFrom) conds.push(sql`(d.received_at AT TIME ZONE 'Asia/Shanghai')::date >= ${q.receivedFrom}::date`);
    if (q.receivedTo) conds.push(sql`(d.received_at AT TIME ZONE 'Asia/Shanghai')::date <= ${q.receivedTo}::date`);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(
        sql`(d.text ILIKE ${like} OR d.tracking_code ILIKE ${like} OR EXISTS (SELECT 1 FROM enterprises e
          WHERE e.id = d.enterprise_id AND (e.name ILIKE ${like} OR e.credit_code ILIKE ${like})))`,
      );
    }
    if (q.late) {
      const n = now();
      conds.push(sql`(coalesce(d.contacted_at, d.first_replied_at, ${n}::timestamptz) > d.contact_due_at
        OR coalesce(d.first_replied_at, ${n}::timestamptz) > d.reply_due_at
        OR coalesce((supervised_items.closed_at AT TIME ZONE 'Asia/Shanghai')::date,
          ${toLocalTime(n).slice(0, 10)}::date) > supervised_items.deadline)`);
    }
    // Every demand item has its demands row (both written in one transaction): without a demand filter there is
    // nothing to check there, and an EXISTS probe per item of the county cost most of a page (bench/RESULTS.md).
    // Without one, the page and its count are planned once per connection (a generic plan): they are index walks on
    // the county's demands by state and date whatever the values, and planning them anew cost more than running
    // them (0.8 of 2.0 ms for the office's open demands at province scale, bench/RESULTS.md, issue 18).
    // (A function with its shape, so the core builds the list's text once: db/shapes.ts.)
    const where = conds.length
      ? sql`EXISTS (SELECT 1 FROM demands d WHERE d.id = supervised_items.id AND ${and(...conds)})`
      : () => GENERIC_PLAN;
    const { items, own, total } = await supervision.listItems(actor, {
      kind: 'demand',
      states,
      deadlineTo,
      unitId: q.unitId,
      where,
      whereShape: conds.length ? undefined : 'generic',
      sort: 'created',
      countApart: true,
      page: q.page,
      pageSize: q.pageSize,
      own: DEMAND_COLUMNS,
    });
    return { items: await present(actor, items, own), total, page: q.page, pageSize: q.pageSize };
  }

  /** Every demand the filters select (the export), page by page. */
  async function listAll(actor: Actor, q: Omit<DemandQuery, 'page' | 'pageSize'>) {
    const out: DemandOut[] = [];
    for (let page = 1; page <= 100; page++) {
      const r = await list(actor, { ...q, page, pageSize: 500 });
      out.push(...r.items);
      if (out.length >= r.total || r.items.length === 0) break;
    }
    return out.reverse();
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<DemandOut> {
    const { items, own } = await supervision.listItems(
      actor,
      { kind: 'demand', ids: [id], page: 1, pageSize: 1, own: DEMAND_COLUMNS },
      tx === db ? undefined : tx,
    );
    if (!items[0]) throw notFound();
    const out = (await present(actor, items, own, tx))[0]!;
    return { ...out, ...(await detailOf(tx, actor.jurisdictionId, out)) };
  }

  /**
   * What a demand's page adds to its row: the time each unit held it before giving it back and the office's wait
   * to route it again (the figures' rule, `timeLost`, on this demand alone), and the files the enterprise sent.
   */
  async function detailOf(tx: Tx, jurisdictionId: string, d: DemandOut) {
    const events = (
      await tx.execute<{ action: string; at: string; actor_unit_id: string | null }>(
        sql`SELECT action, at, actor_unit_id FROM supervision_events
          WHERE item_id = ${d.id} AND action IN ('assign', 'reassign', 'return') ORDER BY seq`,
      )
    ).rows;
    const lost = timeLost(
      events.map((e) => ({
        itemId: d.id,
        action: e.action,
        at: new Date(e.at).getTime(),
        actorUnitId: e.actor_unit_id,
        toUnitId: null,
      })),
    );
    const names = new Map((await org.listUnits({ jurisdictionId }, tx)).map((u) => [u.id, u.name]));
    const channel = await org.systemPerson(tx, jurisdictionId, 'demand_channel');
    const files = await deps.attachments.listForItem(d.id, { uploadedBy: channel.id }, tx);
    return {
      timeLost: {
        units: [...lost.byUnit].map(([unitId, u]) => ({
          unitId,
          unitName: names.get(unitId) ?? null,
          returns: u.returns,
          heldHours: Math.round(u.heldHours * 10) / 10,
        })),
        officeWaitHours: Math.round(lost.office.waitHours * 10) / 10,
        waitingWithOffice: lost.office.waiting > 0,
      },
      enterpriseFiles: files.map((f) => ({ id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size })),
    };
  }

  async function row(tx: Tx, actor: Actor, id: string) {
    const item = await supervision.rawItem(tx, actor, id);
    const [d] = await tx.select().from(demands).where(eq(demands.id, id));
    if (!d || item.kind !== 'demand') throw notFound();
    return { item, d };
  }

  // ---------- the flow ----------

  /** The office routes a demand waiting with it (new or returned) to the handling unit and co-units. */
  async function assign(
    actor: Actor,
    id: string,
    version: number,
    input: { handlingUnitId: string; coUnitIds: string[] },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const { item } = await row(tx, actor, id);
      if (!supervision.sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
      await checkUnits(tx, actor, [input.handlingUnitId, ...input.coUnitIds], 'body.handlingUnitId');
      await supervision.editItem(tx, actor, id, version, {
        assigneeUnitId: input.handlingUnitId,
        coUnitIds: input.coUnitIds.filter((u) => u !== input.handlingUnitId),
      });
      await supervision.act(tx, actor, id, null, item.state === 'returned' ? 'reassign' : 'assign');
      await auditDemand(actor, meta, 'assign', id, input, tx);
    });
  }

  async function accept(actor: Actor, id: string, version: number, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await row(tx, actor, id);
      await supervision.act(tx, actor, id, version, 'accept');
      await auditDemand(actor, meta, 'accept', id, {}, tx);
    });
  }

  /** The unit disputes ownership: back to the office, which routes it again (首接负责 until then). */
  async function giveBack(actor: Actor, id: string, version: number, reason: string, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await row(tx, actor, id);
      await supervision.act(tx, actor, id, version, 'return', { reason });
      await auditDemand(actor, meta, 'return', id, { reason }, tx);
    });
  }

  /** Taking up a demand by acting on it: an issued one is accepted first. Returns the version to act on next. */
  async function takeUp(tx: Tx, actor: Actor, id: string, version: number): Promise<number | null> {
    const { item } = await row(tx, actor, id);
    if (item.version !== version)
      throw new AppError('version_conflict', { current: item.version }, [], { currentVersion: item.version });
    if (!supervision.sidesOf(actor, item).includes('assignee')) throw new AppError('forbidden');
    if (!HANDLING.includes(item.state as SupervisionState))
      throw new AppError('invalid_transition', { state: item.state });
    if (item.state === 'assigned') {
      await supervision.act(tx, actor, id, version, 'accept');
      return null;
    }
    return version;
  }

  /** 联系企业: the unit records that it reached the enterprise (the 2-working-hour limit). */
  async function contact(actor: Actor, id: string, version: number, note: string | null, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await takeUp(tx, actor, id, version);
      await tx
        .update(demands)
        .set({ contactedAt: sql`coalesce(${demands.contactedAt}, ${now()}::timestamptz)` })
        .where(eq(demands.id, id));
      await auditDemand(actor, meta, 'contact', id, { note }, tx);
    });
  }

  /**
   * 答复: written to the enterprise. An interim answer (a plan) keeps the demand in hand; the final answer asks to
   * close it, the answer itself its evidence (with any files), and the enterprise is asked to rate it.
   */
  async function reply(
    actor: Actor,
    id: string,
    version: number,
    input: { text: string; final: boolean; attachmentIds: string[] },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const v = await takeUp(tx, actor, id, version);
      const at = now();
      // The caller's own uploads not yet bound to anything (checked as evidence at upload: type, size).
      const attachmentIds = [...new Set(input.attachmentIds)];
      const files = await deps.attachments.bind(tx, actor, attachmentIds, id);
      const [r] = await tx
        .insert(demandReplies)
        .values({
          demandId: id,
          text: input.text,
          final: input.final,
          unitId: actor.unitId,
          byPersonId: actor.personId,
          at,
          attachmentIds,
        })
        .returning({ id: demandReplies.id });
      await tx
        .update(demands)
        .set({ firstRepliedAt: sql`coalesce(${demands.firstRepliedAt}, ${at}::timestamptz)` })
        .where(eq(demands.id, id));
      if (input.final)
        await supervision.act(tx, actor, id, v, 'requestClose', {
          reason: input.text,
          evidenceCount: 1 + files,
          data: { replyId: r!.id, attachmentIds },
        });
      await auditDemand(
        actor,
        meta,
        'reply',
        id,
        { replyId: r!.id, final: input.final, text: input.text, attachmentIds },
        tx,
      );
    });
  }

  /**
   * The enterprise's rating of the final answer (through its link, or taken by the office on a call-back): 满意 and
   * 基本满意 close the demand; the first 不满意 reopens it, with the 分管 leader of the handling unit now leading it.
   */
  async function rateIn(
    tx: Tx,
    by: Actor,
    d: DemandRow,
    item: { state: string; assigneeUnitId: string; assignerUnitId: string; jurisdictionId: string; version: number },
    input: { rating: Rating; comment?: string | null },
  ) {
    if (item.state !== 'close_requested') throw new AppError('demand_not_ratable');
    const outcome = afterRating(input.rating, d.reopenCount);
    const at = now();
    if (outcome === 'close') {
      await supervision.act(tx, by, d.id, null, 'close', {
        data: { rating: input.rating, comment: input.comment ?? null },
      });
      await tx
        .update(demands)
        .set({ rating: input.rating, ratingComment: input.comment ?? null, ratedAt: at })
        .where(eq(demands.id, d.id));
    } else {
      const leader = (await org.leadersOf(item.assigneeUnitId, tx)).sort()[0] ?? null;
      const after = await supervision.act(tx, by, d.id, null, 'reject', {
        reason: `企业评价${RATING_LABELS[input.rating]['zh-CN']}${input.comment ? `：${input.comment}` : ''}（重新办理）`,
        data: { rating: input.rating, reopened: true, leaderId: leader },
        ...(leader ? { set: { leadLeaderId: leader } } : {}),
      });
      await tx
        .update(demands)
        .set({
          firstRating: input.rating,
          ratingComment: input.comment ?? null,
          ratedAt: at,
          reopenCount: d.reopenCount + 1,
        })
        .where(eq(demands.id, d.id));
      if (leader)
        await deps.notifications.notify(tx, {
          jurisdictionId: item.jurisdictionId,
          recipients: [leader],
          kind: 'demand_reopened',
          itemId: d.id,
          title: `【企业诉求不满意重办】${after.title}`,
          body: `企业对答复不满意${input.comment ? `：${input.comment}` : ''}\n请关注承办单位重新办理。`,
          link: `/demands/${d.id}`,
          dedupeKey: `demand-reopened:${d.id}`,
        });
    }
    return outcome;
  }

  /** The office records a rating the enterprise gave on a call-back (回访). */
  async function rate(
    actor: Actor,
    id: string,
    version: number,
    input: { rating: Rating; comment?: string | null },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const { item, d } = await row(tx, actor, id);
      if (!supervision.sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
      if (item.version !== version)
        throw new AppError('version_conflict', { current: item.version }, [], { currentVersion: item.version });
      const outcome = await rateIn(tx, actor, d, item, input);
      await auditDemand(actor, meta, 'rate', id, { ...input, outcome, via: 'call-back' }, tx);
    });
  }

  /** 撤单: withdrawn at the enterprise's request, with the reason (the office calls back to check, docs/ENTERPRISES.md). */
  async function withdraw(actor: Actor, id: string, version: number, reason: string, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await row(tx, actor, id);
      await supervision.act(tx, actor, id, version, 'cancel', { reason, data: { withdrawn: true } });
      await auditDemand(actor, meta, 'withdraw', id, { reason }, tx);
    });
  }

  /**
   * 撤单回访: the office calls the enterprise back after a withdrawal and records whether it withdrew of its own
   * will. A withdrawal the enterprise says it was pressed into is counted apart in the figures (and stays on record).
   */
  async function checkWithdrawal(
    actor: Actor,
    id: string,
    input: { voluntary: boolean; note?: string | null },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const { item, d } = await row(tx, actor, id);
      if (!supervision.sidesOf(actor, item).includes('assigner')) throw new AppError('forbidden');
      if (item.state !== 'cancelled') throw new AppError('demand_not_withdrawn');
      if (d.withdrawalCheckedAt) throw new AppError('withdrawal_checked');
      await tx
        .update(demands)
        .set({
          withdrawalCheckedAt: now(),
          withdrawalVoluntary: input.voluntary,
          withdrawalCheckNote: input.note ?? null,
        })
        .where(eq(demands.id, id));
      await auditDemand(actor, meta, 'withdrawal_check', id, input, tx);
    });
  }

  /**
   * Honest figures of the demands received in a period (docs/ENTERPRISES.md): the county's, and per handling unit
   * with the time it lost giving demands back; the office's decisions on disputes (due within 1 working day). The
   * office and principals see every unit; a leader the units he or she 分管; a unit its own.
   */
  async function figures(actor: Actor, q: { from: string; to: string }) {
    const rows = (
      await db.execute<{
        id: string;
        unit: string;
        state: string;
        answered: boolean;
        rating: string | null;
        first_rating: string | null;
        reopen_count: number;
        checked: boolean;
        voluntary: boolean | null;
      }>(sql`SELECT d.id, i.assignee_unit_id AS unit, i.state,
          EXISTS (SELECT 1 FROM demand_replies r WHERE r.demand_id = d.id AND r.final) AS answered,
          d.rating, d.first_rating, d.reopen_count, d.withdrawal_checked_at IS NOT NULL AS checked,
          d.withdrawal_voluntary AS voluntary
        FROM demands d JOIN supervised_items i ON i.id = d.id
        WHERE d.jurisdiction_id = ${actor.jurisdictionId}
          AND (d.received_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${q.from}::date AND ${q.to}::date`)
    ).rows.map((r) => ({
      id: r.id,
      unitId: r.unit,
      state: r.state,
      answered: r.answered,
      rating: r.rating,
      firstRating: r.first_rating,
      reopenCount: r.reopen_count,
      withdrawn: r.state === 'cancelled',
      withdrawalChecked: r.checked,
      withdrawalVoluntary: r.voluntary,
    }));
    const ids = rows.map((r) => r.id);
    const events = ids.length
      ? (
          await db.execute<{ item_id: string; action: string; at: string; actor_unit_id: string | null }>(
            sql`SELECT item_id, action, at, actor_unit_id FROM supervision_events
              WHERE item_id = ANY(${sql.param(ids)}::uuid[]) AND action IN ('assign', 'reassign', 'return') ORDER BY seq`,
          )
        ).rows
      : [];
    const lost = timeLost(
      events.map((e) => ({
        itemId: e.item_id,
        action: e.action,
        at: new Date(e.at).getTime(),
        actorUnitId: e.actor_unit_id,
        toUnitId: null,
      })),
    );
    // The office decides a dispute within 1 working day of the give-back (首接负责 until then).
    const cal = await deps.calendar.calendarFor(actor.jurisdictionId);
    const today = toLocalTime(now()).slice(0, 10);
    const pendingLate = lost.office.waitingSinceMs.filter(
      (ms) => addWorkingDays(toLocalTime(new Date(ms)).slice(0, 10), 1, cal) < today,
    ).length;
    const lateDecisions = events.reduce((acc, e, i) => {
      if (e.action !== 'return') return acc;
      const next = events.slice(i + 1).find((x) => x.item_id === e.item_id && x.action !== 'return');
      if (next) {
        const due = addWorkingDays(toLocalTime(new Date(e.at)).slice(0, 10), 1, cal);
        if (toLocalTime(new Date(next.at)).slice(0, 10) > due) acc++;
      }
      return acc;
    }, 0);
    const wide = hasAnyRole(actor, JURISDICTION_WIDE);
    const mine = new Set([actor.unitId, ...actor.leaderUnitIds]);
    const names = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const unitIds = [...new Set([...rows.map((r) => r.unitId), ...lost.byUnit.keys()])].filter(
      (u) => wide || mine.has(u),
    );
    const office = await officeUnit(db, actor.jurisdictionId);
    return {
      from: q.from,
      to: q.to,
      definitions: FIGURE_DEFINITIONS,
      county: demandFigures(rows),
      // The caller's own: the county for the office and principals, else the demands of his or her units.
      scope: wide ? demandFigures(rows) : demandFigures(rows.filter((r) => mine.has(r.unitId))),
      units: unitIds
        .filter((u) => u !== office || lost.byUnit.has(u))
        .map((u) => ({
          unitId: u,
          unitName: names.get(u) ?? '',
          ...demandFigures(rows.filter((r) => r.unitId === u)),
          returns: lost.byUnit.get(u)?.returns ?? 0,
          heldHours: Math.round((lost.byUnit.get(u)?.heldHours ?? 0) * 10) / 10,
        }))
        .sort((a, b) => b.received - a.received),
      office: {
        decisions: lost.office.decisions,
        waitHours: Math.round(lost.office.waitHours * 10) / 10,
        waiting: lost.office.waiting,
        late: lateDecisions + pendingLate,
      },
    };
  }

  // ---------- the enterprise's own channel ----------

  let channelKey: Buffer | null = null;
  async function keyOf(): Promise<Buffer> {
    if (channelKey) return channelKey;
    await db
      .insert(publicChannelKeys)
      .values({ id: 1, key: crypto.randomBytes(32).toString('base64') })
      .onConflictDoNothing();
    const [k] = await db.select().from(publicChannelKeys).where(eq(publicChannelKeys.id, 1));
    channelKey = Buffer.from(k!.key, 'base64');
    return channelKey;
  }
  const CHALLENGE_MS = 15 * 60_000;
  const usedChallenges = new Map<string, number>();
  const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

  /** A sum to answer (in words and figures, no outside service), signed and good for 15 minutes, once. */
  async function challenge() {
    const a = 2 + crypto.randomInt(9);
    const b = 1 + crypto.randomInt(9);
    const body = Buffer.from(
      JSON.stringify({ s: a + b, exp: Date.now() + CHALLENGE_MS, n: crypto.randomBytes(8).toString('hex') }),
    ).toString('base64url');
    const mac = crypto
      .createHmac('sha256', await keyOf())
      .update(body)
      .digest('base64url');
    const word = (n: number) => DIGITS[n] ?? String(n);
    return { question: `${word(a)}加${word(b)}等于几？（${a} + ${b} = ?）`, challenge: `${body}.${mac}` };
  }

  async function checkChallenge(token: string, answer: string) {
    const [body, mac] = token.split('.');
    const bad = () => new AppError('challenge_failed', {}, [{ field: 'body.answer', code: 'invalid_value' }]);
    if (!body || !mac) throw bad();
    const want = crypto
      .createHmac('sha256', await keyOf())
      .update(body)
      .digest();
    const got = Buffer.from(mac, 'base64url');
    if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) throw bad();
    const c = JSON.parse(Buffer.from(body, 'base64url').toString()) as { s: number; exp: number; n: string };
    const t = Date.now();
    for (const [n, exp] of usedChallenges) if (exp < t) usedChallenges.delete(n);
    if (c.exp < t || usedChallenges.has(c.n) || Number(answer.replace(/\s/g, '')) !== c.s) throw bad();
    usedChallenges.set(c.n, c.exp);
  }

  /** Accepted submissions per address (an hour) and per credit code (a day), kept by this instance. */
  const recent = new Map<string, number[]>();
  function admit(key: string, max: number, windowMs: number): boolean {
    const t = Date.now();
    const kept = (recent.get(key) ?? []).filter((x) => x > t - windowMs);
    if (kept.length >= max) {
      recent.set(key, kept);
      return false;
    }
    kept.push(t);
    recent.set(key, kept);
    return true;
  }

  /** The counties the channel serves (each with an organisation), by code: the public page offers the choice. */
  async function channelJurisdictions(): Promise<{ code: string; name: string }[]> {
    return (await org.organisedJurisdictions()).map(({ code, name }) => ({ code, name }));
  }

  /**
   * The county a public request addresses: the one its code names (an unknown code is 404, in words); without a
   * code, the only county the deployment serves — with several, the request must name one (`field`).
   */
  async function channelJurisdiction(
    code: string | undefined,
    field: string,
    tx: Tx = db,
  ): Promise<{ id: string; code: string; name: string }> {
    const all = await org.organisedJurisdictions(tx);
    if (code !== undefined) {
      const j = all.find((x) => x.code === code);
      if (!j) throw new AppError('jurisdiction_unknown', { code });
      return j;
    }
    if (all.length === 1) return all[0]!;
    if (all.length === 0) throw notFound();
    throw new AppError('validation', {}, [{ field, code: 'jurisdiction_required' }]);
  }

  async function submitPublic(
    input: {
      creditCode: string;
      enterpriseName: string;
      contactName: string;
      contactMobile: string;
      category: DemandCategory;
      text: string;
      challenge: string;
      answer: string;
      /** The county's code (its own link, /public/enterprise/<code>); optional while the deployment serves one. */
      jurisdiction?: string;
    },
    meta: RequestMeta,
  ) {
    const cc = deps.enterprises.checkCreditCode(input.creditCode, 'body.creditCode');
    if ('problem' in cc) throw new AppError('validation', {}, [cc.problem]);
    // Before the challenge and the limits: a wrong county costs neither.
    const county = await channelJurisdiction(input.jurisdiction, 'body.jurisdiction');
    const jurisdictionId = county.id;
    await checkChallenge(input.challenge, input.answer);
    const hour = 3_600_000;
    if (!admit(`address:${meta.ip ?? 'unknown'}`, channelLimits.perAddressPerHour, hour))
      throw new AppError('demand_flood', { what: '地址', window: '1 小时', max: channelLimits.perAddressPerHour });
    if (!admit(`code:${cc.code}`, channelLimits.perCodePerDay, 24 * hour))
      throw new AppError('demand_flood', { what: '企业', window: '24 小时', max: channelLimits.perCodePerDay });
    return db.transaction(async (tx) => {
      const e =
        (await deps.enterprises.findByCreditCode(tx, jurisdictionId, cc.code)) ??
        (await deps.enterprises.receiveUnconfirmed(tx, jurisdictionId, {
          name: input.enterpriseName,
          creditCode: cc.code,
          contactName: input.contactName,
          contactMobile: input.contactMobile,
        }));
      const r = await receive(tx, null, jurisdictionId, {
        enterprise: e,
        category: input.category,
        text: input.text,
        source: 'enterprise',
        // Routed at once to its 包联 unit; otherwise the office routes it (and confirms a new enterprise).
        handlingUnitId: e.confirmed && e.active ? e.liaisonUnitId : null,
        coUnitIds: [],
        receivedAt: now(),
        contactName: input.contactName,
        contactMobile: input.contactMobile,
      });
      const channel = await org.systemPerson(tx, jurisdictionId, 'demand_channel');
      await deps.audit.record(
        {
          ...channelAudit(channel, jurisdictionId, meta),
          action: 'demand.submit',
          objectType: 'demand',
          objectId: r.id,
          result: 'success',
          detail: {
            trackingCode: r.trackingCode,
            creditCode: cc.code,
            enterpriseId: e.id,
            newEnterprise: !e.confirmed,
            category: input.category,
          },
        },
        tx,
      );
      return {
        trackingCode: r.trackingCode,
        token: r.token,
        link: `/public/enterprise/${encodeURIComponent(county.code)}/d/${r.token}`,
      };
    });
  }

  /** The audit fields of what the enterprise did through its channel: done by the system actor, from its address. */
  const channelAudit = (
    channel: { id: string; username: string; unitId: string },
    jurisdictionId: string,
    meta: RequestMeta,
  ) => ({
    jurisdictionId,
    personId: channel.id,
    username: channel.username,
    unitId: channel.unitId,
    ip: meta.ip,
    requestId: meta.requestId,
  });

  /**
   * The demand a link's token names. Under a county's address (`county`, its code) the demand must be that county's:
   * another county's token is not found there, as a wrong token is, and an unknown code is 404 in words.
   */
  async function byToken(tx: Tx, token: string, county?: string) {
    const j = county === undefined ? null : await channelJurisdiction(county, 'query.jurisdiction', tx);
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound();
    const [d] = await tx
      .select()
      .from(demands)
      .where(eq(demands.tokenHash, hashToken(token)));
    if (!d || (j && d.jurisdictionId !== j.id)) throw notFound();
    const office = await officeUnit(tx, d.jurisdictionId);
    const channel = await org.systemPerson(tx, d.jurisdictionId, 'demand_channel');
    return { d, channel, reader: desk(d.jurisdictionId, office, channel) };
  }

  /** What the enterprise sees through its link: no officials' names, no internal notes, no other demand. */
  async function publicView(token: string, county?: string): Promise<PublicDemandOut> {
    const { d, reader } = await byToken(db, token, county);
    const out = await get(reader, d.id);
    const j = (await org.getJurisdiction(d.jurisdictionId, db))!;
    const status: PublicDemandOut['status'] =
      out.state === 'closed'
        ? 'closed'
        : out.state === 'cancelled'
          ? 'withdrawn'
          : out.state === 'close_requested'
            ? 'answered'
            : out.state === 'draft' || out.state === 'returned'
              ? 'received'
              : 'handling';
    return {
      county: { code: j.code, name: j.name },
      trackingCode: out.trackingCode,
      enterpriseName: out.enterpriseName,
      category: out.category,
      text: out.text,
      receivedAt: out.receivedAt,
      status,
      // Until routed, the demand is with the office, named as such.
      handlingUnitName: status === 'received' ? null : out.handlingUnitName,
      replyDueAt: out.replyDueAt,
      resolveDue: out.resolveDue,
      replies: out.replies.map(({ unitName: _u, ...r }) => r),
      canRate: out.state === 'close_requested',
      rating: out.rating,
      ratingComment: out.ratingComment,
      reopened: out.reopenCount > 0,
      files: out.enterpriseFiles ?? [],
      canAddFiles:
        out.state !== 'closed' && out.state !== 'cancelled' && (out.enterpriseFiles ?? []).length < MAX_CHANNEL_FILES,
    };
  }

  /**
   * A file the enterprise sends with its demand through its link (after the submission, or later while the demand
   * is open): checked as evidence uploads are (type by content, disguised and macro-bearing Office files, archives
   * that expand, 20 MB), at most MAX_CHANNEL_FILES a demand, rate limited per address like the submissions. The link
   * is checked before the body is read, so a guessed token costs no upload. Uploaded and bound by the system actor.
   */
  async function addPublicFile(
    token: string,
    read: () => Promise<{ filename: string; buf: Buffer }>,
    meta: RequestMeta,
    county?: string,
  ): Promise<DemandFileOut> {
    const { d, reader, channel } = await byToken(db, token, county);
    const open = async (tx: Tx) => {
      const item = await supervision.rawItem(tx, reader, d.id);
      if (item.state === 'closed' || item.state === 'cancelled') throw new AppError('demand_files_closed');
      const mine = await deps.attachments.listForItem(d.id, { uploadedBy: channel.id }, tx);
      if (mine.length >= MAX_CHANNEL_FILES)
        throw new AppError('validation', {}, [
          { field: 'file', code: 'too_many_files', params: { max: MAX_CHANNEL_FILES } },
        ]);
    };
    await open(db);
    if (!admit(`files:${meta.ip ?? 'unknown'}`, channelLimits.perAddressPerHour * MAX_CHANNEL_FILES, 3_600_000))
      throw new AppError('demand_file_flood', { max: channelLimits.perAddressPerHour * MAX_CHANNEL_FILES });
    const up = await read();
    const f = await deps.attachments.upload(reader, up.filename, up.buf).catch((e: unknown) => {
      // The evidence check's refusal, named by the field it is about.
      if (e instanceof AppError && e.code === 'bad_file')
        throw new AppError('bad_file', e.params, [{ field: 'file', code: 'file_refused', params: e.params }]);
      if (e instanceof AppError && e.code === 'payload_too_large') throw fileTooLarge();
      throw e;
    });
    await db.transaction(async (tx) => {
      // One at a time per demand, so two files racing cannot pass the limit together.
      await tx.execute(sql`SELECT 1 FROM demands WHERE id = ${d.id} FOR UPDATE`);
      await open(tx);
      await deps.attachments.bind(tx, reader, [f.id], d.id);
      await deps.audit.record(
        {
          ...channelAudit(channel, d.jurisdictionId, meta),
          action: 'demand.file',
          objectType: 'demand',
          objectId: d.id,
          result: 'success',
          detail: { attachmentId: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size, sha256: f.sha256 },
        },
        tx,
      );
    });
    return { id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size };
  }

  /**
   * A file of the demand the enterprise may have, through its link: one it sent, or one sent to it with an answer.
   * Any other (the loop's evidence, another demand's file) is not found.
   */
  async function publicFile(token: string, fileId: string, county?: string) {
    const { d, channel } = await byToken(db, token, county);
    const mine = await deps.attachments.listForItem(d.id, { uploadedBy: channel.id });
    const answered = await db
      .select({ id: demandReplies.id })
      .from(demandReplies)
      .where(and(eq(demandReplies.demandId, d.id), sql`${fileId}::uuid = ANY(${demandReplies.attachmentIds})`));
    const bound = (await deps.attachments.metaOf(d.jurisdictionId, [fileId]))[0]?.itemId === d.id;
    if (!mine.some((f) => f.id === fileId) && !(answered.length > 0 && bound)) throw notFound();
    return deps.attachments.read(d.jurisdictionId, fileId);
  }

  async function ratePublic(
    token: string,
    input: { rating: Rating; comment?: string | null },
    meta: RequestMeta,
    county?: string,
  ) {
    await db.transaction(async (tx) => {
      const { d, reader, channel } = await byToken(tx, token, county);
      await tx.execute(sql`SELECT 1 FROM demands WHERE id = ${d.id} FOR UPDATE`);
      const [fresh] = await tx.select().from(demands).where(eq(demands.id, d.id));
      const item = await supervision.rawItem(tx, reader, d.id);
      const outcome = await rateIn(tx, reader, fresh!, item, input);
      await deps.audit.record(
        {
          ...channelAudit(channel, d.jurisdictionId, meta),
          action: 'demand.rate',
          objectType: 'demand',
          objectId: d.id,
          result: 'success',
          detail: { ...input, outcome, via: 'link' },
        },
        tx,
      );
    });
    return publicView(token, county);
  }

  return {
    channelJurisdictions,
    loop,
    create,
    fromVisit,
    list,
    listAll,
    overdue,
    openCounts,
    get,
    assign,
    accept,
    giveBack,
    contact,
    reply,
    rate,
    withdraw,
    checkWithdrawal,
    figures,
    listLimits,
    putLimits,
    challenge,
    submitPublic,
    publicView,
    ratePublic,
    addPublicFile,
    publicFile,
    now,
  };
}

export type { EnterpriseOut };
