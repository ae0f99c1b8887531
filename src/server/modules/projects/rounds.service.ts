import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { ProjectService } from './projects.service';
import type { BlockerService } from './blockers.service';
import { projects, roundProjects, roundReports, rounds } from './projects.schema';
import { roundAgendaItems } from './agenda.schema';
import { ROUND_POOLS, weekStart } from '../../../shared/domain/projects';
import { pastCutoff, roundSummary } from '../../../shared/domain/projects-round';
import { isoWeek } from '../../../shared/domain/cadence';
import { addDays } from '../../../shared/domain/dates';
import type { RoundOpen, RoundReportIn } from '../../../shared/projects';

type RoundRow = typeof rounds.$inferSelect;

/** What another module puts on the agenda of the next scheduling meeting (see addAgendaItem). */
export interface AgendaItemIn {
  jurisdictionId: string;
  source: string;
  /** Raising an item with a key already raised in the jurisdiction does nothing. */
  dedupeKey: string;
  title: string;
  body: string;
  link?: string | null;
  unitId?: string | null;
  leaderId?: string | null;
}

/**
 * 调度事项: puts an item on the next weekly scheduling round, in the caller's transaction — the open round (the latest
 * week's, if several are open); with no round open it waits and goes on the next round opened. Returns whether the
 * item is new (false when its key was raised before).
 */
export async function addAgendaItem(tx: Tx, item: AgendaItemIn): Promise<boolean> {
  const [open] = await tx
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.jurisdictionId, item.jurisdictionId), eq(rounds.state, 'open')))
    .orderBy(desc(rounds.weekStart))
    .limit(1);
  const added = await tx
    .insert(roundAgendaItems)
    .values({
      jurisdictionId: item.jurisdictionId,
      roundId: open?.id ?? null,
      source: item.source,
      dedupeKey: item.dedupeKey,
      title: item.title,
      body: item.body,
      link: item.link ?? null,
      unitId: item.unitId ?? null,
      leaderId: item.leaderId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: roundAgendaItems.id });
  return added.length > 0;
}

export type RoundService = ReturnType<typeof createRoundService>;

/**
 * 周调度: the office opens a round for a week; the projects due to report (those in the preparing and building
 * pools) are fixed then, each with its responsible unit; units report each project (late after the cut-off:
 * recorded, never lost, even after the round closed); the summary (对账) comes from the pure `roundSummary`.
 */
export function createRoundService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  projects: ProjectService;
  blockers: BlockerService;
  today: () => string;
}) {
  const { db, org } = deps;

  const auditRound = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `round.${action}`,
        objectType: 'round',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  async function load(tx: Tx, actor: Actor, id: string): Promise<RoundRow> {
    const [r] = await tx
      .select()
      .from(rounds)
      .where(and(eq(rounds.id, id), eq(rounds.jurisdictionId, actor.jurisdictionId)));
    if (!r) throw notFound();
    return r;
  }

  /** The round's projects the caller sees, with the unit due to report each. */
  async function expectedFor(actor: Actor, roundIds: string[], tx: Tx = db) {
    if (roundIds.length === 0) return [];
    return tx
      .select({
        roundId: roundProjects.roundId,
        projectId: roundProjects.projectId,
        unitId: roundProjects.unitId,
        projectName: projects.name,
      })
      .from(roundProjects)
      .innerJoin(projects, eq(projects.id, roundProjects.projectId))
      .where(and(inArray(roundProjects.roundId, roundIds), deps.projects.visibleWhere(actor)))
      .orderBy(asc(projects.serial));
  }

  async function reportRows(actor: Actor, roundIds: string[], tx: Tx = db) {
    if (roundIds.length === 0) return [];
    return tx
      .select({ r: roundReports, projectName: projects.name })
      .from(roundReports)
      .innerJoin(projects, eq(projects.id, roundReports.projectId))
      .where(and(inArray(roundReports.roundId, roundIds), deps.projects.visibleWhere(actor)))
      .orderBy(asc(roundReports.seq));
  }

  async function present(actor: Actor, rows: RoundRow[]) {
    const ids = rows.map((r) => r.id);
    const expected = await expectedFor(actor, ids);
    const reports = await reportRows(actor, ids);
    return rows.map((r) => {
      const s = roundSummary(
        expected.filter((e) => e.roundId === r.id),
        reports
          .filter((x) => x.r.roundId === r.id)
          .map(({ r: x }) => ({
            projectId: x.projectId,
            unitId: x.unitId,
            submittedOn: x.submittedOn,
            seq: x.seq,
            investment: x.monthInvestment,
            behind: x.behind,
            hasProblems: !!(x.problems || x.coordination),
          })),
        r.cutoff,
      );
      return {
        id: r.id,
        title: r.title,
        weekStart: r.weekStart,
        cutoff: r.cutoff,
        state: r.state as 'open' | 'closed',
        expected: s.expected,
        reported: s.expected - s.missing.length,
        late: s.late,
        openedAt: r.openedAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
        closedAutomatically: r.state === 'closed' && r.closedBy === null,
        version: r.version,
      };
    });
  }

  async function list(actor: Actor) {
    const rows = await db
      .select()
      .from(rounds)
      .where(eq(rounds.jurisdictionId, actor.jurisdictionId))
      .orderBy(desc(rounds.weekStart));
    return present(actor, rows);
  }

  async function get(actor: Actor, id: string) {
    return (await present(actor, [await load(db, actor, id)]))[0]!;
  }

  async function open(actor: Actor, input: z.infer<typeof RoundOpen>, meta: RequestMeta) {
    const start = weekStart(input.weekOf);
    const cutoff = input.cutoff ?? addDays(start, 3);
    if (cutoff < start || cutoff > addDays(start, 13))
      throw new AppError('validation', {}, [{ field: 'body.cutoff', code: 'cutoff_outside_week' }]);
    const { year, week } = isoWeek(start);
    const title = input.title ?? `${year}年第${week}周重点项目调度`;
    const id = await db
      .transaction(async (tx) => {
        const [dup] = await tx
          .select({ id: rounds.id })
          .from(rounds)
          .where(and(eq(rounds.jurisdictionId, actor.jurisdictionId), eq(rounds.weekStart, start)));
        if (dup) throw new AppError('duplicate', { what: `${start} 所在周的调度` });
        const [row] = await tx
          .insert(rounds)
          .values({ jurisdictionId: actor.jurisdictionId, title, weekStart: start, cutoff, openedBy: actor.personId })
          .returning();
        const due = await tx
          .select({ id: projects.id, unitId: projects.responsibleUnitId })
          .from(projects)
          .where(
            and(
              eq(projects.jurisdictionId, actor.jurisdictionId),
              inArray(projects.pool, [...(input.pools ?? ROUND_POOLS)]),
            ),
          );
        if (due.length)
          await tx
            .insert(roundProjects)
            .values(due.map((p) => ({ roundId: row!.id, projectId: p.id, unitId: p.unitId })));
        // Items raised while no round was open go on this one.
        await tx
          .update(roundAgendaItems)
          .set({ roundId: row!.id })
          .where(and(eq(roundAgendaItems.jurisdictionId, actor.jurisdictionId), isNull(roundAgendaItems.roundId)));
        await auditRound(actor, meta, 'open', row!.id, { title, weekStart: start, cutoff, projects: due.length }, tx);
        return row!.id;
      })
      .catch((e: unknown) => {
        // Two offices opening the same week at once: the unique index has the last word.
        if ((e as { cause?: { code?: string } }).cause?.code === '23505')
          throw new AppError('duplicate', { what: `${start} 所在周的调度` });
        throw e;
      });
    return get(actor, id);
  }

  /** A unit reports one of its projects; after the cut-off (or the close) it is recorded as late. */
  async function report(actor: Actor, id: string, input: z.infer<typeof RoundReportIn>, meta: RequestMeta) {
    return (await reportMany(actor, id, [input], meta))[0]!;
  }

  /**
   * A unit reports several of its projects at once (the weekly form): all or nothing, one audit event. Each report
   * is late after the cut-off (or the close): recorded, never lost.
   */
  async function reportMany(actor: Actor, id: string, inputs: z.infer<typeof RoundReportIn>[], meta: RequestMeta) {
    return db.transaction(async (tx) => {
      const projectIds = [...new Set(inputs.map((i) => i.projectId))];
      // The round, the projects due in it and their visibility in one query; refusals are told apart only on failure.
      const due = await tx
        .select({
          projectId: roundProjects.projectId,
          cutoff: rounds.cutoff,
          state: rounds.state,
          unitId: roundProjects.unitId,
        })
        .from(roundProjects)
        .innerJoin(rounds, eq(rounds.id, roundProjects.roundId))
        .innerJoin(projects, eq(projects.id, roundProjects.projectId))
        .where(
          and(
            eq(roundProjects.roundId, id),
            inArray(roundProjects.projectId, projectIds),
            eq(rounds.jurisdictionId, actor.jurisdictionId),
            deps.projects.visibleWhere(actor),
          ),
        );
      const byProject = new Map(due.map((d) => [d.projectId, d]));
      if (byProject.size !== projectIds.length) {
        await load(tx, actor, id);
        const field = (i: number) => (inputs.length === 1 ? 'body.projectId' : `body.reports.${i}.projectId`);
        for (const [i, input] of inputs.entries()) {
          if (byProject.has(input.projectId)) continue;
          await deps.projects.rawProject(tx, actor, input.projectId);
          throw new AppError('validation', {}, [{ field: field(i), code: 'not_in_round' }]);
        }
      }
      if (!hasAnyRole(actor, ['unit_clerk', 'unit_admin']) || due.some((d) => d.unitId !== actor.unitId))
        throw new AppError('forbidden');
      const today = deps.today();
      const rows = await tx
        .insert(roundReports)
        .values(
          inputs.map((input) => {
            const d = byProject.get(input.projectId)!;
            return {
              roundId: id,
              projectId: input.projectId,
              unitId: d.unitId,
              progress: input.progress,
              imageProgress: input.imageProgress,
              monthInvestment: input.monthInvestment ?? null,
              problems: input.problems ?? null,
              coordination: input.coordination ?? null,
              behind: input.behind,
              late: pastCutoff(d.cutoff, today) || d.state === 'closed',
              submittedBy: actor.personId,
              submittedOn: today,
            };
          }),
        )
        .returning({ id: roundReports.id, projectId: roundReports.projectId, late: roundReports.late });
      await auditRound(
        actor,
        meta,
        'report',
        id,
        { reports: rows.map((r) => ({ projectId: r.projectId, late: r.late })) },
        tx,
      );
      return rows;
    });
  }

  async function reports(actor: Actor, id: string) {
    await load(db, actor, id);
    const rows = await reportRows(actor, [id]);
    const latest = new Map<string, number>();
    for (const { r } of rows) latest.set(r.projectId, r.seq);
    const names = new Map<string, string | null>();
    for (const pid of new Set(rows.map(({ r }) => r.submittedBy)))
      names.set(pid, (await org.accountById(pid))?.displayName ?? null);
    return rows.reverse().map(({ r, projectName }) => ({
      id: r.id,
      projectId: r.projectId,
      projectName,
      unitId: r.unitId,
      progress: r.progress,
      imageProgress: r.imageProgress,
      monthInvestment: r.monthInvestment,
      problems: r.problems,
      coordination: r.coordination,
      behind: r.behind,
      late: r.late,
      superseded: latest.get(r.projectId) !== r.seq,
      submittedBy: names.get(r.submittedBy) ?? null,
      submittedAt: r.submittedAt.toISOString(),
    }));
  }

  /** 对账: who reported, who did not, who was late, the month's investment reported, projects behind, blockers. */
  async function summary(actor: Actor, id: string) {
    const round = await load(db, actor, id);
    const expected = await expectedFor(actor, [id]);
    const rows = await reportRows(actor, [id]);
    const s = roundSummary(
      expected,
      rows.map(({ r }) => ({
        projectId: r.projectId,
        unitId: r.unitId,
        submittedOn: r.submittedOn,
        seq: r.seq,
        investment: r.monthInvestment,
        behind: r.behind,
        hasProblems: !!(r.problems || r.coordination),
      })),
      round.cutoff,
    );
    const unitNames = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const projectNames = new Map([
      ...expected.map((e) => [e.projectId, e.projectName] as const),
      ...rows.map(({ r, projectName }) => [r.projectId, projectName] as const),
    ]);
    const unitOf = new Map([
      ...expected.map((e) => [e.projectId, e.unitId] as const),
      ...rows.map(({ r }) => [r.projectId, r.unitId] as const),
    ]);
    const latest = new Map(rows.map(({ r }) => [r.projectId, r]));
    const ref = (projectId: string) => ({
      projectId,
      projectName: projectNames.get(projectId) ?? '',
      unitId: unitOf.get(projectId)!,
      unitName: unitNames.get(unitOf.get(projectId)!) ?? '',
    });
    const { newBlockers, openBlockers } = await deps.blockers.forRound(
      actor,
      round.weekStart,
      addDays(round.weekStart, 6),
    );
    return {
      // The round's counts from this summary (present() would read the round's projects and reports again).
      round: {
        id: round.id,
        title: round.title,
        weekStart: round.weekStart,
        cutoff: round.cutoff,
        state: round.state as 'open' | 'closed',
        expected: s.expected,
        reported: s.expected - s.missing.length,
        late: s.late,
        openedAt: round.openedAt.toISOString(),
        closedAt: round.closedAt?.toISOString() ?? null,
        closedAutomatically: round.state === 'closed' && round.closedBy === null,
        version: round.version,
      },
      expected: s.expected,
      reported: s.reported,
      late: s.late,
      investment: s.investment,
      missing: s.missing.map((m) => ref(m.projectId)),
      behind: s.behindProjectIds.map(ref),
      problems: s.problemProjectIds.map((p) => ({
        ...ref(p),
        problems: latest.get(p)?.problems ?? null,
        coordination: latest.get(p)?.coordination ?? null,
      })),
      units: s.units.map((u) => ({ ...u, unitName: unitNames.get(u.unitId) ?? '' })),
      lateUnits: s.lateUnitIds.map((u) => ({ unitId: u, unitName: unitNames.get(u) ?? '' })),
      newBlockers,
      openBlockers,
    };
  }

  async function close(actor: Actor, id: string, version: number, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM ${rounds} WHERE id = ${id} FOR UPDATE`);
      const round = await load(tx, actor, id);
      if (round.version !== version)
        throw new AppError('version_conflict', { current: round.version }, [], { currentVersion: round.version });
      if (round.state === 'closed') throw new AppError('round_closed');
      await tx
        .update(rounds)
        .set({ state: 'closed', closedBy: actor.personId, closedAt: new Date(), version: round.version + 1 })
        .where(eq(rounds.id, id));
      await auditRound(actor, meta, 'close', id, {}, tx);
    });
    return get(actor, id);
  }

  /**
   * The round's agenda (调度事项 raised by other modules): the principals and the office see every item; a leader the
   * items he or she leads or whose unit he or she 分管; a unit's people their unit's.
   */
  async function agenda(actor: Actor, id: string) {
    await load(db, actor, id);
    const rows = await db
      .select()
      .from(roundAgendaItems)
      .where(eq(roundAgendaItems.roundId, id))
      .orderBy(asc(roundAgendaItems.createdAt), asc(roundAgendaItems.title));
    const all = hasAnyRole(actor, ['principal', 'supervision_office']);
    const leader = hasAnyRole(actor, ['leader']);
    const unit = hasAnyRole(actor, ['unit_admin', 'unit_clerk']);
    const unitNames = new Map((await org.listUnits(actor)).map((u) => [u.id, u.name]));
    return rows
      .filter(
        (r) =>
          all ||
          (leader &&
            ((r.leaderId !== null && r.leaderId === actor.personId) ||
              (r.unitId !== null && actor.leaderUnitIds.includes(r.unitId)))) ||
          (unit && r.unitId !== null && r.unitId === actor.unitId),
      )
      .map((r) => ({
        id: r.id,
        source: r.source,
        title: r.title,
        body: r.body,
        link: r.link,
        unitId: r.unitId,
        unitName: r.unitId ? (unitNames.get(r.unitId) ?? null) : null,
        createdAt: r.createdAt.toISOString(),
      }));
  }

  return { list, get, open, report, reportMany, reports, summary, close, agenda };
}

/**
 * The scheduled close at the cut-off: every open round (of any jurisdiction) whose cut-off day has passed in
 * Beijing time is closed by the system, one transaction and one audit event (username `system`, no person) per
 * round. Idempotent and safe on several instances even without the job's advisory lock: the update only takes a
 * round still open, so a second runner finds nothing left to close and records nothing.
 */
export async function closeRoundsPastCutoff(deps: {
  db: Db;
  audit: AuditService;
  today: () => string;
}): Promise<{ closed: number }> {
  const today = deps.today();
  const due = await deps.db
    .select({ id: rounds.id, cutoff: rounds.cutoff })
    .from(rounds)
    .where(and(eq(rounds.state, 'open'), sql`${rounds.cutoff} < ${today}`));
  let closed = 0;
  for (const r of due.filter((r) => pastCutoff(r.cutoff, today))) {
    await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(rounds)
        .set({ state: 'closed', closedBy: null, closedAt: new Date(), version: sql`${rounds.version} + 1` })
        .where(and(eq(rounds.id, r.id), eq(rounds.state, 'open')))
        .returning({ jurisdictionId: rounds.jurisdictionId, version: rounds.version });
      if (!row) return;
      closed++;
      await deps.audit.record(
        {
          jurisdictionId: row.jurisdictionId,
          personId: null,
          username: 'system',
          action: 'round.close',
          objectType: 'round',
          objectId: r.id,
          result: 'success',
          detail: { automatic: true, cutoff: r.cutoff, closedOn: today, version: row.version },
        },
        tx,
      );
    });
  }
  return { closed };
}
