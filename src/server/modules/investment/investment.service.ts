import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { AttachmentService } from '../attachments/attachments.service';
import type { ProjectService } from '../projects/projects.service';
import type { EnterpriseService } from '../enterprises/enterprises.service';
import { addAgendaItem } from '../projects/rounds.service';
import {
  chainLinks,
  chains,
  investmentTargets,
  leadEvents,
  leadFunds,
  leadDemandLinks,
  leadStallDays,
  leads,
  sitePhotos,
  sites,
} from './investment.schema';
import { DEFAULT_THRESHOLDS, type LightThresholds } from '../../../shared/domain/light';
import {
  areaWindow,
  rankingSettled,
  leadRankingSettled,
  matchLeads,
  relativeDistance,
  AREA_MARGIN,
  applyStage,
  classifyStage,
  conversionBy,
  coverageOf,
  rolledUpCoverage,
  effectiveStage,
  followTarget,
  LEAD_SOURCE_LABELS,
  monthlyCumulative,
  type Dated,
  type LeadSource,
  landingOf,
  LEAD_STAGE_LABELS,
  LINK_TIERS,
  LINK_TIER_LABELS,
  matchSites,
  stageIndex,
  stallLight,
  checkStallDays,
  DEFAULT_STALL_DAYS,
  stallDaysOf,
  type StallDays,
  summarize,
  toWan,
  type Landing,
  type LandUse,
  type LeadStage,
  type LinkTier,
  type SiteForMatch,
  type SiteState,
  type SpaceKind,
  type SpaceNeed,
} from '../../../shared/domain/investment';
import { daysBetween, type IsoDate } from '../../../shared/domain/dates';
import type {
  ChainCreate,
  ChainOut,
  ChainPatch,
  ConvertIn,
  FundsIn,
  GraphNode,
  LeadCreate,
  LeadOut,
  LeadPatch,
  LeadQuery,
  LinkCreate,
  LinkOut,
  LinkPatch,
  SiteCreate,
  SiteOut,
  SitePatch,
  SiteQuery,
  SiteStateIn,
  StageIn,
  StallDaysIn,
  TargetsIn,
} from '../../../shared/investment';
import type { PoolMove } from '../../../shared/domain/projects';

type LeadRow = typeof leads.$inferSelect;
type SiteRow = typeof sites.$inferSelect;
type ChainRow = typeof chains.$inferSelect;
type LinkRow = typeof chainLinks.$inferSelect;

/** The office and principals see and manage everything (专门机构督办, 主要领导交办). */
const SUPERVISING = ['supervision_office', 'principal'] as const;
/** Site photos: images only (sniffed by content on upload), a few per site, the first few on the list and map. */
const PHOTO_TYPES = ['image/jpeg', 'image/png'];
const MAX_SITE_PHOTOS = 20;
const PHOTOS_SHOWN = 3;
const UNIT_ROLES = ['unit_clerk', 'unit_admin'] as const;

export type InvestmentService = ReturnType<typeof createInvestmentService>;

export function createInvestmentService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  attachments: AttachmentService;
  projects: ProjectService;
  enterprises: EnterpriseService;
  today: () => IsoDate;
  /** The jurisdiction's light thresholds (the calendar's), for the targets' lights; default the shipped ones. */
  thresholds?: (jurisdictionId: string) => Promise<LightThresholds>;
}) {
  const { db, org, projects, today } = deps;

  const audit = (actor: Actor, meta: RequestMeta, action: string, type: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      { ...org.auditAs(actor, meta), action, objectType: type, objectId: id, result: 'success', detail },
      tx,
    );

  const versionConflict = (current: number) =>
    new AppError('version_conflict', { current }, [], { currentVersion: current });

  /** Unit and person names, looked up once per request. */
  async function namer(actor: Actor, tx: Tx = db) {
    const units = new Map((await org.listUnits(actor, tx)).map((u) => [u.id, u]));
    const people = new Map<string, string | null>();
    return {
      units,
      unit: (id: string | null) => (id ? (units.get(id)?.name ?? null) : null),
      async person(id: string | null) {
        if (!id) return null;
        if (!people.has(id)) people.set(id, (await org.accountById(id, tx))?.displayName ?? null);
        return people.get(id) ?? null;
      },
    };
  }

  async function checkLeader(actor: Actor, id: string | null | undefined, field: string, tx: Tx) {
    if (!id) return [];
    const p = await org.accountById(id, tx);
    if (
      !p ||
      p.jurisdictionId !== actor.jurisdictionId ||
      !p.active ||
      !p.roles.some((r) => r === 'leader' || r === 'principal')
    )
      return [{ field, code: 'not_a_leader' }];
    return [];
  }

  async function checkUnit(
    actor: Actor,
    id: string | null | undefined,
    field: string,
    tx: Tx,
    kinds?: string[],
  ): Promise<FieldProblem[]> {
    if (!id) return [];
    const u = (await org.listUnits(actor, tx)).find((x) => x.id === id);
    if (!u?.active) return [{ field, code: 'unknown_reference' }];
    if (kinds && !kinds.includes(u.kind)) return [{ field, code: 'not_township' }];
    return [];
  }

  async function nextSerial(tx: Tx, table: 'leads' | 'sites', jurisdictionId: string, lock: number) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${lock})`);
    const { rows } = await tx.execute(
      sql`SELECT coalesce(max(serial), 0) + 1 AS next FROM ${sql.identifier(table)} WHERE jurisdiction_id = ${jurisdictionId}`,
    );
    return Number((rows[0] as { next: number }).next);
  }

  // =====================================================================================================
  // Chains (产业链图谱)
  // =====================================================================================================
  const mayWriteChain = (actor: Actor, c: Pick<ChainRow, 'leadUnitId'>) =>
    hasAnyRole(actor, SUPERVISING) || (hasAnyRole(actor, UNIT_ROLES) && c.leadUnitId === actor.unitId);

  async function loadChain(tx: Tx, actor: Actor, id: string): Promise<ChainRow> {
    const [row] = await tx
      .select()
      .from(chains)
      .where(and(eq(chains.id, id), eq(chains.jurisdictionId, actor.jurisdictionId)));
    if (!row) throw notFound();
    return row;
  }

  async function checkChain(actor: Actor, input: Partial<ChainCreate>, tx: Tx): Promise<FieldProblem[]> {
    const problems = [
      ...(await checkLeader(actor, input.chiefLeaderId, 'body.chiefLeaderId', tx)),
      ...(await checkUnit(actor, input.leadUnitId, 'body.leadUnitId', tx)),
      ...(await checkUnit(actor, input.parkUnitId, 'body.parkUnitId', tx, ['township', 'park'])),
    ];
    if (input.leadUnitId && !hasAnyRole(actor, SUPERVISING) && input.leadUnitId !== actor.unitId)
      problems.push({ field: 'body.leadUnitId', code: 'not_own_unit' });
    if (input.name) {
      const [dup] = await tx
        .select({ id: chains.id })
        .from(chains)
        .where(and(eq(chains.jurisdictionId, actor.jurisdictionId), eq(chains.name, input.name)));
      if (dup) problems.push({ field: 'body.name', code: 'exists' });
    }
    return problems;
  }

  /**
   * Enterprises on each link: the registry's (its members, and the registered enterprises of its 大类, through the
   * enterprise service's summaries) and the landed leads (注册 or later, or converted; not lost), a lead whose investor
   * is already a registry member counted once.
   */
  async function linkFigures(jurisdictionId: string, rowsOf: LinkRow[], tx: Tx = db) {
    const linkIds = rowsOf.map((r) => r.id);
    const out = new Map<string, { enterprises: LinkOut['enterprises']; openLeads: number }>();
    for (const l of rowsOf) {
      const anchors = new Set(l.anchorIds);
      const members = await deps.enterprises.summaries(jurisdictionId, { ids: l.enterpriseIds }, tx);
      const byDivision = l.divisions.length
        ? await deps.enterprises.summaries(jurisdictionId, { divisions: l.divisions }, tx)
        : [];
      const seen = new Set<string>();
      const list: LinkOut['enterprises'] = [];
      for (const e of [...members, ...byDivision])
        if (!seen.has(e.id)) {
          seen.add(e.id);
          list.push({ name: e.name, leadId: null, enterpriseId: e.id, anchor: anchors.has(e.id) });
        }
      list.sort((a, b) => Number(b.anchor) - Number(a.anchor));
      out.set(l.id, { enterprises: list, openLeads: 0 });
    }
    if (linkIds.length === 0) return out;
    const rows = await tx
      .select({
        id: leads.id,
        linkId: leads.linkId,
        investor: leads.investor,
        stage: leads.stage,
        closed: leads.closed,
        projectId: leads.projectId,
      })
      .from(leads)
      .where(and(eq(leads.jurisdictionId, jurisdictionId), inArray(leads.linkId, linkIds)));
    for (const r of rows) {
      const f = out.get(r.linkId!)!;
      if (r.closed) continue;
      if (stageIndex(r.stage as LeadStage) >= stageIndex('registered') || r.projectId) {
        const same = f.enterprises.find((e) => e.name === r.investor);
        if (same) same.leadId ??= r.id;
        else f.enterprises.push({ name: r.investor, leadId: r.id, enterpriseId: null, anchor: false });
      } else f.openLeads++;
    }
    return out;
  }

  function presentLink(l: LinkRow, f: { enterprises: LinkOut['enterprises']; openLeads: number }): LinkOut {
    return {
      id: l.id,
      chainId: l.chainId,
      parentId: l.parentId,
      name: l.name,
      tier: l.tier as LinkTier,
      sortOrder: l.sortOrder,
      enough: l.enough,
      enterpriseIds: l.enterpriseIds,
      anchorIds: l.anchorIds,
      divisions: l.divisions,
      targets: l.targets,
      description: l.description,
      enterprises: f.enterprises,
      coverage: coverageOf(f.enterprises.length, l.enough),
      openLeads: f.openLeads,
      version: l.version,
    };
  }

  async function linksOf(actor: Actor, chainIds: string[], tx: Tx = db): Promise<LinkOut[]> {
    if (chainIds.length === 0) return [];
    const rows = await tx
      .select()
      .from(chainLinks)
      .where(inArray(chainLinks.chainId, chainIds))
      .orderBy(asc(chainLinks.sortOrder), asc(chainLinks.name));
    const figures = await linkFigures(actor.jurisdictionId, rows, tx);
    const links = rows.map((r) => presentLink(r, figures.get(r.id)!));
    // A link with finer links is shown as its finer links are (a parent without enterprises of its own is no gap
    // when the links under it are covered), so the map, the gap list and the chain's count agree.
    const rolled = rolledUpCoverage(links.map((l) => ({ ...l, enterprises: l.enterprises.length })));
    for (const l of links) l.coverage = rolled.get(l.id) ?? l.coverage;
    return links;
  }

  async function presentChains(actor: Actor, rows: ChainRow[]): Promise<ChainOut[]> {
    const n = await namer(actor);
    const links = await linksOf(
      actor,
      rows.map((r) => r.id),
    );
    const out: ChainOut[] = [];
    for (const c of rows) {
      const mine = links.filter((l) => l.chainId === c.id);
      // A link with finer links under it is judged by them: only leaves count as gaps.
      const leaves = mine.filter((l) => !mine.some((x) => x.parentId === l.id));
      out.push({
        id: c.id,
        name: c.name,
        chiefLeaderId: c.chiefLeaderId,
        chiefLeaderName: await n.person(c.chiefLeaderId),
        leadUnitId: c.leadUnitId,
        leadUnitName: n.unit(c.leadUnitId),
        parkUnitId: c.parkUnitId,
        description: c.description,
        links: mine.length,
        gaps: leaves.filter((l) => l.coverage === 'none').length,
        weak: leaves.filter((l) => l.coverage === 'weak').length,
        openLeads: mine.reduce((s, l) => s + l.openLeads, 0),
        version: c.version,
      });
    }
    return out;
  }

  async function listChains(actor: Actor) {
    const rows = await db
      .select()
      .from(chains)
      .where(eq(chains.jurisdictionId, actor.jurisdictionId))
      .orderBy(asc(chains.createdAt), asc(chains.name));
    return { items: await presentChains(actor, rows) };
  }

  async function getChain(actor: Actor, id: string) {
    return (await presentChains(actor, [await loadChain(db, actor, id)]))[0]!;
  }

  async function createChain(actor: Actor, input: ChainCreate, meta: RequestMeta, tx?: Tx): Promise<string> {
    const run = async (t: Tx) => {
      const problems = await checkChain(actor, input, t);
      if (problems.length) throw new AppError('validation', {}, problems);
      const [row] = await t
        .insert(chains)
        .values({ ...input, parkUnitId: input.parkUnitId ?? null, jurisdictionId: actor.jurisdictionId })
        .returning();
      await audit(actor, meta, 'chain.create', 'chain', row!.id, { after: input }, t);
      return row!.id;
    };
    return tx ? run(tx) : db.transaction(run);
  }

  async function patchChain(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof ChainPatch>,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const row = await loadChain(tx, actor, id);
      if (!mayWriteChain(actor, row)) throw new AppError('forbidden');
      if (row.version !== version) throw versionConflict(row.version);
      const problems = await checkChain(
        actor,
        { ...input, name: input.name !== row.name ? input.name : undefined },
        tx,
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx
        .update(chains)
        .set({ ...input, version: row.version + 1 })
        .where(eq(chains.id, id));
      await audit(actor, meta, 'chain.update', 'chain', id, { before: row, after: input }, tx);
    });
    return getChain(actor, id);
  }

  async function links(actor: Actor, chainId: string) {
    await loadChain(db, actor, chainId);
    return { items: await linksOf(actor, [chainId]) };
  }

  async function checkLink(
    tx: Tx,
    chainId: string,
    input: Partial<z.infer<typeof LinkCreate>>,
    selfId?: string,
    jurisdictionId?: string,
  ) {
    const problems: FieldProblem[] = [];
    if (input.enterpriseIds?.length && jurisdictionId) {
      const found = new Set(
        (await deps.enterprises.summaries(jurisdictionId, { ids: input.enterpriseIds }, tx)).map((e) => e.id),
      );
      input.enterpriseIds.forEach((id, i) => {
        if (!found.has(id)) problems.push({ field: `body.enterpriseIds.${i}`, code: 'unknown_reference' });
      });
    }
    if (input.anchorIds?.length) {
      const members = new Set(input.enterpriseIds ?? []);
      input.anchorIds.forEach((id, i) => {
        if (!members.has(id)) problems.push({ field: `body.anchorIds.${i}`, code: 'anchor_not_member' });
      });
    }
    if (input.parentId) {
      const [p] = await tx.select().from(chainLinks).where(eq(chainLinks.id, input.parentId));
      if (!p || p.chainId !== chainId || p.id === selfId)
        problems.push({ field: 'body.parentId', code: 'unknown_reference' });
      else if (input.tier && p.tier !== input.tier)
        problems.push({
          field: 'body.tier',
          code: 'tier_of_parent',
          params: { tier: LINK_TIER_LABELS[p.tier as LinkTier]['zh-CN'] },
        });
    }
    return problems;
  }

  async function createLink(
    actor: Actor,
    chainId: string,
    input: z.infer<typeof LinkCreate>,
    meta: RequestMeta,
    tx?: Tx,
  ) {
    const run = async (t: Tx) => {
      const chain = await loadChain(t, actor, chainId);
      if (!mayWriteChain(actor, chain)) throw new AppError('forbidden');
      const problems = await checkLink(t, chainId, input, undefined, actor.jurisdictionId);
      if (problems.length) throw new AppError('validation', {}, problems);
      const [row] = await t
        .insert(chainLinks)
        .values({ ...input, parentId: input.parentId ?? null, chainId, jurisdictionId: actor.jurisdictionId })
        .returning();
      await audit(actor, meta, 'chain.link.create', 'chain', chainId, { link: row!.id, after: input }, t);
      return row!.id;
    };
    return tx ? run(tx) : db.transaction(run);
  }

  async function patchLink(
    actor: Actor,
    chainId: string,
    linkId: string,
    version: number,
    input: z.infer<typeof LinkPatch>,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const chain = await loadChain(tx, actor, chainId);
      if (!mayWriteChain(actor, chain)) throw new AppError('forbidden');
      const [row] = await tx
        .select()
        .from(chainLinks)
        .where(and(eq(chainLinks.id, linkId), eq(chainLinks.chainId, chainId)));
      if (!row) throw notFound();
      if (row.version !== version) throw versionConflict(row.version);
      const problems = await checkLink(
        tx,
        chainId,
        { tier: row.tier as LinkTier, enterpriseIds: row.enterpriseIds, anchorIds: row.anchorIds, ...input },
        linkId,
        actor.jurisdictionId,
      );
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx
        .update(chainLinks)
        .set({ ...input, version: row.version + 1 })
        .where(eq(chainLinks.id, linkId));
      await audit(actor, meta, 'chain.link.update', 'chain', chainId, { link: linkId, before: row, after: input }, tx);
    });
    return (await linksOf(actor, [chainId])).find((l) => l.id === linkId)!;
  }

  /** The chain as a tree for the browser: chain → 上游/中游/下游 → links → finer links, each with its coverage. */
  async function graph(actor: Actor, chainId: string) {
    const chain = await getChain(actor, chainId);
    const all = await linksOf(actor, [chainId]);
    const node = (l: LinkOut): GraphNode => ({
      id: l.id,
      name: l.name,
      kind: 'link',
      tier: l.tier,
      coverage: l.coverage,
      enterprises: l.enterprises.length,
      targets: l.targets.length,
      openLeads: l.openLeads,
      children: all.filter((x) => x.parentId === l.id).map(node),
    });
    const tree: GraphNode = {
      id: chain.id,
      name: chain.name,
      kind: 'chain',
      children: LINK_TIERS.map((tier) => ({
        id: `${chain.id}:${tier}`,
        name: LINK_TIER_LABELS[tier]['zh-CN'],
        kind: 'tier' as const,
        tier,
        children: all.filter((l) => l.tier === tier && !l.parentId).map(node),
      })),
    };
    return { chain, tree, links: all };
  }

  // =====================================================================================================
  // Leads (招商线索)
  // =====================================================================================================
  /**
   * Which leads a caller sees: the office and principals the jurisdiction's; a leader those he 包联 and those of the
   * units he 分管; a unit its own.
   */
  function visibleWhere(actor: Actor): SQL {
    const base = eq(leads.jurisdictionId, actor.jurisdictionId);
    if (hasAnyRole(actor, SUPERVISING)) return base;
    const units = [...new Set([actor.unitId, ...actor.leaderUnitIds])];
    const conds: SQL[] = [inArray(leads.responsibleUnitId, units)];
    if (hasAnyRole(actor, ['leader'])) conds.push(eq(leads.leaderId, actor.personId));
    return and(base, or(...conds))!;
  }
  const mayWriteLead = (actor: Actor, l: Pick<LeadRow, 'responsibleUnitId'>) =>
    hasAnyRole(actor, SUPERVISING) || (hasAnyRole(actor, UNIT_ROLES) && l.responsibleUnitId === actor.unitId);

  async function loadLead(tx: Tx, actor: Actor, id: string, lock = false): Promise<LeadRow> {
    if (lock) await tx.execute(sql`SELECT 1 FROM ${leads} WHERE id = ${id} FOR UPDATE`);
    const [row] = await tx
      .select()
      .from(leads)
      .where(and(eq(leads.id, id), visibleWhere(actor)));
    if (!row) throw notFound();
    return row;
  }
  async function loadWritableLead(tx: Tx, actor: Actor, id: string, version: number) {
    const row = await loadLead(tx, actor, id, true);
    if (!mayWriteLead(actor, row)) throw new AppError('forbidden');
    if (row.version !== version) throw versionConflict(row.version);
    return row;
  }

  async function checkLead(actor: Actor, input: Partial<LeadCreate>, tx: Tx): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [
      ...(await checkUnit(actor, input.responsibleUnitId, 'body.responsibleUnitId', tx)),
      ...(await checkLeader(actor, input.leaderId, 'body.leaderId', tx)),
    ];
    if (input.responsibleUnitId && !hasAnyRole(actor, SUPERVISING) && input.responsibleUnitId !== actor.unitId)
      problems.push({ field: 'body.responsibleUnitId', code: 'not_own_unit_lead' });
    if (input.chainId) {
      const [c] = await tx
        .select({ id: chains.id })
        .from(chains)
        .where(and(eq(chains.id, input.chainId), eq(chains.jurisdictionId, actor.jurisdictionId)));
      if (!c) problems.push({ field: 'body.chainId', code: 'unknown_reference' });
    }
    if (input.linkId) {
      const [l] = await tx
        .select({ chainId: chainLinks.chainId })
        .from(chainLinks)
        .where(and(eq(chainLinks.id, input.linkId), eq(chainLinks.jurisdictionId, actor.jurisdictionId)));
      if (!l || (input.chainId && l.chainId !== input.chainId))
        problems.push({ field: 'body.linkId', code: 'link_not_of_chain' });
    }
    if (input.space && input.space.max !== null && input.space.max !== undefined && input.space.max < input.space.min)
      problems.push({ field: 'body.space.max', code: 'max_below_min' });
    if (input.receivedOn && input.receivedOn > today())
      problems.push({ field: 'body.receivedOn', code: 'date_in_future' });
    return problems;
  }

  function spaceColumns(space: LeadCreate['space']) {
    return {
      spaceKind: space?.kind ?? null,
      spaceMin: space?.min ?? null,
      spaceMax: space?.max ?? null,
      landUse: space?.landUse ?? null,
      powerKva: space?.powerKva ?? null,
      waterTonsPerDay: space?.waterTonsPerDay ?? null,
    };
  }

  async function chainOfLink(tx: Tx, linkId: string | null | undefined) {
    if (!linkId) return undefined;
    const [l] = await tx.select({ chainId: chainLinks.chainId }).from(chainLinks).where(eq(chainLinks.id, linkId));
    return l?.chainId;
  }

  async function createLead(actor: Actor, input: LeadCreate, meta: RequestMeta, tx?: Tx): Promise<string> {
    const run = async (t: Tx) => {
      const problems = await checkLead(actor, input, t);
      if (problems.length) throw new AppError('validation', {}, problems);
      const serial = await nextSerial(t, 'leads', actor.jurisdictionId, 7351040);
      const receivedOn = input.receivedOn ?? today();
      const [row] = await t
        .insert(leads)
        .values({
          jurisdictionId: actor.jurisdictionId,
          serial,
          investor: input.investor,
          projectName: input.projectName,
          industry: input.industry,
          chainId: input.chainId ?? (await chainOfLink(t, input.linkId)) ?? null,
          linkId: input.linkId ?? null,
          investment: toWan(input.investment, input.investmentUnit),
          ...spaceColumns(input.space),
          source: input.source,
          responsibleUnitId: input.responsibleUnitId,
          taskForce: input.taskForce ?? null,
          leaderId: input.leaderId ?? null,
          description: input.description,
          receivedOn,
          lastEventOn: receivedOn,
          createdBy: actor.personId,
        })
        .returning();
      await t.insert(leadEvents).values({
        leadId: row!.id,
        jurisdictionId: actor.jurisdictionId,
        action: 'create',
        stage: 'lead',
        date: receivedOn,
        note: '登记线索',
        actorPersonId: actor.personId,
      });
      await audit(actor, meta, 'lead.create', 'lead', row!.id, { after: input }, t);
      return row!.id;
    };
    return tx ? run(tx) : db.transaction(run);
  }

  async function patchLead(actor: Actor, id: string, version: number, input: LeadPatch, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const row = await loadWritableLead(tx, actor, id, version);
      const problems = await checkLead(actor, { chainId: row.chainId, ...input }, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const { investmentUnit, investment, space, chainId, linkId, ...rest } = input;
      const set: Partial<typeof leads.$inferInsert> = { ...rest };
      if (investment !== undefined) set.investment = toWan(investment, investmentUnit ?? '万元');
      if (space !== undefined) Object.assign(set, spaceColumns(space));
      if (linkId !== undefined) {
        set.linkId = linkId ?? null;
        if (chainId === undefined && linkId) set.chainId = (await chainOfLink(tx, linkId)) ?? row.chainId;
      }
      if (chainId !== undefined) {
        set.chainId = chainId ?? null;
        if (linkId === undefined && row.linkId && (await chainOfLink(tx, row.linkId)) !== chainId) set.linkId = null;
      }
      await tx
        .update(leads)
        .set({ ...set, version: row.version + 1 })
        .where(eq(leads.id, id));
      await audit(actor, meta, 'lead.update', 'lead', id, { after: input }, tx);
    });
    return getLead(actor, id);
  }

  async function landingsOf(rows: LeadRow[], tx: Tx = db): Promise<Map<string, Landing>> {
    const ids = rows.map((r) => r.projectId).filter((x): x is string => !!x);
    const moves = (await projects.movesOf(ids, tx)) as PoolMove[];
    const byProject = new Map<string, PoolMove[]>();
    for (const m of moves) byProject.set(m.projectId, [...(byProject.get(m.projectId) ?? []), m]);
    return new Map(ids.map((id) => [id, landingOf(byProject.get(id) ?? [])]));
  }

  async function presentLeads(actor: Actor, rows: LeadRow[], tx: Tx = db): Promise<LeadOut[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const n = await namer(actor, tx);
    const stall = await stallDaysFor(actor.jurisdictionId, tx);
    const landings = await landingsOf(rows, tx);
    const events = await tx
      .select({ leadId: leadEvents.leadId, action: leadEvents.action, stage: leadEvents.stage, date: leadEvents.date })
      .from(leadEvents)
      .where(and(inArray(leadEvents.leadId, ids), inArray(leadEvents.action, ['advance', 'signing'])))
      .orderBy(asc(leadEvents.seq));
    const signings = new Map<string, number>();
    const typedOn = new Map<string, IsoDate>();
    for (const e of events) {
      if (e.stage === 'signed') signings.set(e.leadId, (signings.get(e.leadId) ?? 0) + 1);
      if (e.action === 'advance' && !typedOn.has(`${e.leadId}:${e.stage}`))
        typedOn.set(`${e.leadId}:${e.stage}`, e.date);
    }
    const funds = await tx
      .select({ leadId: leadFunds.leadId, total: sql<number>`sum(${leadFunds.amount})::float8` })
      .from(leadFunds)
      .where(and(inArray(leadFunds.leadId, ids), sql`${leadFunds.confirmedOn} IS NOT NULL`))
      .groupBy(leadFunds.leadId);
    const fundsOf = new Map(funds.map((f) => [f.leadId, Number(f.total)]));
    const chainRows = await tx
      .select({ id: chains.id, name: chains.name })
      .from(chains)
      .where(eq(chains.jurisdictionId, actor.jurisdictionId));
    const chainName = new Map(chainRows.map((c) => [c.id, c.name]));
    const linkIds = [...new Set(rows.map((r) => r.linkId).filter((x): x is string => !!x))];
    const linkRows = linkIds.length
      ? await tx
          .select({ id: chainLinks.id, name: chainLinks.name })
          .from(chainLinks)
          .where(inArray(chainLinks.id, linkIds))
      : [];
    const linkName = new Map(linkRows.map((l) => [l.id, l.name]));
    const day = today();
    const out: LeadOut[] = [];
    for (const r of rows) {
      const landing = r.projectId ? landings.get(r.projectId) : undefined;
      const typed = r.stage as LeadStage;
      const stage = r.projectId ? effectiveStage(typed, landing?.pool ?? null) : typed;
      const converted = !!r.projectId;
      out.push({
        id: r.id,
        serial: r.serial,
        investor: r.investor,
        projectName: r.projectName,
        industry: r.industry,
        chainId: r.chainId,
        chainName: r.chainId ? (chainName.get(r.chainId) ?? null) : null,
        linkId: r.linkId,
        linkName: r.linkId ? (linkName.get(r.linkId) ?? null) : null,
        investment: r.investment,
        space:
          r.spaceKind && r.spaceMin !== null
            ? {
                kind: r.spaceKind as SpaceKind,
                min: r.spaceMin,
                max: r.spaceMax,
                landUse: r.landUse as LandUse | null,
                powerKva: r.powerKva,
                waterTonsPerDay: r.waterTonsPerDay,
              }
            : null,
        source: r.source as LeadOut['source'],
        responsibleUnitId: r.responsibleUnitId,
        responsibleUnitName: n.unit(r.responsibleUnitId),
        taskForce: r.taskForce,
        leaderId: r.leaderId,
        leaderName: await n.person(r.leaderId),
        description: r.description,
        receivedOn: r.receivedOn,
        stage,
        typedStage: typed,
        closed: r.closed,
        lostReason: r.lostReason,
        lastEventOn: r.lastEventOn,
        light: stallLight(stage, r.closed, converted, r.lastEventOn, day, stall),
        daysIdle: r.lastEventOn && !r.closed ? daysBetween(r.lastEventOn, day) : null,
        signedOn: r.signedOn,
        signings: signings.get(r.id) ?? 0,
        startedOn: converted ? (landing?.startedOn ?? null) : (typedOn.get(`${r.id}:started`) ?? null),
        producingOn: converted ? (landing?.producingOn ?? null) : (typedOn.get(`${r.id}:producing`) ?? null),
        projectId: r.projectId,
        projectPool: landing?.pool ?? null,
        siteId: r.siteId,
        fundsInPlace: fundsOf.get(r.id) ?? 0,
        version: r.version,
      });
    }
    return out;
  }

  async function getLead(actor: Actor, id: string, tx: Tx = db) {
    return (await presentLeads(actor, [await loadLead(tx, actor, id)], tx))[0]!;
  }

  function leadConds(actor: Actor, q: Partial<LeadQuery>): SQL[] {
    const conds: SQL[] = [visibleWhere(actor)];
    if (q.state === 'open') conds.push(eq(leads.closed, false));
    if (q.state === 'lost') conds.push(eq(leads.closed, true));
    if (q.source?.length) conds.push(inArray(leads.source, q.source));
    if (q.chainId) conds.push(eq(leads.chainId, q.chainId));
    if (q.linkId) conds.push(eq(leads.linkId, q.linkId));
    if (q.unitId) conds.push(eq(leads.responsibleUnitId, q.unitId));
    if (q.leaderId) conds.push(eq(leads.leaderId, q.leaderId));
    if (q.projectId) conds.push(eq(leads.projectId, q.projectId));
    if (q.demandId)
      conds.push(
        sql`${leads.id} IN (SELECT ${leadDemandLinks.leadId} FROM ${leadDemandLinks} WHERE ${leadDemandLinks.demandId} = ${q.demandId})`,
      );
    if (q.year)
      conds.push(
        or(
          sql`extract(year from ${leads.receivedOn}) = ${q.year}`,
          sql`extract(year from ${leads.signedOn}) = ${q.year}`,
        )!,
      );
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(or(ilike(leads.investor, like), ilike(leads.projectName, like), ilike(leads.industry, like))!);
    }
    return conds;
  }

  /** A county's pipeline is hundreds of leads: presented whole, then filtered by the stage and light they show. */
  async function allLeads(actor: Actor, q: Partial<LeadQuery>) {
    const rows = await db
      .select()
      .from(leads)
      .where(and(...leadConds(actor, q)))
      .orderBy(asc(leads.serial));
    let items = await presentLeads(actor, rows);
    if (q.stage?.length) items = items.filter((i) => q.stage!.includes(i.stage));
    if (q.light?.length) items = items.filter((i) => q.light!.includes(i.light));
    return items;
  }

  async function listLeads(actor: Actor, q: LeadQuery) {
    const items = await allLeads(actor, q);
    return {
      items: items.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
      total: items.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Evidence files exist in the caller's jurisdiction; read before the write's transaction (the attachments
   * service reads on its own connection). */
  async function checkEvidence(actor: Actor, ids: string[]) {
    if (ids.length === 0) return;
    const found = await deps.attachments.metaOf(actor.jurisdictionId, ids);
    const ok = new Set(found.map((f) => f.id));
    const problems: FieldProblem[] = [];
    ids.forEach((id, i) => {
      if (!ok.has(id)) problems.push({ field: `body.attachmentIds.${i}`, code: 'unknown_reference' });
    });
    if (problems.length) throw new AppError('validation', {}, problems);
  }

  /** Records a stage, a follow-up, another signing event, or closes the lead as lost (DESIGN: nothing deleted). */
  async function recordStage(actor: Actor, id: string, version: number, input: StageIn, meta: RequestMeta) {
    await checkEvidence(actor, input.attachmentIds);
    await db.transaction(async (tx) => {
      const row = await loadWritableLead(tx, actor, id, version);
      const r = classifyStage(
        { stage: row.stage as LeadStage, closed: row.closed, converted: !!row.projectId, lastEventOn: row.lastEventOn },
        input.stage,
        input.date,
        today(),
        input.reason,
        input.occasion,
      );
      if ('problems' in r) {
        const main = r.problems.find((p) => p.field === 'body.stage');
        if (main?.code === 'stage_not_forward')
          throw new AppError('lead_stage_not_forward', main.params ?? {}, r.problems);
        if (main?.code === 'stage_from_project')
          throw new AppError('lead_stage_from_project', main.params ?? {}, r.problems);
        if (main?.code === 'lead_closed') throw new AppError('lead_closed', {}, r.problems);
        throw new AppError('validation', {}, r.problems);
      }
      const next = applyStage(
        { stage: row.stage as LeadStage, closed: row.closed, converted: !!row.projectId, lastEventOn: row.lastEventOn },
        input.stage,
        input.date,
        r.action,
      );
      await tx.insert(leadEvents).values({
        leadId: id,
        jurisdictionId: row.jurisdictionId,
        action: r.action,
        stage: input.stage,
        date: input.date,
        note: r.action === 'lose' ? (input.reason ?? '') : input.note,
        occasion: input.occasion ?? null,
        attachmentIds: input.attachmentIds,
        actorPersonId: actor.personId,
      });
      await tx
        .update(leads)
        .set({
          stage: next.stage,
          closed: next.closed,
          lostReason: r.action === 'lose' ? (input.reason ?? null) : row.lostReason,
          lastEventOn: next.lastEventOn,
          signedOn: row.signedOn ?? (input.stage === 'signed' ? input.date : null),
          version: row.version + 1,
        })
        .where(eq(leads.id, id));
      await audit(actor, meta, `lead.${r.action}`, 'lead', id, { stage: input.stage, date: input.date }, tx);
    });
    return getLead(actor, id);
  }

  async function stages(actor: Actor, id: string) {
    const row = await loadLead(db, actor, id);
    const rows = await db.select().from(leadEvents).where(eq(leadEvents.leadId, id)).orderBy(asc(leadEvents.seq));
    const n = await namer(actor);
    const events = [];
    for (const e of rows)
      events.push({
        seq: e.seq,
        action: e.action as 'create' | 'advance' | 'followup' | 'signing' | 'lose' | 'convert',
        stage: e.stage,
        date: e.date,
        note: e.note,
        occasion: e.occasion,
        attachmentIds: e.attachmentIds,
        actorName: await n.person(e.actorPersonId),
        at: e.at.toISOString(),
      });
    const landing = row.projectId
      ? (await landingsOf([row])).get(row.projectId)!
      : { pool: null, startedOn: null, producingOn: null };
    return { events, landing };
  }

  /**
   * 签约 → 项目 in one step: a new key project in 储备 or 前期 with the lead's data (or a project already in the
   * library), linked both ways (lead.projectId; the project's source 'lead' and sourceRef the lead's id).
   */
  async function convert(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof ConvertIn>,
    meta: RequestMeta,
  ) {
    let linkExisting: { projectId: string } | null = null;
    const result = await db.transaction(async (tx) => {
      const row = await loadWritableLead(tx, actor, id, version);
      if (row.closed) throw new AppError('lead_closed');
      if (row.projectId) throw new AppError('lead_converted');
      if (stageIndex(row.stage as LeadStage) < stageIndex('signed'))
        throw new AppError('lead_not_signed', { stage: LEAD_STAGE_LABELS[row.stage as LeadStage]['zh-CN'] });
      let projectId: string;
      let created = false;
      const day = input.enteredOn ?? today();
      if (input.projectId) {
        const p = await projects.rawProject(tx, actor, input.projectId).catch(() => null);
        if (!p) throw new AppError('validation', {}, [{ field: 'body.projectId', code: 'unknown_reference' }]);
        const [taken] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.projectId, p.id));
        if (taken) throw new AppError('validation', {}, [{ field: 'body.projectId', code: 'project_has_lead' }]);
        projectId = p.id;
        if (p.source !== 'lead' || p.sourceRef !== id) linkExisting = { projectId };
      } else {
        const year = Number(day.slice(0, 4));
        projectId = await projects.createIn(
          tx,
          actor,
          {
            name: row.projectName,
            type: input.type,
            content: row.description || `${row.investor}投资建设${row.projectName}`,
            totalInvestment: row.investment,
            annualPlans: {},
            ownerEnterprise: row.investor,
            responsibleUnitId: row.responsibleUnitId,
            leaderId: row.leaderId,
            townshipUnitId: input.townshipUnitId ?? null,
            location: null,
            startYear: input.startYear ?? year,
            endYear: input.endYear ?? Math.max(input.startYear ?? year, year + 1),
            major: false,
            attracted: true,
            livelihood: false,
            source: 'lead',
            sourceRef: id,
            pool: input.pool,
            enteredOn: day,
            milestones: [],
          },
          meta,
        );
        created = true;
      }
      await tx.insert(leadEvents).values({
        leadId: id,
        jurisdictionId: row.jurisdictionId,
        action: 'convert',
        stage: row.stage,
        date: day > (row.lastEventOn ?? day) ? day : (row.lastEventOn ?? day),
        note: created ? '转入重点项目库' : '关联已有重点项目',
        actorPersonId: actor.personId,
      });
      await tx
        .update(leads)
        .set({ projectId, version: row.version + 1 })
        .where(eq(leads.id, id));
      await audit(actor, meta, 'lead.convert', 'lead', id, { projectId, created }, tx);
      return { leadId: id, projectId, created };
    });
    // The project's side of the link for a project that was already in the library (its own transaction: the
    // project service writes only through its own).
    if (linkExisting) {
      const p = await projects.get(actor, (linkExisting as { projectId: string }).projectId);
      if (projects.mayWrite(actor, p))
        // A project that came from a lead is 招引 by definition.
        await projects.patch(actor, p.id, p.version, { source: 'lead', sourceRef: id, attracted: true }, meta);
    }
    return result;
  }

  async function addFunds(actor: Actor, id: string, input: z.infer<typeof FundsIn>, meta: RequestMeta) {
    await checkEvidence(actor, input.attachmentIds);
    await db.transaction(async (tx) => {
      const row = await loadLead(tx, actor, id, true);
      if (!mayWriteLead(actor, row)) throw new AppError('forbidden');
      if (input.date > today()) throw new AppError('validation', {}, [{ field: 'body.date', code: 'date_in_future' }]);
      const [f] = await tx
        .insert(leadFunds)
        .values({
          leadId: id,
          jurisdictionId: row.jurisdictionId,
          amount: toWan(input.amount, input.amountUnit),
          date: input.date,
          note: input.note,
          attachmentIds: input.attachmentIds,
          enteredBy: actor.personId,
        })
        .returning();
      await audit(actor, meta, 'lead.funds', 'lead', id, { funds: f!.id, amount: f!.amount }, tx);
    });
    return funds(actor, id);
  }

  async function confirmFunds(actor: Actor, id: string, fundsId: string, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      await loadLead(tx, actor, id, true);
      const r = await tx
        .update(leadFunds)
        .set({ confirmedBy: actor.personId, confirmedOn: today() })
        .where(and(eq(leadFunds.id, fundsId), eq(leadFunds.leadId, id), sql`${leadFunds.confirmedOn} IS NULL`))
        .returning({ id: leadFunds.id });
      if (r.length === 0) throw notFound();
      await audit(actor, meta, 'lead.funds.confirm', 'lead', id, { funds: fundsId }, tx);
    });
    return funds(actor, id);
  }

  async function funds(actor: Actor, id: string) {
    await loadLead(db, actor, id);
    const rows = await db.select().from(leadFunds).where(eq(leadFunds.leadId, id)).orderBy(asc(leadFunds.date));
    return {
      items: rows.map((r) => ({
        id: r.id,
        amount: r.amount,
        date: r.date,
        note: r.note,
        attachmentIds: r.attachmentIds,
        confirmed: r.confirmedOn !== null,
        confirmedOn: r.confirmedOn,
      })),
    };
  }

  // =====================================================================================================
  // Sites (闲置土地、低效厂房)
  // =====================================================================================================
  const mayWriteSite = (actor: Actor, s: Pick<SiteRow, 'responsibleUnitId' | 'townshipUnitId'>) =>
    hasAnyRole(actor, SUPERVISING) ||
    (hasAnyRole(actor, UNIT_ROLES) && (s.responsibleUnitId === actor.unitId || s.townshipUnitId === actor.unitId));

  async function loadSite(tx: Tx, actor: Actor, id: string, lock = false): Promise<SiteRow> {
    if (lock) await tx.execute(sql`SELECT 1 FROM ${sites} WHERE id = ${id} FOR UPDATE`);
    const [row] = await tx
      .select()
      .from(sites)
      .where(and(eq(sites.id, id), eq(sites.jurisdictionId, actor.jurisdictionId)));
    if (!row) throw notFound();
    return row;
  }

  async function presentSites(actor: Actor, rows: SiteRow[]): Promise<SiteOut[]> {
    const n = await namer(actor);
    const photos = await photoIdsOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      serial: r.serial,
      name: r.name,
      kind: r.kind as SpaceKind,
      area: r.area,
      landUse: r.landUse as LandUse,
      address: r.address,
      townshipUnitId: r.townshipUnitId,
      townshipName: n.unit(r.townshipUnitId),
      responsibleUnitId: r.responsibleUnitId,
      ownership: r.ownership as 'state' | 'enterprise',
      owner: r.owner,
      powerKva: r.powerKva,
      waterTonsPerDay: r.waterTonsPerDay,
      askingTerms: r.askingTerms,
      location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
      state: r.state as SiteState,
      stateSince: r.stateSince,
      leadId: r.leadId,
      photoCount: photos.get(r.id)?.length ?? 0,
      photoIds: (photos.get(r.id) ?? []).slice(0, PHOTOS_SHOWN),
      version: r.version,
    }));
  }

  /** Each site's photo ids, oldest first. */
  async function photoIdsOf(siteIds: string[], tx: Tx = db) {
    const out = new Map<string, string[]>();
    if (siteIds.length === 0) return out;
    const rows = await tx
      .select({ id: sitePhotos.id, siteId: sitePhotos.siteId })
      .from(sitePhotos)
      .where(inArray(sitePhotos.siteId, siteIds))
      .orderBy(asc(sitePhotos.addedAt), asc(sitePhotos.id));
    for (const r of rows) out.set(r.siteId, [...(out.get(r.siteId) ?? []), r.id]);
    return out;
  }

  async function listSitePhotos(actor: Actor, siteId: string) {
    await loadSite(db, actor, siteId);
    const rows = await db
      .select()
      .from(sitePhotos)
      .where(eq(sitePhotos.siteId, siteId))
      .orderBy(asc(sitePhotos.addedAt), asc(sitePhotos.id));
    const meta = new Map(
      (
        await deps.attachments.metaOf(
          actor.jurisdictionId,
          rows.map((r) => r.attachmentId),
        )
      ).map((a) => [a.id, a]),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        attachmentId: r.attachmentId,
        caption: r.caption,
        fileName: meta.get(r.attachmentId)?.fileName ?? '',
        size: meta.get(r.attachmentId)?.size ?? 0,
        addedAt: r.addedAt.toISOString(),
      })),
    };
  }

  /**
   * A photo of a site: an image (JPG, PNG — the attachments module has sniffed its content, refused disguised files
   * and kept to its size limit) the caller uploaded and has not used elsewhere; whoever may edit the site adds it.
   */
  async function addSitePhoto(
    actor: Actor,
    siteId: string,
    input: { attachmentId: string; caption: string },
    meta: RequestMeta,
  ) {
    if (!mayWriteSite(actor, await loadSite(db, actor, siteId))) throw new AppError('forbidden');
    // Read before the transaction (the attachments service reads on its own connection); the unique index on the
    // attachment keeps one file from becoming two sites' photo.
    const [a] = await deps.attachments.metaOf(actor.jurisdictionId, [input.attachmentId]);
    if (!a || a.itemId !== null || a.uploadedBy !== actor.personId)
      throw new AppError('validation', {}, [{ field: 'body.attachmentId', code: 'unknown_reference' }]);
    if (!PHOTO_TYPES.includes(a.mediaType))
      throw new AppError('validation', {}, [{ field: 'body.attachmentId', code: 'site_photo_not_image' }]);
    await db.transaction(async (tx) => {
      await loadSite(tx, actor, siteId, true);
      const [{ n }] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(sitePhotos)
        .where(eq(sitePhotos.siteId, siteId))) as [{ n: number }];
      if (n >= MAX_SITE_PHOTOS)
        throw new AppError('validation', {}, [
          { field: 'body.attachmentId', code: 'site_photos_full', params: { max: String(MAX_SITE_PHOTOS) } },
        ]);
      const [row] = await tx
        .insert(sitePhotos)
        .values({
          siteId,
          jurisdictionId: actor.jurisdictionId,
          attachmentId: a.id,
          caption: input.caption,
          addedBy: actor.personId,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new AppError('duplicate', { what: '该照片' });
      await audit(actor, meta, 'site.photo.add', 'site', siteId, { photoId: row.id, attachmentId: a.id }, tx);
    });
    return listSitePhotos(actor, siteId);
  }

  async function removeSitePhoto(actor: Actor, siteId: string, photoId: string, meta: RequestMeta) {
    await db.transaction(async (tx) => {
      const site = await loadSite(tx, actor, siteId, true);
      if (!mayWriteSite(actor, site)) throw new AppError('forbidden');
      const [row] = await tx
        .delete(sitePhotos)
        .where(and(eq(sitePhotos.id, photoId), eq(sitePhotos.siteId, siteId)))
        .returning();
      if (!row) throw notFound();
      await audit(actor, meta, 'site.photo.remove', 'site', siteId, { photoId, attachmentId: row.attachmentId }, tx);
    });
  }

  /** The image of a site's photo, for whoever sees the site. */
  async function sitePhotoFile(actor: Actor, siteId: string, photoId: string) {
    await loadSite(db, actor, siteId);
    const [row] = await db
      .select()
      .from(sitePhotos)
      .where(and(eq(sitePhotos.id, photoId), eq(sitePhotos.siteId, siteId)));
    if (!row) throw notFound();
    return deps.attachments.read(actor.jurisdictionId, row.attachmentId);
  }

  async function listSites(actor: Actor, q: z.infer<typeof SiteQuery>) {
    const conds: SQL[] = [eq(sites.jurisdictionId, actor.jurisdictionId)];
    if (q.state?.length) conds.push(inArray(sites.state, q.state));
    if (q.kind) conds.push(eq(sites.kind, q.kind));
    if (q.townshipUnitId) conds.push(eq(sites.townshipUnitId, q.townshipUnitId));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(or(ilike(sites.name, like), ilike(sites.address, like), ilike(sites.owner, like))!);
    }
    const found = await db
      .select({ row: sites, total: sql<number>`count(*) OVER ()::int` })
      .from(sites)
      .where(and(...conds))
      .orderBy(asc(sites.serial))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return {
      items: await presentSites(
        actor,
        found.map((f) => f.row),
      ),
      total: found[0]?.total ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  const getSite = async (actor: Actor, id: string) => (await presentSites(actor, [await loadSite(db, actor, id)]))[0]!;

  async function checkSite(actor: Actor, input: Partial<z.infer<typeof SiteCreate>>, tx: Tx) {
    const problems = [
      ...(await checkUnit(actor, input.townshipUnitId, 'body.townshipUnitId', tx, ['township', 'park'])),
      ...(await checkUnit(actor, input.responsibleUnitId, 'body.responsibleUnitId', tx)),
    ];
    if (input.responsibleUnitId && !hasAnyRole(actor, SUPERVISING) && input.responsibleUnitId !== actor.unitId)
      problems.push({ field: 'body.responsibleUnitId', code: 'not_own_unit_lead' });
    return problems;
  }

  async function createSite(actor: Actor, input: z.infer<typeof SiteCreate>, meta: RequestMeta, tx?: Tx, on?: IsoDate) {
    const run = async (t: Tx) => {
      const problems = await checkSite(actor, input, t);
      if (problems.length) throw new AppError('validation', {}, problems);
      const serial = await nextSerial(t, 'sites', actor.jurisdictionId, 7351041);
      const { location, ...fields } = input;
      const [row] = await t
        .insert(sites)
        .values({
          ...fields,
          townshipUnitId: fields.townshipUnitId ?? null,
          responsibleUnitId: fields.responsibleUnitId ?? actor.unitId,
          powerKva: fields.powerKva ?? null,
          waterTonsPerDay: fields.waterTonsPerDay ?? null,
          lng: location?.lng ?? null,
          lat: location?.lat ?? null,
          jurisdictionId: actor.jurisdictionId,
          serial,
          stateSince: on ?? today(),
          createdBy: actor.personId,
        })
        .returning();
      await audit(actor, meta, 'site.create', 'site', row!.id, { after: input }, t);
      return row!.id;
    };
    return tx ? run(tx) : db.transaction(run);
  }

  async function patchSite(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof SitePatch>,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const row = await loadSite(tx, actor, id, true);
      if (!mayWriteSite(actor, row)) throw new AppError('forbidden');
      if (row.version !== version) throw versionConflict(row.version);
      const problems = await checkSite(actor, input, tx);
      if (problems.length) throw new AppError('validation', {}, problems);
      const { location, ...rest } = input;
      await tx
        .update(sites)
        .set({
          ...rest,
          ...(location !== undefined ? { lng: location?.lng ?? null, lat: location?.lat ?? null } : {}),
          version: row.version + 1,
        })
        .where(eq(sites.id, id));
      await audit(actor, meta, 'site.update', 'site', id, { after: input }, tx);
    });
    return getSite(actor, id);
  }

  /**
   * 闲置 → 洽谈中 → 已盘活 (a negotiation that fails goes back to 闲置). Landing a lead on a site marks it 已盘活 with
   * the date and records the site on the lead.
   */
  async function setSiteState(
    actor: Actor,
    id: string,
    version: number,
    input: z.infer<typeof SiteStateIn>,
    meta: RequestMeta,
  ) {
    await db.transaction(async (tx) => {
      const row = await loadSite(tx, actor, id, true);
      if (!mayWriteSite(actor, row)) throw new AppError('forbidden');
      if (row.version !== version) throw versionConflict(row.version);
      const problems: FieldProblem[] = [];
      if (input.date > today()) problems.push({ field: 'body.date', code: 'date_in_future' });
      if (input.date < row.stateSince)
        problems.push({ field: 'body.date', code: 'before_last_event', params: { last: row.stateSince } });
      if (row.state === 'revitalised') problems.push({ field: 'body.state', code: 'site_revitalised' });
      else if (input.state === row.state) problems.push({ field: 'body.state', code: 'same_state' });
      let lead: LeadRow | null = null;
      if (input.leadId) {
        lead = await loadLead(tx, actor, input.leadId, true).catch(() => null);
        if (!lead) problems.push({ field: 'body.leadId', code: 'unknown_reference' });
      }
      if (problems.length) throw new AppError('validation', {}, problems);
      await tx
        .update(sites)
        .set({
          state: input.state,
          stateSince: input.date,
          leadId: input.state === 'idle' ? null : (input.leadId ?? row.leadId),
          version: row.version + 1,
        })
        .where(eq(sites.id, id));
      if (lead && input.state === 'revitalised')
        await tx
          .update(leads)
          .set({ siteId: id, version: lead.version + 1 })
          .where(eq(leads.id, lead.id));
      await audit(
        actor,
        meta,
        'site.state',
        'site',
        id,
        { from: row.state, to: input.state, leadId: input.leadId, date: input.date },
        tx,
      );
    });
    return getSite(actor, id);
  }

  const needOf = (r: LeadRow, parkUnitId: string | null): SpaceNeed | null =>
    r.spaceKind && r.spaceMin !== null
      ? {
          kind: r.spaceKind as SpaceKind,
          min: r.spaceMin,
          max: r.spaceMax,
          landUse: r.landUse as LandUse | null,
          powerKva: r.powerKva,
          waterTonsPerDay: r.waterTonsPerDay,
          parkUnitId,
        }
      : null;
  const forMatch = (s: SiteRow): SiteForMatch => ({
    id: s.id,
    kind: s.kind as SpaceKind,
    area: s.area,
    landUse: s.landUse as LandUse,
    powerKva: s.powerKva,
    waterTonsPerDay: s.waterTonsPerDay,
    parkUnitId: s.townshipUnitId,
    state: s.state as SiteState,
  });
  async function parkOfChain(chainId: string | null) {
    if (!chainId) return null;
    const [c] = await db.select({ park: chains.parkUnitId }).from(chains).where(eq(chains.id, chainId));
    return c?.park ?? null;
  }

  /**
   * The sites that fit a lead's space needs, best first (never smaller than the need's lower bound). A county may
   * hold thousands that fit the area, so the sites are read nearest the need's target area first, a batch on each
   * side at a time, over `sites_match_idx` (kind, area; not 已盘活), already filtered by the rule's bounds and land
   * use; the rule (matchSites) ranks what was read, and reading stops once `rankingSettled` says no site farther away
   * could still enter the top: the same answer as ranking them all, from a few dozen rows.
   */
  async function leadMatches(actor: Actor, id: string, limit = 20) {
    const lead = await loadLead(db, actor, id);
    const need = needOf(lead, await parkOfChain(lead.chainId));
    const w = need && areaWindow(need);
    if (!need || !w) return { items: [] };
    const batch = limit * 2;
    const base = [
      eq(sites.jurisdictionId, actor.jurisdictionId),
      eq(sites.kind, need.kind),
      // A literal, so that the partial index (WHERE state <> 'revitalised') serves it.
      sql`${sites.state} <> 'revitalised'`,
      ...(need.landUse ? [inArray(sites.landUse, [need.landUse, 'mixed'])] : []),
    ];
    // Above the target (area ascending) and below it (descending), each from where its last batch ended.
    let up: { area: number; id: string } | null = null;
    let down: { area: number; id: string } | null = null;
    let upDone = false;
    let downDone = false;
    const read: SiteRow[] = [];
    for (;;) {
      const [ups, downs]: SiteRow[][] = await Promise.all([
        upDone
          ? []
          : db
              .select()
              .from(sites)
              .where(
                and(
                  ...base,
                  sql`${sites.area} >= ${w.target}`,
                  sql`${sites.area} <= ${w.max}`,
                  ...(up ? [sql`(${sites.area}, ${sites.id}) > (${up.area}, ${up.id})`] : []),
                ),
              )
              .orderBy(asc(sites.area), asc(sites.id))
              .limit(batch),
        downDone
          ? []
          : db
              .select()
              .from(sites)
              .where(
                and(
                  ...base,
                  sql`${sites.area} < ${w.target}`,
                  sql`${sites.area} >= ${w.min}`,
                  ...(down ? [sql`(${sites.area}, ${sites.id}) < (${down.area}, ${down.id})`] : []),
                ),
              )
              .orderBy(desc(sites.area), desc(sites.id))
              .limit(batch),
      ]);
      read.push(...ups, ...downs);
      if (ups.length < batch) upDone = true;
      else up = { area: ups.at(-1)!.area, id: ups.at(-1)!.id };
      if (downs.length < batch) downDone = true;
      else down = { area: downs.at(-1)!.area, id: downs.at(-1)!.id };
      const unread = [
        ...(upDone || !up ? [] : [up.area - w.target]),
        ...(downDone || !down ? [] : [w.target - down.area]),
      ];
      const ranked = matchSites(need, read.map(forMatch), limit);
      if (rankingSettled(need, ranked, unread.length ? Math.min(...unread) : null, limit)) {
        // Only the sites proposed are presented.
        const chosen = new Set(ranked.map((m) => m.siteId));
        const byId = new Map(
          (
            await presentSites(
              actor,
              read.filter((r) => chosen.has(r.id)),
            )
          ).map((s) => [s.id, s]),
        );
        return { items: ranked.map((m) => ({ site: byId.get(m.siteId)!, score: m.score, reasons: m.reasons })) };
      }
    }
  }

  /**
   * For a site, the open leads (not lost, not yet landed, not started) whose needs it fits, best first. The rule
   * (matchLeads) has no spatial term; what bounds it is the area: a lead's score is 50 − 50 × the relative distance
   * of its target area from the site's, plus at most siteBonusMax. So the leads are read with their targets nearest
   * the site's area first, a batch on each side at a time, over `leads_match_idx` (kind, target; open, not landed),
   * already filtered by the rule's area window, land use and stage; reading stops once `leadRankingSettled` says
   * no lead farther away could still enter the top: the same answer as ranking them all.
   */
  async function siteMatches(actor: Actor, id: string, limit = 20) {
    const site = forMatch(await loadSite(db, actor, id));
    if (site.state === 'revitalised') return { items: [] };
    const a = site.area;
    const target = sql<number>`coalesce(${leads.spaceMax}, ${leads.spaceMin})`;
    const batch = limit * 2;
    const base = [
      visibleWhere(actor),
      // Literals, so that the partial index (WHERE closed = false AND site_id IS NULL) serves them.
      sql`${leads.closed} = false`,
      sql`${leads.siteId} IS NULL`,
      eq(leads.spaceKind, site.kind),
      sql`${leads.stage} NOT IN ('started', 'producing')`,
      // The rule's window (areaWindow), the SQL a hair wider: the rule itself decides on what is read.
      sql`${leads.spaceMin} > 0`,
      sql`${leads.spaceMin} <= ${a}`,
      sql`greatest(${target}, ${leads.spaceMin}) * ${1 + AREA_MARGIN} >= ${a} * (1 - 1e-9)`,
      ...(site.landUse === 'mixed' ? [] : [sql`(${leads.landUse} IS NULL OR ${leads.landUse} = ${site.landUse})`]),
    ];
    type Row = { lead: LeadRow; park: string | null; t: number };
    const page = (after: Row | null, up: boolean): Promise<Row[]> =>
      db
        .select({ lead: leads, park: chains.parkUnitId, t: target })
        .from(leads)
        .leftJoin(chains, eq(chains.id, leads.chainId))
        .where(
          and(
            ...base,
            up ? sql`${target} >= ${a}` : sql`${target} < ${a}`,
            ...(after
              ? [
                  up
                    ? sql`(${target}, ${leads.id}) > (${after.t}, ${after.lead.id})`
                    : sql`(${target}, ${leads.id}) < (${after.t}, ${after.lead.id})`,
                ]
              : []),
          ),
        )
        .orderBy(...(up ? [asc(target), asc(leads.id)] : [desc(target), desc(leads.id)]))
        .limit(batch);

    // Above the site's area (targets ascending) and below it (descending), each from where its last batch ended.
    let up: Row | null = null;
    let down: Row | null = null;
    let upDone = false;
    let downDone = false;
    const read: Row[] = [];
    for (;;) {
      const [ups, downs]: Row[][] = await Promise.all([
        upDone ? [] : page(up, true),
        downDone ? [] : page(down, false),
      ]);
      read.push(...ups, ...downs);
      if (ups.length < batch) upDone = true;
      else up = ups.at(-1)!;
      if (downs.length < batch) downDone = true;
      else down = downs.at(-1)!;
      const unread = [...(upDone || !up ? [] : [up.t]), ...(downDone || !down ? [] : [down.t])].map((t) =>
        relativeDistance(a, t),
      );
      const needs = read.flatMap(({ lead, park }) => {
        const need = needOf(lead, park);
        return need ? [{ leadId: lead.id, serial: lead.serial, need }] : [];
      });
      const ranked = matchLeads(site, needs, limit);
      if (leadRankingSettled(site, ranked, unread.length ? Math.min(...unread) : null, limit)) {
        const chosen = new Set(ranked.map((m) => m.leadId));
        const presented = new Map(
          (
            await presentLeads(
              actor,
              read.filter((r) => chosen.has(r.lead.id)).map((r) => r.lead),
            )
          ).map((l) => [l.id, l]),
        );
        return {
          items: ranked.map((m) => ({ lead: presented.get(m.leadId)!, score: m.score, reasons: m.reasons })),
        };
      }
    }
  }

  // =====================================================================================================
  // The year's figures
  // =====================================================================================================
  async function summary(actor: Actor, year: number | undefined) {
    const y = year ?? Number(today().slice(0, 4));
    const items = await allLeads(actor, {});
    const summaryLeads = items.map((l) => ({
      id: l.id,
      stage: l.stage,
      closed: l.closed,
      signedOn: l.signedOn ? [l.signedOn] : [],
      amount: l.investment,
      fundsInPlace: l.fundsInPlace,
      startedOn: l.startedOn,
      producingOn: l.producingOn,
      chain: l.chainId ?? '',
      chainName: l.chainName,
      source: l.source,
    }));
    const s = summarize(summaryLeads, y);
    const events = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(leadEvents)
      .innerJoin(leads, eq(leads.id, leadEvents.leadId))
      .where(
        and(
          visibleWhere(actor),
          eq(leadEvents.stage, 'signed'),
          inArray(leadEvents.action, ['advance', 'signing']),
          sql`extract(year from ${leadEvents.date}) = ${y}`,
        ),
      );
    const siteRows = await db
      .select({ state: sites.state, since: sites.stateSince, kind: sites.kind, area: sites.area })
      .from(sites)
      .where(eq(sites.jurisdictionId, actor.jurisdictionId));
    const thisYear = siteRows.filter((r) => r.state === 'revitalised' && r.since.startsWith(String(y)));
    // The year's targets on the one trajectory (序时进度): last year's months shape the path when it had any.
    const day = today();
    const [tg] = await db
      .select()
      .from(investmentTargets)
      .where(and(eq(investmentTargets.jurisdictionId, actor.jurisdictionId), eq(investmentTargets.year, y)));
    const funds = await db
      .select({ date: leadFunds.date, amount: leadFunds.amount })
      .from(leadFunds)
      .innerJoin(leads, eq(leads.id, leadFunds.leadId))
      .where(and(visibleWhere(actor), sql`${leadFunds.confirmedOn} IS NOT NULL`));
    const signings: Dated[] = items.filter((l) => l.signedOn).map((l) => ({ date: l.signedOn!, value: 1 }));
    const amounts: Dated[] = items.filter((l) => l.signedOn).map((l) => ({ date: l.signedOn!, value: l.investment }));
    const fundEvents: Dated[] = funds.map((f) => ({ date: f.date, value: Number(f.amount) }));
    const producing: Dated[] = items.filter((l) => l.producingOn).map((l) => ({ date: l.producingOn!, value: 1 }));
    const revitalised: Dated[] = siteRows
      .filter((r) => r.state === 'revitalised' && r.kind === 'land')
      .map((r) => ({ date: r.since, value: r.area }));
    const upTo = (ev: Dated[]) =>
      ev.filter((e) => e.date.startsWith(String(y)) && e.date <= day).reduce((a, e) => a + e.value, 0);
    const ly = (ev: Dated[]) => {
      const m = monthlyCumulative(ev, y - 1);
      return m[11]! > 0 ? m : null;
    };
    const th = (await deps.thresholds?.(actor.jurisdictionId)) ?? DEFAULT_THRESHOLDS;
    const round2 = (x: number) => Math.round(x * 100) / 100;
    const targets = [
      followTarget('signedCount', tg?.signedCount ?? null, upTo(signings), y, day, ly(signings), th),
      followTarget('signedAmount', tg?.signedAmount ?? null, round2(upTo(amounts)), y, day, ly(amounts), th),
      followTarget('fundsInPlace', tg?.fundsInPlace ?? null, round2(upTo(fundEvents)), y, day, ly(fundEvents), th),
      followTarget(
        'startRate',
        tg?.startRate ?? null,
        s.signedCount ? Math.round((s.started / s.signedCount) * 1000) / 1000 : 0,
        y,
        day,
        null,
        th,
        'level',
      ),
      followTarget('producingCount', tg?.producingCount ?? null, upTo(producing), y, day, ly(producing), th),
      followTarget(
        'revitalisedAreaMu',
        tg?.revitalisedAreaMu ?? null,
        round2(upTo(revitalised)),
        y,
        day,
        ly(revitalised),
        th,
      ),
    ];
    const chainLabel = new Map(summaryLeads.map((l) => [l.chain, l.chainName ?? '未关联产业链']));
    const conversionByKey = {
      year: conversionBy(summaryLeads, (l) => [...l.signedOn].sort()[0]!.slice(0, 4)).map((r) => ({
        ...r,
        label: r.key,
      })),
      chain: conversionBy(summaryLeads, (l) => l.chain).map((r) => ({ ...r, label: chainLabel.get(r.key)! })),
      source: conversionBy(summaryLeads, (l) => l.source).map((r) => ({
        ...r,
        label: LEAD_SOURCE_LABELS[r.key as LeadSource]['zh-CN'],
      })),
    };
    return {
      ...s,
      targets,
      conversionBy: conversionByKey,
      signingEvents: events[0]?.n ?? 0,
      stalled: {
        yellow: items.filter((l) => l.light === 'yellow').length,
        red: items.filter((l) => l.light === 'red').length,
      },
      sites: {
        idle: siteRows.filter((r) => r.state === 'idle').length,
        negotiating: siteRows.filter((r) => r.state === 'negotiating').length,
        revitalised: siteRows.filter((r) => r.state === 'revitalised').length,
        revitalisedThisYear: thisYear.length,
        revitalisedAreaMu:
          Math.round(thisYear.filter((r) => r.kind === 'land').reduce((a, r) => a + r.area, 0) * 100) / 100,
      },
    };
  }

  /**
   * The chains' coverage for the cockpit and the meetings: every leaf link not covered (a gap: none; weak: fewer
   * than enough), with its targets and open leads, and the links' totals per chain.
   */
  async function coverage(actor: Actor) {
    const rows = await db
      .select()
      .from(chains)
      .where(eq(chains.jurisdictionId, actor.jurisdictionId))
      .orderBy(asc(chains.createdAt), asc(chains.name));
    const links = await linksOf(
      actor,
      rows.map((r) => r.id),
    );
    const name = new Map(rows.map((c) => [c.id, c.name]));
    const leaves = links.filter((l) => !links.some((x) => x.parentId === l.id));
    return {
      chains: rows.map((c) => {
        const mine = leaves.filter((l) => l.chainId === c.id);
        return {
          id: c.id,
          name: c.name,
          links: mine.length,
          covered: mine.filter((l) => l.coverage === 'covered').length,
          weak: mine.filter((l) => l.coverage === 'weak').length,
          gaps: mine.filter((l) => l.coverage === 'none').length,
          gapsWithLeads: mine.filter((l) => l.coverage === 'none' && l.openLeads > 0).length,
        };
      }),
      gaps: leaves
        .filter((l) => l.coverage !== 'covered')
        .map((l) => ({
          chainId: l.chainId,
          chainName: name.get(l.chainId) ?? '',
          linkId: l.id,
          linkName: l.name,
          coverage: l.coverage,
          enterprises: l.enterprises.length,
          enough: l.enough,
          targets: l.targets.map((t) => t.name),
          openLeads: l.openLeads,
        })),
    };
  }

  /**
   * 招商地图: the project map's offline boundary with three layers — the chains' local enterprises (registry members
   * with a location) by link, the idle sites by state, and the signed and landed leads at their projects' places
   * (the library's points); filtered by chain. What has no location is counted, not drawn.
   */
  async function investmentMap(actor: Actor, chainId: string | undefined) {
    const chainRows = await db
      .select({ id: chains.id, name: chains.name, parkUnitId: chains.parkUnitId })
      .from(chains)
      .where(and(eq(chains.jurisdictionId, actor.jurisdictionId), chainId ? eq(chains.id, chainId) : undefined));
    if (chainId && chainRows.length === 0) throw notFound();
    const linkRows = chainRows.length
      ? await db
          .select()
          .from(chainLinks)
          .where(
            inArray(
              chainLinks.chainId,
              chainRows.map((c) => c.id),
            ),
          )
      : [];
    const memberIds = [...new Set(linkRows.flatMap((l) => l.enterpriseIds))];
    const members = await deps.enterprises.byIds(actor, memberIds);
    const byId = new Map(members.map((e) => [e.id, e]));
    const chainName = new Map(chainRows.map((c) => [c.id, c.name]));
    const enterprises: {
      id: string;
      name: string;
      lng: number;
      lat: number;
      chainId: string;
      chainName: string;
      linkId: string;
      linkName: string;
      anchor: boolean;
    }[] = [];
    let unlocated = 0;
    for (const l of linkRows)
      for (const id of l.enterpriseIds) {
        const e = byId.get(id);
        if (!e) continue;
        if (!e.location) {
          unlocated++;
          continue;
        }
        enterprises.push({
          id,
          name: e.name,
          lng: e.location.lng,
          lat: e.location.lat,
          chainId: l.chainId,
          chainName: chainName.get(l.chainId) ?? '',
          linkId: l.id,
          linkName: l.name,
          anchor: l.anchorIds.includes(id),
        });
      }
    const siteRows = await db
      .select()
      .from(sites)
      .where(eq(sites.jurisdictionId, actor.jurisdictionId))
      .orderBy(asc(sites.serial));
    const located = siteRows.filter((r) => r.lng !== null && r.lat !== null);
    const sitePhotoIds = await photoIdsOf(located.map((r) => r.id));
    const leadRows = (await allLeads(actor, chainId ? { chainId } : {})).filter(
      (l) => !l.closed && stageIndex(l.stage) >= stageIndex('signed'),
    );
    const points = new Map((await projects.map(actor, {})).points.map((p) => [p.id, p] as const));
    const landed = leadRows.flatMap((l) => {
      const p = l.projectId ? points.get(l.projectId) : undefined;
      return p
        ? [
            {
              leadId: l.id,
              projectId: p.id,
              name: l.projectName,
              investor: l.investor,
              stage: l.stage,
              chainId: l.chainId,
              chainName: l.chainName,
              lng: p.lng,
              lat: p.lat,
            },
          ]
        : [];
    });
    return {
      boundary: await projects.boundary(actor),
      chains: chainRows.map((c) => ({ id: c.id, name: c.name })),
      enterprises,
      sites: located.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as SpaceKind,
        area: r.area,
        state: r.state as SiteState,
        lng: r.lng!,
        lat: r.lat!,
        photoIds: (sitePhotoIds.get(r.id) ?? []).slice(0, PHOTOS_SHOWN),
      })),
      projects: landed,
      unlocated: {
        enterprises: unlocated,
        sites: siteRows.length - located.length,
        projects: leadRows.length - landed.length,
      },
    };
  }

  /** The county's days without follow-up before yellow and red (the shipped ones where it has set none). */
  async function stallDaysFor(jurisdictionId: string, tx: Tx = db): Promise<StallDays> {
    const [r] = await tx.select().from(leadStallDays).where(eq(leadStallDays.jurisdictionId, jurisdictionId));
    return stallDaysOf(r?.days ?? null);
  }

  async function getStallDays(actor: Actor) {
    const [r] = await db.select().from(leadStallDays).where(eq(leadStallDays.jurisdictionId, actor.jurisdictionId));
    return {
      days: stallDaysOf(r?.days ?? null),
      defaults: DEFAULT_STALL_DAYS,
      custom: !!r,
      version: r?.version ?? 0,
    };
  }

  /** The office or a principal sets the days (If-Match: 0 while the county keeps the defaults). */
  async function setStallDays(actor: Actor, version: number, input: StallDaysIn, meta: RequestMeta) {
    if (!hasAnyRole(actor, SUPERVISING)) throw new AppError('forbidden');
    const problems = checkStallDays(input.days);
    if (problems.length) throw new AppError('validation', {}, problems);
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`lead-stall-days:${actor.jurisdictionId}`}))`);
      const [cur] = await tx
        .select({ version: leadStallDays.version, days: leadStallDays.days })
        .from(leadStallDays)
        .where(eq(leadStallDays.jurisdictionId, actor.jurisdictionId));
      const current = cur?.version ?? 0;
      if (current !== version) throw versionConflict(current);
      await tx
        .insert(leadStallDays)
        .values({ jurisdictionId: actor.jurisdictionId, days: input.days, version: 1, updatedBy: actor.personId })
        .onConflictDoUpdate({
          target: leadStallDays.jurisdictionId,
          set: { days: input.days, version: current + 1, updatedBy: actor.personId, updatedAt: new Date() },
        });
      await audit(
        actor,
        meta,
        'investment.stall-days',
        'lead_stall_days',
        actor.jurisdictionId,
        { before: cur?.days ?? null, after: input.days },
        tx,
      );
    });
    return getStallDays(actor);
  }

  async function getTargets(actor: Actor, year: number) {
    const [t] = await db
      .select()
      .from(investmentTargets)
      .where(and(eq(investmentTargets.jurisdictionId, actor.jurisdictionId), eq(investmentTargets.year, year)));
    return {
      year,
      signedCount: t?.signedCount ?? null,
      signedAmount: t?.signedAmount ?? null,
      fundsInPlace: t?.fundsInPlace ?? null,
      startRate: t?.startRate ?? null,
      producingCount: t?.producingCount ?? null,
      revitalisedAreaMu: t?.revitalisedAreaMu ?? null,
      version: t?.version ?? 0,
    };
  }

  /** The year's targets, set by the office or a principal (If-Match: 0 for a year not yet set). */
  async function setTargets(actor: Actor, year: number, version: number, input: TargetsIn, meta: RequestMeta) {
    if (!hasAnyRole(actor, SUPERVISING)) throw new AppError('forbidden');
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`investment-targets:${actor.jurisdictionId}`}))`);
      const cur = await tx
        .select({ version: investmentTargets.version })
        .from(investmentTargets)
        .where(and(eq(investmentTargets.jurisdictionId, actor.jurisdictionId), eq(investmentTargets.year, year)));
      const current = cur[0]?.version ?? 0;
      if (current !== version) throw versionConflict(current);
      const values = {
        signedCount: input.signedCount ?? null,
        signedAmount: input.signedAmount ?? null,
        fundsInPlace: input.fundsInPlace ?? null,
        startRate: input.startRate ?? null,
        producingCount: input.producingCount ?? null,
        revitalisedAreaMu: input.revitalisedAreaMu ?? null,
      };
      await tx
        .insert(investmentTargets)
        .values({ jurisdictionId: actor.jurisdictionId, year, ...values, version: 1, updatedBy: actor.personId })
        .onConflictDoUpdate({
          target: [investmentTargets.jurisdictionId, investmentTargets.year],
          set: { ...values, version: current + 1, updatedBy: actor.personId, updatedAt: new Date() },
        });
      await audit(
        actor,
        meta,
        'investment.targets',
        'investment_targets',
        actor.jurisdictionId,
        { year, ...values },
        tx,
      );
    });
    return getTargets(actor, year);
  }

  /** Chain and link names for reading a ledger's 产业/链条 column (links first: the finer name wins). */
  async function chainNames(actor: Actor) {
    const out = new Map<string, { chainId: string; linkId: string | null }>();
    const ls = await db
      .select({ id: chainLinks.id, chainId: chainLinks.chainId, name: chainLinks.name })
      .from(chainLinks)
      .where(eq(chainLinks.jurisdictionId, actor.jurisdictionId));
    for (const l of ls) if (!out.has(l.name)) out.set(l.name, { chainId: l.chainId, linkId: l.id });
    const cs = await db
      .select({ id: chains.id, name: chains.name })
      .from(chains)
      .where(eq(chains.jurisdictionId, actor.jurisdictionId));
    for (const c of cs) if (!out.has(c.name)) out.set(c.name, { chainId: c.id, linkId: null });
    return out;
  }

  /** One row of an imported ledger: the lead, and the stage the ledger says it reached (marked as imported). */
  async function importLead(
    tx: Tx,
    actor: Actor,
    row: { lead: LeadCreate; stage: LeadStage; signedOn: string | null; note: string },
    meta: RequestMeta,
  ) {
    const id = await createLead(actor, row.lead, meta, tx);
    if (row.stage === 'lead') return id;
    const date = row.signedOn ?? row.lead.receivedOn ?? today();
    await tx.insert(leadEvents).values({
      leadId: id,
      jurisdictionId: actor.jurisdictionId,
      action: 'advance',
      stage: row.stage,
      date,
      note: row.note ? `【导入台账】${row.note}` : '【导入台账】',
      actorPersonId: actor.personId,
    });
    await tx
      .update(leads)
      .set({
        stage: row.stage,
        signedOn: stageIndex(row.stage) >= stageIndex('signed') ? row.signedOn : null,
        lastEventOn: date,
      })
      .where(eq(leads.id, id));
    return id;
  }

  /** The latest note recorded on each lead (进展情况 in the ledger). */
  async function progressNotes(ids: string[]) {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const rows = await db
      .select({ leadId: leadEvents.leadId, note: leadEvents.note })
      .from(leadEvents)
      .where(and(inArray(leadEvents.leadId, ids), sql`${leadEvents.note} <> ''`))
      .orderBy(asc(leadEvents.seq));
    for (const r of rows) out.set(r.leadId, r.note);
    return out;
  }

  return {
    today,
    // chains
    listChains,
    getChain,
    createChain,
    patchChain,
    links,
    createLink,
    patchLink,
    graph,
    // leads
    visibleWhere,
    mayWriteLead,
    /** A lead the caller sees (404 otherwise), locked for update if asked: the commitments' entry to a lead. */
    leadOf: loadLead,
    listLeads,
    allLeads,
    getLead,
    createLead,
    patchLead,
    recordStage,
    stages,
    convert,
    funds,
    addFunds,
    confirmFunds,
    leadMatches,
    chainNames,
    importLead,
    progressNotes,
    // sites
    listSites,
    getSite,
    createSite,
    patchSite,
    setSiteState,
    siteMatches,
    summary,
    coverage,
    investmentMap,
    getTargets,
    setTargets,
    getStallDays,
    setStallDays,
    listSitePhotos,
    addSitePhoto,
    removeSitePhoto,
    sitePhotoFile,
  };
}

/**
 * Stalled leads on the weekly round's agenda (scheduled job `lead-stalls`): each open lead not yet in the library
 * whose light is red goes on the next scheduling meeting once per stall (the key names the lead and its latest
 * event, so a lead followed up and stalled again is raised again). Returns how many items were new.
 */
export async function raiseStalledLeads(deps: { db: Db; today: () => IsoDate }): Promise<{ raised: number }> {
  const day = deps.today();
  const rows = await deps.db
    .select()
    .from(leads)
    .where(and(eq(leads.closed, false), sql`${leads.projectId} IS NULL`));
  // Each county's own days (the shipped ones where it has set none).
  const days = new Map(
    (await deps.db.select().from(leadStallDays)).map((d) => [d.jurisdictionId, stallDaysOf(d.days)] as const),
  );
  let raised = 0;
  for (const r of rows) {
    const stage = r.stage as LeadStage;
    const light = stallLight(stage, false, false, r.lastEventOn, day, days.get(r.jurisdictionId) ?? DEFAULT_STALL_DAYS);
    if (light !== 'red' || !r.lastEventOn) continue;
    const added = await deps.db.transaction((tx) =>
      addAgendaItem(tx, {
        jurisdictionId: r.jurisdictionId,
        source: 'investment',
        dedupeKey: `lead-stall:${r.id}:${r.lastEventOn}`,
        title: `招商线索久未跟进：${r.projectName}`,
        body: `${r.investor}，${LEAD_STAGE_LABELS[stage]['zh-CN']}阶段已 ${daysBetween(r.lastEventOn!, day)} 天未跟进`,
        link: `/leads/${r.id}`,
        unitId: r.responsibleUnitId,
        leaderId: r.leaderId,
      }),
    );
    if (added) raised++;
  }
  return { raised };
}
