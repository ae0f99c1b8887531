import { and, eq, inArray, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { AppError, notFound } from '../../http/errors';
import { auditActor, hasAnyRole, visibleUnitIds, type Actor } from '../../http/access';
import type { AuditService } from '../audit/audit.service';
import { jurisdictions, leaderUnits, people, roleAssignments, units } from './org.schema';
import * as repo from './org.repo';
import { roleSetConflict, type Role } from '../../../shared/roles';
import { unitNameIndex } from '../../../shared/domain/unit-names';
import type {
  PersonCreate,
  PersonOut,
  PersonPatch,
  RolesPut,
  UnitCreate,
  UnitOut,
  UnitPatch,
} from '../../../shared/org';

/**
 * What the organisation module needs from whoever keeps credentials and sessions (the auth module
 * implements it; app.ts wires it), so org does not import auth and auth may import org.
 */
export interface PersonLifecycle {
  /** A new person's first credential: a password to check and hash, or a hash checked earlier (imports). */
  created(
    tx: Tx,
    personId: string,
    username: string,
    secret: { password: string } | { passwordHash: string },
  ): Promise<void>;
  /**
   * Deactivation, reactivation, role change: every session of the person ends, and every personal API token
   * too unless `keepTokens` (a role change that only adds rights).
   */
  accessChanged(tx: Tx, personId: string, opts?: { keepTokens?: boolean }): Promise<void>;
  /** A change to what a signed-in person's requests carry (unit, name) that does not end their sessions. */
  profileChanged(personId: string): void;
}

/** The system actors every jurisdiction has: a username no person can take (':' is refused), a name for the trail. */
export const SYSTEM_PEOPLE = {
  demand_channel: {
    username: (jurisdictionCode: string) => `system:demand-channel:${jurisdictionCode}`,
    displayName: '企业诉求直通车（系统）',
  },
} as const;
export type SystemKind = keyof typeof SYSTEM_PEOPLE;

export interface RequestMeta {
  ip?: string;
  requestId?: string;
}

export type OrgService = ReturnType<typeof createOrgService>;

export function createOrgService(deps: { db: Db; audit: AuditService; lifecycle: PersonLifecycle }) {
  const { db, audit } = deps;

  const auditAs = auditActor;

  async function toPersonOut(tx: Tx, rows: Awaited<ReturnType<typeof repo.findPeople>>): Promise<PersonOut[]> {
    const roles = await repo.rolesOf(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map(({ jurisdictionId: _j, ...r }) => ({ ...r, ...roles.get(r.id)! }));
  }

  /** Optimistic concurrency: the write carries the version it read; a stale one gets 412 naming the current. */
  async function bumpVersion(
    tx: Tx,
    table: typeof units | typeof people,
    id: string,
    expected: number,
    set: Record<string, unknown>,
  ) {
    const updated = await tx
      .update(table)
      .set({ ...set, version: sql`${table.version} + 1`, updatedAt: new Date() })
      .where(and(eq(table.id, id), eq(table.version, expected)))
      .returning({ version: table.version });
    if (updated.length === 0) {
      const cur = await tx.select({ version: table.version }).from(table).where(eq(table.id, id));
      if (!cur[0]) throw notFound();
      throw new AppError('version_conflict', { current: cur[0].version }, [], { currentVersion: cur[0].version });
    }
    return updated[0]!.version;
  }

  // ---------- jurisdictions ----------
  async function ensureJurisdiction(tx: Tx, code: string, name: string) {
    const found = await tx.select().from(jurisdictions).where(eq(jurisdictions.code, code));
    if (found[0]) return found[0];
    const [j] = await tx.insert(jurisdictions).values({ code, name }).returning();
    return j!;
  }

  /**
   * The jurisdictions that have an organisation (an active unit), by code: the counties a public page of this
   * deployment serves (企业诉求直通车 addresses one by its code).
   */
  async function organisedJurisdictions(tx: Tx = db): Promise<{ id: string; code: string; name: string }[]> {
    return tx
      .select({ id: jurisdictions.id, code: jurisdictions.code, name: jurisdictions.name })
      .from(jurisdictions)
      .where(sql`EXISTS (SELECT 1 FROM units u WHERE u.jurisdiction_id = ${jurisdictions.id} AND u.active)`)
      .orderBy(jurisdictions.code);
  }

  async function getJurisdiction(id: string, tx: Tx = db) {
    const r = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, id));
    return r[0];
  }

  // ---------- system actors ----------
  /**
   * Creates the jurisdiction's system actors missing (in `unitId`), each audited as created by nobody; idempotent
   * (one per jurisdiction and kind, by a unique index), so a race of two creators makes one.
   */
  async function ensureSystemPeople(tx: Tx, jurisdictionId: string, unitId: string, meta: RequestMeta = {}) {
    const [j] = await tx
      .select({ code: jurisdictions.code })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, jurisdictionId));
    if (!j) return;
    for (const [kind, def] of Object.entries(SYSTEM_PEOPLE) as [SystemKind, (typeof SYSTEM_PEOPLE)[SystemKind]][]) {
      const made = await tx
        .insert(people)
        .values({ jurisdictionId, unitId, username: def.username(j.code), displayName: def.displayName, system: kind })
        .onConflictDoNothing()
        .returning({ id: people.id, username: people.username });
      if (made[0])
        await audit.record(
          {
            jurisdictionId,
            ip: meta.ip,
            requestId: meta.requestId,
            action: 'person.create',
            objectType: 'person',
            objectId: made[0].id,
            result: 'success',
            detail: { system: kind, username: made[0].username, displayName: def.displayName },
          },
          tx,
        );
    }
  }

  /**
   * The jurisdiction's system actor of a kind (企业诉求直通车（系统）): who the events and audit records of the
   * enterprise's own channel name. Made here if the jurisdiction has none yet (in its supervision office).
   */
  async function systemPerson(tx: Tx, jurisdictionId: string, kind: SystemKind) {
    const find = async () =>
      (
        await tx
          .select({ id: people.id, username: people.username, displayName: people.displayName, unitId: people.unitId })
          .from(people)
          .where(and(eq(people.jurisdictionId, jurisdictionId), eq(people.system, kind)))
      )[0];
    const found = await find();
    if (found) return found;
    const all = await repo.unitsOf(tx, jurisdictionId);
    const home = all.find((u) => u.kind === 'supervision' && u.active) ?? all.find((u) => u.active) ?? all[0];
    if (!home) throw new AppError('conflict');
    await ensureSystemPeople(tx, jurisdictionId, home.id);
    return (await find())!;
  }

  // ---------- units ----------
  async function listUnits(actor: Pick<Actor, 'jurisdictionId'>, tx: Tx = db): Promise<UnitOut[]> {
    // The unit tree is not secret inside a jurisdiction: every user needs it to pick owners and co-units.
    return (await repo.unitsOf(tx, actor.jurisdictionId)) as UnitOut[];
  }

  /** The units' names by id (full and short), for lists that name units: one light query, no people counts. */
  async function unitNames(jurisdictionId: string, tx: Tx = db) {
    return new Map((await repo.unitNamesOf(tx, jurisdictionId)).map((u) => [u.id, u]));
  }

  /**
   * A unit's name and a person's display name as SQL sub-selects on a column of the caller's query: a list that
   * names units or people reads them in its own statement (one round trip), the tables staying the org module's.
   * Pass the column qualified by its table (a one-table select names its columns bare).
   */
  const unitNameSql = (unitId: SQL | AnyColumn) =>
    sql<string | null>`(SELECT u.name FROM ${units} u WHERE u.id = ${unitId})`;
  const personNameSql = (personId: SQL | AnyColumn) =>
    sql<string | null>`(SELECT p.display_name FROM ${people} p WHERE p.id = ${personId})`;

  /** People's display names by id (lists that name a person): one query for the page. */
  async function displayNames(ids: Iterable<string>, tx: Tx = db) {
    return new Map((await repo.displayNamesOf(tx, [...new Set(ids)])).map((p) => [p.id, p.displayName]));
  }

  /** The ids of the jurisdiction's active units: what a check of a unit reference needs (not the tree's counts). */
  /** The jurisdiction's active units (`among`: only which of these are; one check of a form reads no more). */
  async function activeUnitIds(actor: Actor, tx: Tx = db, among?: string[]): Promise<Set<string>> {
    const rows = await tx
      .select({ id: units.id })
      .from(units)
      .where(
        and(
          eq(units.jurisdictionId, actor.jurisdictionId),
          eq(units.active, true),
          among ? sql`${units.id} = ANY(${sql.param(among)}::uuid[])` : undefined,
        ),
      );
    return new Set(rows.map((r) => r.id));
  }

  async function getUnit(actor: Actor, id: string, tx: Tx = db): Promise<UnitOut> {
    const all = await listUnits(actor, tx);
    const u = all.find((x) => x.id === id);
    if (!u) throw notFound();
    return u;
  }

  async function assertNameFree(tx: Tx, jurisdictionId: string, name: string, exceptId?: string) {
    const clash = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.jurisdictionId, jurisdictionId), eq(units.name, name), eq(units.active, true)));
    if (clash.some((c) => c.id !== exceptId)) {
      throw new AppError('duplicate', { what: `单位“${name}”` }, [{ field: 'body.name', code: 'exists' }]);
    }
  }

  async function assertParentOk(tx: Tx, jurisdictionId: string, parentId: string | null | undefined, selfId?: string) {
    if (!parentId) return;
    const parent = await repo.unitById(tx, jurisdictionId, parentId);
    if (!parent?.active) throw new AppError('validation', {}, [{ field: 'body.parentId', code: 'unknown_reference' }]);
    if (!selfId) return;
    // Walk up from the new parent: meeting the unit itself means the move would make a cycle.
    const all = await repo.unitsOf(tx, jurisdictionId);
    const parentOf = new Map(all.map((u) => [u.id, u.parentId]));
    for (let cur: string | null | undefined = parentId; cur; cur = parentOf.get(cur)) {
      if (cur === selfId) throw new AppError('unit_cycle', {}, [{ field: 'body.parentId', code: 'invalid_value' }]);
    }
  }

  async function createUnit(actor: Actor, input: UnitCreate, meta: RequestMeta, tx?: Tx): Promise<UnitOut> {
    const run = async (t: Tx) => {
      await assertNameFree(t, actor.jurisdictionId, input.name);
      await assertParentOk(t, actor.jurisdictionId, input.parentId);
      const [u] = await t
        .insert(units)
        .values({
          ...input,
          shortName: input.shortName ?? null,
          parentId: input.parentId ?? null,
          jurisdictionId: actor.jurisdictionId,
        })
        .returning();
      // A jurisdiction's system actors belong to a unit (every person does): its first unit brings them.
      await ensureSystemPeople(t, actor.jurisdictionId, u!.id, meta);
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: 'unit.create',
          objectType: 'unit',
          objectId: u!.id,
          result: 'success',
          detail: { after: input },
        },
        t,
      );
      return u!.id;
    };
    const id = tx ? await run(tx) : await db.transaction(run);
    return getUnit(actor, id, tx ?? db);
  }

  async function updateUnit(
    actor: Actor,
    id: string,
    version: number,
    patch: UnitPatch,
    meta: RequestMeta,
  ): Promise<UnitOut> {
    await db.transaction(async (t) => {
      const before = await repo.unitById(t, actor.jurisdictionId, id);
      if (!before) throw notFound();
      if (patch.name && patch.name !== before.name) await assertNameFree(t, actor.jurisdictionId, patch.name, id);
      if (patch.parentId !== undefined && patch.parentId !== before.parentId)
        await assertParentOk(t, actor.jurisdictionId, patch.parentId, id);
      await bumpVersion(t, units, id, version, patch);
      const { version: _v, createdAt: _c, updatedAt: _u, ...b } = before;
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: patch.parentId !== undefined && patch.parentId !== before.parentId ? 'unit.move' : 'unit.update',
          objectType: 'unit',
          objectId: id,
          result: 'success',
          detail: { before: b, after: patch },
        },
        t,
      );
    });
    return getUnit(actor, id);
  }

  async function setUnitActive(
    actor: Actor,
    id: string,
    version: number,
    active: boolean,
    meta: RequestMeta,
  ): Promise<UnitOut> {
    await db.transaction(async (t) => {
      const u = await repo.unitById(t, actor.jurisdictionId, id);
      if (!u) throw notFound();
      if (!active) {
        const [p] = await t
          .select({ n: sql<number>`count(*)::int` })
          .from(people)
          .where(and(eq(people.unitId, id), eq(people.active, true), isNull(people.system)));
        const [c] = await t
          .select({ n: sql<number>`count(*)::int` })
          .from(units)
          .where(and(eq(units.parentId, id), eq(units.active, true)));
        if ((p?.n ?? 0) > 0 || (c?.n ?? 0) > 0) throw new AppError('unit_in_use');
      } else {
        await assertNameFree(t, actor.jurisdictionId, u.name, id);
      }
      await bumpVersion(t, units, id, version, { active });
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: active ? 'unit.reactivate' : 'unit.deactivate',
          objectType: 'unit',
          objectId: id,
          result: 'success',
        },
        t,
      );
    });
    return getUnit(actor, id);
  }

  // ---------- people ----------
  /** Who may see which people: admins and jurisdiction-wide roles see all; others their own and 分管 units. */
  function peopleScope(actor: Actor): string[] | null {
    if (hasAnyRole(actor, ['system_admin', 'security_admin'])) return null;
    return visibleUnitIds(actor);
  }

  async function listPeople(
    actor: Actor,
    q: { unitId?: string; q?: string; role?: Role; active: 'true' | 'false' | 'all'; page: number; pageSize: number },
  ) {
    const where = repo.peopleWhere({ jurisdictionId: actor.jurisdictionId, unitIds: peopleScope(actor), ...q });
    const [rows, total] = await Promise.all([
      repo.findPeople(db, where, q.pageSize, (q.page - 1) * q.pageSize),
      repo.countPeople(db, where),
    ]);
    return { items: await toPersonOut(db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async function getPerson(actor: Actor, id: string, tx: Tx = db): Promise<PersonOut> {
    const p = await repo.personById(tx, id);
    const scope = peopleScope(actor);
    if (!p || p.jurisdictionId !== actor.jurisdictionId || (scope && !scope.includes(p.unitId))) throw notFound();
    return (await toPersonOut(tx, [p]))[0]!;
  }

  /** A unit administrator manages the people of the unit he or she belongs to, nothing wider. */
  function assertMayManageUnit(actor: Actor, unitId: string) {
    if (hasAnyRole(actor, ['system_admin'])) return;
    if (hasAnyRole(actor, ['unit_admin']) && actor.unitId === unitId) return;
    throw new AppError('forbidden');
  }

  async function createPerson(
    actor: Actor,
    input: PersonCreate | (Omit<PersonCreate, 'initialPassword'> & { passwordHash: string }),
    meta: RequestMeta,
    tx?: Tx,
  ): Promise<PersonOut> {
    assertMayManageUnit(actor, input.unitId);
    const run = async (t: Tx) => {
      const unit = await repo.unitById(t, actor.jurisdictionId, input.unitId);
      if (!unit?.active) throw new AppError('validation', {}, [{ field: 'body.unitId', code: 'unknown_reference' }]);
      if (await repo.personByUsername(t, input.username)) {
        throw new AppError('duplicate', { what: `用户名“${input.username}”` }, [
          { field: 'body.username', code: 'exists' },
        ]);
      }
      const { initialPassword, passwordHash, ...fields } = {
        initialPassword: undefined,
        passwordHash: undefined,
        ...input,
      };
      const [p] = await t
        .insert(people)
        .values({
          ...fields,
          title: fields.title ?? null,
          phone: fields.phone ?? null,
          email: fields.email ?? null,
          jurisdictionId: actor.jurisdictionId,
        })
        .returning({ id: people.id });
      await deps.lifecycle.created(
        t,
        p!.id,
        input.username,
        passwordHash ? { passwordHash } : { password: initialPassword ?? '' },
      );
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: 'person.create',
          objectType: 'person',
          objectId: p!.id,
          result: 'success',
          detail: { after: fields },
        },
        t,
      );
      return p!.id;
    };
    const id = tx ? await run(tx) : await db.transaction(run);
    return getPerson(actor, id, tx ?? db);
  }

  async function updatePerson(
    actor: Actor,
    id: string,
    version: number,
    patch: PersonPatch,
    meta: RequestMeta,
  ): Promise<PersonOut> {
    await db.transaction(async (t) => {
      const before = await getPerson(actor, id, t);
      assertMayManageUnit(actor, before.unitId);
      if (patch.unitId && patch.unitId !== before.unitId) {
        assertMayManageUnit(actor, patch.unitId);
        const u = await repo.unitById(t, actor.jurisdictionId, patch.unitId);
        if (!u?.active) throw new AppError('validation', {}, [{ field: 'body.unitId', code: 'unknown_reference' }]);
      }
      await bumpVersion(t, people, id, version, patch);
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: 'person.update',
          objectType: 'person',
          objectId: id,
          result: 'success',
          detail: { before, after: patch },
        },
        t,
      );
    });
    deps.lifecycle.profileChanged(id);
    return getPerson(actor, id);
  }

  async function assertNotLastSystemAdmin(t: Tx, actor: Actor, personId: string, remainingRoles: Role[] | null) {
    const current = (await repo.rolesOf(t, [personId])).get(personId)!;
    if (!current.roles.includes('system_admin')) return;
    if (remainingRoles?.includes('system_admin')) return;
    // Serialise concurrent demotions so two requests cannot each remove "another" last administrator.
    await t.execute(sql`SELECT pg_advisory_xact_lock(7351003)`);
    if ((await repo.countActiveWithRole(t, actor.jurisdictionId, 'system_admin')) <= 1)
      throw new AppError('last_system_admin');
  }

  async function setPersonActive(
    actor: Actor,
    id: string,
    version: number,
    active: boolean,
    meta: RequestMeta,
  ): Promise<PersonOut> {
    await db.transaction(async (t) => {
      const before = await getPerson(actor, id, t);
      assertMayManageUnit(actor, before.unitId);
      if (!active) await assertNotLastSystemAdmin(t, actor, id, null);
      await bumpVersion(t, people, id, version, { active });
      await deps.lifecycle.accessChanged(t, id);
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: active ? 'person.reactivate' : 'person.deactivate',
          objectType: 'person',
          objectId: id,
          result: 'success',
        },
        t,
      );
    });
    return getPerson(actor, id);
  }

  async function setRoles(
    actor: Actor,
    id: string,
    version: number,
    input: RolesPut,
    meta: RequestMeta,
    tx?: Tx,
  ): Promise<PersonOut> {
    const roles = [...new Set(input.roles)].sort();
    const conflict = roleSetConflict(roles);
    if (conflict) throw new AppError(conflict, {}, [{ field: 'body.roles', code: 'invalid_value' }]);
    const leaderIds = roles.includes('leader') ? [...new Set(input.leaderUnitIds)] : [];
    const run = async (t: Tx) => {
      const before = await getPerson(actor, id, t);
      if (before.id === actor.personId) throw new AppError('forbidden');
      await assertNotLastSystemAdmin(t, actor, id, roles);
      if (leaderIds.length) {
        const found = await t
          .select({ id: units.id })
          .from(units)
          .where(and(eq(units.jurisdictionId, actor.jurisdictionId), inArray(units.id, leaderIds)));
        if (found.length !== leaderIds.length)
          throw new AppError('validation', {}, [{ field: 'body.leaderUnitIds', code: 'unknown_reference' }]);
      }
      await bumpVersion(t, people, id, version, {});
      await t.delete(roleAssignments).where(eq(roleAssignments.personId, id));
      await t.delete(leaderUnits).where(eq(leaderUnits.personId, id));
      if (roles.length) await t.insert(roleAssignments).values(roles.map((role) => ({ personId: id, role })));
      if (leaderIds.length) await t.insert(leaderUnits).values(leaderIds.map((unitId) => ({ personId: id, unitId })));
      // Tokens were made under the old rights: they end when a right is taken away, not when one is added.
      const narrowed =
        before.roles.some((r) => !roles.includes(r)) || before.leaderUnitIds.some((u) => !leaderIds.includes(u));
      await deps.lifecycle.accessChanged(t, id, { keepTokens: !narrowed });
      await audit.record(
        {
          ...auditAs(actor, meta),
          action: 'person.roles',
          objectType: 'person',
          objectId: id,
          result: 'success',
          detail: {
            before: { roles: before.roles, leaderUnitIds: before.leaderUnitIds },
            after: { roles, leaderUnitIds: leaderIds },
          },
        },
        t,
      );
    };
    if (tx) await run(tx);
    else await db.transaction(run);
    return getPerson(actor, id, tx ?? db);
  }

  /** For sign-in: the person behind a username, with roles, whatever the caller may see. */
  async function accountByUsername(username: string, tx: Tx = db) {
    const p = await repo.personByUsername(tx, username);
    if (!p) return undefined;
    const r = (await repo.rolesOf(tx, [p.id])).get(p.id)!;
    return { ...p, ...r };
  }

  async function accountById(id: string, tx: Tx = db) {
    return repo.accountRow(tx, id);
  }

  /**
   * The names of whoever acted — people and the system actors alike (a timeline names 企业诉求直通车（系统）, where
   * account lookups, which a system actor never passes, find nobody).
   */
  async function actorNames(ids: string[], tx: Tx = db): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await tx
      .select({ id: people.id, displayName: people.displayName })
      .from(people)
      .where(inArray(people.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** Active people of these units holding any of these roles (notification recipients). */
  async function peopleInUnits(
    jurisdictionId: string,
    unitIds: string[],
    roles: Role[],
    tx: Tx = db,
  ): Promise<string[]> {
    if (unitIds.length === 0) return [];
    const rows = await tx
      .selectDistinct({ id: people.id })
      .from(people)
      .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
      .where(
        and(
          eq(people.jurisdictionId, jurisdictionId),
          eq(people.active, true),
          isNull(people.system),
          inArray(people.unitId, unitIds),
          inArray(roleAssignments.role, roles),
        ),
      );
    return rows.map((r) => r.id);
  }

  /**
   * peopleInUnits as a query (one column `id`), for a statement that uses them in place (a notice's recipients).
   * Written out rather than built by drizzle: it is part of every issued item's statement (issue 16).
   */
  function peopleInUnitsQuery(jurisdictionId: string, unitIds: string[], roles: Role[]): SQL {
    return sql`SELECT DISTINCT p.id FROM people p JOIN role_assignments ra ON ra.person_id = p.id
      WHERE p.jurisdiction_id = ${jurisdictionId}::uuid AND p.active AND p.system IS NULL
        AND p.unit_id = ANY(${sql.param(unitIds)}::uuid[]) AND ra.role = ANY(${sql.param(roles)}::text[])`;
  }

  /** Active leaders who 分管 a unit. */
  async function leadersOf(unitId: string, tx: Tx = db): Promise<string[]> {
    const rows = await tx
      .selectDistinct({ id: people.id })
      .from(leaderUnits)
      .innerJoin(people, eq(people.id, leaderUnits.personId))
      .where(and(eq(leaderUnits.unitId, unitId), eq(people.active, true)));
    return rows.map((r) => r.id);
  }

  /** Active people of the jurisdiction with a role (e.g. the supervision office). */
  async function peopleWithRole(jurisdictionId: string, role: Role, tx: Tx = db): Promise<string[]> {
    const rows = await tx
      .selectDistinct({ id: people.id })
      .from(people)
      .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
      .where(
        and(
          eq(people.jurisdictionId, jurisdictionId),
          eq(people.active, true),
          isNull(people.system),
          eq(roleAssignments.role, role),
        ),
      );
    return rows.map((r) => r.id);
  }

  async function jurisdictionIds(): Promise<string[]> {
    return (await db.select({ id: jurisdictions.id }).from(jurisdictions)).map((r) => r.id);
  }

  /**
   * How an imported sheet's names are read against the organisation the caller sees: unit names, short names and
   * aliases (an ambiguous one maps to null), the labels for closest-match suggestions, the leaders by name, and
   * the active people. The task and project imports read their files with these.
   */
  async function nameLookups(actor: Actor) {
    const active = (await listUnits(actor)).filter((u) => u.active);
    const idOf = new Map(active.map((u) => [u.name, u.id]));
    const unitIndex = new Map(
      [...unitNameIndex(active)].map(([label, name]) => [label, name === null ? null : (idOf.get(name) ?? null)]),
    );
    const unitLabels = active.flatMap((u) =>
      [u.name, u.shortName ?? '', ...u.aliases].filter(Boolean).map((label) => ({ label, canonical: u.name })),
    );
    const activePeople = (await listPeople(actor, { active: 'true', page: 1, pageSize: 100_000 })).items;
    const leadersByName = new Map<string, string[]>();
    for (const p of activePeople.filter((p) => p.roles.includes('leader') || p.roles.includes('principal')))
      leadersByName.set(p.displayName, [...(leadersByName.get(p.displayName) ?? []), p.id]);
    return { units: active, unitIndex, unitLabels, leadersByName, people: activePeople };
  }

  return {
    systemPerson,
    nameLookups,
    peopleInUnits,
    peopleInUnitsQuery,
    leadersOf,
    peopleWithRole,
    jurisdictionIds,
    ensureJurisdiction,
    getJurisdiction,
    organisedJurisdictions,
    listUnits,
    unitNames,
    unitNameSql,
    displayNames,
    personNameSql,
    activeUnitIds,
    getUnit,
    createUnit,
    updateUnit,
    setUnitActive,
    listPeople,
    getPerson,
    createPerson,
    updatePerson,
    setPersonActive,
    setRoles,
    accountByUsername,
    accountById,
    actorNames,
    auditAs,
  };
}
