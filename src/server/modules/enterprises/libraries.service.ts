import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { CalendarService } from '../calendar/calendar.service';
import {
  enterpriseLibraries,
  enterprises,
  libraryMembers,
  libraryMovements,
  libraryTargets,
} from './enterprises.schema';
import { DEFAULT_LIBRARIES, libraryYear, stageMoveAllowed, targetProgress } from '../../../shared/domain/libraries';
import type { IsoDate } from '../../../shared/domain/dates';
import type { LibraryOut, MemberOut } from '../../../shared/enterprises';

export type LibraryService = ReturnType<typeof createLibraryService>;

/**
 * 后备库/培育库 (docs/ENTERPRISES.md, "Reserve libraries"): the five libraries each county starts with (made on first
 * read), their members with the date and stage, every movement kept, the year's counts and movements, and a yearly
 * target of new members followed on the indicators' one trajectory. The office and principals keep them; every
 * business role reads them (a member shows the enterprise's name and code only, as the registry's summaries do).
 */
export function createLibraryService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  calendar: CalendarService;
  today: () => IsoDate;
}) {
  const { db, org } = deps;
  const mayWrite = (a: Actor) => hasAnyRole(a, ['supervision_office', 'principal']);

  async function ensure(jurisdictionId: string, tx: Tx = db) {
    await tx
      .insert(enterpriseLibraries)
      .values(
        DEFAULT_LIBRARIES.map((l) => ({
          jurisdictionId,
          code: l.code,
          name: l.name,
          stages: l.stages,
          criteria: l.criteria,
        })),
      )
      .onConflictDoNothing();
  }

  async function library(tx: Tx, actor: Actor, id: string) {
    const [l] = await tx
      .select()
      .from(enterpriseLibraries)
      .where(and(eq(enterpriseLibraries.id, id), eq(enterpriseLibraries.jurisdictionId, actor.jurisdictionId)));
    if (!l) throw notFound();
    return l;
  }

  async function list(actor: Actor, year?: number): Promise<LibraryOut[]> {
    await ensure(actor.jurisdictionId);
    const y = year ?? Number(deps.today().slice(0, 4));
    const libs = await db
      .select()
      .from(enterpriseLibraries)
      .where(eq(enterpriseLibraries.jurisdictionId, actor.jurisdictionId))
      .orderBy(asc(enterpriseLibraries.code));
    const ids = libs.map((l) => l.id);
    const members = await db
      .select({ libraryId: libraryMembers.libraryId, stage: libraryMembers.stage, leftOn: libraryMembers.leftOn })
      .from(libraryMembers)
      .where(inArray(libraryMembers.libraryId, ids));
    const moves = await db
      .select({
        libraryId: libraryMovements.libraryId,
        kind: libraryMovements.kind,
        stage: libraryMovements.stage,
        on: libraryMovements.on,
      })
      .from(libraryMovements)
      .where(
        and(
          inArray(libraryMovements.libraryId, ids),
          sql`${libraryMovements.on} BETWEEN ${`${y - 1}-01-01`} AND ${`${y}-12-31`}`,
        ),
      );
    const targets = await db
      .select()
      .from(libraryTargets)
      .where(and(inArray(libraryTargets.libraryId, ids), eq(libraryTargets.year, y)));
    const thresholds = await deps.calendar.thresholdsFor(actor.jurisdictionId);
    return libs.map((l) => {
      const mine = members.filter((m) => m.libraryId === l.id);
      const mv = moves.filter((m) => m.libraryId === l.id) as {
        kind: 'enter' | 'stage' | 'leave';
        stage: string | null;
        on: string;
      }[];
      const now = libraryYear(l.stages, mine, mv, y);
      const last = libraryYear(l.stages, [], mv, y - 1);
      const t = targets.find((x) => x.libraryId === l.id);
      const p = t
        ? targetProgress(t.newMembers, y, deps.today(), now.enteredByMonth, last.enteredByMonth, thresholds)
        : null;
      return {
        id: l.id,
        code: l.code,
        name: l.name,
        stages: l.stages,
        criteria: l.criteria,
        year: y,
        byStage: now.byStage,
        members: now.members,
        entered: now.entered,
        advanced: now.advanced,
        left: now.left,
        target:
          t && p
            ? {
                newMembers: t.newMembers,
                actual: p.actual,
                expectedNow: p.expectedNow,
                expected: p.expected,
                light: p.light.light,
                method: p.method,
              }
            : null,
        version: l.version,
      };
    });
  }

  async function patch(
    actor: Actor,
    id: string,
    version: number,
    input: { name?: string; criteria?: string; target?: { year: number; newMembers: number } },
    meta: RequestMeta,
  ) {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      const l = await library(tx, actor, id);
      if (l.version !== version)
        throw new AppError('version_conflict', { current: l.version }, [], { currentVersion: l.version });
      await tx
        .update(enterpriseLibraries)
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.criteria ? { criteria: input.criteria } : {}),
          version: l.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(enterpriseLibraries.id, id));
      if (input.target)
        await tx
          .insert(libraryTargets)
          .values({ libraryId: id, ...input.target })
          .onConflictDoUpdate({
            target: [libraryTargets.libraryId, libraryTargets.year],
            set: { newMembers: input.target.newMembers },
          });
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'library.update',
          objectType: 'library',
          objectId: id,
          result: 'success',
          detail: input,
        },
        tx,
      );
    });
    return (await list(actor, input.target?.year)).find((l) => l.id === id)!;
  }

  async function members(
    actor: Actor,
    id: string,
    q: { stage?: string; status: 'current' | 'all' },
  ): Promise<MemberOut[]> {
    const l = await library(db, actor, id);
    const rows = await db
      .select({ m: libraryMembers, name: enterprises.name, code: enterprises.creditCode })
      .from(libraryMembers)
      .innerJoin(enterprises, eq(enterprises.id, libraryMembers.enterpriseId))
      .where(
        and(
          eq(libraryMembers.libraryId, l.id),
          q.status === 'current' ? isNull(libraryMembers.leftOn) : undefined,
          q.stage ? eq(libraryMembers.stage, q.stage) : undefined,
        ),
      )
      .orderBy(asc(enterprises.name));
    const history = rows.length
      ? await db
          .select()
          .from(libraryMovements)
          .where(
            inArray(
              libraryMovements.memberId,
              rows.map((r) => r.m.id),
            ),
          )
          .orderBy(asc(libraryMovements.on), asc(libraryMovements.at))
      : [];
    return rows.map(({ m, name, code }) => ({
      id: m.id,
      enterpriseId: m.enterpriseId,
      enterpriseName: name,
      creditCode: code,
      stage: m.stage,
      enteredOn: m.enteredOn,
      stageOn: m.stageOn,
      leftOn: m.leftOn,
      leftReason: m.leftReason,
      history: history
        .filter((h) => h.memberId === m.id)
        .map((h) => ({ kind: h.kind as 'enter', stage: h.stage, on: h.on, note: h.note })),
      version: m.version,
    }));
  }

  const move = (
    tx: Tx,
    actor: Actor,
    m: { id: string; libraryId: string; enterpriseId: string },
    kind: string,
    stage: string | null,
    on: string,
    note: string | null,
  ) =>
    tx.insert(libraryMovements).values({
      libraryId: m.libraryId,
      memberId: m.id,
      enterpriseId: m.enterpriseId,
      kind,
      stage,
      on,
      note,
      byPersonId: actor.personId,
    });

  function checkDay(on: string) {
    if (on > deps.today()) throw new AppError('validation', {}, [{ field: 'body.on', code: 'date_in_future' }]);
  }

  /** 入库: an enterprise of the county enters at a stage of the library, on a day. */
  async function admit(
    actor: Actor,
    id: string,
    input: { enterpriseId: string; stage: string; on: string; note?: string | null },
    meta: RequestMeta,
  ) {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    checkDay(input.on);
    return db.transaction(async (tx) => {
      const l = await library(tx, actor, id);
      if (!stageMoveAllowed(l.stages, null, input.stage))
        throw new AppError('validation', {}, [
          { field: 'body.stage', code: 'choose_from_list', params: { allowed: l.stages.join('、') } },
        ]);
      const [e] = await tx
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(and(eq(enterprises.id, input.enterpriseId), eq(enterprises.jurisdictionId, actor.jurisdictionId)));
      if (!e) throw new AppError('validation', {}, [{ field: 'body.enterpriseId', code: 'unknown_reference' }]);
      const [m] = await tx
        .insert(libraryMembers)
        .values({ libraryId: l.id, enterpriseId: e.id, stage: input.stage, enteredOn: input.on, stageOn: input.on })
        .onConflictDoNothing()
        .returning();
      if (!m) throw new AppError('validation', {}, [{ field: 'body.enterpriseId', code: 'already_member' }]);
      await move(tx, actor, m, 'enter', input.stage, input.on, input.note ?? null);
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'library.admit',
          objectType: 'library_member',
          objectId: m.id,
          result: 'success',
          detail: input,
        },
        tx,
      );
      return m.id;
    });
  }

  async function member(tx: Tx, actor: Actor, id: string, memberId: string, version: number) {
    const l = await library(tx, actor, id);
    const [m] = await tx
      .select()
      .from(libraryMembers)
      .where(and(eq(libraryMembers.id, memberId), eq(libraryMembers.libraryId, l.id)));
    if (!m) throw notFound();
    if (m.version !== version)
      throw new AppError('version_conflict', { current: m.version }, [], { currentVersion: m.version });
    if (m.leftOn) throw new AppError('validation', {}, [{ field: 'params.memberId', code: 'member_left' }]);
    return { l, m };
  }

  /** A stage reached (辅导备案, 申报, 上市 …): forward only, not before the stage it leaves. */
  async function advance(
    actor: Actor,
    id: string,
    memberId: string,
    version: number,
    input: { stage: string; on: string; note?: string | null },
    meta: RequestMeta,
  ) {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    checkDay(input.on);
    await db.transaction(async (tx) => {
      const { l, m } = await member(tx, actor, id, memberId, version);
      if (!stageMoveAllowed(l.stages, m.stage, input.stage))
        throw new AppError('validation', {}, [
          { field: 'body.stage', code: 'stage_backwards', params: { from: m.stage, to: input.stage } },
        ]);
      if (input.on < m.stageOn)
        throw new AppError('validation', {}, [
          { field: 'body.on', code: 'before_last_stage', params: { date: m.stageOn } },
        ]);
      await tx
        .update(libraryMembers)
        .set({ stage: input.stage, stageOn: input.on, version: m.version + 1 })
        .where(eq(libraryMembers.id, m.id));
      await move(tx, actor, m, 'stage', input.stage, input.on, input.note ?? null);
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'library.stage',
          objectType: 'library_member',
          objectId: m.id,
          result: 'success',
          detail: input,
        },
        tx,
      );
    });
  }

  /** 出库: leaves the library with the reason (it may enter again later). */
  async function leave(
    actor: Actor,
    id: string,
    memberId: string,
    version: number,
    input: { on: string; reason: string },
    meta: RequestMeta,
  ) {
    if (!mayWrite(actor)) throw new AppError('forbidden');
    checkDay(input.on);
    await db.transaction(async (tx) => {
      const { m } = await member(tx, actor, id, memberId, version);
      if (input.on < m.stageOn)
        throw new AppError('validation', {}, [
          { field: 'body.on', code: 'before_last_stage', params: { date: m.stageOn } },
        ]);
      await tx
        .update(libraryMembers)
        .set({ leftOn: input.on, leftReason: input.reason, version: m.version + 1 })
        .where(eq(libraryMembers.id, m.id));
      await move(tx, actor, m, 'leave', null, input.on, input.reason);
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'library.leave',
          objectType: 'library_member',
          objectId: m.id,
          result: 'success',
          detail: input,
        },
        tx,
      );
    });
  }

  return { list, patch, members, admit, advance, leave, ensure };
}
