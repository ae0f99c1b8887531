import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { ANY_PLAN, type Tx } from '../../db/client';
import { leaderUnits, people, roleAssignments, units } from './org.schema';
import type { Role } from '../../../shared/roles';

/** Queries of the organisation module; every function takes the transaction or database to run on. */
/** Each unit's id and names, no more (a list shows its units by name). */
export async function unitNamesOf(tx: Tx, jurisdictionId: string) {
  return tx
    .select({ id: units.id, name: units.name, shortName: units.shortName })
    .from(units)
    .where(eq(units.jurisdictionId, jurisdictionId));
}

/** People's display names by id, in one query. */
export async function displayNamesOf(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.select({ id: people.id, displayName: people.displayName }).from(people).where(inArray(people.id, ids));
}

export async function unitsOf(tx: Tx, jurisdictionId: string) {
  return tx
    .select({
      id: units.id,
      parentId: units.parentId,
      name: units.name,
      shortName: units.shortName,
      aliases: units.aliases,
      kind: units.kind,
      sortOrder: units.sortOrder,
      active: units.active,
      version: units.version,
      // The outer column is named with its table: in a one-table select Drizzle writes ${units.id} as a bare "id",
      // which inside this subquery would mean p.id and count nobody.
      peopleCount: sql<number>`(SELECT count(*)::int FROM ${people} p WHERE p.unit_id =
        ${units}.${sql.identifier('id')} AND p.active AND p.system IS NULL)`,
    })
    .from(units)
    .where(eq(units.jurisdictionId, jurisdictionId))
    .orderBy(asc(units.sortOrder), asc(units.name));
}

export async function unitById(tx: Tx, jurisdictionId: string, id: string) {
  const rows = await tx
    .select()
    .from(units)
    .where(and(eq(units.id, id), eq(units.jurisdictionId, jurisdictionId)));
  return rows[0];
}

export async function rolesOf(tx: Tx, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, { roles: Role[]; leaderUnitIds: string[] }>();
  const [r, l] = await Promise.all([
    tx.select().from(roleAssignments).where(inArray(roleAssignments.personId, personIds)),
    tx.select().from(leaderUnits).where(inArray(leaderUnits.personId, personIds)),
  ]);
  const map = new Map<string, { roles: Role[]; leaderUnitIds: string[] }>();
  for (const id of personIds) map.set(id, { roles: [], leaderUnitIds: [] });
  for (const a of r) map.get(a.personId)!.roles.push(a.role as Role);
  for (const a of l) map.get(a.personId)!.leaderUnitIds.push(a.unitId);
  for (const v of map.values()) v.roles.sort();
  return map;
}

export interface PeopleFilter {
  jurisdictionId: string;
  unitIds: string[] | null;
  unitId?: string;
  q?: string;
  role?: Role;
  active: 'true' | 'false' | 'all';
}

export function peopleWhere(f: PeopleFilter): SQL {
  // System actors are never listed (nor picked, counted or managed): they are nobody's colleague.
  const conds: SQL[] = [eq(people.jurisdictionId, f.jurisdictionId), isNull(people.system)];
  if (f.unitIds)
    conds.push(inArray(people.unitId, f.unitIds.length ? f.unitIds : ['00000000-0000-0000-0000-000000000000']));
  if (f.unitId) conds.push(eq(people.unitId, f.unitId));
  if (f.active !== 'all') conds.push(eq(people.active, f.active === 'true'));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(people.username, like), ilike(people.displayName, like), ilike(people.title, like))!);
  }
  if (f.role)
    conds.push(
      sql`EXISTS (SELECT 1 FROM ${roleAssignments} ra WHERE ra.person_id = ${people.id} AND ra.role = ${f.role})`,
    );
  return and(...conds)!;
}

export const personColumns = {
  id: people.id,
  username: people.username,
  displayName: people.displayName,
  title: people.title,
  phone: people.phone,
  email: people.email,
  unitId: people.unitId,
  unitName: units.name,
  active: people.active,
  version: people.version,
  jurisdictionId: people.jurisdictionId,
};

export async function findPeople(tx: Tx, where: SQL, limit: number, offset: number) {
  return tx
    .select(personColumns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(where)
    .orderBy(asc(units.sortOrder), asc(people.displayName))
    .limit(limit)
    .offset(offset);
}

export async function countPeople(tx: Tx, where: SQL) {
  const r = await tx.select({ n: sql<number>`count(*)::int` }).from(people).where(where);
  return r[0]?.n ?? 0;
}

export async function personById(tx: Tx, id: string) {
  const r = await tx
    .select(personColumns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(eq(people.id, id), isNull(people.system)));
  return r[0];
}

/** A person with roles and 分管 units in one round trip (every request resolves its caller this way). */
export async function accountRow(tx: Tx, id: string) {
  const r = await tx
    .select({
      ...personColumns,
      roles: sql<
        Role[]
      >`coalesce((SELECT array_agg(ra.role ORDER BY ra.role) FROM role_assignments ra WHERE ra.person_id = "people"."id"), '{}')`,
      leaderUnitIds: sql<
        string[]
      >`coalesce((SELECT array_agg(lu.unit_id::text) FROM leader_units lu WHERE lu.person_id = "people"."id"), '{}')`,
    })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    // A system actor has no account: no session or token ever resolves to it. A primary key lookup, planned alike in
    // either plan mode: resolving a session between two statements switches none (db/client.ts).
    .where(and(eq(people.id, id), isNull(people.system), ANY_PLAN));
  return r[0];
}

export async function personByUsername(tx: Tx, username: string) {
  const r = await tx
    .select(personColumns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(sql`lower(${people.username}) = lower(${username})`, isNull(people.system)));
  return r[0];
}

export async function countActiveWithRole(tx: Tx, jurisdictionId: string, role: Role) {
  const r = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(eq(people.jurisdictionId, jurisdictionId), eq(people.active, true), eq(roleAssignments.role, role)));
  return r[0]?.n ?? 0;
}
