import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { auditActor, type Actor } from '../../http/access';
import type { AuditService } from '../audit/audit.service';
import { calendarDays, jurisdictionSettings } from './calendar.schema';
import { DEFAULT_THRESHOLDS, type LightThresholds } from '../../../shared/domain/light';
import { DEFAULT_REPORTING, type ReportingRules } from '../../../shared/domain/cadence';
import { AppError } from '../../http/errors';
import { OFFICIAL_CALENDARS, PROVISIONAL_SOURCE } from '../../../shared/calendar/official';
import { addDays, type IsoDate } from '../../../shared/domain/dates';
import type { WorkCalendar } from '../../../shared/domain/working-days';

export type CalendarService = ReturnType<typeof createCalendarService>;
export type CalendarYearStatus = 'loaded' | 'provisional' | 'missing';

/** Called in the changing transaction when a jurisdiction's working days or light thresholds change. */
export type CalendarChangeListener = (tx: Tx, jurisdictionId: string) => Promise<void>;

export function createCalendarService(deps: { db: Db; audit: AuditService }) {
  const { db } = deps;
  const listeners: CalendarChangeListener[] = [];
  /** Derived values (the supervision core's stored lights) subscribe here instead of the calendar knowing them. */
  const onChange = (l: CalendarChangeListener) => void listeners.push(l);
  const changed = async (tx: Tx, jurisdictionId: string) => {
    calendars.delete(jurisdictionId);
    settings.delete(jurisdictionId);
    for (const l of listeners) await l(tx, jurisdictionId);
  };
  /**
   * Working calendars kept for five seconds: every light derivation needs one, and a year's holidays change a
   * few times a year. A change made here clears it at once; one made by another instance shows within the five
   * seconds.
   */
  const calendars = new Map<string, { at: number; cal: WorkCalendar }>();
  /**
   * The light thresholds and reporting rules as every write and light derivation reads them, kept five seconds
   * like the calendar (a change made here clears them at once). The settings pages and their version checks read
   * the row itself (thresholdsFor, reportingRulesFor).
   */
  const settings = new Map<
    string,
    { at: number; value: Promise<{ thresholds: LightThresholds; rules: ReportingRules }> }
  >();
  function settingsOf(jurisdictionId: string, tx: Tx = db) {
    const hit = settings.get(jurisdictionId);
    if (hit && Date.now() - hit.at < 5000) return hit.value;
    const value = tx
      .select()
      .from(jurisdictionSettings)
      .where(eq(jurisdictionSettings.jurisdictionId, jurisdictionId))
      .then(([r]) => ({
        thresholds: r
          ? { dueSoonWorkingDays: r.dueSoonWorkingDays, yellowGap: r.yellowGap, redGap: r.redGap }
          : { ...DEFAULT_THRESHOLDS },
        rules: r
          ? { weeklyDueWeekday: r.weeklyDueWeekday, cutoff: r.reportCutoff, monthlyDueDay: r.monthlyDueDay }
          : { ...DEFAULT_REPORTING },
      }));
    settings.set(jurisdictionId, { at: Date.now(), value });
    value.catch(() => settings.delete(jurisdictionId));
    return value;
  }
  /** The light thresholds every derivation uses (kept five seconds). */
  const lightThresholds = async (jurisdictionId: string, tx?: Tx) => (await settingsOf(jurisdictionId, tx)).thresholds;
  /** When reports fall due (kept five seconds). */
  const reportingRules = async (jurisdictionId: string, tx?: Tx) => (await settingsOf(jurisdictionId, tx)).rules;

  /** Loads the shipped national calendars for years the database does not have yet (an edited year is kept). */
  async function ensureOfficial(tx: Tx = db) {
    for (const y of OFFICIAL_CALENDARS) {
      const [has] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(calendarDays)
        .where(
          and(
            isNull(calendarDays.jurisdictionId),
            gte(calendarDays.day, `${y.year}-01-01`),
            lte(calendarDays.day, `${y.year}-12-31`),
          ),
        );
      if ((has?.n ?? 0) > 0) {
        // A provisional year shipped before is replaced once a release carries the published notice.
        const gone = y.provisional
          ? []
          : await tx
              .delete(calendarDays)
              .where(
                and(
                  isNull(calendarDays.jurisdictionId),
                  gte(calendarDays.day, `${y.year}-01-01`),
                  lte(calendarDays.day, `${y.year}-12-31`),
                  sql`${calendarDays.source} LIKE ${`${PROVISIONAL_SOURCE}%`}`,
                ),
              )
              .returning({ id: calendarDays.id });
        if (gone.length === 0) continue;
      }
      const rows: (typeof calendarDays.$inferInsert)[] = [];
      for (const [from, to, name] of y.holidays)
        for (let d = from; d <= to; d = addDays(d, 1)) rows.push({ day: d, kind: 'holiday', name, source: y.source });
      for (const [d, name] of y.makeUpWorkdays) rows.push({ day: d, kind: 'workday', name, source: y.source });
      await tx.insert(calendarDays).values(rows).onConflictDoNothing();
    }
    calendars.clear();
  }

  /**
   * Whether a year's calendar is there: 'missing' (no national days and no import for it: every weekday counts as a
   * working day, straight through the Spring Festival), 'provisional' (only the shipped estimate, OfficialYear
   * .provisional), or 'loaded' (a published notice, or the administrator's import of it).
   */
  async function yearStatus(jurisdictionId: string, year: number, tx: Tx = db): Promise<CalendarYearStatus> {
    const [r] = await tx
      .select({
        national: sql<number>`count(*) FILTER (WHERE ${calendarDays.jurisdictionId} IS NULL)::int`,
        provisional: sql<number>`count(*) FILTER (WHERE ${calendarDays.jurisdictionId} IS NULL
          AND ${calendarDays.source} LIKE ${`${PROVISIONAL_SOURCE}%`})::int`,
        imported: sql<number>`count(*) FILTER (WHERE ${calendarDays.jurisdictionId} = ${jurisdictionId}
          AND ${calendarDays.source} LIKE '导入%')::int`,
      })
      .from(calendarDays)
      .where(
        and(
          or(isNull(calendarDays.jurisdictionId), eq(calendarDays.jurisdictionId, jurisdictionId)),
          gte(calendarDays.day, `${year}-01-01`),
          lte(calendarDays.day, `${year}-12-31`),
        ),
      );
    if ((r?.imported ?? 0) > 0) return 'loaded';
    if ((r?.national ?? 0) === 0) return 'missing';
    return r!.provisional === r!.national ? 'provisional' : 'loaded';
  }

  /** The years from `from` to `to` whose calendar is missing or provisional: a working-day sum over them says so. */
  async function gaps(jurisdictionId: string, from: IsoDate, to: IsoDate) {
    const [a, b] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))].sort((x, y) => x - y) as [number, number];
    const out: { year: number; status: Exclude<CalendarYearStatus, 'loaded'> }[] = [];
    for (let y = a; y <= b; y++) {
      const status = await yearStatus(jurisdictionId, y);
      if (status !== 'loaded') out.push({ year: y, status });
    }
    return out;
  }

  /**
   * From November on, while next year's calendar is missing or only provisional, the system administrators are told
   * once (a notification; the web app also shows them a banner).
   */
  async function remindNextYear(
    jurisdictionId: string,
    today: IsoDate,
    notify: (year: number, status: CalendarYearStatus) => Promise<number>,
  ) {
    if (Number(today.slice(5, 7)) < 11) return 0;
    const year = Number(today.slice(0, 4)) + 1;
    const status = await yearStatus(jurisdictionId, year);
    return status === 'loaded' ? 0 : notify(year, status);
  }

  /** National days, overridden by the jurisdiction's own. */
  async function calendarFor(jurisdictionId: string, tx: Tx = db): Promise<WorkCalendar> {
    const hit = calendars.get(jurisdictionId);
    if (hit && Date.now() - hit.at < 5000) return hit.cal;
    const cal = await loadCalendar(jurisdictionId, tx);
    calendars.set(jurisdictionId, { at: Date.now(), cal });
    return cal;
  }

  async function loadCalendar(jurisdictionId: string, tx: Tx): Promise<WorkCalendar> {
    const rows = await tx
      .select({ day: calendarDays.day, kind: calendarDays.kind, jurisdictionId: calendarDays.jurisdictionId })
      .from(calendarDays)
      .where(or(isNull(calendarDays.jurisdictionId), eq(calendarDays.jurisdictionId, jurisdictionId)));
    const byDay = new Map<string, string>();
    for (const r of rows.filter((r) => !r.jurisdictionId)) byDay.set(r.day, r.kind);
    for (const r of rows.filter((r) => r.jurisdictionId)) byDay.set(r.day, r.kind);
    const holidays = new Set<string>();
    const makeUpWorkdays = new Set<string>();
    for (const [d, k] of byDay)
      (k === 'holiday' ? holidays : k === 'workday' ? makeUpWorkdays : new Set<string>()).add(d);
    return { holidays, makeUpWorkdays };
  }

  async function listYear(actor: Actor, year: number) {
    const rows = await db
      .select()
      .from(calendarDays)
      .where(
        and(
          or(isNull(calendarDays.jurisdictionId), eq(calendarDays.jurisdictionId, actor.jurisdictionId)),
          gte(calendarDays.day, `${year}-01-01`),
          lte(calendarDays.day, `${year}-12-31`),
        ),
      )
      .orderBy(calendarDays.day);
    return rows.map((r) => ({
      day: r.day,
      kind: r.kind as 'holiday' | 'workday' | 'normal',
      name: r.name,
      scope: r.jurisdictionId ? ('local' as const) : ('national' as const),
      source: r.source,
    }));
  }

  /**
   * Sets a day for the jurisdiction: a local holiday or working day, or 'normal' to follow the weekday rule
   * (which also overrides a national entry). Recorded in the audit trail.
   */
  async function setDay(
    actor: Actor,
    day: IsoDate,
    kind: 'holiday' | 'workday' | 'normal',
    name: string,
    meta: { ip?: string; requestId?: string },
  ) {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(calendarDays)
        .where(and(eq(calendarDays.jurisdictionId, actor.jurisdictionId), eq(calendarDays.day, day)));
      if (before)
        await tx.update(calendarDays).set({ kind, name, updatedAt: new Date() }).where(eq(calendarDays.id, before.id));
      else
        await tx
          .insert(calendarDays)
          .values({ jurisdictionId: actor.jurisdictionId, day, kind, name, source: actor.username });
      await changed(tx, actor.jurisdictionId);
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'calendar.set',
          objectType: 'calendar_day',
          objectId: day,
          result: 'success',
          detail: { before: before ? { kind: before.kind, name: before.name } : null, after: { kind, name } },
        },
        tx,
      );
    });
  }

  /** The light thresholds in force for a jurisdiction: its own, or the defaults. */
  async function thresholdsFor(
    jurisdictionId: string,
    tx: Tx = db,
  ): Promise<LightThresholds & { version: number; custom: boolean }> {
    const [r] = await tx
      .select()
      .from(jurisdictionSettings)
      .where(eq(jurisdictionSettings.jurisdictionId, jurisdictionId));
    return r
      ? {
          dueSoonWorkingDays: r.dueSoonWorkingDays,
          yellowGap: r.yellowGap,
          redGap: r.redGap,
          version: r.version,
          custom: true,
        }
      : { ...DEFAULT_THRESHOLDS, version: 0, custom: false };
  }

  async function setThresholds(
    actor: Actor,
    version: number,
    t: LightThresholds,
    meta: { ip?: string; requestId?: string },
  ) {
    if (t.yellowGap >= t.redGap)
      throw new AppError('validation', {}, [{ field: 'body.yellowGap', code: 'invalid_value' }]);
    await db.transaction(async (tx) => {
      const before = await thresholdsFor(actor.jurisdictionId, tx);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      await tx
        .insert(jurisdictionSettings)
        .values({ jurisdictionId: actor.jurisdictionId, ...t })
        .onConflictDoUpdate({
          target: jurisdictionSettings.jurisdictionId,
          set: { ...t, version: sql`${jurisdictionSettings.version} + 1`, updatedAt: new Date() },
        });
      await changed(tx, actor.jurisdictionId);
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'settings.lights',
          objectType: 'jurisdiction',
          objectId: actor.jurisdictionId,
          result: 'success',
          detail: { before, after: t },
        },
        tx,
      );
    });
    return thresholdsFor(actor.jurisdictionId);
  }

  /** When reports fall due in a jurisdiction (weekday, cut-off time, monthly day): its own, or the defaults. */
  async function reportingRulesFor(
    jurisdictionId: string,
    tx: Tx = db,
  ): Promise<ReportingRules & { version: number; custom: boolean }> {
    const [r] = await tx
      .select()
      .from(jurisdictionSettings)
      .where(eq(jurisdictionSettings.jurisdictionId, jurisdictionId));
    return r
      ? {
          weeklyDueWeekday: r.weeklyDueWeekday,
          cutoff: r.reportCutoff,
          monthlyDueDay: r.monthlyDueDay,
          version: r.version,
          custom: true,
        }
      : { ...DEFAULT_REPORTING, version: 0, custom: false };
  }

  /** Sets the reporting rules (same settings row and version as the light thresholds), audited. */
  async function setReportingRules(
    actor: Actor,
    version: number,
    rules: ReportingRules,
    meta: { ip?: string; requestId?: string },
  ) {
    await db.transaction(async (tx) => {
      const before = await reportingRulesFor(actor.jurisdictionId, tx);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      const set = {
        weeklyDueWeekday: rules.weeklyDueWeekday,
        reportCutoff: rules.cutoff,
        monthlyDueDay: rules.monthlyDueDay,
      };
      await tx
        .insert(jurisdictionSettings)
        .values({ jurisdictionId: actor.jurisdictionId, ...DEFAULT_THRESHOLDS, ...set })
        .onConflictDoUpdate({
          target: jurisdictionSettings.jurisdictionId,
          set: { ...set, version: sql`${jurisdictionSettings.version} + 1`, updatedAt: new Date() },
        });
      settings.delete(actor.jurisdictionId);
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'settings.reporting',
          objectType: 'jurisdiction',
          objectId: actor.jurisdictionId,
          result: 'success',
          detail: { before, after: rules },
        },
        tx,
      );
    });
    return reportingRulesFor(actor.jurisdictionId);
  }

  /** Applies many days at once (an administrator's import of next year's notice), all or nothing. */
  async function importDays(
    actor: Actor,
    days: { day: IsoDate; kind: 'holiday' | 'workday' | 'normal'; name: string }[],
    meta: { ip?: string; requestId?: string },
  ) {
    await db.transaction(async (tx) => {
      for (const d of days) {
        const [before] = await tx
          .select()
          .from(calendarDays)
          .where(and(eq(calendarDays.jurisdictionId, actor.jurisdictionId), eq(calendarDays.day, d.day)));
        if (before)
          await tx
            .update(calendarDays)
            .set({ kind: d.kind, name: d.name, updatedAt: new Date() })
            .where(eq(calendarDays.id, before.id));
        else
          await tx.insert(calendarDays).values({
            jurisdictionId: actor.jurisdictionId,
            day: d.day,
            kind: d.kind,
            name: d.name,
            source: `导入 ${actor.username}`,
          });
      }
      await changed(tx, actor.jurisdictionId);
      await deps.audit.record(
        {
          ...auditActor(actor, meta),
          action: 'calendar.import',
          objectType: 'calendar',
          result: 'success',
          detail: { days: days.length },
        },
        tx,
      );
    });
  }

  return {
    ensureOfficial,
    yearStatus,
    gaps,
    remindNextYear,
    calendarFor,
    lightThresholds,
    reportingRules,
    listYear,
    setDay,
    thresholdsFor,
    setThresholds,
    reportingRulesFor,
    setReportingRules,
    importDays,
    onChange,
  };
}
