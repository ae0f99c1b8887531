import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { AttachmentService } from '../attachments/attachments.service';
import {
  mapBoundaries,
  milestoneTemplates,
  projectInvestments,
  projectMilestones,
  projectMoves,
  projects,
} from './projects.schema';
import { bbox, contains, parseBoundary, type Boundary } from '../../../shared/domain/projects-geo';
import {
  checkMove,
  DEFAULT_MILESTONE_TEMPLATES,
  monthOf,
  poolOn,
  POOL_LABELS,
  POOLS,
  PROJECT_TYPES,
  projectLight,
  type Pool,
  type PoolMove,
  type ProjectType,
} from '../../../shared/domain/projects';
import {
  computeRates,
  daysLate,
  effectiveInvestments,
  investmentProgress,
  remainingInvestment,
  sumAmounts,
  ytdInvestment,
  type InvestmentRecord,
  type RateGrouping,
  type RateProject,
} from '../../../shared/domain/projects-rates';
import { LIGHT_SEVERITY, type Light } from '../../../shared/domain/light';
import type { IsoDate } from '../../../shared/domain/dates';
import { forecastInvestment, type InvestmentForecast } from '../../../shared/domain/forecast';
import type { Locale } from '../../../shared/errors';
import type { ItemOut } from '../../../shared/supervision';
import type {
  InvestmentIn,
  MapQuery,
  MoveIn,
  ProjectCreate,
  ProjectMilestoneOut,
  ProjectOut,
  ProjectPatch,
  ProjectQuery,
} from '../../../shared/projects';

type ProjectRow = typeof projects.$inferSelect;

/** The office and principals see and manage the whole library (专门机构督办, 主要领导交办). */
const SUPERVISING_ROLES = ['supervision_office', 'principal'] as const;
const UNIT_ROLES = ['unit_clerk', 'unit_admin'] as const;

export type ProjectService = ReturnType<typeof createProjectService>;

export function createProjectService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  supervision: SupervisionService;
  attachments: AttachmentService;
}) {
  const { db, org, supervision } = deps;
  const today = () => supervision.today();

  const auditProject = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `project.${action}`,
        objectType: 'project',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  // ---------- scope ----------
  /**
   * Which projects a caller sees, as the supervision core scopes items: the office and principals the whole
   * jurisdiction; a leader the projects he 包联 and those of the units he 分管; a unit the projects it is
   * responsible for or that lie in it (a township or park).
   */
  function visibleWhere(actor: Actor): SQL {
    const base = eq(projects.jurisdictionId, actor.jurisdictionId);
    if (hasAnyRole(actor, SUPERVISING_ROLES)) return base;
    const units = [...new Set([actor.unitId, ...actor.leaderUnitIds])];
    const conds: SQL[] = [inArray(projects.responsibleUnitId, units), inArray(projects.townshipUnitId, units)];
    if (hasAnyRole(actor, ['leader'])) conds.push(eq(projects.leaderId, actor.personId));
    return and(base, or(...conds))!;
  }

  /** Who may change a project: the office and principals any; a unit the projects it is responsible for. */
  function mayWrite(actor: Actor, p: Pick<ProjectRow, 'responsibleUnitId'>): boolean {
    return (
      hasAnyRole(actor, SUPERVISING_ROLES) || (hasAnyRole(actor, UNIT_ROLES) && p.responsibleUnitId === actor.unitId)
    );
  }

  async function loadVisible(tx: Tx, actor: Actor, id: string, lock = false): Promise<ProjectRow> {
    if (lock) await tx.execute(sql`SELECT 1 FROM ${projects} WHERE id = ${id} FOR UPDATE`);
    const [row] = await tx
      .select()
      .from(projects)
      .where(and(eq(projects.id, id), visibleWhere(actor)));
    if (!row) throw notFound();
    return row;
  }

  async function loadWritable(tx: Tx, actor: Actor, id: string, version: number | null): Promise<ProjectRow> {
    const row = await loadVisible(tx, actor, id, true);
    if (!mayWrite(actor, row)) throw new AppError('forbidden');
    if (version !== null && row.version !== version)
      throw new AppError('version_conflict', { current: row.version }, [], { currentVersion: row.version });
    return row;
  }

  async function bump(tx: Tx, id: string, expected: number, set: Partial<typeof projects.$inferInsert>) {
    const r = await tx
      .update(projects)
      .set({ ...set, version: sql`${projects.version} + 1`, updatedAt: new Date() })
      .where(and(eq(projects.id, id), eq(projects.version, expected)))
      .returning({ version: projects.version });
    if (r.length === 0) {
      const [cur] = await tx.select({ version: projects.version }).from(projects).where(eq(projects.id, id));
      if (!cur) throw notFound();
      throw new AppError('version_conflict', { current: cur.version }, [], { currentVersion: cur.version });
    }
  }

  // ---------- checks ----------
  async function check(actor: Actor, input: Partial<ProjectCreate>, tx: Tx): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const units = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u]));
    if (input.responsibleUnitId !== undefined) {
      if (!units.get(input.responsibleUnitId)?.active)
        problems.push({ field: 'body.responsibleUnitId', code: 'unknown_reference' });
      else if (!hasAnyRole(actor, SUPERVISING_ROLES) && input.responsibleUnitId !== actor.unitId)
        problems.push({ field: 'body.responsibleUnitId', code: 'not_own_unit' });
    }
    if (input.townshipUnitId) {
      const u = units.get(input.townshipUnitId);
      if (!u?.active) problems.push({ field: 'body.townshipUnitId', code: 'unknown_reference' });
      else if (u.kind !== 'township' && u.kind !== 'park')
        problems.push({ field: 'body.townshipUnitId', code: 'not_township' });
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
    if (input.startYear !== undefined && input.endYear !== undefined && input.endYear < input.startYear)
      problems.push({ field: 'body.endYear', code: 'end_before_start' });
    if (
      input.annualPlans &&
      input.totalInvestment !== undefined &&
      sumAmounts(Object.values(input.annualPlans)) > input.totalInvestment
    )
      problems.push({ field: 'body.annualPlans', code: 'plans_over_total' });
    if (input.location) {
      const b = await boundaryOf(actor.jurisdictionId, tx);
      if (b && !contains(b.boundary, input.location.lng, input.location.lat))
        problems.push({ field: 'body.location', code: 'outside_boundary', params: { name: b.name } });
    }
    return problems;
  }

  // ---------- the county boundary ----------
  async function boundaryOf(
    jurisdictionId: string,
    tx: Tx = db,
  ): Promise<{ name: string; generated: boolean; geojson: unknown; boundary: Boundary; version: number } | null> {
    const [row] = await tx.select().from(mapBoundaries).where(eq(mapBoundaries.jurisdictionId, jurisdictionId));
    if (!row) return null;
    const parsed = parseBoundary(row.geojson);
    return parsed.ok
      ? {
          name: row.name,
          generated: row.generated,
          geojson: row.geojson,
          boundary: parsed.boundary,
          version: row.version,
        }
      : null;
  }

  async function boundary(actor: Actor) {
    const b = await boundaryOf(actor.jurisdictionId);
    return b
      ? { name: b.name, generated: b.generated, geojson: b.geojson, bbox: bbox(b.boundary), version: b.version }
      : null;
  }

  /**
   * The administrator uploads the county outline (GeoJSON); version 0 when there is none yet. A document that is
   * not a usable boundary is refused with the path of each problem. Projects already outside it are not touched.
   */
  async function putBoundary(
    actor: Actor,
    version: number,
    input: { name: string; geojson: unknown; generated?: boolean },
    meta: RequestMeta,
  ) {
    const parsed = parseBoundary(input.geojson);
    if (!parsed.ok)
      throw new AppError(
        'validation',
        {},
        parsed.problems.map((p) => ({ field: p.path, code: p.code })),
      );
    await db.transaction(async (tx) => {
      const [cur] = await tx
        .select()
        .from(mapBoundaries)
        .where(eq(mapBoundaries.jurisdictionId, actor.jurisdictionId))
        .for('update');
      const current = cur?.version ?? 0;
      if (current !== version) throw new AppError('version_conflict', { current }, [], { currentVersion: current });
      const values = {
        name: input.name,
        geojson: input.geojson,
        generated: input.generated ?? false,
        updatedBy: actor.personId,
        updatedAt: new Date(),
      };
      if (cur)
        await tx
          .update(mapBoundaries)
          .set({ ...values, version: current + 1 })
          .where(eq(mapBoundaries.jurisdictionId, actor.jurisdictionId));
      else await tx.insert(mapBoundaries).values({ jurisdictionId: actor.jurisdictionId, ...values });
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'project.boundary',
          objectType: 'map_boundary',
          objectId: actor.jurisdictionId,
          result: 'success',
          detail: { name: input.name, polygons: parsed.boundary.polygons.length, generated: values.generated },
        },
        tx,
      );
    });
    return (await boundary(actor))!;
  }

  // ---------- reading ----------
  async function movesOf(
    ids: string[],
    tx: Tx = db,
  ): Promise<(PoolMove & { reason: string; actorPersonId: string; at: Date })[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .select()
      .from(projectMoves)
      .where(sql`${projectMoves.projectId} = ANY(${sql.param(ids)}::uuid[])`)
      .orderBy(asc(projectMoves.seq));
    return rows.map((r) => ({
      projectId: r.projectId,
      from: r.fromPool as Pool | null,
      to: r.toPool as Pool,
      date: r.date,
      seq: r.seq,
      reason: r.reason,
      actorPersonId: r.actorPersonId,
      at: r.at,
    }));
  }

  async function investmentsOf(ids: string[], tx: Tx = db) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(projectInvestments)
      .where(sql`${projectInvestments.projectId} = ANY(${sql.param(ids)}::uuid[])`)
      .orderBy(asc(projectInvestments.seq));
  }

  /** The fields the investment rules read, for many projects (no timestamps to parse). */
  async function investmentRecordsOf(ids: string[], tx: Tx = db): Promise<InvestmentRecord[]> {
    if (ids.length === 0) return [];
    // Plain rows (no per-cell mapping): tens of thousands of them for a county's rates.
    const { rows } =
      await tx.execute(sql`SELECT project_id, month, amount::float8 AS amount, recorded_on::text AS recorded_on,
      seq::float8 AS seq FROM ${projectInvestments}
      WHERE ${projectInvestments.projectId} = ANY(${sql.param(ids)}::uuid[]) ORDER BY seq`);
    return (rows as { project_id: string; month: string; amount: number; recorded_on: string; seq: number }[]).map(
      (r) => ({ projectId: r.project_id, month: r.month, amount: r.amount, recordedOn: r.recorded_on, seq: r.seq }),
    );
  }

  const asRecord = (r: typeof projectInvestments.$inferSelect): InvestmentRecord => ({
    projectId: r.projectId,
    month: r.month,
    amount: r.amount,
    recordedOn: r.recordedOn,
    seq: r.seq,
  });

  async function milestoneRowsOf(ids: string[], tx: Tx = db) {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(projectMilestones)
      .where(sql`${projectMilestones.projectId} = ANY(${sql.param(ids)}::uuid[])`)
      .orderBy(asc(projectMilestones.sortOrder), asc(projectMilestones.plannedDate));
  }

  /** The milestones' supervised items as the core presents them (state, light, actions), visible to the caller. */
  async function milestoneItems(actor: Actor, ids: string[], tx?: Tx): Promise<Map<string, ItemOut>> {
    if (ids.length === 0) return new Map();
    const { items } = await supervision.listItems(actor, { kind: 'milestone', ids, page: 1, pageSize: ids.length }, tx);
    return new Map(items.map((i) => [i.id, i]));
  }

  /** The milestones' lights and states counted per project by the core (a county library has 40,000 milestones). */
  async function milestoneSummaries(
    actor: Actor,
    ids: string[],
  ): Promise<Map<string, { lights: Light[]; count: number; done: number }>> {
    const out = new Map<string, { lights: Light[]; count: number; done: number }>();
    if (ids.length === 0) return out;
    const counts = await supervision.lightCounts(
      actor,
      sql`SELECT ${projectMilestones.id}, ${projectMilestones.projectId} FROM ${projectMilestones}
        WHERE ${projectMilestones.projectId} = ANY(${sql.param(ids)}::uuid[])`,
    );
    for (const c of counts) {
      const m = out.get(c.key) ?? { lights: [], count: 0, done: 0 };
      m.count += c.n;
      // A milestone the caller does not see has no light for him and is not counted done.
      m.lights.push(c.visible ? c.light : 'none');
      if (c.visible && c.state === 'closed') m.done += c.n;
      out.set(c.key, m);
    }
    return out;
  }

  /** Projects as the API shows them, on `asOf` (pools then) or today. */
  async function present(actor: Actor, rows: ProjectRow[], asOf?: IsoDate, tx: Tx = db): Promise<ProjectOut[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const day = asOf ?? today();
    const year = Number(day.slice(0, 4));
    const msOf = await milestoneSummaries(actor, ids);
    const money = effectiveInvestments(await investmentRecordsOf(ids, tx), day);
    const moves = asOf ? await movesOf(ids, tx) : [];
    const movesOfProject = new Map<string, typeof moves>();
    for (const m of moves) {
      const list = movesOfProject.get(m.projectId);
      if (list) list.push(m);
      else movesOfProject.set(m.projectId, [m]);
    }
    return rows.map((r) => {
      const mine = msOf.get(r.id) ?? { lights: [], count: 0, done: 0 };
      const months = money.get(r.id);
      let pool = r.pool as Pool;
      let poolSince = r.poolSince;
      if (asOf) {
        const own = movesOfProject.get(r.id) ?? [];
        pool = poolOn(own, asOf) ?? pool;
        poolSince = own.filter((m) => m.date <= asOf && m.to === pool).at(-1)?.date ?? poolSince;
      }
      return {
        id: r.id,
        serial: r.serial,
        name: r.name,
        type: r.type as ProjectType,
        content: r.content,
        totalInvestment: r.totalInvestment,
        annualPlans: r.annualPlans,
        ownerEnterprise: r.ownerEnterprise,
        responsibleUnitId: r.responsibleUnitId,
        leaderId: r.leaderId,
        townshipUnitId: r.townshipUnitId,
        location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
        startYear: r.startYear,
        endYear: r.endYear,
        major: r.major,
        attracted: r.attracted,
        livelihood: r.livelihood,
        source: r.source,
        sourceRef: r.sourceRef,
        pool,
        poolSince,
        light: projectLight(mine.lights),
        milestoneCount: mine.count,
        milestonesDone: mine.done,
        investment: investmentProgress(r.annualPlans[String(year)], ytdInvestment(months, year, day), year, day),
        investmentToDate: sumAmounts([...(months?.values() ?? [])]),
        version: r.version,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<ProjectOut> {
    const row = await loadVisible(tx, actor, id);
    const [out] = await present(actor, [row], undefined, tx);
    return Object.assign(out!, { forecast: (await investmentForecasts([row], tx)).get(row.id) ?? null });
  }

  /**
   * 年底投资预测 of these projects (each with a plan for this year): the figures in force today through the months
   * that have ended, on the one trajectory (`forecastInvestment`).
   */
  async function investmentForecasts(
    rows: Pick<ProjectRow, 'id' | 'annualPlans'>[],
    tx: Tx = db,
  ): Promise<Map<string, InvestmentForecast>> {
    const day = today();
    const year = Number(day.slice(0, 4));
    const planned = rows.filter((r) => (r.annualPlans[String(year)] ?? 0) > 0);
    const money = effectiveInvestments(
      await investmentRecordsOf(
        planned.map((r) => r.id),
        tx,
      ),
      day,
    );
    const out = new Map<string, InvestmentForecast>();
    for (const r of planned) {
      const f = forecastInvestment({
        year,
        plan: r.annualPlans[String(year)]!,
        months: money.get(r.id) ?? new Map(),
        today: day,
      });
      if (f) out.set(r.id, f);
    }
    return out;
  }

  /**
   * The visible projects under way whose year-end investment is forecast short of the year's plan, the largest
   * shortfall first (the cockpit's 预计完不成).
   */
  async function forecastMisses(actor: Actor, limit = 10) {
    const rows = await db
      .select()
      .from(projects)
      .where(and(visibleWhere(actor), inArray(projects.pool, ['preliminary', 'new_start', 'continuing'])));
    const f = await investmentForecasts(rows);
    const misses = rows
      .filter((r) => f.get(r.id)?.misses)
      .map((r) => ({ id: r.id, name: r.name, responsibleUnitId: r.responsibleUnitId, forecast: f.get(r.id)! }))
      .sort((a, b) => b.forecast.shortfall - a.forecast.shortfall || a.name.localeCompare(b.name, 'zh'));
    return { total: misses.length, items: misses.slice(0, limit) };
  }

  /** The visible projects matching the filters that live on the project row (pools on a past date are applied later). */
  /** The library's filters as SQL (the pool on today's column; on `asOf` the pool is read from the moves after). */
  /** `only`: restrict to these projects (a campaign's or a front's, read from the campaigns service by the routes). */
  function filterConds(actor: Actor, q: Partial<ProjectQuery>, only?: string[]): SQL[] {
    const conds: SQL[] = [visibleWhere(actor)];
    if (only) conds.push(only.length ? sql`${projects.id} = ANY(${sql.param(only)}::uuid[])` : sql`false`);
    if (q.pool?.length && !q.asOf) conds.push(inArray(projects.pool, q.pool));
    if (q.type?.length) conds.push(inArray(projects.type, q.type));
    if (q.unitId) conds.push(eq(projects.responsibleUnitId, q.unitId));
    if (q.townshipUnitId) conds.push(eq(projects.townshipUnitId, q.townshipUnitId));
    if (q.leaderId) conds.push(eq(projects.leaderId, q.leaderId));
    for (const k of ['major', 'attracted', 'livelihood'] as const)
      if (q[k]) conds.push(eq(projects[k], q[k] === 'true'));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(
        or(
          ilike(projects.name, like),
          ilike(projects.content, like),
          ilike(projects.ownerEnterprise, like),
          sql`${projects.serial}::text = ${q.q}`,
        )!,
      );
    }
    return conds;
  }

  async function filteredRows(actor: Actor, q: Partial<ProjectQuery>, only?: string[]): Promise<ProjectRow[]> {
    let rows = await db
      .select()
      .from(projects)
      .where(and(...filterConds(actor, q, only)))
      .orderBy(asc(projects.serial));
    if (q.asOf) {
      const moves = await movesOf(rows.map((r) => r.id));
      const byProject = new Map<string, PoolMove[]>();
      for (const m of moves) byProject.set(m.projectId, [...(byProject.get(m.projectId) ?? []), m]);
      rows = rows.filter((r) => {
        const p = poolOn(byProject.get(r.id) ?? [], q.asOf!);
        return p !== null && (!q.pool?.length || q.pool.includes(p));
      });
    }
    return rows;
  }

  /**
   * The library with filters; on `asOf` as it stood that day. Lights are the milestones' (derived by the core), so
   * the light filter and sort apply after presenting; a county library (hundreds of projects) is presented whole.
   */
  /**
   * A date that has not come is refused: the library, its counts and its rates on a future day would be today's
   * figures under tomorrow's date (pools and investment are recorded, never planned ahead).
   */
  function assertAsOfNotFuture(asOf: IsoDate | undefined) {
    if (asOf && asOf > today())
      throw new AppError('validation', {}, [{ field: 'query.asOf', code: 'as_of_future', params: { today: today() } }]);
  }

  async function list(actor: Actor, q: ProjectQuery, only?: string[]) {
    assertAsOfNotFuture(q.asOf);
    // Today's library without the light: filtered, sorted and paged in SQL, with the total in the same pass.
    if (!q.light?.length && q.sort !== 'light' && !q.asOf) {
      const where = and(...filterConds(actor, q, only));
      const order =
        q.sort === 'investment' ? [desc(projects.totalInvestment), asc(projects.serial)] : [asc(projects.serial)];
      const found = await db
        .select({ row: projects, total: sql<number>`count(*) OVER ()::int` })
        .from(projects)
        .where(where)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const total =
        found[0]?.total ??
        (q.page > 1
          ? ((await db.select({ n: sql<number>`count(*)::int` }).from(projects).where(where))[0]?.n ?? 0)
          : 0);
      return {
        items: await present(
          actor,
          found.map((f) => f.row),
          q.asOf,
        ),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    }
    const rows = await filteredRows(actor, q, only);
    // Without the light (filter or sort) the page is known before presenting: only its projects are presented.
    if (!q.light?.length && q.sort !== 'light') {
      if (q.sort === 'investment') rows.sort((a, b) => b.totalInvestment - a.totalInvestment || a.serial - b.serial);
      const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      return { items: await present(actor, page, q.asOf), total: rows.length, page: q.page, pageSize: q.pageSize };
    }
    let items = await present(actor, rows, q.asOf);
    if (q.light?.length) items = items.filter((i) => q.light!.includes(i.light));
    if (q.sort === 'light')
      items.sort((a, b) => LIGHT_SEVERITY[b.light] - LIGHT_SEVERITY[a.light] || a.serial - b.serial);
    if (q.sort === 'investment') items.sort((a, b) => b.totalInvestment - a.totalInvestment || a.serial - b.serial);
    return {
      items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
      total: items.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * 库别计数: how many projects the caller sees in each pool under the same filters as the list (pool aside), in one
   * request. Pools on `asOf` and the light filter need each project presented; otherwise the stored pool counts.
   */
  async function counts(actor: Actor, q: Omit<ProjectQuery, 'page' | 'pageSize' | 'sort' | 'pool'>, only?: string[]) {
    assertAsOfNotFuture(q.asOf);
    const rows = await filteredRows(actor, { ...q, pool: undefined }, only);
    let pools: Pool[];
    if (q.asOf || q.light?.length) {
      const items = await present(actor, rows, q.asOf);
      pools = items.filter((i) => !q.light?.length || q.light.includes(i.light)).map((i) => i.pool);
    } else pools = rows.map((r) => r.pool as Pool);
    const byPool = Object.fromEntries(POOLS.map((p) => [p, 0])) as Record<Pool, number>;
    for (const p of pools) byPool[p]++;
    return { total: pools.length, pools: byPool };
  }

  // ---------- writing ----------
  /** Enters a project in the library; returns its id. */
  async function create(actor: Actor, input: ProjectCreate, meta: RequestMeta): Promise<string> {
    return db.transaction((tx) => createIn(tx, actor, input, meta));
  }

  /** The same inside the caller's transaction (an import commits all its rows in one). */
  async function createIn(tx: Tx, actor: Actor, input: ProjectCreate, meta: RequestMeta): Promise<string> {
    {
      const problems = await check(actor, input, tx);
      const enteredOn = input.enteredOn ?? today();
      if (enteredOn > today()) problems.push({ field: 'body.enteredOn', code: 'date_in_future' });
      if (input.milestones.length && !hasAnyRole(actor, SUPERVISING_ROLES))
        problems.push({ field: 'body.milestones', code: 'office_only' });
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7351030)`);
      const [{ next }] = (
        await tx.execute(
          sql`SELECT coalesce(max(serial), 0) + 1 AS next FROM projects WHERE jurisdiction_id = ${actor.jurisdictionId}`,
        )
      ).rows as { next: number }[];
      const { milestones, location, enteredOn: _e, ...fields } = input;
      const [row] = await tx
        .insert(projects)
        .values({
          ...fields,
          ownerEnterprise: fields.ownerEnterprise ?? null,
          leaderId: fields.leaderId ?? null,
          townshipUnitId: fields.townshipUnitId ?? null,
          source: fields.source ?? null,
          sourceRef: fields.sourceRef ?? null,
          lng: location?.lng ?? null,
          lat: location?.lat ?? null,
          jurisdictionId: actor.jurisdictionId,
          serial: Number(next),
          poolSince: enteredOn,
          createdBy: actor.personId,
        })
        .returning();
      await tx.insert(projectMoves).values({
        projectId: row!.id,
        jurisdictionId: actor.jurisdictionId,
        fromPool: null,
        toPool: input.pool,
        date: enteredOn,
        reason: '入库',
        actorPersonId: actor.personId,
      });
      if (milestones.length) await addMilestones(tx, actor, row!, milestones);
      await auditProject(actor, meta, 'create', row!.id, { after: input }, tx);
      return row!.id;
    }
  }

  async function patch(
    actor: Actor,
    id: string,
    version: number,
    input: ProjectPatch,
    meta: RequestMeta,
  ): Promise<ProjectOut> {
    await db.transaction(async (tx) => {
      const row = await loadWritable(tx, actor, id, version);
      const merged = {
        responsibleUnitId: row.responsibleUnitId,
        startYear: row.startYear,
        endYear: row.endYear,
        totalInvestment: row.totalInvestment,
        annualPlans: row.annualPlans,
        ...input,
      };
      const problems = await check(
        actor,
        {
          ...merged,
          responsibleUnitId: input.responsibleUnitId,
          townshipUnitId: input.townshipUnitId,
          leaderId: input.leaderId,
        },
        tx,
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      // Milestones already issued to the responsible unit stay with it: the core does not move an issued item.
      const moving = (['responsibleUnitId', 'townshipUnitId', 'leaderId'] as const).filter(
        (k) => input[k] !== undefined && (input[k] ?? null) !== row[k],
      );
      if (moving.length && (await milestoneRowsOf([id], tx)).length > 0)
        throw new AppError(
          'project_milestones_issued',
          {},
          moving.map((k) => ({ field: `body.${k}`, code: 'milestones_issued' })),
        );
      const { location, ...rest } = input;
      await bump(tx, id, version, {
        ...rest,
        ...(location !== undefined ? { lng: location?.lng ?? null, lat: location?.lat ?? null } : {}),
      });
      await auditProject(
        actor,
        meta,
        'update',
        id,
        {
          before: Object.fromEntries(Object.keys(input).map((k) => [k, (row as Record<string, unknown>)[k]])),
          after: input,
        },
        tx,
      );
    });
    return get(actor, id);
  }

  async function moves(actor: Actor, id: string) {
    await loadVisible(db, actor, id);
    const rows = await movesOf([id]);
    const names = new Map<string, string | null>();
    for (const pid of new Set(rows.map((r) => r.actorPersonId)))
      names.set(pid, (await org.accountById(pid))?.displayName ?? null);
    return rows.reverse().map((r) => ({
      seq: r.seq,
      from: r.from,
      to: r.to,
      date: r.date,
      reason: r.reason,
      actorName: names.get(r.actorPersonId) ?? null,
      at: r.at.toISOString(),
    }));
  }

  /** A pool move (调整入库), dated and with its reason; never edited or deleted. (Writes return nothing: the routes read after.) */
  async function move(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof MoveIn>,
    meta: RequestMeta,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const row = await loadWritable(tx, actor, id, version);
      const history = await movesOf([id], tx);
      const problems = checkMove(history, input.pool, input.date, today());
      if (problems.some((p) => p.code === 'same_pool'))
        throw new AppError('same_pool', { pool: POOL_LABELS[input.pool]['zh-CN'] }, problems);
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx.insert(projectMoves).values({
        projectId: id,
        jurisdictionId: row.jurisdictionId,
        fromPool: row.pool,
        toPool: input.pool,
        date: input.date,
        reason: input.reason,
        actorPersonId: actor.personId,
      });
      await bump(tx, id, version, { pool: input.pool, poolSince: input.date });
      await auditProject(
        actor,
        meta,
        'move',
        id,
        { from: row.pool, to: input.pool, date: input.date, reason: input.reason },
        tx,
      );
    });
  }

  // ---------- investment ----------
  async function investmentView(_actor: Actor, row: ProjectRow, warning?: 'over_remaining') {
    const rows = await investmentsOf([row.id]);
    const day = today();
    const year = Number(day.slice(0, 4));
    const months = effectiveInvestments(rows.map(asRecord), '9999-12-31').get(row.id) ?? new Map<string, number>();
    const inForce = new Set<string>();
    const latestSeq = new Map<string, number>();
    for (const r of rows) latestSeq.set(r.month, r.seq);
    for (const [m, s] of latestSeq) inForce.add(`${m}|${s}`);
    const names = new Map<string, string | null>();
    for (const pid of new Set(rows.map((r) => r.recordedBy)))
      names.set(pid, (await org.accountById(pid))?.displayName ?? null);
    const completedToDate = sumAmounts([...months.values()]);
    return {
      records: [...rows].reverse().map((r) => ({
        id: r.id,
        month: r.month,
        amount: r.amount,
        reason: r.reason,
        overRemaining: r.overRemaining,
        superseded: !inForce.has(`${r.month}|${r.seq}`),
        recordedBy: names.get(r.recordedBy) ?? null,
        recordedAt: r.recordedAt.toISOString(),
      })),
      months: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, amount]) => ({ month, amount })),
      totalInvestment: row.totalInvestment,
      completedToDate,
      remaining: sumAmounts([row.totalInvestment, -completedToDate]),
      progress: investmentProgress(row.annualPlans[String(year)], ytdInvestment(months, year, day), year, day),
      ...(warning ? { warning } : {}),
      version: row.version,
    };
  }

  async function investments(actor: Actor, id: string, warning?: 'over_remaining') {
    return investmentView(actor, await loadVisible(db, actor, id), warning);
  }

  /**
   * Records a month's completed investment (a second figure for a month corrects the first, both kept). A figure
   * larger than what remains of the total investment is refused unless it carries a reason; then it is kept, marked.
   */
  async function addInvestment(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof InvestmentIn>,
    meta: RequestMeta,
  ): Promise<{ overRemaining: boolean }> {
    const over = await db.transaction(async (tx) => {
      const row = await loadWritable(tx, actor, id, version);
      if (input.month > monthOf(today()))
        throw new AppError('validation', {}, [{ field: 'body.month', code: 'month_in_future' }]);
      if (Number(input.month.slice(0, 4)) < row.startYear - 1)
        throw new AppError('validation', {}, [
          { field: 'body.month', code: 'before_start', params: { year: row.startYear } },
        ]);
      const months =
        effectiveInvestments((await investmentsOf([id], tx)).map(asRecord), '9999-12-31').get(id) ??
        new Map<string, number>();
      const remaining = remainingInvestment(row.totalInvestment, months, input.month);
      const over = input.amount > remaining;
      if (over && !input.reason?.trim())
        throw new AppError(
          'investment_over_remaining',
          { amount: input.amount, remaining },
          [{ field: 'body.reason', code: 'reason_over_remaining', params: { remaining } }],
          { remaining },
        );
      await tx.insert(projectInvestments).values({
        projectId: id,
        jurisdictionId: row.jurisdictionId,
        month: input.month,
        amount: input.amount,
        reason: input.reason ?? null,
        overRemaining: over,
        recordedBy: actor.personId,
        recordedOn: today(),
      });
      await bump(tx, id, version, {});
      await auditProject(
        actor,
        meta,
        'investment',
        id,
        {
          month: input.month,
          amount: input.amount,
          before: months.get(input.month) ?? null,
          overRemaining: over,
          reason: input.reason ?? null,
        },
        tx,
      );
      return over;
    });
    return { overRemaining: over };
  }

  // ---------- milestones ----------
  /**
   * Each milestone is a supervised item of kind 'milestone', issued at once to the responsible unit (the township
   * co-operating) with the 包联 leader as its lead. A milestone is a date, not a span: its item starts and ends on
   * the planned date, so the one light function reads it as on time until then (yellow when due soon) and red
   * once it is overdue and not done.
   */
  async function addMilestones(
    tx: Tx,
    actor: Actor,
    project: ProjectRow,
    list: { name: string; plannedDate: IsoDate }[],
  ) {
    const [{ n }] = (
      await tx.execute(
        sql`SELECT coalesce(max(sort_order), -1) + 1 AS n FROM project_milestones WHERE project_id = ${project.id}`,
      )
    ).rows as { n: number }[];
    for (const [i, m] of list.entries()) {
      const itemId = await supervision.createItem(tx, {
        kind: 'milestone',
        jurisdictionId: project.jurisdictionId,
        title: `${project.name}：${m.name}`,
        assignerUnitId: actor.unitId,
        assigneeUnitId: project.responsibleUnitId,
        coUnitIds:
          project.townshipUnitId && project.townshipUnitId !== project.responsibleUnitId
            ? [project.townshipUnitId]
            : [],
        leadLeaderId: project.leaderId,
        responsiblePersonId: null,
        startDate: m.plannedDate,
        deadline: m.plannedDate,
        cadence: null,
        createdBy: actor.personId,
      });
      await tx.insert(projectMilestones).values({
        id: itemId,
        projectId: project.id,
        name: m.name,
        sortOrder: Number(n) + i,
        plannedDate: m.plannedDate,
      });
      await supervision.act(tx, actor, itemId, null, 'assign');
    }
  }

  async function milestones(actor: Actor, projectId: string, tx: Tx = db): Promise<ProjectMilestoneOut[]> {
    await loadVisible(tx, actor, projectId);
    const rows = await milestoneRowsOf([projectId], tx);
    const items = await milestoneItems(
      actor,
      rows.map((r) => r.id),
      tx,
    );
    const now = today();
    return rows
      .filter((r) => items.has(r.id))
      .map((r) => {
        const i = items.get(r.id)!;
        return {
          id: r.id,
          name: r.name,
          sortOrder: r.sortOrder,
          plannedDate: r.plannedDate,
          actualDate: r.actualDate,
          daysLate: i.state === 'cancelled' ? 0 : daysLate(r.plannedDate, r.actualDate, now),
          state: i.state,
          light: i.light,
          lightReasons: i.lightReasons,
          actions: i.actions,
          version: i.version,
        };
      });
  }

  async function planMilestones(
    actor: Actor,
    projectId: string,
    version: number,
    list: { name: string; plannedDate: IsoDate }[],
    meta: RequestMeta,
  ): Promise<void> {
    if (!hasAnyRole(actor, SUPERVISING_ROLES)) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      const row = await loadWritable(tx, actor, projectId, version);
      // A milestone planned twice (in the list, or already on the project and not cancelled) is named, not doubled.
      const taken = new Set(
        (await milestones(actor, projectId, tx)).filter((m) => m.state !== 'cancelled').map((m) => m.name),
      );
      const problems: { field: string; code: string }[] = [];
      for (const [i, m] of list.entries()) {
        if (taken.has(m.name)) problems.push({ field: `body.milestones.${i}.name`, code: 'exists' });
        taken.add(m.name);
      }
      if (problems.length) throw new AppError('validation', {}, problems);
      await addMilestones(tx, actor, row, list);
      await bump(tx, projectId, version, {});
      await auditProject(actor, meta, 'milestones', projectId, { added: list }, tx);
    });
  }

  async function milestoneRow(tx: Tx, projectId: string, milestoneId: string) {
    const [m] = await tx
      .select()
      .from(projectMilestones)
      .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.projectId, projectId)));
    if (!m) throw notFound();
    return m;
  }

  /** The unit reports a milestone done on a day (not in the future) with evidence: accept if needed, then request closing. */
  async function completeMilestone(
    actor: Actor,
    projectId: string,
    milestoneId: string,
    version: number,
    input: { actualDate: IsoDate; note?: string | null; attachmentIds: string[] },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await loadVisible(tx, actor, projectId);
      await milestoneRow(tx, projectId, milestoneId);
      if (input.actualDate > today())
        throw new AppError('validation', {}, [{ field: 'body.actualDate', code: 'date_in_future' }]);
      const item = await supervision.rawItem(tx, actor, milestoneId);
      if (item.version !== version)
        throw new AppError('version_conflict', { current: item.version }, [], { currentVersion: item.version });
      if (!supervision.sidesOf(actor, item).includes('assignee')) throw new AppError('forbidden');
      let v: number | null = version;
      if (item.state === 'assigned') {
        await supervision.act(tx, actor, milestoneId, v, 'accept');
        v = null;
      }
      const evidenceCount = await deps.attachments.bind(tx, actor, input.attachmentIds, milestoneId);
      await supervision.act(tx, actor, milestoneId, v, 'requestClose', {
        reason: input.note ?? null,
        evidenceCount,
        data: { actualDate: input.actualDate, attachmentIds: input.attachmentIds },
      });
      await tx
        .update(projectMilestones)
        .set({ actualDate: input.actualDate })
        .where(eq(projectMilestones.id, milestoneId));
      await auditProject(
        actor,
        meta,
        'milestone.complete',
        projectId,
        { milestoneId, actualDate: input.actualDate },
        tx,
      );
    });
  }

  /** The assigning side moves a milestone's planned date (the supervised item's start and deadline with it), with a reason. */
  async function replanMilestone(
    actor: Actor,
    projectId: string,
    milestoneId: string,
    version: number,
    input: { plannedDate: IsoDate; reason: string },
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await loadVisible(tx, actor, projectId);
      const m = await milestoneRow(tx, projectId, milestoneId);
      await supervision.replan(tx, actor, milestoneId, version, {
        deadline: input.plannedDate,
        startDate: input.plannedDate,
        reason: input.reason,
      });
      await tx
        .update(projectMilestones)
        .set({ plannedDate: input.plannedDate })
        .where(eq(projectMilestones.id, milestoneId));
      await auditProject(
        actor,
        meta,
        'milestone.replan',
        projectId,
        { milestoneId, before: m.plannedDate, after: input.plannedDate, reason: input.reason },
        tx,
      );
    });
  }

  /**
   * The unit signs for a milestone (accept); the assigning side confirms (close), sends back (reject: the date is
   * cleared) or cancels it.
   */
  async function decideMilestone(
    actor: Actor,
    projectId: string,
    milestoneId: string,
    version: number,
    decision: 'accept' | 'close' | 'reject' | 'cancel',
    reason: string | null,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await loadVisible(tx, actor, projectId);
      await milestoneRow(tx, projectId, milestoneId);
      await supervision.act(tx, actor, milestoneId, version, decision, { reason });
      if (decision === 'reject')
        await tx.update(projectMilestones).set({ actualDate: null }).where(eq(projectMilestones.id, milestoneId));
      await auditProject(actor, meta, `milestone.${decision}`, projectId, { milestoneId, reason }, tx);
    });
  }

  // ---------- templates ----------
  async function templates(actor: Actor) {
    const rows = await db
      .select()
      .from(milestoneTemplates)
      .where(eq(milestoneTemplates.jurisdictionId, actor.jurisdictionId));
    const own = new Map(rows.map((r) => [r.projectType, r]));
    return PROJECT_TYPES.map((type) => {
      const r = own.get(type);
      return r
        ? { type, names: r.names, custom: true, version: r.version }
        : { type, names: DEFAULT_MILESTONE_TEMPLATES[type], custom: false, version: 0 };
    });
  }

  /** Saves the jurisdiction's template of a type; version 0 replaces the built-in default. */
  async function putTemplate(actor: Actor, type: ProjectType, version: number, names: string[], meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const [cur] = await tx
        .select()
        .from(milestoneTemplates)
        .where(
          and(eq(milestoneTemplates.jurisdictionId, actor.jurisdictionId), eq(milestoneTemplates.projectType, type)),
        )
        .for('update');
      const current = cur?.version ?? 0;
      if (current !== version) throw new AppError('version_conflict', { current }, [], { currentVersion: current });
      if (cur)
        await tx
          .update(milestoneTemplates)
          .set({ names, version: current + 1, updatedBy: actor.personId, updatedAt: new Date() })
          .where(
            and(eq(milestoneTemplates.jurisdictionId, actor.jurisdictionId), eq(milestoneTemplates.projectType, type)),
          );
      else
        await tx
          .insert(milestoneTemplates)
          .values({ jurisdictionId: actor.jurisdictionId, projectType: type, names, updatedBy: actor.personId });
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'project.template',
          objectType: 'milestone_template',
          objectId: null,
          result: 'success',
          detail: { type, before: cur?.names ?? DEFAULT_MILESTONE_TEMPLATES[type], after: names },
        },
        tx,
      );
    });
    return (await templates(actor)).find((t) => t.type === type)!;
  }

  // ---------- rates and map ----------
  async function rates(actor: Actor, groupBy: RateGrouping, asOf: IsoDate | undefined, locale: Locale) {
    assertAsOfNotFuture(asOf);
    const day = asOf ?? today();
    // Only the columns the rates read (every project the caller sees, no filter).
    const rows = await db
      .select({
        id: projects.id,
        type: projects.type,
        startYear: projects.startYear,
        endYear: projects.endYear,
        responsibleUnitId: projects.responsibleUnitId,
        townshipUnitId: projects.townshipUnitId,
        leaderId: projects.leaderId,
        annualPlans: projects.annualPlans,
        pool: projects.pool,
        poolSince: projects.poolSince,
      })
      .from(projects)
      .where(visibleWhere(actor))
      .orderBy(asc(projects.serial));
    const ids = rows.map((r) => r.id);
    const input: RateProject[] = rows.map((r) => ({
      id: r.id,
      type: r.type as ProjectType,
      startYear: r.startYear,
      endYear: r.endYear,
      unitId: r.responsibleUnitId,
      townshipId: r.townshipUnitId,
      leaderId: r.leaderId,
      annualPlans: r.annualPlans,
    }));
    // On today the library is each project's pool now (a move is never dated in the future), as one move each; a past
    // date reads the history. The same rule (computeRates) either way.
    const moves =
      asOf && asOf < today()
        ? await movesOf(ids)
        : rows.map((r, i) => ({ projectId: r.id, from: null, to: r.pool as Pool, date: r.poolSince, seq: i }));
    const result = computeRates(input, moves, await investmentRecordsOf(ids), day, groupBy);
    const units = new Map((await org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const label = async (key: string | null): Promise<string | null> => {
      if (key === null) return null;
      if (groupBy === 'pool') return POOL_LABELS[key as Pool][locale];
      if (groupBy === 'leader') return (await org.accountById(key))?.displayName ?? null;
      return units.get(key) ?? null;
    };
    const groups = [];
    for (const g of result.groups) groups.push({ ...g, label: await label(g.key) });
    return { ...result, groupBy, total: { ...result.total, label: null }, groups };
  }

  /** The map needs each located project's point and light only: no investment or pool history is read. */
  async function map(actor: Actor, q: z.infer<typeof MapQuery>) {
    const rows = await filteredRows(actor, { pool: q.pool, type: q.type });
    const located = rows.filter((r) => r.lng !== null && r.lat !== null);
    const ms = await milestoneSummaries(
      actor,
      located.map((r) => r.id),
    );
    return {
      boundary: await boundary(actor),
      points: located.map((r) => ({
        id: r.id,
        name: r.name,
        pool: r.pool as Pool,
        type: r.type as ProjectType,
        lng: r.lng!,
        lat: r.lat!,
        light: projectLight(ms.get(r.id)?.lights ?? []),
        major: r.major,
        totalInvestment: r.totalInvestment,
      })),
      unlocated: rows.length - located.length,
    };
  }

  /** A project row the caller may see (for the rounds and blockers of this module). */
  const rawProject = (tx: Tx, actor: Actor, id: string) => loadVisible(tx, actor, id);

  return {
    visibleWhere,
    mayWrite,
    rawProject,
    /** Pool moves of the given projects (the investment module reads its converted leads' 开工 and 投产 from them). */
    movesOf,
    boundary,
    boundaryOf,
    putBoundary,
    get,
    forecastMisses,
    list,
    counts,
    create,
    createIn,
    patch,
    moves,
    move,
    investments,
    addInvestment,
    milestones,
    planMilestones,
    completeMilestone,
    decideMilestone,
    replanMilestone,
    templates,
    putTemplate,
    rates,
    map,
    today,
  };
}
