import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A county (县/区) or a higher level; every row of every ledger carries the jurisdiction it belongs to. */
export const jurisdictions = pgTable('jurisdictions', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  level: text('level').notNull().default('county'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    shortName: text('short_name'),
    /** Other names the unit goes by in speeches and spreadsheets (发改局 = 县发展和改革局). */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    kind: text('kind').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('units_parent_idx').on(t.parentId),
    // Names are unique among the active units of a jurisdiction, so imports and speeches resolve unambiguously.
    uniqueIndex('units_name_active_uq').on(t.jurisdictionId, t.name).where(sql`active`),
  ],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    /**
     * A system actor ('demand_channel': 企业诉求直通车（系统）), one per jurisdiction and kind: a real person row so
     * the events and audit records of what no official did by hand name someone, but one that never signs in (no
     * credential, refused by every account lookup), is never listed, assigned or given roles. Null: a person.
     */
    system: text('system'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_username_uq').on(sql`lower(${t.username})`),
    index('people_unit_idx').on(t.unitId),
    uniqueIndex('people_system_uq').on(t.jurisdictionId, t.system).where(sql`${t.system} IS NOT NULL`),
  ],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] })],
);

/** 分管: the units a leader is in charge of. */
export const leaderUnits = pgTable(
  'leader_units',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.unitId] })],
);
