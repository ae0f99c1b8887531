import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { NotificationService } from '../notifications/notifications.service';
import { addAgendaItem } from '../projects/rounds.service';
import * as repo from './indicators.repo';
import { indicatorCounties, indicators, indicatorSettings, indicatorValues } from './indicators.schema';
import { planValueImport, type PlannedValue } from './indicators.import';
import type { Sheet } from '../../files/table';
import { addDays, type IsoDate } from '../../../shared/domain/dates';
import { LIGHT_SEVERITY, type LightThresholds } from '../../../shared/domain/light';
import {
  growthRate,
  parsePeriodKey,
  periodEnd,
  periodKey,
  periodLabel,
  PERIODS_PER_YEAR,
  type Accumulation,
  type Frequency,
  type YearSeries,
} from '../../../shared/domain/indicators';
import { checkValue, convertUnit, missingBefore, parsePeriodText } from '../../../shared/domain/indicators-check';
import { rankCounties, type PeerValue, type RankBy } from '../../../shared/domain/indicators-peers';
import { indicatorStatus, latestIndex } from '../../../shared/domain/indicators-status';
import { FIELD_MESSAGES, formatMessage, type Locale } from '../../../shared/errors';
import {
  BoardOut,
  FREQUENCY_LABELS,
  TrajectoryOut,
  type PlacesOut,
  type AgendaItem,
  type CountyOut,
  type IndicatorCreate,
  type IndicatorOut,
  type IndicatorPatch,
  type PeerOut,
  type StatusOut,
  type ValueIn,
  type ValueOut,
} from '../../../shared/indicators';
import type { z } from 'zod';

/**
 * Economic indicators: the catalogue, peer counties, values with versions, and the status of each indicator against
 * its trajectory (board, indicator page, bulletin, alerts — all through `indicatorStatus`).
 *
 * Who may do what (the route's roles are the first gate; these rules are applied here):
 * - read: principals and the supervision office see every indicator; so does every person of the coordinating unit
 *   (经发局 牵头抓总, a setting of the jurisdiction); a leader sees the indicators he or she leads or whose responsible
 *   unit he or she 分管; a unit's clerk and administrator see their unit's indicators. Others answer 404.
 * - enter values (own and peers'), import: the supervision office; the coordinating unit's clerks and administrators for
 *   every indicator; a responsible unit's clerks and administrators for its own. Principals and leaders read only.
 * - catalogue and peer counties: the supervision office and the coordinating unit; the coordinating unit itself is set
 *   by the supervision office.
 */
export type IndicatorService = ReturnType<typeof createIndicatorService>;

const UNIT_ROLES = ['unit_admin', 'unit_clerk'] as const;
/** Alerts are for the present: an import of old years does not notify about 2019. */
const ALERT_HORIZON_DAYS = 100;

interface Scope {
  coordinatorUnitId: string | null;
  canRead(i: repo.IndicatorRow): boolean;
  canWrite(i: repo.IndicatorRow): boolean;
  canEditCatalogue: boolean;
}

interface YearData {
  current: YearSeries;
  growth: (number | null)[];
  rank: (number | null)[];
  flags: string[][];
  lastYear: YearSeries;
}

export function createIndicatorService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  calendar: CalendarService;
  notifications: NotificationService;
  today: () => IsoDate;
}) {
  const { db, org } = deps;

  const record = (actor: Actor, meta: RequestMeta, action: string, objectId: string | null, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `indicator.${action}`,
        objectType: 'indicator',
        objectId: objectId ?? undefined,
        result: 'success',
        detail,
      },
      tx,
    );

  async function scopeOf(actor: Actor, tx: Tx = db): Promise<Scope> {
    return scopeWith(actor, (await repo.settingsOf(tx, actor.jurisdictionId))?.coordinatorUnitId ?? null);
  }

  function scopeWith(actor: Actor, coordinatorUnitId: string | null): Scope {
    const unitRole = hasAnyRole(actor, UNIT_ROLES);
    const coordinator = coordinatorUnitId !== null && actor.unitId === coordinatorUnitId;
    const all = hasAnyRole(actor, ['principal', 'supervision_office']) || coordinator;
    const leader = hasAnyRole(actor, ['leader']);
    return {
      coordinatorUnitId,
      canRead: (i) =>
        all ||
        (unitRole && i.responsibleUnitId === actor.unitId) ||
        (leader && (i.leaderId === actor.personId || actor.leaderUnitIds.includes(i.responsibleUnitId))),
      canWrite: (i) =>
        hasAnyRole(actor, ['supervision_office']) ||
        (unitRole && (coordinator || i.responsibleUnitId === actor.unitId)),
      canEditCatalogue: hasAnyRole(actor, ['supervision_office']) || (unitRole && coordinator),
    };
  }

  async function selfCounty(actor: Actor, tx: Tx = db) {
    const j = await org.getJurisdiction(actor.jurisdictionId, tx);
    return repo.ensureSelf(tx, actor.jurisdictionId, (j?.name ?? '本县').replace(/（演示）$/, ''));
  }

  /** Unit and leader names for presenting indicators, fetched once per request. */
  async function namer(
    actor: Actor,
    rows: repo.IndicatorRow[],
    tx: Tx = db,
    unitList?: { id: string; name: string }[],
  ) {
    const units = new Map((unitList ?? (await org.listUnits(actor, tx))).map((u) => [u.id, u.name]));
    const ids = [...new Set(rows.map((r) => r.leaderId).filter((x): x is string => !!x))];
    const leaders = new Map(
      await Promise.all(ids.map(async (id) => [id, (await org.accountById(id, tx))?.displayName ?? ''] as const)),
    );
    return {
      unit: (id: string) => units.get(id) ?? '',
      leader: (id: string | null) => (id ? (leaders.get(id) ?? null) : null),
    };
  }

  function present(r: repo.IndicatorRow, names: Awaited<ReturnType<typeof namer>>, scope: Scope): IndicatorOut {
    return {
      id: r.id,
      name: r.name,
      unit: r.unit,
      frequency: r.frequency as Frequency,
      accumulation: r.accumulation as Accumulation,
      rankBy: r.rankBy as RankBy,
      category: r.category,
      responsibleUnitId: r.responsibleUnitId,
      responsibleUnitName: names.unit(r.responsibleUnitId),
      leaderId: r.leaderId,
      leaderName: names.leader(r.leaderId),
      targets: r.targets,
      sortOrder: r.sortOrder,
      active: r.active,
      version: r.version,
      canWrite: scope.canWrite(r),
    };
  }

  /** The indicator if the caller may see it (404 otherwise: its existence is not revealed). */
  async function visible(actor: Actor, id: string, tx: Tx = db, forUpdate = false) {
    const scope = await scopeOf(actor, tx);
    const row = await repo.indicatorById(tx, actor.jurisdictionId, id, forUpdate);
    if (!row || !scope.canRead(row)) throw notFound();
    return { row, scope };
  }

  // ---------------------------------------------------------------- catalogue

  async function list(actor: Actor) {
    const scope = await scopeOf(actor);
    const rows = (await repo.indicatorsOf(db, actor.jurisdictionId)).filter(scope.canRead);
    const names = await namer(actor, rows);
    return { items: rows.map((r) => present(r, names, scope)), canEdit: scope.canEditCatalogue };
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<IndicatorOut> {
    const { row, scope } = await visible(actor, id, tx);
    return present(row, await namer(actor, [row], tx), scope);
  }

  async function checkCatalogue(actor: Actor, input: Partial<IndicatorCreate>, tx: Tx): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (input.responsibleUnitId !== undefined) {
      const u = (await org.listUnits(actor, tx)).find((x) => x.id === input.responsibleUnitId);
      if (!u?.active) problems.push({ field: 'body.responsibleUnitId', code: 'unknown_reference' });
    }
    if (input.leaderId) {
      const p = await org.accountById(input.leaderId, tx);
      if (
        !p ||
        p.jurisdictionId !== actor.jurisdictionId ||
        !p.active ||
        !p.roles.some((r) => r === 'leader' || r === 'principal')
      )
        problems.push({ field: 'body.leaderId', code: 'not_a_leader' });
    }
    return problems;
  }

  async function assertNameFree(tx: Tx, actor: Actor, name: string, exceptId?: string) {
    const [clash] = await tx
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.jurisdictionId, actor.jurisdictionId), eq(indicators.name, name)));
    if (clash && clash.id !== exceptId)
      throw new AppError('duplicate', { what: name }, [{ field: 'body.name', code: 'exists' }]);
  }

  async function create(actor: Actor, input: IndicatorCreate, meta: RequestMeta): Promise<IndicatorOut> {
    const id = await db.transaction(async (tx) => {
      if (!(await scopeOf(actor, tx)).canEditCatalogue) throw new AppError('forbidden');
      const problems = await checkCatalogue(actor, input, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      await assertNameFree(tx, actor, input.name);
      const [row] = await tx
        .insert(indicators)
        .values({
          ...input,
          category: input.category ?? null,
          leaderId: input.leaderId ?? null,
          targets: normaliseTargets(input.targets),
          jurisdictionId: actor.jurisdictionId,
          createdBy: actor.personId,
        })
        .returning({ id: indicators.id });
      await record(actor, meta, 'create', row!.id, { after: input }, tx);
      await repo.bumpRevision(tx, actor.jurisdictionId);
      return row!.id;
    });
    return get(actor, id);
  }

  async function patch(
    actor: Actor,
    id: string,
    version: number,
    input: IndicatorPatch,
    meta: RequestMeta,
  ): Promise<IndicatorOut> {
    await db.transaction(async (tx) => {
      const { row, scope } = await visible(actor, id, tx, true);
      if (!scope.canEditCatalogue) throw new AppError('forbidden');
      if (row.version !== version)
        throw new AppError('version_conflict', { current: row.version }, [], { currentVersion: row.version });
      const problems = await checkCatalogue(actor, input, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      if (input.name !== undefined) await assertNameFree(tx, actor, input.name, id);
      const set: Partial<typeof indicators.$inferInsert> = { version: row.version + 1, updatedAt: new Date() };
      for (const k of ['name', 'unit', 'rankBy', 'responsibleUnitId', 'sortOrder'] as const)
        if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
      if (input.category !== undefined) set.category = input.category ?? null;
      if (input.leaderId !== undefined) set.leaderId = input.leaderId ?? null;
      if (input.targets !== undefined) set.targets = { ...row.targets, ...normaliseTargets(input.targets) };
      await tx.update(indicators).set(set).where(eq(indicators.id, id));
      await repo.bumpRevision(tx, actor.jurisdictionId);
      await record(
        actor,
        meta,
        'update',
        id,
        {
          before: {
            name: row.name,
            unit: row.unit,
            responsibleUnitId: row.responsibleUnitId,
            leaderId: row.leaderId,
            targets: row.targets,
          },
          after: input,
        },
        tx,
      );
    });
    return get(actor, id);
  }

  // ---------------------------------------------------------------- counties and settings

  const presentCounty = (c: repo.CountyRow): CountyOut => ({
    id: c.id,
    name: c.name,
    isSelf: c.isSelf,
    kind: c.kind as CountyOut['kind'],
    unitId: c.unitId,
    sortOrder: c.sortOrder,
    version: c.version,
  });

  async function counties(actor: Actor): Promise<CountyOut[]> {
    await selfCounty(actor);
    return (await repo.countiesOf(db, actor.jurisdictionId)).map(presentCounty);
  }

  async function createCounty(
    actor: Actor,
    input: { name: string; sortOrder: number; kind?: CountyOut['kind']; unitId?: string | null },
    meta: RequestMeta,
  ): Promise<CountyOut> {
    return db.transaction(async (tx) => {
      if (!(await scopeOf(actor, tx)).canEditCatalogue) throw new AppError('forbidden');
      await selfCounty(actor, tx);
      const kind = input.kind ?? 'county';
      // A place is a township or park of the county's organisation; the city is one.
      if (kind === 'place') {
        const u = input.unitId ? await org.getUnit(actor, input.unitId, tx).catch(() => null) : null;
        if (!u || (u.kind !== 'township' && u.kind !== 'park'))
          throw new AppError('validation', {}, [{ field: 'body.unitId', code: 'choose_from_list' }]);
      } else if (input.unitId) throw new AppError('validation', {}, [{ field: 'body.unitId', code: 'invalid_value' }]);
      if (kind === 'city') {
        const [city] = await tx
          .select({ id: indicatorCounties.id })
          .from(indicatorCounties)
          .where(and(eq(indicatorCounties.jurisdictionId, actor.jurisdictionId), eq(indicatorCounties.kind, 'city')));
        if (city) throw new AppError('duplicate', { what: input.name }, [{ field: 'body.kind', code: 'exists' }]);
      }
      const [clash] = await tx
        .select({ id: indicatorCounties.id })
        .from(indicatorCounties)
        .where(and(eq(indicatorCounties.jurisdictionId, actor.jurisdictionId), eq(indicatorCounties.name, input.name)));
      if (clash) throw new AppError('duplicate', { what: input.name }, [{ field: 'body.name', code: 'exists' }]);
      const [row] = await tx
        .insert(indicatorCounties)
        .values({
          jurisdictionId: actor.jurisdictionId,
          name: input.name,
          sortOrder: input.sortOrder,
          kind,
          unitId: kind === 'place' ? input.unitId! : null,
        })
        .returning();
      await record(actor, meta, 'county.create', row!.id, { after: input }, tx);
      await repo.bumpRevision(tx, actor.jurisdictionId);
      return presentCounty(row!);
    });
  }

  async function patchCounty(
    actor: Actor,
    id: string,
    version: number,
    input: { name?: string; sortOrder?: number },
    meta: RequestMeta,
  ): Promise<CountyOut> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(indicatorCounties)
        .where(and(eq(indicatorCounties.id, id), eq(indicatorCounties.jurisdictionId, actor.jurisdictionId)))
        .for('update');
      if (!row) throw notFound();
      if (!(await scopeOf(actor, tx)).canEditCatalogue) throw new AppError('forbidden');
      if (row.version !== version)
        throw new AppError('version_conflict', { current: row.version }, [], { currentVersion: row.version });
      if (input.name !== undefined && input.name !== row.name) {
        const [clash] = await tx
          .select({ id: indicatorCounties.id })
          .from(indicatorCounties)
          .where(
            and(eq(indicatorCounties.jurisdictionId, actor.jurisdictionId), eq(indicatorCounties.name, input.name)),
          );
        if (clash) throw new AppError('duplicate', { what: input.name }, [{ field: 'body.name', code: 'exists' }]);
      }
      const [out] = await tx
        .update(indicatorCounties)
        .set({ ...input, version: row.version + 1 })
        .where(eq(indicatorCounties.id, id))
        .returning();
      await record(
        actor,
        meta,
        'county.update',
        id,
        { before: { name: row.name, sortOrder: row.sortOrder }, after: input },
        tx,
      );
      await repo.bumpRevision(tx, actor.jurisdictionId);
      return presentCounty(out!);
    });
  }

  async function settings(actor: Actor) {
    const s = await repo.settingsOf(db, actor.jurisdictionId);
    const unit = s?.coordinatorUnitId
      ? (await org.listUnits(actor)).find((u) => u.id === s.coordinatorUnitId)
      : undefined;
    return {
      coordinatorUnitId: s?.coordinatorUnitId ?? null,
      coordinatorUnitName: unit?.name ?? null,
      version: s?.version ?? 0,
    };
  }

  async function putSettings(
    actor: Actor,
    version: number,
    input: { coordinatorUnitId: string | null },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const cur = await repo.settingsOf(tx, actor.jurisdictionId);
      if ((cur?.version ?? 0) !== version)
        throw new AppError('version_conflict', { current: cur?.version ?? 0 }, [], {
          currentVersion: cur?.version ?? 0,
        });
      if (
        input.coordinatorUnitId &&
        !(await org.listUnits(actor, tx)).some((u) => u.id === input.coordinatorUnitId && u.active)
      )
        throw new AppError('validation', {}, [{ field: 'body.coordinatorUnitId', code: 'unknown_reference' }]);
      await tx
        .insert(indicatorSettings)
        .values({ jurisdictionId: actor.jurisdictionId, coordinatorUnitId: input.coordinatorUnitId })
        .onConflictDoUpdate({
          target: indicatorSettings.jurisdictionId,
          set: {
            coordinatorUnitId: input.coordinatorUnitId,
            version: sql`${indicatorSettings.version} + 1`,
            updatedAt: new Date(),
          },
        });
      await record(
        actor,
        meta,
        'settings',
        null,
        { before: cur?.coordinatorUnitId ?? null, after: input.coordinatorUnitId },
        tx,
      );
    });
    return settings(actor);
  }

  // ---------------------------------------------------------------- values

  async function values(
    actor: Actor,
    id: string,
    q: { year?: number; countyId?: string; history: 'true' | 'false' },
  ): Promise<ValueOut[]> {
    await visible(actor, id);
    const rows = await repo.history(db, id, { year: q.year, countyId: q.countyId, all: q.history === 'true' });
    const cs = new Map((await repo.countiesOf(db, actor.jurisdictionId)).map((c) => [c.id, c]));
    const people = new Map<string, string | null>();
    for (const pid of new Set(rows.map((r) => r.recordedBy)))
      people.set(pid, (await org.accountById(pid))?.displayName ?? null);
    return rows.map((r) => presentValue(r, cs, people));
  }

  function presentValue(
    r: repo.ValueRow,
    cs: Map<string, repo.CountyRow>,
    people: Map<string, string | null>,
  ): ValueOut {
    return {
      id: r.id,
      period: r.period,
      countyId: r.countyId,
      countyName: cs.get(r.countyId)?.name ?? '',
      isSelf: cs.get(r.countyId)?.isSelf ?? false,
      value: r.value,
      growth: r.growth,
      rank: r.rank,
      enteredValue: r.enteredValue,
      enteredUnit: r.enteredUnit,
      source: r.source,
      note: r.note,
      flags: r.flags,
      version: r.version,
      current: r.current,
      recordedByName: people.get(r.recordedBy) ?? null,
      recordedAt: r.recordedAt.toISOString(),
    };
  }

  const fieldWarning = (
    field: string,
    code: string,
    params: Record<string, string | number>,
    locale: Locale,
  ): FieldProblem => ({ field, code, params, message: formatMessage(FIELD_MESSAGES[code]?.[locale] ?? code, params) });

  /**
   * One value entered by hand (own county or a peer): a correction of a period that has a value is a new version,
   * and must carry the version it corrects (If-Match). Warnings (a cumulative value below last period's, a growth the
   * values contradict, a 万/亿 slip, an earlier period missing) are answered 409 until the person confirms; then the
   * value is kept with them as flags.
   */
  async function enterValue(
    actor: Actor,
    id: string,
    version: number | null,
    input: ValueIn,
    meta: RequestMeta,
    locale: Locale = 'zh-CN',
  ): Promise<ValueOut> {
    const today = deps.today();
    const out = await db.transaction(async (tx) => {
      const { row: ind, scope } = await visible(actor, id, tx);
      if (!scope.canWrite(ind)) throw new AppError('forbidden');
      const freq = ind.frequency as Frequency;
      const problems: FieldProblem[] = [];
      const parsed = parsePeriodText(input.period, freq);
      let period: string | null = null;
      if ('error' in parsed)
        problems.push({
          field: 'body.period',
          code: parsed.error,
          params: { text: input.period, frequency: FREQUENCY_LABELS[freq][locale] },
        });
      else if (periodEnd(parsePeriodKey(parsed.key)!) > today)
        problems.push({
          field: 'body.period',
          code: 'period_future',
          params: { period: periodLabel(parsed.key, locale, ind.accumulation as Accumulation) },
        });
      else period = parsed.key;
      const self = await selfCounty(actor, tx);
      const cs = await repo.countiesOf(tx, actor.jurisdictionId);
      const countyId = input.countyId ?? self.id;
      if (!cs.some((c) => c.id === countyId))
        problems.push({ field: 'body.countyId', code: 'unknown_county', params: { name: input.countyId ?? '' } });
      let value = input.value;
      const flags: string[] = [];
      if (input.unit && input.unit !== ind.unit) {
        const converted = convertUnit(value, input.unit, ind.unit);
        if (converted === null)
          problems.push({ field: 'body.unit', code: 'unit_incompatible', params: { from: input.unit, to: ind.unit } });
        else {
          value = converted;
          flags.push('unit_converted');
        }
      }
      if (input.rank && input.rank > cs.length)
        problems.push({ field: 'body.rank', code: 'rank_out_of_range', params: { max: cs.length } });
      if (problems.length || !period) throw new AppError('validation', {}, problems);

      const [cur] = await repo.currentForUpdate(tx, [{ indicatorId: id, countyId, period }]);
      if (cur && version === null) throw new AppError('precondition_required');
      if ((cur?.version ?? 0) !== (version ?? 0))
        throw new AppError('version_conflict', { current: cur?.version ?? 0 }, [], {
          currentVersion: cur?.version ?? 0,
        });

      const p = parsePeriodKey(period)!;
      const rows = await repo.series(tx, [id], countyId, [p.year, p.year - 1]);
      const at = (y: number, i: number) => rows.find((r) => r.year === y && r.periodIndex === i)?.value ?? null;
      const previous = p.index > 1 ? at(p.year, p.index - 1) : null;
      const lastYearSame = at(p.year - 1, p.index);
      const warnings: FieldProblem[] = [];
      const fmt = (v: number) => String(Number(v.toFixed(4)));
      for (const w of checkValue({
        accumulation: ind.accumulation as Accumulation,
        value,
        previous,
        lastYearSame,
        reportedGrowth: input.growth ?? null,
      })) {
        if (w === 'cumulative_decreased')
          warnings.push(fieldWarning('body.value', w, { value: fmt(value), previous: fmt(previous!) }, locale));
        else if (w === 'magnitude_suspect')
          warnings.push(fieldWarning('body.value', w, { ref: fmt(previous ?? lastYearSame!) }, locale));
        else
          warnings.push(
            fieldWarning(
              'body.growth',
              w,
              { reported: fmt(input.growth!), computed: fmt(growthRate(value, lastYearSame)!) },
              locale,
            ),
          );
      }
      if (countyId === self.id && !cur) {
        const known = new Set(
          rows.filter((r) => r.year === p.year && r.periodIndex < p.index).map((r) => r.periodIndex),
        );
        const missing = missingBefore(p.frequency, known, p.index);
        if (missing.length)
          warnings.push(
            fieldWarning(
              'body.period',
              'missing_period',
              {
                periods: missing
                  .map((i) =>
                    periodLabel(periodKey(p.frequency, p.year, i), locale, 'level')
                      .replace(/末$/, '')
                      .replace('end of ', ''),
                  )
                  .join(locale === 'zh-CN' ? '、' : ', '),
              },
              locale,
            ),
          );
      }
      if (warnings.length && !input.confirm)
        throw new AppError('indicator_needs_confirmation', { count: warnings.length }, warnings);
      flags.push(...warnings.map((w) => w.code));

      const [written] = await repo.writeVersions(
        tx,
        [
          {
            jurisdictionId: actor.jurisdictionId,
            indicatorId: id,
            countyId,
            period,
            year: p.year,
            periodIndex: p.index,
            value,
            growth: input.growth ?? null,
            rank: input.rank ?? null,
            enteredValue: flags.includes('unit_converted') ? input.value : null,
            enteredUnit: flags.includes('unit_converted') ? input.unit! : null,
            source: input.source ?? null,
            note: input.note ?? null,
            flags,
            version: (cur?.version ?? 0) + 1,
            recordedBy: actor.personId,
          },
        ],
        cur ? [cur.id] : [],
      );
      await record(
        actor,
        meta,
        cur ? 'value.correct' : 'value.enter',
        id,
        {
          period,
          countyId,
          before: cur ? { value: cur.value, growth: cur.growth, version: cur.version } : null,
          after: { value, growth: input.growth ?? null, rank: input.rank ?? null, flags },
        },
        tx,
      );
      await repo.bumpRevision(tx, actor.jurisdictionId);
      await alerts(tx, actor.jurisdictionId, [{ indicatorId: id, year: p.year }]);
      return { written: written!, cs };
    });
    const people = new Map([[actor.personId, actor.displayName]]);
    return presentValue(out.written, new Map(out.cs.map((c) => [c.id, c])), people);
  }

  // ---------------------------------------------------------------- import

  async function previewImport(actor: Actor, sheets: Sheet[], locale: Locale) {
    const scope = await scopeOf(actor);
    const all = await repo.indicatorsOf(db, actor.jurisdictionId);
    const names = await namer(actor, all);
    const self = await selfCounty(actor);
    const cs = await repo.countiesOf(db, actor.jurisdictionId);
    const indicatorsByName = new Map(
      all
        .filter((i) => i.active && scope.canRead(i))
        .map((i) => [
          i.name,
          {
            id: i.id,
            name: i.name,
            unit: i.unit,
            frequency: i.frequency as Frequency,
            accumulation: i.accumulation as Accumulation,
            writable: scope.canWrite(i),
            responsibleUnitName: names.unit(i.responsibleUnitId),
          },
        ]),
    );
    // The values already known for the indicators and years the file touches (and the years before them).
    const years = new Set<number>();
    for (const s of sheets)
      for (const r of s.rows)
        for (const c of r.cells) for (const m of c.matchAll(/(?:19|20)\d{2}/g)) years.add(Number(m[0]));
    const yearList = [...years].flatMap((y) => [y, y - 1]);
    const known = new Map<string, number>();
    if (yearList.length) {
      const rows = await db
        .select({
          i: indicatorValues.indicatorId,
          c: indicatorValues.countyId,
          p: indicatorValues.period,
          v: indicatorValues.value,
        })
        .from(indicatorValues)
        .where(
          sql`${indicatorValues.jurisdictionId} = ${actor.jurisdictionId}
            AND ${indicatorValues.year} = ANY(${sql.param([...new Set(yearList)])}::int[])
            AND ${indicatorValues.current}`,
        );
      for (const r of rows) known.set(`${r.i}|${r.c}|${r.p}`, r.v);
    }
    return planValueImport(sheets, {
      today: deps.today(),
      locale,
      indicatorsByName,
      countiesByName: new Map([...cs.map((c) => [c.name, c.id] as const), [self.name, self.id]]),
      selfCountyId: self.id,
      countyCount: cs.length,
      known,
    });
  }

  /**
   * Writes a confirmed import in the caller's transaction: every row again checked for the caller's right to enter it
   * (the catalogue may have changed since the preview); rows that already have a value become its new version.
   */
  async function commitImport(
    tx: Tx,
    actor: Actor,
    rows: PlannedValue[],
    batchId: string | null,
    meta: RequestMeta,
  ): Promise<{ created: number; corrected: number }> {
    const scope = await scopeOf(actor, tx);
    const inds = new Map((await repo.indicatorsOf(tx, actor.jurisdictionId)).map((i) => [i.id, i]));
    const problems: FieldProblem[] = [];
    for (const r of rows) {
      const ind = inds.get(r.indicatorId);
      if (!ind || !scope.canRead(ind) || !scope.canWrite(ind))
        problems.push({
          field: `rows.${r.row}.indicator`,
          row: r.row,
          code: 'not_own_indicator',
          params: { name: ind?.name ?? '', unit: '' },
        });
    }
    if (problems.length) throw new AppError('validation', {}, problems.slice(0, 100));
    const current = await repo.currentForUpdate(tx, rows);
    const byKey = new Map(current.map((c) => [`${c.indicatorId}|${c.countyId}|${c.period}`, c]));
    const inserts = rows.map((r) => {
      const p = parsePeriodKey(r.period)!;
      const cur = byKey.get(`${r.indicatorId}|${r.countyId}|${r.period}`);
      return {
        jurisdictionId: actor.jurisdictionId,
        indicatorId: r.indicatorId,
        countyId: r.countyId,
        period: r.period,
        year: p.year,
        periodIndex: p.index,
        value: r.value,
        growth: r.growth,
        rank: r.rank,
        enteredValue: r.enteredValue,
        enteredUnit: r.enteredUnit,
        source: r.source,
        note: r.note,
        flags: r.flags,
        version: (cur?.version ?? 0) + 1,
        importBatchId: batchId,
        recordedBy: actor.personId,
      };
    });
    await repo.writeVersions(
      tx,
      inserts,
      current.map((c) => c.id),
    );
    await repo.bumpRevision(tx, actor.jurisdictionId);
    await record(actor, meta, 'import.commit', null, { batchId, rows: rows.length, corrected: current.length }, tx);
    const pairs = new Map<string, { indicatorId: string; year: number }>();
    for (const r of inserts) pairs.set(`${r.indicatorId}|${r.year}`, { indicatorId: r.indicatorId, year: r.year });
    await alerts(tx, actor.jurisdictionId, [...pairs.values()]);
    return { created: rows.length - current.length, corrected: current.length };
  }

  // ---------------------------------------------------------------- status: board, trajectory, alerts

  async function latestYear(tx: Tx, inds: repo.IndicatorRow[], selfId: string): Promise<number> {
    const thisYear = Number(deps.today().slice(0, 4));
    return (
      (await repo.latestYear(
        tx,
        inds.map((i) => i.id),
        selfId,
        thisYear,
      )) ?? thisYear
    );
  }

  /** The own series of these indicators in a year and the year before. */
  async function yearData(
    tx: Tx,
    inds: repo.IndicatorRow[],
    selfId: string,
    year: number,
  ): Promise<Map<string, YearData>> {
    const rows = await repo.series(
      tx,
      inds.map((i) => i.id),
      selfId,
      [year, year - 1],
    );
    const out = new Map<string, YearData>();
    for (const i of inds) {
      const n = PERIODS_PER_YEAR[i.frequency as Frequency];
      out.set(i.id, {
        current: Array(n).fill(null),
        growth: Array(n).fill(null),
        rank: Array(n).fill(null),
        flags: Array.from({ length: n }, () => []),
        lastYear: Array(n).fill(null),
      });
    }
    for (const r of rows) {
      const d = out.get(r.indicatorId);
      if (!d || r.periodIndex > d.current.length) continue;
      if (r.year === year) {
        d.current[r.periodIndex - 1] = r.value;
        d.growth[r.periodIndex - 1] = r.growth;
        d.rank[r.periodIndex - 1] = r.rank;
        d.flags[r.periodIndex - 1] = r.flags;
      } else d.lastYear[r.periodIndex - 1] = r.value;
    }
    return out;
  }

  /**
   * Every county's value and growth at the judged period and the one before, for the ranks: a county's growth is the
   * one it reported, or computed on its own value of last year's same period.
   */
  async function peersAround(
    tx: Tx,
    wanted: { indicatorId: string; frequency: Frequency; year: number; index: number }[],
    counties: Map<string, repo.CountyRow>,
    cityId: string | null = null,
  ) {
    const pairs: { indicatorId: string; period: string }[] = [];
    for (const w of wanted)
      for (const idx of [w.index, w.index - 1].filter((x) => x >= 1))
        pairs.push({ indicatorId: w.indicatorId, period: periodKey(w.frequency, w.year, idx) });
    const rows = await repo.valuesAt(tx, pairs);
    // Last year's values only where a county did not report its growth (a city bulletin usually gives it).
    const lyPairs = new Map<string, { indicatorId: string; period: string }>();
    for (const r of rows)
      if (r.growth === null)
        lyPairs.set(`${r.indicatorId}|${r.period}`, {
          indicatorId: r.indicatorId,
          period: `${Number(r.period.slice(0, 4)) - 1}${r.period.slice(4)}`,
        });
    const lyRows = await repo.valuesAt(tx, [...lyPairs.values()]);
    const byKey = new Map(lyRows.map((r) => [`${r.indicatorId}|${r.period}|${r.countyId}`, r]));
    const byPeriod = new Map<string, repo.PeerRow[]>();
    for (const r of rows) {
      const k = `${r.indicatorId}|${r.period}`;
      const list = byPeriod.get(k);
      if (list) list.push(r);
      else byPeriod.set(k, [r]);
    }
    const at = (indicatorId: string, f: Frequency, year: number, index: number): PeerValue[] => {
      if (index < 1) return [];
      const period = periodKey(f, year, index);
      const ly = periodKey(f, year - 1, index);
      return (byPeriod.get(`${indicatorId}|${period}`) ?? [])
        .filter((r) => counties.has(r.countyId))
        .map((r) => ({
          countyId: r.countyId,
          name: counties.get(r.countyId)!.name,
          value: r.value,
          growth: r.growth ?? growthRate(r.value, byKey.get(`${indicatorId}|${ly}|${r.countyId}`)?.value),
        }));
    };
    const cityAt = (indicatorId: string, f: Frequency, year: number, index: number): number | null =>
      cityId && index >= 1
        ? ((byPeriod.get(`${indicatorId}|${periodKey(f, year, index)}`) ?? []).find((r) => r.countyId === cityId)
            ?.value ?? null)
        : null;
    return { at, cityAt };
  }

  async function statuses(
    tx: Tx,
    actor: { jurisdictionId: string },
    inds: repo.IndicatorRow[],
    year: number,
    names: Awaited<ReturnType<typeof namer>>,
    selfId: string,
    thresholds: LightThresholds,
  ): Promise<StatusOut[]> {
    const data = await yearData(tx, inds, selfId, year);
    const all = await repo.countiesOf(tx, actor.jurisdictionId);
    const view = viewOf(all, selfId);
    const wanted = inds.flatMap((i) => {
      const idx = latestIndex(data.get(i.id)!.current);
      return idx ? [{ indicatorId: i.id, frequency: i.frequency as Frequency, year, index: idx }] : [];
    });
    const { at: peersAt, cityAt } = await peersAround(tx, wanted, view.group, view.cityId);
    return inds.map((i) =>
      statusOf(i, data.get(i.id)!, year, names, selfId, thresholds, peersAt, undefined, { cityAt, place: view.place }),
    );
  }

  /**
   * Whose eyes a status is computed through: the own county (ranked among the counties, its share of the city) or a
   * place (a township or park, ranked among the places; no target of its own, so no light).
   */
  function viewOf(all: repo.CountyRow[], viewpointId: string) {
    const kind = all.find((c) => c.id === viewpointId)?.kind ?? 'county';
    return {
      place: kind === 'place',
      group: new Map(all.filter((c) => c.kind === kind).map((c) => [c.id, c])),
      cityId: kind === 'place' ? null : (all.find((c) => c.kind === 'city')?.id ?? null),
    };
  }

  /** What the status rule reads of an indicator's year, at any period (the board's latest, or each of the chart's). */
  function statusInput(
    i: repo.IndicatorRow,
    d: YearData,
    year: number,
    selfId: string,
    thresholds: LightThresholds,
    place = false,
  ) {
    return {
      frequency: i.frequency as Frequency,
      accumulation: i.accumulation as Accumulation,
      year,
      rankBy: i.rankBy as RankBy,
      // The targets are the county's: a township's or park's series is judged by its growth and rank only.
      target: place ? {} : (i.targets[String(year)] ?? {}),
      current: d.current,
      reportedGrowth: d.growth,
      publishedRank: d.rank,
      lastYear: d.lastYear,
      selfCountyId: selfId,
      thresholds,
    };
  }

  function statusOf(
    i: repo.IndicatorRow,
    d: YearData,
    year: number,
    names: Awaited<ReturnType<typeof namer>>,
    selfId: string,
    thresholds: LightThresholds,
    peersAt: (id: string, f: Frequency, y: number, idx: number) => PeerValue[],
    index?: number,
    view: { cityAt?: (id: string, f: Frequency, y: number, idx: number) => number | null; place?: boolean } = {},
  ): StatusOut {
    const f = i.frequency as Frequency;
    const idx = index ?? latestIndex(d.current);
    const base = statusInput(i, d, year, selfId, thresholds, view.place);
    const city = idx && view.cityAt ? view.cityAt(i.id, f, year, idx) : null;
    const s = indicatorStatus({
      ...base,
      index: idx ?? undefined,
      peers: idx ? peersAt(i.id, f, year, idx) : [],
      previousPeers: idx ? peersAt(i.id, f, year, idx - 1) : [],
    });
    const prev = idx && idx > 1 ? indicatorStatus({ ...base, index: idx - 1 }) : null;
    return {
      indicator: {
        id: i.id,
        name: i.name,
        unit: i.unit,
        frequency: f,
        accumulation: i.accumulation as Accumulation,
        rankBy: i.rankBy as RankBy,
        category: i.category,
        responsibleUnitId: i.responsibleUnitId,
        responsibleUnitName: names.unit(i.responsibleUnitId),
        leaderId: i.leaderId,
        leaderName: names.leader(i.leaderId),
      },
      year,
      period: s.period,
      periodLabel: s.period ? periodLabel(s.period, 'zh-CN', i.accumulation as Accumulation) : null,
      value: s.value,
      growth: s.growth,
      growthSource: s.growthSource,
      computedGrowth: s.computedGrowth,
      flags: idx ? (d.flags[idx - 1] ?? []) : [],
      target: s.target,
      method: s.trajectory?.method ?? null,
      expected: s.expected,
      progress: s.progress,
      expectedProgress: s.expectedProgress,
      gapPoints: s.gapPoints,
      gap: s.gap,
      light: s.light,
      reasons: s.reasons,
      previousLight: prev?.light ?? 'none',
      rank: s.rank,
      rankSource: s.rankSource,
      rankedCount: s.rankedCount,
      previousRank: s.previousRank,
      forecast: s.forecast,
      needed: s.needed,
      ahead: s.ahead,
      overtake: s.overtake,
      sparkline: d.current,
      cityShare: s.value !== null && city !== null && city > 0 ? (s.value / city) * 100 : null,
      placeId: view.place ? selfId : null,
    };
  }

  const turnedWorse = (s: StatusOut) =>
    LIGHT_SEVERITY[s.light] >= LIGHT_SEVERITY.yellow &&
    LIGHT_SEVERITY[s.light] > Math.max(LIGHT_SEVERITY[s.previousLight], LIGHT_SEVERITY.green);
  const rankFell = (s: StatusOut) => s.rank !== null && s.previousRank !== null && s.rank > s.previousRank;

  /**
   * The computed board of each jurisdiction and year, as this instance last built it, stamped with what it was built
   * from (the revision of the indicator data, the light thresholds, the day). A request whose stamp matches reuses it;
   * any write raises the revision in its transaction, so no instance serves a board older than the data it has read.
   */
  const boardCache = new Map<
    string,
    {
      stamp: string;
      year: number;
      thresholds: { yellowGap: number; redGap: number };
      statuses: StatusOut[];
      active: repo.IndicatorRow[];
    }
  >();
  /** The serialised answers, keyed by everything they depend on (stamp, what the caller sees, filter, language, names). */
  const jsonCache = new Map<string, string>();
  const BOARD_CACHE_MAX = 500;
  const selfIds = new Map<string, string>();
  const BLANK_NAMES = { unit: () => '', leader: () => null };
  const withNames = (s: StatusOut, names: Awaited<ReturnType<typeof namer>>): StatusOut => ({
    ...s,
    indicator: {
      ...s.indicator,
      responsibleUnitName: names.unit(s.indicator.responsibleUnitId),
      leaderName: names.leader(s.indicator.leaderId),
    },
  });
  const remember = <T>(cache: Map<string, T>, key: string, value: T) => {
    cache.delete(key);
    cache.set(key, value);
    if (cache.size > BOARD_CACHE_MAX) cache.delete(cache.keys().next().value!);
  };
  /** Requests that miss the kept board at once (right after a write) share one computation instead of each making it. */
  const inFlight = new Map<string, Promise<unknown>>();
  function once<T>(key: string, build: () => Promise<T>): Promise<T> {
    let p = inFlight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = build().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  }
  async function selfIdOf(actor: Actor) {
    let id = selfIds.get(actor.jurisdictionId);
    if (!id) selfIds.set(actor.jurisdictionId, (id = (await selfCounty(actor)).id));
    return id;
  }

  /** The board as a JSON text: the same answer as `board`, kept per stamp, scope, category, language and names. */
  async function boardJson(
    actor: Actor,
    q: { year?: number; category?: string; placeId?: string },
    locale: Locale = 'zh-CN',
  ): Promise<string> {
    const b = await boardParts(actor, q);
    // Everything the answer depends on besides the stamp: what the caller sees, the filter, the language, the names.
    // Callers who see the same are served the same text.
    const key = [
      actor.jurisdictionId,
      q.year ?? 'latest',
      b.stamp,
      q.category ?? '',
      q.placeId ?? '',
      locale,
      ...b.mine.map(
        (s) =>
          `${s.indicator.id}:${b.names.unit(s.indicator.responsibleUnitId)}:${b.names.leader(s.indicator.leaderId) ?? ''}`,
      ),
    ].join('|');
    const hit = jsonCache.get(key);
    if (hit !== undefined) return hit;
    const body = JSON.stringify(BoardOut.parse(assembleBoard(b, locale)));
    remember(jsonCache, key, body);
    return body;
  }

  async function board(
    actor: Actor,
    q: { year?: number; category?: string; placeId?: string },
    locale: Locale = 'zh-CN',
  ) {
    return assembleBoard(await boardParts(actor, q), locale);
  }

  /** A place asked for by the board: a series of kind place of the caller's jurisdiction, else the query is refused. */
  async function placeOf(actor: Actor, placeId: string) {
    const c = (await repo.countiesOf(db, actor.jurisdictionId)).find((x) => x.id === placeId);
    if (!c || c.kind !== 'place')
      throw new AppError('validation', {}, [{ field: 'query.placeId', code: 'choose_from_list' }]);
    return c;
  }

  async function boardParts(actor: Actor, q: { year?: number; category?: string; placeId?: string }) {
    const [st, units] = await Promise.all([repo.stampOf(db, actor.jurisdictionId), org.listUnits(actor)]);
    const scope = scopeWith(actor, st.coordinatorUnitId);
    if (q.placeId) await placeOf(actor, q.placeId);
    const key = `${actor.jurisdictionId}|${q.year ?? 'latest'}|${q.placeId ?? ''}`;
    // A change of the light thresholds raises the revision too (calendarChanged), so the stamp covers them.
    const stamp = `${st.revision}|${deps.today()}`;
    let entry = boardCache.get(key);
    if (!entry || entry.stamp !== stamp) {
      entry = await once(`board|${key}|${stamp}`, async () => {
        const thresholds = await deps.calendar.thresholdsFor(actor.jurisdictionId);
        // The catalogue is read after the revision: what is kept is never older than its stamp.
        const [countyId, all] = await Promise.all([selfIdOf(actor), repo.indicatorsOf(db, actor.jurisdictionId)]);
        const selfId = q.placeId ?? countyId;
        const active = all.filter((i) => i.active);
        const year = q.year ?? (await latestYear(db, active, selfId));
        const built = {
          stamp,
          year,
          active,
          thresholds: { yellowGap: thresholds.yellowGap, redGap: thresholds.redGap },
          statuses: await statuses(db, actor, active, year, BLANK_NAMES, selfId, thresholds),
        };
        remember(boardCache, key, built);
        return built;
      });
    }
    const rows = new Map(entry.active.map((i) => [i.id, i]));
    const mine = entry.statuses.filter((s) => {
      const i = rows.get(s.indicator.id);
      return i && scope.canRead(i) && (!q.category || i.category === q.category);
    });
    const names = await namer(
      actor,
      mine.map((s) => rows.get(s.indicator.id)!),
      db,
      units,
    );
    return {
      stamp: `${stamp}|${st.coordinatorUnitId ?? ''}`,
      year: entry.year,
      thresholds: entry.thresholds,
      mine,
      names,
    };
  }

  function assembleBoard(b: Awaited<ReturnType<typeof boardParts>>, locale: Locale): BoardOut {
    const { names, thresholds } = b;
    const items = b.mine.map((s) => withNames(s, names));
    // The scheduling meeting's items are the county's: a place's board has none.
    const agenda: z.infer<typeof AgendaItem>[] = items
      .filter((s) => !s.placeId && s.period && (s.light === 'yellow' || s.light === 'red' || rankFell(s)))
      .map((s) => ({
        indicatorId: s.indicator.id,
        name: s.indicator.name,
        period: s.period!,
        why: [
          ...(s.light === 'yellow' || s.light === 'red' ? [s.light] : []),
          ...(rankFell(s) ? ['rank_fell' as const] : []),
        ],
        responsibleUnitName: s.indicator.responsibleUnitName,
        leaderName: s.indicator.leaderName,
        summary: describe(s, locale),
      }));
    return { year: b.year, thresholds: { yellowGap: thresholds.yellowGap, redGap: thresholds.redGap }, items, agenda };
  }

  const trajectoryCache = new Map<string, { stamp: string; value: TrajectoryOut }>();

  /** One indicator's year: the status, every period's point, the peer table. Kept like the board, by the same stamp. */
  async function trajectoryParts(actor: Actor, id: string, q: { year?: number }) {
    const [st, units, row] = await Promise.all([
      repo.stampOf(db, actor.jurisdictionId),
      org.listUnits(actor),
      repo.indicatorById(db, actor.jurisdictionId, id),
    ]);
    if (!row || !scopeWith(actor, st.coordinatorUnitId).canRead(row)) throw notFound();
    const names = await namer(actor, [row], db, units);
    const key = `${actor.jurisdictionId}|${id}|${q.year ?? 'latest'}`;
    const stamp = `${st.revision}|${deps.today()}`;
    let entry = trajectoryCache.get(key);
    if (!entry || entry.stamp !== stamp) {
      entry = await once(`trajectory|${key}|${stamp}`, async () => {
        const built = {
          stamp,
          value: await computeTrajectory(actor, row, q.year, await deps.calendar.thresholdsFor(actor.jurisdictionId)),
        };
        remember(trajectoryCache, key, built);
        return built;
      });
    }
    return {
      entry,
      names,
      key: `${key}|${stamp}|${names.unit(row.responsibleUnitId)}|${names.leader(row.leaderId) ?? ''}`,
    };
  }

  async function trajectoryOf(actor: Actor, id: string, q: { year?: number }): Promise<TrajectoryOut> {
    const { entry, names } = await trajectoryParts(actor, id, q);
    return { ...entry.value, status: withNames(entry.value.status, names) };
  }

  /** The indicator's page as a JSON text, kept per stamp and names like the board's. */
  async function trajectoryJson(actor: Actor, id: string, q: { year?: number }): Promise<string> {
    const { entry, names, key } = await trajectoryParts(actor, id, q);
    const hit = jsonCache.get(key);
    if (hit !== undefined) return hit;
    const body = JSON.stringify(TrajectoryOut.parse({ ...entry.value, status: withNames(entry.value.status, names) }));
    remember(jsonCache, key, body);
    return body;
  }

  /** Called in the transaction that changes a jurisdiction's light thresholds or calendar: what is kept is stale. */
  async function calendarChanged(tx: Tx, jurisdictionId: string): Promise<void> {
    await repo.bumpRevision(tx, jurisdictionId);
  }

  async function computeTrajectory(
    actor: Actor,
    row: repo.IndicatorRow,
    askedYear: number | undefined,
    thresholds: LightThresholds,
  ): Promise<TrajectoryOut> {
    const selfId = await selfIdOf(actor);
    const year = askedYear ?? (await latestYear(db, [row], selfId));
    const f = row.frequency as Frequency;
    const n = PERIODS_PER_YEAR[f];
    const d = (await yearData(db, [row], selfId, year)).get(row.id)!;
    const view = viewOf(await repo.countiesOf(db, actor.jurisdictionId), selfId);
    // Ranked among the counties only (not the city, not the places).
    const counties = view.group;
    // Every county at every period of both years: the ranks at each period and the peer table.
    const all = await repo.allCounties(db, row.id, [year, year - 1]);
    const byKey = new Map(all.map((r) => [`${r.period}|${r.countyId}`, r]));
    const byPeriod = new Map<string, repo.ValueRow[]>();
    for (const r of all) {
      const list = byPeriod.get(r.period);
      if (list) list.push(r);
      else byPeriod.set(r.period, [r]);
    }
    const peersAt = (_id: string, _f: Frequency, y: number, idx: number): PeerValue[] => {
      if (idx < 1) return [];
      const ly = periodKey(f, y - 1, idx);
      return (byPeriod.get(periodKey(f, y, idx)) ?? [])
        .filter((r) => counties.has(r.countyId))
        .map((r) => ({
          countyId: r.countyId,
          name: counties.get(r.countyId)!.name,
          value: r.value,
          growth: r.growth ?? growthRate(r.value, byKey.get(`${ly}|${r.countyId}`)?.value),
        }));
    };
    const cityAt = (_id: string, _f: Frequency, y: number, idx: number) =>
      view.cityId && idx >= 1 ? (byKey.get(`${periodKey(f, y, idx)}|${view.cityId}`)?.value ?? null) : null;
    const status = statusOf(row, d, year, BLANK_NAMES, selfId, thresholds, peersAt, undefined, { cityAt });
    const points = Array.from({ length: n }, (_, k) => {
      const idx = k + 1;
      const s = indicatorStatus({
        ...statusInput(row, d, year, selfId, thresholds),
        index: idx,
        peers: d.current[k] !== null ? peersAt(row.id, f, year, idx) : [],
      });
      const period = periodKey(f, year, idx);
      return {
        period,
        label: periodLabel(period, 'zh-CN', row.accumulation as Accumulation),
        actual: d.current[k] ?? null,
        expected: s.trajectory ? s.trajectory.expected[k]! : null,
        lastYear: d.lastYear[k] ?? null,
        growth: d.current[k] !== null ? s.growth : null,
        light: d.current[k] !== null ? s.light : 'none',
        progress: s.progress,
        expectedProgress: s.trajectory ? (s.trajectory.expected[k]! / s.target.value!) * 100 : null,
        rank: d.current[k] !== null ? s.rank : null,
      };
    });
    const peerList = status.period ? peersAt(row.id, f, year, parsePeriodKey(status.period)!.index) : [];
    const ranks = rankCounties(peerList, row.rankBy as RankBy);
    const peers: PeerOut[] = peerList
      .map((p) => ({ ...p, isSelf: p.countyId === selfId, rank: ranks.get(p.countyId) ?? null }))
      .sort(
        (a, b) =>
          (a.rank ?? 1e9) - (b.rank ?? 1e9) ||
          (counties.get(a.countyId)?.sortOrder ?? 0) - (counties.get(b.countyId)?.sortOrder ?? 0),
      );
    return { year, status, points, peers, peersPeriod: status.period };
  }

  /**
   * An indicator by place (乡镇、园区): each place's value at the latest period any place has, its growth (reported, or
   * on its own last year), its share of the own county's value then, and its rank among the places now and the
   * period before (the same `rankCounties` as the counties').
   */
  async function places(actor: Actor, id: string, q: { year?: number }): Promise<PlacesOut> {
    const { row } = await visible(actor, id);
    const all = await repo.countiesOf(db, actor.jurisdictionId);
    const ps = all.filter((c) => c.kind === 'place');
    const selfId = await selfIdOf(actor);
    const f = row.frequency as Frequency;
    const values = ps.length ? await repo.allCounties(db, id, q.year ? [q.year, q.year - 1] : []) : [];
    // The year: asked, or the latest any place has.
    const placeIds = new Set(ps.map((p) => p.id));
    let year = q.year ?? null;
    if (year === null) {
      const thisYear = Number(deps.today().slice(0, 4));
      const ys = ps.length
        ? await repo.allCounties(db, id, [thisYear, thisYear - 1, thisYear - 2])
        : ([] as repo.ValueRow[]);
      year = Math.max(thisYear - 2, ...ys.filter((r) => placeIds.has(r.countyId)).map((r) => r.year));
      if (!ys.some((r) => placeIds.has(r.countyId))) year = thisYear;
      values.push(...ys.filter((r) => r.year === year || r.year === year! - 1));
    }
    const byKey = new Map(values.map((r) => [`${r.period}|${r.countyId}`, r]));
    const n = PERIODS_PER_YEAR[f];
    let idx = 0;
    for (let k = n; k >= 1 && !idx; k--) if (ps.some((p) => byKey.has(`${periodKey(f, year!, k)}|${p.id}`))) idx = k;
    const at = (k: number): PeerValue[] =>
      k < 1
        ? []
        : ps.flatMap((p) => {
            const r = byKey.get(`${periodKey(f, year!, k)}|${p.id}`);
            if (!r) return [];
            const ly = byKey.get(`${periodKey(f, year! - 1, k)}|${p.id}`);
            return [
              { countyId: p.id, name: p.name, value: r.value, growth: r.growth ?? growthRate(r.value, ly?.value) },
            ];
          });
    const now = at(idx);
    const ranks = rankCounties(now, row.rankBy as RankBy);
    const before = rankCounties(at(idx - 1), row.rankBy as RankBy);
    const period = idx ? periodKey(f, year, idx) : null;
    const countyValue = period ? (byKey.get(`${period}|${selfId}`)?.value ?? null) : null;
    const rows = ps
      .map((p) => {
        const v = now.find((x) => x.countyId === p.id);
        return {
          countyId: p.id,
          name: p.name,
          unitId: p.unitId,
          value: v?.value ?? null,
          growth: v?.growth ?? null,
          share: v?.value !== undefined && v.value !== null && countyValue ? (v.value / countyValue) * 100 : null,
          rank: ranks.get(p.id) ?? null,
          previousRank: before.get(p.id) ?? null,
          sortOrder: p.sortOrder,
        };
      })
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.sortOrder - b.sortOrder)
      .map(({ sortOrder: _s, ...r }) => r);
    return {
      year,
      period,
      periodLabel: period ? periodLabel(period, 'zh-CN', row.accumulation as Accumulation) : null,
      countyValue,
      rows,
    };
  }

  /** Rows of the statistical bulletin, and each indicator's peer table at its period. */
  async function bulletin(actor: Actor, q: { year?: number }) {
    const b = await board(actor, q);
    const out: { status: StatusOut; peers: PeerOut[] }[] = [];
    for (const s of b.items)
      out.push({
        status: s,
        peers: s.period ? (await trajectoryOf(actor, s.indicator.id, { year: b.year })).peers : [],
      });
    const self = await selfCounty(actor);
    return { year: b.year, county: self.name, rows: out };
  }

  /**
   * Alerts after a write, in its transaction: an indicator that turned yellow or red at its latest period, or fell in
   * rank, notifies its responsible unit's clerks and administrators and its leader (or the leaders who 分管 the unit).
   * Each alert is keyed by indicator, period and what happened, so writing the same data twice notifies once.
   */
  async function alerts(
    tx: Tx,
    jurisdictionId: string,
    pairs: { indicatorId: string; year: number }[],
  ): Promise<number> {
    if (pairs.length === 0) return 0;
    const all = await repo.indicatorsOf(tx, jurisdictionId);
    const [self] = await tx
      .select()
      .from(indicatorCounties)
      .where(and(eq(indicatorCounties.jurisdictionId, jurisdictionId), eq(indicatorCounties.isSelf, true)));
    if (!self) return 0;
    const thresholds = await deps.calendar.thresholdsFor(jurisdictionId, tx);
    const horizon = addDays(deps.today(), -ALERT_HORIZON_DAYS);
    let sent = 0;
    const byYear = new Map<number, repo.IndicatorRow[]>();
    for (const p of pairs) {
      const ind = all.find((i) => i.id === p.indicatorId);
      if (ind?.active) byYear.set(p.year, [...(byYear.get(p.year) ?? []), ind]);
    }
    for (const [year, inds] of byYear) {
      const names = { unit: () => '', leader: () => null };
      for (const s of await statuses(tx, { jurisdictionId }, inds, year, names, self.id, thresholds)) {
        if (!s.period || periodEnd(parsePeriodKey(s.period)!) < horizon) continue;
        const ind = inds.find((i) => i.id === s.indicator.id)!;
        const events: { key: string; title: string }[] = [];
        if (turnedWorse(s))
          events.push({
            key: `light:${s.light}`,
            title: `【经济运行预警】${ind.name}亮${s.light === 'red' ? '红' : '黄'}灯`,
          });
        if (rankFell(s))
          events.push({
            key: `rank:${s.previousRank}->${s.rank}`,
            title: `【经济运行预警】${ind.name}全市排名由第${s.previousRank}位降至第${s.rank}位`,
          });
        if (events.length === 0) continue;
        const unitPeople = await org.peopleInUnits(jurisdictionId, [ind.responsibleUnitId], [...UNIT_ROLES], tx);
        const leaders = ind.leaderId ? [ind.leaderId] : await org.leadersOf(ind.responsibleUnitId, tx);
        for (const e of events) {
          const dedupeKey = `indicator:${ind.id}:${s.period}:${e.key}`;
          sent += await deps.notifications.notify(tx, {
            jurisdictionId,
            recipients: [...unitPeople, ...leaders],
            kind: 'indicator_alert',
            title: e.title,
            body: describe(s),
            link: `/indicators/${ind.id}`,
            dedupeKey,
          });
          // 调度事项: the same matter goes on the next weekly scheduling meeting's agenda (once per key, like the notice).
          await addAgendaItem(tx, {
            jurisdictionId,
            source: 'indicators',
            dedupeKey,
            title: e.title.replace('【经济运行预警】', ''),
            body: describe(s),
            link: `/indicators/${ind.id}`,
            unitId: ind.responsibleUnitId,
            leaderId: ind.leaderId,
          });
        }
      }
    }
    return sent;
  }

  return {
    scopeOf,
    list,
    get,
    create,
    patch,
    counties,
    createCounty,
    patchCounty,
    settings,
    putSettings,
    values,
    enterValue,
    previewImport,
    commitImport,
    board,
    boardJson,
    trajectory: trajectoryOf,
    trajectoryJson,
    places,
    calendarChanged,
    bulletin,
    alerts,
  };
}

function normaliseTargets(t: Record<string, { value?: number | null; growth?: number | null }> | undefined) {
  return Object.fromEntries(
    Object.entries(t ?? {}).map(([y, v]) => [y, { value: v.value ?? null, growth: v.growth ?? null }]),
  );
}

const num = (v: number, digits = 2) => String(Number(v.toFixed(digits)));

/** One sentence a meeting can read: where the indicator stands and what it takes (notices are in Chinese). */
export function describe(s: StatusOut, locale: Locale = 'zh-CN'): string {
  if (locale === 'en-US') return describeEn(s);
  if (s.value === null || !s.period) return `${s.indicator.name}暂无数据`;
  const label = periodLabel(s.period, 'zh-CN', s.indicator.accumulation);
  const parts = [
    `${label}${s.indicator.accumulation === 'cumulative' ? '累计完成' : '为'} ${num(s.value)} ${s.indicator.unit}`,
  ];
  if (s.growth !== null) parts.push(`同比${s.growth >= 0 ? '增长' : '下降'} ${num(Math.abs(s.growth), 1)}%`);
  if (s.progress !== null && s.gapPoints !== null)
    parts.push(
      `完成年度目标 ${num(s.progress, 1)}%，${s.gapPoints > 0 ? '落后' : '快于'}序时进度 ${num(Math.abs(s.gapPoints), 1)} 个百分点`,
    );
  if (s.rank !== null)
    parts.push(
      `全市排名第 ${s.rank} 位${s.previousRank !== null && s.previousRank !== s.rank ? `（上期第 ${s.previousRank} 位）` : ''}`,
    );
  let text = parts.join('，');
  if (s.needed && !s.needed.reached && s.needed.growth !== null) {
    const basis =
      s.needed.basis === 'last_year'
        ? '比上年同期'
        : s.needed.basis === 'run_rate'
          ? '比今年以来平均水平'
          : '比当前水平';
    text += `；余下各期须${basis}${s.needed.growth >= 0 ? '增长' : '下降不超过'} ${num(Math.abs(s.needed.growth), 1)}% 才能完成年度目标`;
  }
  return `${text}。`;
}

function describeEn(s: StatusOut): string {
  if (s.value === null || !s.period) return `${s.indicator.name}: no data yet.`;
  const parts = [
    `${s.indicator.name}, ${periodLabel(s.period, 'en-US', s.indicator.accumulation)}: ${num(s.value)} ${s.indicator.unit}`,
  ];
  if (s.growth !== null) parts.push(`${s.growth >= 0 ? 'up' : 'down'} ${num(Math.abs(s.growth), 1)}% year on year`);
  if (s.progress !== null && s.gapPoints !== null)
    parts.push(
      `${num(s.progress, 1)}% of the annual target, ${num(Math.abs(s.gapPoints), 1)} points \
${s.gapPoints > 0 ? 'behind' : 'ahead of'} the trajectory`,
    );
  if (s.rank !== null)
    parts.push(
      `rank ${s.rank}${s.previousRank !== null && s.previousRank !== s.rank ? ` (was ${s.previousRank})` : ''}`,
    );
  let text = parts.join(', ');
  if (s.needed && !s.needed.reached && s.needed.growth !== null) {
    const basis =
      s.needed.basis === 'last_year'
        ? 'over the same periods last year'
        : s.needed.basis === 'run_rate'
          ? 'over the pace so far'
          : 'over the current level';
    text += `; the remaining periods need ${num(s.needed.growth, 1)}% ${basis} to reach the target`;
  }
  return `${text}.`;
}
