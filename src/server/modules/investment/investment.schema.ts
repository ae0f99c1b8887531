import {
  bigserial,
  primaryKey,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * 招商引资 (issue 19). Chains and their links (产业链图谱), leads with their events (招商线索: stages, follow-ups,
 * signing events, lost), confirmed funds in place (到位资金) and the idle-site inventory (闲置土地、低效厂房). A lead's
 * 开工 and 投产 are not stored here: they are its project's pool moves in the project library.
 */
export const chains = pgTable(
  'chains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    name: text('name').notNull(),
    /** 链长 */
    chiefLeaderId: uuid('chief_leader_id').notNull(),
    leadUnitId: uuid('lead_unit_id').notNull(),
    parkUnitId: uuid('park_unit_id'),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('chains_name_uq').on(t.jurisdictionId, t.name)],
);

export const chainLinks = pgTable(
  'chain_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chainId: uuid('chain_id')
      .notNull()
      .references(() => chains.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    parentId: uuid('parent_id'),
    name: text('name').notNull(),
    tier: text('tier').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Local enterprises needed for the link to count as covered. */
    enough: integer('enough').notNull().default(3),
    /** Members from the enterprise registry (ids), and those of them that are 链主. */
    enterpriseIds: jsonb('enterprise_ids').$type<string[]>().notNull().default([]),
    anchorIds: jsonb('anchor_ids').$type<string[]>().notNull().default([]),
    /** GB/T 4754 大类 codes whose registered enterprises belong to the link. */
    divisions: jsonb('divisions').$type<string[]>().notNull().default([]),
    /** 招商目标清单: [{ name, region, why }] */
    targets: jsonb('targets').$type<{ name: string; region: string; why: string }[]>().notNull().default([]),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('chain_links_chain_idx').on(t.chainId, t.sortOrder)],
);

export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    serial: integer('serial').notNull(),
    investor: text('investor').notNull(),
    projectName: text('project_name').notNull(),
    industry: text('industry').notNull().default(''),
    chainId: uuid('chain_id').references(() => chains.id),
    linkId: uuid('link_id').references(() => chainLinks.id),
    /** 万元 (normalised on entry). */
    investment: numeric('investment', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    spaceKind: text('space_kind'),
    spaceMin: doublePrecision('space_min'),
    spaceMax: doublePrecision('space_max'),
    landUse: text('land_use'),
    powerKva: doublePrecision('power_kva'),
    waterTonsPerDay: doublePrecision('water_tons_per_day'),
    source: text('source').notNull(),
    responsibleUnitId: uuid('responsible_unit_id').notNull(),
    taskForce: text('task_force'),
    leaderId: uuid('leader_id'),
    description: text('description').notNull().default(''),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** The furthest stage typed (开工/投产 of a converted lead come from its project). */
    stage: text('stage').notNull().default('lead'),
    closed: boolean('closed').notNull().default(false),
    lostReason: text('lost_reason'),
    lastEventOn: date('last_event_on', { mode: 'string' }),
    /** First signing (签约) of the investment; later signing events do not move it. */
    signedOn: date('signed_on', { mode: 'string' }),
    projectId: uuid('project_id'),
    siteId: uuid('site_id'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('leads_jurisdiction_idx').on(t.jurisdictionId, t.serial),
    index('leads_unit_idx').on(t.responsibleUnitId),
    index('leads_link_idx').on(t.linkId),
    uniqueIndex('leads_project_uq').on(t.projectId),
    // Site-side matching: open leads not yet landed, by kind and target area (the rule's), read outward.
    index('leads_match_idx')
      .on(t.jurisdictionId, t.spaceKind, sql`coalesce(${t.spaceMax}, ${t.spaceMin})`, t.id)
      .where(sql`${t.closed} = false AND ${t.siteId} IS NULL`),
  ],
);

/** Everything that happened to a lead, never changed: creation, stages, follow-ups, signing events, lost, conversion. */
export const leadEvents = pgTable(
  'lead_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    action: text('action').notNull(),
    stage: text('stage').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    occasion: text('occasion'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    actorPersonId: uuid('actor_person_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lead_events_lead_idx').on(t.leadId, t.seq)],
);

/** 到位资金: entered with its evidence (bank receipt, 验资), counted once the office confirms it. */
export const leadFunds = pgTable(
  'lead_funds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    enteredBy: uuid('entered_by').notNull(),
    confirmedBy: uuid('confirmed_by'),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
  },
  (t) => [index('lead_funds_lead_idx').on(t.leadId)],
);

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    serial: integer('serial').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    area: doublePrecision('area').notNull(),
    landUse: text('land_use').notNull(),
    address: text('address').notNull().default(''),
    townshipUnitId: uuid('township_unit_id'),
    responsibleUnitId: uuid('responsible_unit_id').notNull(),
    ownership: text('ownership').notNull(),
    owner: text('owner').notNull().default(''),
    powerKva: doublePrecision('power_kva'),
    waterTonsPerDay: doublePrecision('water_tons_per_day'),
    askingTerms: text('asking_terms').notNull().default(''),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    state: text('state').notNull().default('idle'),
    stateSince: date('state_since', { mode: 'string' }).notNull(),
    leadId: uuid('lead_id'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sites_jurisdiction_idx').on(t.jurisdictionId, t.serial),
    // Matching reads the sites of a kind nearest a lead's target area first (never those already 已盘活).
    index('sites_match_idx').on(t.jurisdictionId, t.kind, t.area, t.id).where(sql`${t.state} <> 'revitalised'`),
  ],
);

/**
 * The agreement's commitments (履约): what a lead's commitment adds to its supervised item (kind 'commitment'): the
 * side (investor / county), the type, the figure promised, and the date the unit says it was fulfilled. The item's
 * deadline is the promised date; an overdue county commitment raises a blocker on the lead's project (`blockerId`).
 */
export const leadCommitments = pgTable(
  'lead_commitments',
  {
    id: uuid('id').primaryKey(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    side: text('side').notNull(),
    type: text('type').notNull(),
    description: text('description').notNull().default(''),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }),
    due: date('due', { mode: 'string' }).notNull(),
    fulfilledOn: date('fulfilled_on', { mode: 'string' }),
    blockerId: uuid('blocker_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('lead_commitments_lead_idx').on(t.leadId), index('lead_commitments_j_idx').on(t.jurisdictionId)],
);

/** An enterprise's later demand (企业诉求, kind 'demand') linked back to the agreement it concerns. */
export const leadDemandLinks = pgTable(
  'lead_demand_links',
  {
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    demandId: uuid('demand_id').notNull(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.demandId] }), uniqueIndex('lead_demand_links_demand_uq').on(t.demandId)],
);

/**
 * The year's targets of the county's 招商 (签约项目数, 签约额, 到位资金, 开工率 of the year's signed projects, 投产数,
 * 盘活 area): each followed on the indicators' trajectory (序时进度) in the summary and the cockpit.
 */
export const investmentTargets = pgTable(
  'investment_targets',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    year: integer('year').notNull(),
    signedCount: integer('signed_count'),
    /** 万元 */
    signedAmount: numeric('signed_amount', { precision: 14, scale: 2, mode: 'number' }),
    fundsInPlace: numeric('funds_in_place', { precision: 14, scale: 2, mode: 'number' }),
    /** 开工率 of the year's signed projects, 0–1. */
    startRate: doublePrecision('start_rate'),
    producingCount: integer('producing_count'),
    /** 盘活 land, 亩 */
    revitalisedAreaMu: doublePrecision('revitalised_area_mu'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.year] })],
);

/**
 * Days without follow-up before a lead turns yellow and red, by stage, as the county sets them (none stored: the
 * shipped defaults, DEFAULT_STALL_DAYS). The lights, the cockpit and the weekly round's agenda read them.
 */
export const leadStallDays = pgTable('lead_stall_days', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  days: jsonb('days').$type<Record<string, { yellow: number; red: number }>>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Photos of a site (现场照片): image attachments uploaded for it; removing one drops the link, the audit keeps it. */
export const sitePhotos = pgTable(
  'site_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
    caption: text('caption').notNull().default(''),
    addedBy: uuid('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('site_photos_site_idx').on(t.siteId, t.addedAt),
    uniqueIndex('site_photos_attachment_uq').on(t.attachmentId),
  ],
);
