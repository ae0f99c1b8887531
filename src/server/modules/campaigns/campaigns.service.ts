import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { SupervisionService } from '../supervision/supervision.service';
import type { ProjectService } from '../projects/projects.service';
import { campaignFronts, campaignItems, campaigns } from './campaigns.schema';
import type {
  CampaignCreate,
  CampaignDetailOut,
  CampaignItemsIn,
  CampaignItemsRemoveIn,
  CampaignOut,
  CampaignPatch,
  FrontIn,
  FrontPatch,
} from '../../../shared/campaigns';
import { figuresOf, leagueOf, type CampaignEntry } from '../../../shared/domain/campaigns';
import type { ItemOut } from '../../../shared/supervision';
import type { ProjectOut, ProjectQuery } from '../../../shared/projects';
import type { Light } from '../../../shared/domain/light';

export type CampaignService = ReturnType<typeof createCampaignService>;

type CampaignRow = typeof campaigns.$inferSelect;
type FrontRow = typeof campaignFronts.$inferSelect;
type MemberRow = { campaignId: string; frontId: string; itemType: string; itemId: string };

const ALL = 100_000;
const STARTED_POOLS = new Set(['continuing', 'completed', 'in_production']);

/**
 * 专项行动与战线: campaigns the supervision office forms, their fronts with a lead leader each, and the tasks and
 * projects each front holds. The figures and leagues are the ledger's own, cut by the campaign: the tasks' lights and
 * progress come from the supervision core (`listItems`, in the caller's scope) and the projects' from the project
 * library (`list`), then `src/shared/domain/campaigns.ts` counts and ranks them.
 */
export function createCampaignService(deps: {
  db: Db;
  audit: AuditService;
  org: Pick<OrgService, 'listUnits' | 'accountById' | 'auditAs'>;
  supervision: Pick<SupervisionService, 'listItems' | 'today'>;
  projects: Pick<ProjectService, 'list'>;
}) {
  const { db } = deps;

  const record = (tx: Tx, actor: Actor, meta: RequestMeta, action: string, id: string, detail?: unknown) =>
    deps.audit.record(
      {
        ...deps.org.auditAs(actor, meta),
        action: `campaign.${action}`,
        objectType: 'campaign',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  // ---------- reading ----------
  async function tasksOf(actor: Actor, ids: string[]): Promise<ItemOut[]> {
    if (ids.length === 0) return [];
    return (await deps.supervision.listItems(actor, { kind: 'task', ids, page: 1, pageSize: ALL })).items;
  }

  async function projectsOf(actor: Actor, ids: string[]): Promise<ProjectOut[]> {
    if (ids.length === 0) return [];
    const q = { page: 1, pageSize: ALL, sort: 'serial' } as ProjectQuery;
    return (await deps.projects.list(actor, q, ids)).items;
  }

  async function membersOf(campaignIds: string[], tx: Tx = db): Promise<MemberRow[]> {
    if (campaignIds.length === 0) return [];
    return tx
      .select({
        campaignId: campaignItems.campaignId,
        frontId: campaignItems.frontId,
        itemType: campaignItems.itemType,
        itemId: campaignItems.itemId,
      })
      .from(campaignItems)
      .where(inArray(campaignItems.campaignId, campaignIds));
  }

  function projectFigures(ps: { light: Light; pool: string }[]) {
    return {
      projects: ps.length,
      red: ps.filter((p) => p.light === 'red').length,
      yellow: ps.filter((p) => p.light === 'yellow').length,
      started: ps.filter((p) => STARTED_POOLS.has(p.pool)).length,
    };
  }

  const entryOf = (i: ItemOut, key: string, today: string): CampaignEntry => ({
    key,
    state: i.state,
    light: i.light,
    progress: i.progress,
    overdue: i.deadline < today && i.state !== 'closed' && i.state !== 'cancelled',
  });

  /** The campaigns with their fronts and figures, each front's figures over the tasks the caller sees. */
  async function present(actor: Actor, rows: CampaignRow[]) {
    const ids = rows.map((r) => r.id);
    const fronts = ids.length
      ? await db
          .select()
          .from(campaignFronts)
          .where(inArray(campaignFronts.campaignId, ids))
          .orderBy(asc(campaignFronts.sortOrder), asc(campaignFronts.name))
      : [];
    const members = await membersOf(ids);
    const tasks = new Map(
      (await tasksOf(actor, [...new Set(members.filter((m) => m.itemType === 'task').map((m) => m.itemId))])).map(
        (t) => [t.id, t],
      ),
    );
    const projects = new Map(
      (await projectsOf(actor, [...new Set(members.filter((m) => m.itemType === 'project').map((m) => m.itemId))])).map(
        (p) => [p.id, p],
      ),
    );
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const names = new Map<string, string | null>();
    for (const f of fronts)
      if (f.leaderId && !names.has(f.leaderId))
        names.set(f.leaderId, (await deps.org.accountById(f.leaderId))?.displayName ?? null);
    const today = deps.supervision.today();
    const out: (CampaignOut & {
      members: MemberRow[];
      taskItems: Map<string, ItemOut>;
      projectItems: Map<string, ProjectOut>;
    })[] = [];
    for (const c of rows) {
      const cf = fronts.filter((f) => f.campaignId === c.id);
      const cm = members.filter((m) => m.campaignId === c.id);
      const entries = cm.flatMap((m) => {
        const t = m.itemType === 'task' ? tasks.get(m.itemId) : undefined;
        return t ? [entryOf(t, m.frontId, today)] : [];
      });
      const projectsIn = (frontId?: string) =>
        cm.flatMap((m) => {
          const p =
            m.itemType === 'project' && (!frontId || m.frontId === frontId) ? projects.get(m.itemId) : undefined;
          return p ? [p] : [];
        });
      const league = leagueOf(
        entries,
        cf.map((f) => f.id),
      );
      const byId = new Map(cf.map((f) => [f.id, f]));
      out.push({
        id: c.id,
        name: c.name,
        goal: c.goal,
        startDate: c.startDate,
        endDate: c.endDate,
        state: c.state as 'active' | 'closed',
        version: c.version,
        figures: figuresOf(entries),
        projects: projectFigures(projectsIn()),
        fronts: league.map((row) => {
          const f = byId.get(row.key)!;
          return {
            id: f.id,
            name: f.name,
            duties: f.duties,
            leaderId: f.leaderId,
            leaderName: f.leaderId ? (names.get(f.leaderId) ?? null) : null,
            leadUnitId: f.leadUnitId,
            leadUnitName: f.leadUnitId ? (units.get(f.leadUnitId) ?? null) : null,
            sortOrder: f.sortOrder,
            version: f.version,
            figures: row.figures,
            projects: projectFigures(projectsIn(f.id)),
            rank: row.rank,
          };
        }),
        members: cm,
        taskItems: tasks,
        projectItems: projects,
      });
    }
    return { out, units };
  }

  async function list(actor: Actor, q: { state?: 'active' | 'closed' }): Promise<CampaignOut[]> {
    const conds: SQL[] = [eq(campaigns.jurisdictionId, actor.jurisdictionId)];
    if (q.state) conds.push(eq(campaigns.state, q.state));
    const rows = await db
      .select()
      .from(campaigns)
      .where(and(...conds))
      .orderBy(asc(campaigns.state), sql`${campaigns.startDate} DESC`, asc(campaigns.name));
    const { out } = await present(actor, rows);
    return out.map(({ members: _m, taskItems: _t, projectItems: _p, ...c }) => c);
  }

  async function loadRow(id: string, actor: Actor, tx: Tx = db): Promise<CampaignRow> {
    const [row] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.jurisdictionId, actor.jurisdictionId)));
    if (!row) throw notFound();
    return row;
  }

  async function get(actor: Actor, id: string): Promise<CampaignDetailOut> {
    const row = await loadRow(id, actor);
    const { out, units } = await present(actor, [row]);
    const { members, taskItems, projectItems, ...c } = out[0]!;
    const today = deps.supervision.today();
    const tasks = members.flatMap((m) => {
      const t = m.itemType === 'task' ? taskItems.get(m.itemId) : undefined;
      return t ? [{ m, t }] : [];
    });
    const unitLeague = leagueOf(tasks.map(({ t }) => entryOf(t, t.assigneeUnitId, today)));
    return {
      ...c,
      units: unitLeague.map((r) => ({
        unitId: r.key,
        unitName: units.get(r.key) ?? '',
        figures: r.figures,
        rank: r.rank,
      })),
      tasks: tasks
        .map(({ m, t }) => ({
          id: t.id,
          frontId: m.frontId,
          title: t.title,
          state: t.state,
          light: t.light,
          progress: t.progress,
          deadline: t.deadline,
          assigneeUnitId: t.assigneeUnitId,
          unitName: units.get(t.assigneeUnitId) ?? '',
        }))
        .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.title.localeCompare(b.title))),
      projectItems: members
        .flatMap((m) => {
          const p = m.itemType === 'project' ? projectItems.get(m.itemId) : undefined;
          return p
            ? [
                {
                  id: p.id,
                  frontId: m.frontId,
                  serial: p.serial,
                  name: p.name,
                  pool: p.pool,
                  light: p.light,
                  responsibleUnitId: p.responsibleUnitId,
                  unitName: units.get(p.responsibleUnitId) ?? '',
                },
              ]
            : [];
        })
        .sort((a, b) => a.serial - b.serial),
    };
  }

  /**
   * The ids of the items of a type in a campaign or one front (the ledger's and the library's filter). A front that
   * is not the campaign's, or of another county, holds nothing.
   */
  async function memberIds(
    actor: Actor,
    type: 'task' | 'project',
    f: { campaignId?: string; frontId?: string },
  ): Promise<string[]> {
    const conds: SQL[] = [eq(campaignItems.itemType, type), eq(campaigns.jurisdictionId, actor.jurisdictionId)];
    if (f.campaignId) conds.push(eq(campaignItems.campaignId, f.campaignId));
    if (f.frontId) conds.push(eq(campaignItems.frontId, f.frontId));
    const rows = await db
      .select({ id: campaignItems.itemId })
      .from(campaignItems)
      .innerJoin(campaigns, eq(campaigns.id, campaignItems.campaignId))
      .where(and(...conds));
    return rows.map((r) => r.id);
  }

  // ---------- writing (the supervision office) ----------
  async function checkFront(actor: Actor, f: Partial<FrontIn>, at: string, tx: Tx): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    if (f.leaderId) {
      const p = await deps.org.accountById(f.leaderId, tx);
      if (!p || p.jurisdictionId !== actor.jurisdictionId || !p.active)
        problems.push({ field: `${at}.leaderId`, code: 'unknown_reference' });
      else if (!p.roles.some((r) => r === 'leader' || r === 'principal'))
        problems.push({ field: `${at}.leaderId`, code: 'not_a_leader' });
    }
    if (f.leadUnitId) {
      const u = (await deps.org.listUnits(actor, tx)).find((x) => x.id === f.leadUnitId);
      if (!u || !u.active) problems.push({ field: `${at}.leadUnitId`, code: 'unknown_reference' });
    }
    return problems;
  }

  function checkDates(startDate: string, endDate: string, problems: FieldProblem[]) {
    if (endDate < startDate) problems.push({ field: 'body.endDate', code: 'end_date_before_start' });
  }

  async function create(actor: Actor, input: CampaignCreate, meta: RequestMeta): Promise<CampaignDetailOut> {
    const id = await db.transaction(async (tx) => {
      const problems: FieldProblem[] = [];
      checkDates(input.startDate, input.endDate, problems);
      for (const [i, f] of input.fronts.entries())
        problems.push(...(await checkFront(actor, f, `body.fronts.${i}`, tx)));
      if (problems.length) throw new AppError('validation', {}, problems);
      const [c] = await tx
        .insert(campaigns)
        .values({
          jurisdictionId: actor.jurisdictionId,
          name: input.name,
          goal: input.goal ?? null,
          startDate: input.startDate,
          endDate: input.endDate,
          createdBy: actor.personId,
        })
        .returning({ id: campaigns.id });
      if (input.fronts.length)
        await tx.insert(campaignFronts).values(
          input.fronts.map((f, i) => ({
            campaignId: c!.id,
            jurisdictionId: actor.jurisdictionId,
            name: f.name,
            duties: f.duties ?? null,
            leaderId: f.leaderId ?? null,
            leadUnitId: f.leadUnitId ?? null,
            sortOrder: (i + 1) * 10,
          })),
        );
      await record(tx, actor, meta, 'create', c!.id, { after: input });
      return c!.id;
    });
    return get(actor, id);
  }

  async function patch(actor: Actor, id: string, version: number, input: CampaignPatch, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const before = await loadRow(id, actor, tx);
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      const problems: FieldProblem[] = [];
      checkDates(input.startDate ?? before.startDate, input.endDate ?? before.endDate, problems);
      if (problems.length) throw new AppError('validation', {}, problems);
      const set: Partial<CampaignRow> = { version: version + 1 };
      if (input.name !== undefined) set.name = input.name;
      if (input.goal !== undefined) set.goal = input.goal ?? null;
      if (input.startDate !== undefined) set.startDate = input.startDate;
      if (input.endDate !== undefined) set.endDate = input.endDate;
      if (input.state !== undefined) set.state = input.state;
      await tx.update(campaigns).set(set).where(eq(campaigns.id, id));
      await record(tx, actor, meta, 'update', id, { before, after: input });
    });
    return get(actor, id);
  }

  /** Every change to a campaign's fronts or items bumps the campaign's version (one If-Match for the whole). */
  async function bumpCampaign(tx: Tx, actor: Actor, id: string, version: number): Promise<CampaignRow> {
    const row = await loadRow(id, actor, tx);
    if (row.version !== version)
      throw new AppError('version_conflict', { current: row.version }, [], { currentVersion: row.version });
    await tx
      .update(campaigns)
      .set({ version: version + 1 })
      .where(eq(campaigns.id, id));
    return row;
  }

  async function addFront(actor: Actor, id: string, version: number, input: FrontIn, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await bumpCampaign(tx, actor, id, version);
      const problems = await checkFront(actor, input, 'body', tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const [{ max } = { max: 0 }] = await tx
        .select({ max: sql<number>`coalesce(max(${campaignFronts.sortOrder}), 0)::int` })
        .from(campaignFronts)
        .where(eq(campaignFronts.campaignId, id));
      const [f] = await tx
        .insert(campaignFronts)
        .values({
          campaignId: id,
          jurisdictionId: actor.jurisdictionId,
          name: input.name,
          duties: input.duties ?? null,
          leaderId: input.leaderId ?? null,
          leadUnitId: input.leadUnitId ?? null,
          sortOrder: max + 10,
        })
        .returning({ id: campaignFronts.id });
      await record(tx, actor, meta, 'front.create', id, { frontId: f!.id, after: input });
    });
    return get(actor, id);
  }

  async function loadFront(tx: Tx, campaignId: string, frontId: string): Promise<FrontRow | undefined> {
    const [f] = await tx
      .select()
      .from(campaignFronts)
      .where(and(eq(campaignFronts.id, frontId), eq(campaignFronts.campaignId, campaignId)));
    return f;
  }

  async function patchFront(
    actor: Actor,
    id: string,
    frontId: string,
    version: number,
    input: FrontPatch,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await bumpCampaign(tx, actor, id, version);
      const before = await loadFront(tx, id, frontId);
      if (!before) throw notFound();
      const problems = await checkFront(actor, input, 'body', tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const set: Partial<FrontRow> = { version: before.version + 1 };
      if (input.name !== undefined) set.name = input.name;
      if (input.duties !== undefined) set.duties = input.duties ?? null;
      if (input.leaderId !== undefined) set.leaderId = input.leaderId ?? null;
      if (input.leadUnitId !== undefined) set.leadUnitId = input.leadUnitId ?? null;
      if (input.sortOrder !== undefined) set.sortOrder = input.sortOrder;
      await tx.update(campaignFronts).set(set).where(eq(campaignFronts.id, frontId));
      await record(tx, actor, meta, 'front.update', id, { frontId, before, after: input });
    });
    return get(actor, id);
  }

  async function addItems(actor: Actor, id: string, version: number, input: CampaignItemsIn, meta: RequestMeta) {
    // What may be put in a front: the tasks and projects the office sees (read before the write's transaction: the
    // project library reads on its own connection).
    const problems: FieldProblem[] = [];
    const taskIds = [...new Set(input.taskIds)];
    const projectIds = [...new Set(input.projectIds)];
    const tasks = new Set((await tasksOf(actor, taskIds)).map((t) => t.id));
    input.taskIds.forEach((t, i) => {
      if (!tasks.has(t)) problems.push({ field: `body.taskIds.${i}`, code: 'unknown_reference' });
    });
    const projects = new Set((await projectsOf(actor, projectIds)).map((p) => p.id));
    input.projectIds.forEach((p, i) => {
      if (!projects.has(p)) problems.push({ field: `body.projectIds.${i}`, code: 'unknown_reference' });
    });
    await db.transaction(async (tx) => {
      await bumpCampaign(tx, actor, id, version);
      if (!(await loadFront(tx, id, input.frontId)))
        problems.unshift({ field: 'body.frontId', code: 'unknown_reference' });
      if (problems.length) throw new AppError('validation', {}, problems);
      const rows = [
        ...taskIds.map((itemId) => ({ itemType: 'task', itemId })),
        ...projectIds.map((itemId) => ({ itemType: 'project', itemId })),
      ].map((r) => ({ ...r, campaignId: id, frontId: input.frontId, addedBy: actor.personId }));
      if (rows.length)
        await tx
          .insert(campaignItems)
          .values(rows)
          .onConflictDoUpdate({
            target: [campaignItems.campaignId, campaignItems.itemType, campaignItems.itemId],
            set: { frontId: input.frontId, addedBy: actor.personId, addedAt: new Date() },
          });
      await record(tx, actor, meta, 'items.add', id, { frontId: input.frontId, taskIds, projectIds });
    });
    return get(actor, id);
  }

  async function removeItems(
    actor: Actor,
    id: string,
    version: number,
    input: CampaignItemsRemoveIn,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      await bumpCampaign(tx, actor, id, version);
      for (const [type, ids] of [
        ['task', input.taskIds],
        ['project', input.projectIds],
      ] as const)
        if (ids.length)
          await tx
            .delete(campaignItems)
            .where(
              and(
                eq(campaignItems.campaignId, id),
                eq(campaignItems.itemType, type),
                inArray(campaignItems.itemId, ids),
              ),
            );
      await record(tx, actor, meta, 'items.remove', id, input);
    });
    return get(actor, id);
  }

  return { list, get, memberIds, create, patch, addFront, patchFront, addItems, removeItems };
}
