import { and, asc, desc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditActor, visibleUnitIds, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { OrgService } from '../org/org.service';
import { scoringFacts } from '../supervision/supervision.service';
import { caseCountsByUnit, toleratedItems } from '../accountability/accountability.service';
import { scoringCommendations, scoringRuleSets } from './scoring.schema';
import type { EnterpriseFiguresService } from '../enterprises/figures.service';
import type { CommendationIn, CommendationOut } from '../../../shared/scoring';
import { addDays, daysBetween, todayInShanghai, type IsoDate } from '../../../shared/domain/dates';
import {
  DEFAULT_SCORING_RULES,
  exemptTolerated,
  RATE_KINDS,
  RATE_LABELS,
  league,
  overdueWorkingDaysIn,
  ScoringRules,
  scoreUnits,
  scoringGroupOf,
  type ScoringEvent,
  type ScoredUnit,
} from '../../../shared/domain/scoring';

export type ScoringService = ReturnType<typeof createScoringService>;

/**
 * Scoring (考核): the jurisdiction's rule sets (versioned, edited by the supervision office) and league tables
 * computed from the supervision core's recorded events for any period. No score is ever stored.
 */
export function createScoringService(deps: {
  db: Db;
  audit: AuditService;
  org: Pick<OrgService, 'listUnits' | 'accountById'>;
  calendar: Pick<CalendarService, 'calendarFor'>;
  today: () => IsoDate;
  /** The enterprise service's rates per unit (coverage, demand response, resolution, satisfaction). */
  enterpriseFigures?: Pick<EnterpriseFiguresService, 'unitRates'>;
  /** The moment now (the demo's simulated days set it); default the clock. */
  now?: () => Date;
}) {
  const { db } = deps;

  /** The rule set in force (or the given version); version 0 is the built-in defaults. */
  async function rulesFor(
    jurisdictionId: string,
    version?: number,
    tx: Tx = db,
  ): Promise<{ rules: ScoringRules; version: number; custom: boolean }> {
    if (version === 0) return { rules: DEFAULT_SCORING_RULES, version: 0, custom: false };
    const [r] = await tx
      .select()
      .from(scoringRuleSets)
      .where(
        and(
          eq(scoringRuleSets.jurisdictionId, jurisdictionId),
          ...(version !== undefined ? [eq(scoringRuleSets.version, version)] : []),
        ),
      )
      .orderBy(desc(scoringRuleSets.version))
      .limit(1);
    if (!r) {
      if (version !== undefined) throw notFound();
      return { rules: DEFAULT_SCORING_RULES, version: 0, custom: false };
    }
    // Stored rows were validated on the way in; parsing again keeps an old row readable if a field is added later.
    return {
      rules: ScoringRules.parse({ ...DEFAULT_SCORING_RULES, ...(r.rules as object) }),
      version: r.version,
      custom: true,
    };
  }

  /** A new version of the rules (the old one kept for recomputing past periods), audited with before and after. */
  async function setRules(
    actor: Actor,
    version: number,
    rules: ScoringRules,
    meta: { ip?: string; requestId?: string },
  ) {
    return db.transaction(async (tx) => {
      // Serialise concurrent edits of one jurisdiction's rules: the second waits, then sees the new version.
      await tx.execute(sqlLock(actor.jurisdictionId));
      const before = await rulesFor(actor.jurisdictionId, undefined, tx);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      await tx
        .insert(scoringRuleSets)
        .values({ jurisdictionId: actor.jurisdictionId, version: version + 1, rules, createdBy: actor.personId });
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'settings.scoring',
          objectType: 'jurisdiction',
          objectId: actor.jurisdictionId,
          result: 'success',
          detail: { before, after: { rules, version: version + 1 } },
        },
        tx,
      );
      return { rules, version: version + 1, custom: true };
    });
  }

  /**
   * The recorded events of a period as scoring events, attributed to the item's undertaking unit; the deductions
   * of items a 容错 decision exempted are marked 容错免责 (they count 0 and the trail says which case).
   */
  async function eventsOf(jurisdictionId: string, from: IsoDate, to: IsoDate): Promise<ScoringEvent[]> {
    const facts = await scoringFacts(db, jurisdictionId, from, to);
    const cal = await deps.calendar.calendarFor(jurisdictionId);
    const today = deps.today();
    const out: ScoringEvent[] = [];
    for (const i of facts.items) {
      const closedOn = i.state === 'closed' ? i.closedOn : null;
      // A blocker removed within its level's deadline is 卡点按时破解 (in place of an on-time closure); a late one closes late.
      const onTime = i.kind === 'blocker' ? 'blockerResolved' : 'closedOnTime';
      const group = scoringGroupOf('closedOnTime', i.kind);
      if (closedOn && closedOn >= from && closedOn <= to) {
        const kind = closedOn <= i.deadline ? onTime : 'closedLate';
        out.push({ unitId: i.unitId, kind, group, on: closedOn, itemId: i.id, title: i.title, ref: `closed:${i.id}` });
      }
      const n = overdueWorkingDaysIn(i.deadline, closedOn, { from, to }, cal, today);
      if (n > 0) {
        const last = [closedOn ? addDays(closedOn, -1) : today, to].sort()[0]!;
        const title = i.title;
        out.push({
          unitId: i.unitId,
          kind: 'overdueDay',
          group,
          on: last,
          itemId: i.id,
          title,
          count: n,
          ref: `overdue:${i.id}`,
        });
      }
    }
    for (const e of facts.events) {
      const data = (e.data ?? {}) as { automatic?: boolean; approved?: boolean };
      const kind =
        e.action === 'urge'
          ? data.automatic
            ? 'reportMissing'
            : null
          : e.action === 'notice'
            ? 'notice'
            : e.action === 'returnReport'
              ? 'reportReturned'
              : e.action === 'decideExtension' && data.approved
                ? 'extensionApproved'
                : null;
      if (kind) {
        const group = scoringGroupOf(kind, e.itemKind);
        out.push({ unitId: e.unitId, kind, group, on: e.on, itemId: e.itemId, title: e.title, ref: `event:${e.seq}` });
      }
    }
    for (const r of facts.lateReports) {
      const title = `${r.title}（${r.period}，迟报 ${r.lateDays} 天）`;
      const group = scoringGroupOf('reportLate', r.itemKind);
      out.push({
        unitId: r.unitId,
        kind: 'reportLate',
        group,
        on: r.on,
        itemId: r.itemId,
        title,
        ref: `report:${r.id}`,
      });
    }
    const praise = await db
      .select()
      .from(scoringCommendations)
      .where(
        and(
          eq(scoringCommendations.jurisdictionId, jurisdictionId),
          isNull(scoringCommendations.withdrawnAt),
          gte(scoringCommendations.on, from),
          lte(scoringCommendations.on, to),
        ),
      );
    for (const c of praise)
      out.push({
        unitId: c.unitId,
        kind: c.kind as 'praised' | 'criticised',
        on: c.on,
        itemId: null,
        title: c.reason,
        ref: `commendation:${c.id}`,
      });
    if (deps.enterpriseFigures) {
      // The enterprise service's rates: one line per unit and rate, dated the period's last day scored so far.
      const on = to < today ? to : today;
      const rates = await deps.enterpriseFigures.unitRates(jurisdictionId, from, to, {
        day: today,
        // The core's day may be simulated (the demo, tests): then its noon stands for now.
        at: deps.now?.() ?? (todayInShanghai() === today ? new Date() : new Date(`${today}T12:00:00+08:00`)),
      });
      for (const [unitId, r] of rates)
        for (const kind of RATE_KINDS) {
          const rate = r[kind];
          if (!rate || rate.denominator === 0) continue;
          out.push({
            unitId,
            kind,
            group: 'enterprises',
            on,
            itemId: null,
            title: `${RATE_LABELS[kind]} ${rate.numerator}/${rate.denominator}`,
            rate,
            ref: `rate:${kind}`,
          });
        }
    }
    const tolerated = await toleratedItems(db, jurisdictionId);
    return exemptTolerated(out, new Map([...tolerated].map(([item, t]) => [item, t.note])));
  }

  // ---------- praise and criticism (表扬、通报批评) ----------
  async function presentCommendations(
    actor: Actor,
    rows: (typeof scoringCommendations.$inferSelect)[],
    tx: Tx = db,
  ): Promise<CommendationOut[]> {
    const units = new Map((await deps.org.listUnits(actor, tx)).map((u) => [u.id, u.shortName ?? u.name]));
    const names = new Map<string, string | null>();
    for (const id of new Set(rows.map((r) => r.createdBy)))
      names.set(id, (await deps.org.accountById(id, tx))?.displayName ?? null);
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      unitName: units.get(r.unitId) ?? '',
      kind: r.kind as 'praised' | 'criticised',
      on: r.on,
      reason: r.reason,
      createdByName: names.get(r.createdBy) ?? null,
      createdAt: r.createdAt.toISOString(),
      withdrawn: r.withdrawnAt !== null,
      withdrawReason: r.withdrawReason,
      version: r.version,
    }));
  }

  /** Praise and criticism in the caller's scope (a leader: the units he or she 分管), newest first. */
  async function commendations(
    actor: Actor,
    q: { from?: IsoDate; to?: IsoDate; unitId?: string; withdrawn?: 'true' | 'false' },
  ) {
    const conds: SQL[] = [eq(scoringCommendations.jurisdictionId, actor.jurisdictionId)];
    if (q.from) conds.push(gte(scoringCommendations.on, q.from));
    if (q.to) conds.push(lte(scoringCommendations.on, q.to));
    if (q.unitId) conds.push(eq(scoringCommendations.unitId, q.unitId));
    if (q.withdrawn === 'false') conds.push(isNull(scoringCommendations.withdrawnAt));
    const visible = visibleUnitIds(actor);
    const rows = (
      await db
        .select()
        .from(scoringCommendations)
        .where(and(...conds))
        .orderBy(desc(scoringCommendations.on), desc(scoringCommendations.createdAt), asc(scoringCommendations.id))
    ).filter((r) => !visible || visible.includes(r.unitId));
    return { items: await presentCommendations(actor, rows) };
  }

  /** The office records a praise or criticism of one of its jurisdiction's units (audited); returns it. */
  async function recordCommendation(
    actor: Actor,
    input: CommendationIn,
    meta: { ip?: string; requestId?: string },
  ): Promise<CommendationOut> {
    const unit = (await deps.org.listUnits(actor)).find((u) => u.id === input.unitId);
    const problems: { field: string; code: string }[] = [];
    if (!unit) problems.push({ field: 'body.unitId', code: 'invalid_value' });
    if (input.on > deps.today()) problems.push({ field: 'body.on', code: 'invalid_value' });
    if (problems.length) throw new AppError('validation', {}, problems);
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(scoringCommendations)
        .values({
          jurisdictionId: actor.jurisdictionId,
          unitId: input.unitId,
          kind: input.kind,
          on: input.on,
          reason: input.reason,
          createdBy: actor.personId,
        })
        .returning();
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: `scoring.${input.kind}`,
          objectType: 'scoring_commendation',
          objectId: row!.id,
          result: 'success',
          detail: { after: input },
        },
        tx,
      );
      return (await presentCommendations(actor, [row!], tx))[0]!;
    });
  }

  /** Withdraws a mistaken entry (with If-Match and a reason, audited): it stays listed, marked, and no longer counts. */
  async function withdrawCommendation(
    actor: Actor,
    id: string,
    version: number,
    reason: string,
    meta: { ip?: string; requestId?: string },
  ): Promise<CommendationOut> {
    return db.transaction(async (tx) => {
      const [cur] = await tx
        .select()
        .from(scoringCommendations)
        .where(and(eq(scoringCommendations.id, id), eq(scoringCommendations.jurisdictionId, actor.jurisdictionId)))
        .for('update');
      if (!cur) throw notFound();
      if (cur.version !== version)
        throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
      if (cur.withdrawnAt) throw new AppError('conflict');
      const [row] = await tx
        .update(scoringCommendations)
        .set({ withdrawnAt: new Date(), withdrawnBy: actor.personId, withdrawReason: reason, version: cur.version + 1 })
        .where(eq(scoringCommendations.id, id))
        .returning();
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'scoring.withdraw',
          objectType: 'scoring_commendation',
          objectId: id,
          result: 'success',
          detail: { before: { kind: cur.kind, unitId: cur.unitId, on: cur.on, reason: cur.reason }, reason },
        },
        tx,
      );
      return (await presentCommendations(actor, [row!], tx))[0]!;
    });
  }

  /**
   * The league table of a period. Ranks are county-wide; a leader gets the rows of his or her own unit and
   * the units he or she 分管 (with their county ranks), the principal and the supervision office all rows.
   */
  async function leagueFor(
    actor: Actor,
    q: {
      from: IsoDate;
      to: IsoDate;
      kind: 'unit' | 'township';
      rulesVersion?: number;
      unitId?: string;
      events?: 'all' | 'none';
    },
  ) {
    if (q.from > q.to || daysBetween(q.from, q.to) > 366)
      throw new AppError('validation', {}, [{ field: 'query.to', code: 'invalid_value' }]);
    const { rules, version } = await rulesFor(actor.jurisdictionId, q.rulesVersion);
    const events = await eventsOf(actor.jurisdictionId, q.from, q.to);
    const all = await deps.org.listUnits(actor);
    const withEvents = new Set(events.map((e) => e.unitId));
    const units: ScoredUnit[] = all
      .filter((u) => u.active || withEvents.has(u.id))
      .map((u) => ({ id: u.id, name: u.shortName ?? u.name, kind: u.kind }));
    const table = league(scoreUnits(units, events, rules, { from: q.from, to: q.to }), q.kind);
    const visible = visibleUnitIds(actor);
    // Accountability cases (问责) by unit for the period, beside each score (counts only; the cases stay private).
    const cases = await caseCountsByUnit(db, actor.jurisdictionId, q.from, q.to);
    const none = { opened: 0, measures: 0, tolerated: 0 };
    let rows = (visible ? table.filter((r) => visible.includes(r.unitId)) : table).map((r) => ({
      ...r,
      cases: cases.get(r.unitId) ?? none,
    }));
    if (q.unitId) rows = rows.filter((r) => r.unitId === q.unitId);
    if (q.events === 'none') {
      rows = rows.map((r) => ({ ...r, breakdown: r.breakdown.map((b) => ({ ...b, events: [] })) }));
    }
    return { from: q.from, to: q.to, kind: q.kind, rulesVersion: version, rules, rows };
  }

  return { rulesFor, setRules, eventsOf, leagueFor, commendations, recordCommendation, withdrawCommendation };
}

function sqlLock(jurisdictionId: string) {
  return sql`select pg_advisory_xact_lock(hashtext(${`scoring:${jurisdictionId}`}))`;
}
