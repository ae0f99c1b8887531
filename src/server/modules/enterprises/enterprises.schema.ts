import { GIN_NO_PENDING } from '../../db/indexes';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { supervisedItems } from '../supervision/supervision.schema';

/**
 * What the registry's search looks in: the name, the code and the legal representative (one text, so one index).
 * `search_grams(jurisdiction, text)` (migration 0047) gives the text's two-character pieces, lower-cased and tagged
 * with the jurisdiction: an enterprise whose text holds a search term holds every piece of it, so the GIN index on
 * the pieces narrows a search to the few rows holding them all, and ILIKE then keeps those that hold the term. Not
 * pg_trgm: in a database of the C locale (the embedded one) its trigrams skip Chinese characters.
 */
export const enterpriseSearchGrams = (t: {
  jurisdictionId: AnyPgColumn;
  name: AnyPgColumn;
  creditCode: AnyPgColumn;
  legalRepresentative: AnyPgColumn;
}) =>
  sql`search_grams(${t.jurisdictionId}, ${t.name} || ' ' || ${t.creditCode} || ' ' || coalesce(${t.legalRepresentative}, ''))`;

/**
 * The county's enterprises (企业库, docs/ENTERPRISES.md): one row per 统一社会信用代码 in a jurisdiction. Key
 * enterprises are 包联 by a county leader, the others by a unit and a named person. A row received from the
 * enterprise's own channel before the office knew it is `confirmed` false until the office confirms it.
 */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    legalRepresentative: text('legal_representative'),
    /** GB/T 4754 门类 (A–T) and 大类 ('01'–'97'). */
    industrySection: text('industry_section'),
    industryDivision: text('industry_division'),
    /** 规上 (above designated size) or 规下. */
    scale: text('scale'),
    /** 大型 / 中型 / 小型 / 微型. */
    size: text('size'),
    /** The township or park (a unit of kind township or park). */
    areaUnitId: uuid('area_unit_id'),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    /** [{ name, title, mobile }] */
    contacts: jsonb('contacts').notNull().default(sql`'[]'::jsonb`),
    employees: integer('employees'),
    foundedOn: date('founded_on', { mode: 'string' }),
    /** 重点企业: 包联 by a county leader. */
    key: boolean('key').notNull().default(false),
    liaisonLeaderId: uuid('liaison_leader_id'),
    liaisonUnitId: uuid('liaison_unit_id'),
    liaisonPerson: text('liaison_person'),
    confirmed: boolean('confirmed').notNull().default(true),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.jurisdictionId, t.creditCode),
    index('enterprises_name_idx').on(t.jurisdictionId, t.name),
    // The registry's order (key enterprises first, then by name): a page is read in order and stops at its last row.
    index('enterprises_order_idx').on(t.jurisdictionId, t.key.desc().nullsFirst(), t.name, t.id),
    // Search by a fragment of the name, code or legal representative (see enterpriseSearchGrams).
    index('enterprises_search_idx').using('gin', enterpriseSearchGrams(t)).with(GIN_NO_PENDING),
    index('enterprises_industry_idx').on(t.jurisdictionId, t.industrySection, t.industryDivision),
    index('enterprises_leader_idx').on(t.liaisonLeaderId),
    index('enterprises_unit_idx').on(t.liaisonUnitId),
  ],
);

/**
 * 包联 history (docs/ENTERPRISES.md, "包联 and its history"): each assignment of an enterprise to a county leader
 * and/or a unit (with its named person) for a span of days, `from_on` inclusive to `until_on` exclusive (null: it
 * holds now). A reassignment ends the open period on the day the new one starts, in one transaction; deactivating
 * an enterprise ends it; an unconfirmed enterprise has none. The enterprise's `liaison_*` columns are the open
 * period's (what lists and scoping read); coverage of a quarter reads the periods.
 */
export const enterpriseLiaisons = pgTable(
  'enterprise_liaisons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    leaderId: uuid('leader_id'),
    unitId: uuid('unit_id'),
    person: text('person'),
    fromOn: date('from_on', { mode: 'string' }).notNull(),
    untilOn: date('until_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    endedBy: uuid('ended_by'),
  },
  (t) => [
    uniqueIndex('enterprise_liaisons_open_uq').on(t.enterpriseId).where(sql`until_on IS NULL`),
    index('enterprise_liaisons_enterprise_idx').on(t.enterpriseId, t.fromOn),
    index('enterprise_liaisons_span_idx').on(t.jurisdictionId, t.fromOn, t.untilOn),
  ],
);

/**
 * 企业诉求: what a demand adds to its supervised item (kind 'demand'). The clock starts at `receivedAt`; the three
 * limits are fixed at receipt from the category's limits. The enterprise follows it with a private link whose
 * token is kept only as its sha256.
 */
export const demands = pgTable(
  'demands',
  {
    id: uuid('id')
      .primaryKey()
      .references(() => supervisedItems.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    trackingCode: text('tracking_code').notNull(),
    tokenHash: text('token_hash').notNull(),
    category: text('category').notNull(),
    text: text('text').notNull(),
    source: text('source').notNull(),
    contactName: text('contact_name'),
    contactMobile: text('contact_mobile'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    contactDueAt: timestamp('contact_due_at', { withTimezone: true }).notNull(),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }).notNull(),
    contactedAt: timestamp('contacted_at', { withTimezone: true }),
    firstRepliedAt: timestamp('first_replied_at', { withTimezone: true }),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    /** The first rating when it was 不满意 and reopened the demand. */
    firstRating: text('first_rating'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** The visit it was raised on (source 'visit', created from the visit in one step). */
    visitId: uuid('visit_id'),
    /** 撤单回访: the office called the enterprise back after a withdrawal — when, whether it withdrew of its own will. */
    withdrawalCheckedAt: timestamp('withdrawal_checked_at', { withTimezone: true }),
    withdrawalVoluntary: boolean('withdrawal_voluntary'),
    withdrawalCheckNote: text('withdrawal_check_note'),
  },
  (t) => [
    uniqueIndex('demands_tracking_uq').on(t.trackingCode),
    uniqueIndex('demands_token_uq').on(t.tokenHash),
    index('demands_enterprise_idx').on(t.enterpriseId),
    index('demands_received_idx').on(t.jurisdictionId, t.receivedAt),
  ],
);

/** 答复: what the handling unit writes to the enterprise (a plan, or the final answer that asks for a rating). */
export const demandReplies = pgTable(
  'demand_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    demandId: uuid('demand_id')
      .notNull()
      .references(() => demands.id),
    text: text('text').notNull(),
    final: boolean('final').notNull(),
    unitId: uuid('unit_id').notNull(),
    byPersonId: uuid('by_person_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The files sent to the enterprise with this answer (attachments bound to the demand): the enterprise sees and
     * downloads these through its link; the demand's other files (the loop's evidence) stay internal.
     */
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index('demand_replies_demand_idx').on(t.demandId, t.at)],
);

/** Time limits per category a jurisdiction set (else the defaults in src/shared/domain/demands.ts). */
export const demandLimits = pgTable(
  'demand_limits',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    category: text('category').notNull(),
    contactHours: integer('contact_hours').notNull(),
    replyDays: integer('reply_days').notNull(),
    resolveDays: integer('resolve_days').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('demand_limits_uq').on(t.jurisdictionId, t.category)],
);

/** The key that signs the public channel's challenges, made on first use: every instance signs and checks alike. */
export const publicChannelKeys = pgTable('public_channel_keys', {
  id: integer('id').primaryKey(),
  key: text('key').notNull(),
});

/**
 * 走访 (大走访、早餐会、政企座谈、现场办公): who went (leaders, units), when, what was discussed; the enterprises
 * met are `visit_enterprises` (one row each, with the day, so coverage and "not visited for N months" are one
 * indexed query). Demands raised on it point back with `demands.visit_id`.
 */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    title: text('title'),
    place: text('place'),
    leaderIds: uuid('leader_ids').array().notNull().default(sql`'{}'::uuid[]`),
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    discussed: text('discussed').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visits_on_idx').on(t.jurisdictionId, t.on),
    index('visits_leaders_idx').using('gin', t.leaderIds).with(GIN_NO_PENDING),
    index('visits_units_idx').using('gin', t.unitIds).with(GIN_NO_PENDING),
  ],
);

export const visitEnterprises = pgTable(
  'visit_enterprises',
  {
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    on: date('on', { mode: 'string' }).notNull(),
  },
  (t) => [
    uniqueIndex('visit_enterprises_uq').on(t.visitId, t.enterpriseId),
    index('visit_enterprises_enterprise_idx').on(t.enterpriseId, t.on),
  ],
);

/** 后备库/培育库: a county's libraries (拟上市、科技型中小企业、高新技术企业、专精特新、链主), their stages and entry criteria. */
export const enterpriseLibraries = pgTable(
  'enterprise_libraries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    stages: text('stages').array().notNull(),
    criteria: text('criteria').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('enterprise_libraries_code_uq').on(t.jurisdictionId, t.code)],
);

/** A yearly target of new members (新增科技型中小企业 N 家). */
export const libraryTargets = pgTable(
  'library_targets',
  {
    libraryId: uuid('library_id')
      .notNull()
      .references(() => enterpriseLibraries.id),
    year: integer('year').notNull(),
    newMembers: integer('new_members').notNull(),
  },
  (t) => [uniqueIndex('library_targets_uq').on(t.libraryId, t.year)],
);

/** A member of a library: its stage now, since when; left when it left (it may enter again, a new row). */
export const libraryMembers = pgTable(
  'library_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    libraryId: uuid('library_id')
      .notNull()
      .references(() => enterpriseLibraries.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    stage: text('stage').notNull(),
    enteredOn: date('entered_on', { mode: 'string' }).notNull(),
    stageOn: date('stage_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    leftReason: text('left_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('library_members_current_uq').on(t.libraryId, t.enterpriseId).where(sql`left_on IS NULL`),
    index('library_members_enterprise_idx').on(t.enterpriseId),
  ],
);

/** Every movement of a member (入库, a stage reached, 出库): the library's history and its yearly movements. */
export const libraryMovements = pgTable(
  'library_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    libraryId: uuid('library_id').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => libraryMembers.id),
    enterpriseId: uuid('enterprise_id').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage'),
    on: date('on', { mode: 'string' }).notNull(),
    note: text('note'),
    byPersonId: uuid('by_person_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('library_movements_library_idx').on(t.libraryId, t.on)],
);

/** 亩均论英雄: an enterprise's year — land, tax, output or revenue, energy, employees (万元, 亩, 吨标煤). */
export const muRecords = pgTable(
  'mu_records',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    year: integer('year').notNull(),
    landMu: doublePrecision('land_mu'),
    idleLandMu: doublePrecision('idle_land_mu'),
    tax: doublePrecision('tax'),
    output: doublePrecision('output'),
    energy: doublePrecision('energy'),
    employees: integer('employees'),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mu_records_uq').on(t.enterpriseId, t.year),
    index('mu_records_year_idx').on(t.jurisdictionId, t.year),
  ],
);

/** The county's A/B/C/D thresholds (src/shared/domain/mu.ts MuThresholds). */
export const muSettings = pgTable('mu_settings', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  thresholds: jsonb('thresholds').notNull(),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 亩均论英雄 kept (docs/ENTERPRISES.md, "The kept evaluation"): a county's year classed and ranked once, read a page
 * at a time. `pos` is the row's place best first (ranked rows by county rank, then the unranked by name and id);
 * every filter has an index ending in `pos`, worst first reads the ranked part backwards. Never written by hand:
 * `mu.service.ts` (refresh) replaces a county-year's rows in one transaction when `mu_evaluation_state` says the
 * inputs changed since.
 */
export const muEvaluations = pgTable(
  'mu_evaluations',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    year: integer('year').notNull(),
    pos: integer('pos').notNull(),
    enterpriseId: uuid('enterprise_id').notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    industrySection: text('industry_section'),
    industryDivision: text('industry_division'),
    areaUnitId: uuid('area_unit_id'),
    landMu: doublePrecision('land_mu'),
    idleLandMu: doublePrecision('idle_land_mu'),
    tax: doublePrecision('tax'),
    output: doublePrecision('output'),
    energy: doublePrecision('energy'),
    employees: integer('employees'),
    taxPerMu: doublePrecision('tax_per_mu'),
    outputPerMu: doublePrecision('output_per_mu'),
    outputPerEnergy: doublePrecision('output_per_energy'),
    outputPerEmployee: doublePrecision('output_per_employee'),
    muClass: text('mu_class'),
    countyRank: integer('county_rank'),
    areaRank: integer('area_rank'),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.year, t.pos] }),
    index('mu_evaluations_class_idx').on(t.jurisdictionId, t.year, t.muClass, t.pos),
    index('mu_evaluations_area_idx').on(t.jurisdictionId, t.year, t.areaUnitId, t.pos),
    index('mu_evaluations_section_idx').on(t.jurisdictionId, t.year, t.industrySection, t.pos),
    index('mu_evaluations_division_idx').on(t.jurisdictionId, t.year, t.industryDivision, t.pos),
    index('mu_evaluations_idle_idx')
      .on(t.jurisdictionId, t.year, t.pos)
      .where(sql`mu_class = 'D' AND idle_land_mu > 0`),
  ],
);

/**
 * Whether a county-year's kept evaluation is current: writers of its inputs (亩均 records, thresholds, an
 * enterprise's name, code, township or park, industry) bump `version` by trigger (migration 0043) in their own
 * transaction; a refresh stores the `version` it started from as `computedVersion`, with the thresholds it used and
 * the whole year's figures (class counts, areas, idle D-class). Equal versions: the kept rows are current.
 */
export const muEvaluationState = pgTable(
  'mu_evaluation_state',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    year: integer('year').notNull(),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    computedVersion: bigint('computed_version', { mode: 'number' }),
    thresholds: jsonb('thresholds'),
    summary: jsonb('summary'),
    computedAt: timestamp('computed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.year] })],
);

/**
 * 无事不扰: a contact a unit had with an enterprise besides visits and demands (a call, a data request, an
 * inspection): counted per enterprise and month with the visits, so the office sees who is contacted too often.
 */
export const enterpriseContacts = pgTable(
  'enterprise_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    note: text('note'),
    byPersonId: uuid('by_person_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('enterprise_contacts_enterprise_idx').on(t.enterpriseId, t.on),
    index('enterprise_contacts_on_idx').on(t.jurisdictionId, t.on),
  ],
);
