import { z } from 'zod';
import { patchShape } from './patch';
import { Page } from './org';
import { IsoDateString, LightEnum, SupervisionAction, SupervisionState } from './supervision';
import { SECTION_CODES } from './domain/industry';
import { DEMAND_CATEGORIES, DEMAND_SOURCES, MAX_REPLY_FILES, RATINGS } from './domain/demands';
import { VISIT_KINDS } from './domain/visits';
import { MU_CLASSES, MuThresholds } from './domain/mu';

/** Contracts of the enterprise service (企业服务): the registry, demands, the enterprise's own channel. */
export const SCALES = ['above', 'below'] as const;
export const SCALE_LABELS = {
  above: { 'zh-CN': '规上', 'en-US': 'Above designated size' },
  below: { 'zh-CN': '规下', 'en-US': 'Below designated size' },
} as const;
export const SIZES = ['large', 'medium', 'small', 'micro'] as const;
export const SIZE_LABELS = {
  large: { 'zh-CN': '大型', 'en-US': 'Large' },
  medium: { 'zh-CN': '中型', 'en-US': 'Medium' },
  small: { 'zh-CN': '小型', 'en-US': 'Small' },
  micro: { 'zh-CN': '微型', 'en-US': 'Micro' },
} as const;

const text = (max: number) => z.string().trim().max(max);
export const Mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/);

export const Contact = z.strictObject({
  name: text(50).min(1),
  title: text(50).nullish(),
  mobile: text(20).nullish(),
});

export const EnterpriseCreate = z.strictObject({
  name: text(200).min(1),
  /** 统一社会信用代码: checked by its GB 32100 check character (full width and lower case accepted). */
  creditCode: text(40).min(1),
  legalRepresentative: text(50).nullish(),
  industrySection: z.enum(SECTION_CODES as [string, ...string[]]).nullish(),
  /** 大类, two digits ('39'); must belong to the section. */
  industryDivision: z
    .string()
    .regex(/^\d{2}$/)
    .nullish(),
  scale: z.enum(SCALES).nullish(),
  size: z.enum(SIZES).nullish(),
  /** 所在乡镇或园区 (a unit of kind township or park). */
  areaUnitId: z.uuid().nullish(),
  address: text(300).nullish(),
  location: z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).nullish(),
  contacts: z.array(Contact).max(10).default([]),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
  foundedOn: IsoDateString.nullish(),
  /** 重点企业, 包联 by a county leader. */
  key: z.boolean().default(false),
  liaisonLeaderId: z.uuid().nullish(),
  liaisonUnitId: z.uuid().nullish(),
  liaisonPerson: text(50).nullish(),
  /**
   * The day a new or changed 包联 takes effect (today by default): within this quarter and not after today, never
   * before the current 包联 began. The old period ends that day and the new one starts (docs/ENTERPRISES.md).
   */
  liaisonSince: IsoDateString.optional(),
});
export type EnterpriseCreate = z.infer<typeof EnterpriseCreate>;

/** One period of an enterprise's 包联 history: from (inclusive) until (exclusive; null while it holds). */
export const LiaisonPeriodOut = z.object({
  id: z.uuid(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  person: z.string().nullable(),
  from: z.string(),
  until: z.string().nullable(),
  current: z.boolean(),
});
export type LiaisonPeriodOut = z.infer<typeof LiaisonPeriodOut>;

export const EnterprisePatch = z
  .object(patchShape(EnterpriseCreate.shape))
  .extend({ confirmed: z.literal(true).optional(), active: z.boolean().optional() })
  .strict();
export type EnterprisePatch = z.infer<typeof EnterprisePatch>;

export const EnterpriseOut = z.object({
  id: z.uuid(),
  name: z.string(),
  creditCode: z.string(),
  legalRepresentative: z.string().nullable(),
  industrySection: z.string().nullable(),
  industryDivision: z.string().nullable(),
  industryName: z.string().nullable(),
  scale: z.enum(SCALES).nullable(),
  size: z.enum(SIZES).nullable(),
  areaUnitId: z.uuid().nullable(),
  areaName: z.string().nullable(),
  address: z.string().nullable(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  contacts: z.array(z.object({ name: z.string(), title: z.string().nullish(), mobile: z.string().nullish() })),
  employees: z.number().nullable(),
  foundedOn: z.string().nullable(),
  key: z.boolean(),
  liaisonLeaderId: z.uuid().nullable(),
  liaisonLeaderName: z.string().nullable(),
  liaisonUnitId: z.uuid().nullable(),
  liaisonUnitName: z.string().nullable(),
  liaisonPerson: z.string().nullable(),
  confirmed: z.boolean(),
  active: z.boolean(),
  openDemands: z.number().int(),
  version: z.number().int(),
});
export type EnterpriseOut = z.infer<typeof EnterpriseOut>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const EnterpriseQuery = Page.extend({
  /** Name, 统一社会信用代码 or legal representative. */
  q: text(100).optional(),
  section: z.enum(SECTION_CODES as [string, ...string[]]).optional(),
  division: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  scale: z.enum(SCALES).optional(),
  size: z.enum(SIZES).optional(),
  areaUnitId: z.uuid().optional(),
  liaisonLeaderId: z.uuid().optional(),
  liaisonUnitId: z.uuid().optional(),
  key: bool.optional(),
  confirmed: bool.optional(),
  /** The caller's own 包联 enterprises (a leader's, or the caller's unit's). */
  mine: bool.optional(),
}).strict();
export type EnterpriseQuery = z.infer<typeof EnterpriseQuery>;

/** What another module (investment chains, visits) shows of an enterprise: no contacts, no 包联 people. */
export const EnterpriseSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  creditCode: z.string(),
  industrySection: z.string().nullable(),
  industryDivision: z.string().nullable(),
  scale: z.enum(SCALES).nullable(),
  size: z.enum(SIZES).nullable(),
  areaUnitId: z.uuid().nullable(),
  key: z.boolean(),
});
export type EnterpriseSummary = z.infer<typeof EnterpriseSummary>;

// ---------- demands ----------
export const DemandCategory = z.enum(DEMAND_CATEGORIES);
export const DemandSource = z.enum(DEMAND_SOURCES);
export const RatingEnum = z.enum(RATINGS);
export const ClockStateEnum = z.enum(['on_time', 'late', 'pending', 'overdue']);

export const DemandCreate = z.strictObject({
  enterpriseId: z.uuid(),
  category: DemandCategory,
  text: text(5000).min(1),
  /** Where it came from (the enterprise's own channel files its own). */
  source: z.enum(['visit', 'hotline', 'leader', 'office']),
  /** 承办单位: default the enterprise's 包联 unit, or the caller's unit. */
  handlingUnitId: z.uuid().nullish(),
  coUnitIds: z.array(z.uuid()).max(20).default([]),
  /** When it was received (a visit recorded afterwards); default now, never in the future. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  contactName: text(50).nullish(),
  contactMobile: Mobile.nullish(),
});
export type DemandCreate = z.infer<typeof DemandCreate>;

/** A file sent with a demand (by the enterprise) or with an answer (to it): checked as evidence is (type by content, size, archives). */
export const DemandFileOut = z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number() });
export type DemandFileOut = z.infer<typeof DemandFileOut>;

/** An answer to the enterprise, with the files sent with it (the enterprise downloads them through its link). */
export const DemandReplyOut = z.object({
  id: z.uuid(),
  text: z.string(),
  final: z.boolean(),
  at: z.string(),
  files: z.array(DemandFileOut),
});

export const DemandOut = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  category: DemandCategory,
  text: z.string(),
  source: DemandSource,
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable(),
  receivedAt: z.string(),
  contactDueAt: z.string(),
  replyDueAt: z.string(),
  resolveDue: z.string(),
  contactedAt: z.string().nullable(),
  firstRepliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  replies: z.array(DemandReplyOut.extend({ unitName: z.string().nullable() })),
  rating: RatingEnum.nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  firstRating: RatingEnum.nullable(),
  reopenCount: z.number().int(),
  handlingUnitId: z.uuid(),
  handlingUnitName: z.string().nullable(),
  coUnitIds: z.array(z.uuid()),
  leadLeaderId: z.uuid().nullable(),
  state: SupervisionState,
  light: LightEnum,
  clocks: z.object({ contact: ClockStateEnum, reply: ClockStateEnum, resolve: ClockStateEnum }),
  /** A demand's page only: the time lost between units (each unit's hold before giving it back; the office's wait). */
  timeLost: z
    .object({
      units: z.array(
        z.object({
          unitId: z.uuid(),
          unitName: z.string().nullable(),
          returns: z.number().int(),
          heldHours: z.number(),
        }),
      ),
      officeWaitHours: z.number(),
      waitingWithOffice: z.boolean(),
    })
    .optional(),
  /** A demand's page only: the files the enterprise sent with it (企业诉求直通车). */
  enterpriseFiles: z.array(DemandFileOut).optional(),
  /** What the caller may do now (the demand's own words: assign, accept, return, contact, reply, close, cancel, rate). */
  actions: z.array(z.string()),
  coreActions: z.array(SupervisionAction),
  version: z.number().int(),
});
export type DemandOut = z.infer<typeof DemandOut>;

export const DemandQuery = Page.extend({
  /** open: not closed or cancelled; awaiting_rating: answered, waiting for the enterprise. */
  status: z.enum(['all', 'open', 'awaiting_rating', 'closed', 'unrouted']).default('all'),
  category: DemandCategory.optional(),
  unitId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  rating: RatingEnum.optional(),
  source: DemandSource.optional(),
  /** A limit missed (contact, reply or resolve overdue or met late). */
  late: bool.optional(),
  /**
   * 超过办结时限: still open (not closed or withdrawn, waiting with the office included: the clock runs from receipt)
   * and past the resolve date — what the cockpit counts as overdue.
   */
  overdue: bool.optional(),
  receivedFrom: IsoDateString.optional(),
  receivedTo: IsoDateString.optional(),
  q: text(100).optional(),
}).strict();
export type DemandQuery = z.infer<typeof DemandQuery>;

export const DemandAssignIn = z.strictObject({
  handlingUnitId: z.uuid(),
  coUnitIds: z.array(z.uuid()).max(20).default([]),
});
export const DemandReplyIn = z.strictObject({
  text: text(5000).min(1),
  /** The final answer (办结答复): the enterprise is asked to rate it. Otherwise a plan or an interim answer. */
  final: z.boolean(),
  /** Files sent to the enterprise with the answer: the caller's uploads (`POST /attachments`, checked as evidence is). */
  attachmentIds: z.array(z.uuid()).max(MAX_REPLY_FILES).default([]),
});
export const DemandContactIn = z.strictObject({ note: text(2000).nullish() });
export const DemandReasonIn = z.strictObject({ reason: text(2000).min(1) });
export const RatingIn = z.strictObject({ rating: RatingEnum, comment: text(1000).nullish() });

export const DemandLimitsOut = z.object({
  items: z.array(
    z.object({
      category: DemandCategory,
      contactHours: z.number().int(),
      replyDays: z.number().int(),
      resolveDays: z.number().int(),
      custom: z.boolean(),
    }),
  ),
});
export const DemandLimitsPut = z.strictObject({
  items: z
    .array(
      z.strictObject({
        category: DemandCategory,
        contactHours: z.number().int().min(1).max(72),
        replyDays: z.number().int().min(1).max(30),
        resolveDays: z.number().int().min(1).max(120),
      }),
    )
    .min(1)
    .max(DEMAND_CATEGORIES.length),
});

// ---------- the enterprise's own channel (no sign-in) ----------
export const ChallengeOut = z.object({
  /** The question, in words and figures ("7 加 5 等于几？"). */
  question: z.string(),
  /** Signed and time-limited; sent back with the answer. */
  challenge: z.string(),
});

export const PublicDemandIn = z.strictObject({
  creditCode: text(40).min(1),
  enterpriseName: text(200).min(1),
  contactName: text(50).min(1),
  contactMobile: Mobile,
  category: DemandCategory.default('other'),
  text: text(5000).min(5),
  challenge: z.string().max(500),
  answer: z.string().trim().max(10),
  /** The county's code (its link /public/enterprise/<code>); may be left out while the platform serves one county. */
  jurisdiction: z.string().trim().min(1).max(64).optional(),
});

/** A county the channel serves: its code (in its link) and name. */
export const PublicCounty = z.object({ code: z.string(), name: z.string() });
export type PublicCounty = z.infer<typeof PublicCounty>;

export const PublicDemandCreated = z.object({
  trackingCode: z.string(),
  /** The private link's secret: shown once, kept by us only as its hash. */
  token: z.string(),
  link: z.string(),
});

/** What the enterprise sees: its demand, the unit handling it, the answers, its rating — nothing internal. */
export const PublicDemandOut = z.object({
  /** The county that received it. */
  county: PublicCounty,
  trackingCode: z.string(),
  enterpriseName: z.string(),
  category: DemandCategory,
  text: z.string(),
  receivedAt: z.string(),
  status: z.enum(['received', 'handling', 'answered', 'closed', 'withdrawn']),
  handlingUnitName: z.string().nullable(),
  replyDueAt: z.string(),
  resolveDue: z.string(),
  replies: z.array(DemandReplyOut),
  canRate: z.boolean(),
  rating: RatingEnum.nullable(),
  ratingComment: z.string().nullable(),
  reopened: z.boolean(),
  /** The files the enterprise sent (its own only); more may be added while the demand is open. */
  files: z.array(DemandFileOut),
  canAddFiles: z.boolean(),
});
export type PublicDemandOut = z.infer<typeof PublicDemandOut>;

// ---------- visits (走访) ----------
export const VisitKindEnum = z.enum(VISIT_KINDS);

/** A demand raised on a visit: created with the visit, in one step (source 'visit'). */
export const VisitDemandIn = z.strictObject({
  enterpriseId: z.uuid(),
  category: DemandCategory,
  text: text(5000).min(1),
  /** 承办单位: default the enterprise's 包联 unit (else the office routes it). */
  handlingUnitId: z.uuid().nullish(),
});

export const VisitCreate = z.strictObject({
  on: IsoDateString,
  kind: VisitKindEnum,
  title: text(200).nullish(),
  place: text(200).nullish(),
  /** County leaders present (a leader recording the visit is among them). */
  leaderIds: z.array(z.uuid()).max(30).default([]),
  /** Units present (a unit recording the visit is among them). */
  unitIds: z.array(z.uuid()).max(50).default([]),
  /** 走访企业: the enterprises met. */
  enterpriseIds: z.array(z.uuid()).min(1).max(200),
  /** 交流内容: what was discussed. */
  discussed: text(10000).min(1),
  /** 企业诉求: demands raised, each created on the core with the visit. */
  demands: z.array(VisitDemandIn).max(50).default([]),
});
export type VisitCreate = z.infer<typeof VisitCreate>;

export const VisitOut = z.object({
  id: z.uuid(),
  on: z.string(),
  kind: VisitKindEnum,
  title: z.string().nullable(),
  place: z.string().nullable(),
  leaders: z.array(z.object({ id: z.uuid(), name: z.string() })),
  units: z.array(z.object({ id: z.uuid(), name: z.string() })),
  enterprises: z.array(z.object({ id: z.uuid(), name: z.string() })),
  discussed: z.string(),
  demands: z.array(
    z.object({
      id: z.uuid(),
      trackingCode: z.string(),
      enterpriseId: z.uuid(),
      category: DemandCategory,
      text: z.string(),
    }),
  ),
  createdAt: z.string(),
});
export type VisitOut = z.infer<typeof VisitOut>;

export const VisitQuery = Page.extend({
  from: IsoDateString.optional(),
  to: IsoDateString.optional(),
  kind: VisitKindEnum.optional(),
  enterpriseId: z.uuid().optional(),
  leaderId: z.uuid().optional(),
  unitId: z.uuid().optional(),
}).strict();
export type VisitQuery = z.infer<typeof VisitQuery>;

const CoverageRowOut = z.object({
  id: z.uuid(),
  name: z.string(),
  total: z.number().int(),
  visited: z.number().int(),
  share: z.number().nullable(),
});
export const CoverageQuery = z.strictObject({
  /** 'YYYY-Qn'; default this quarter. */
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional(),
});
export const CoverageOut = z.object({
  quarter: z.string(),
  from: z.string(),
  to: z.string(),
  /** How coverage is counted (shown with the figure). */
  definition: z.string(),
  leaders: z.array(CoverageRowOut),
  units: z.array(CoverageRowOut),
  /** The whole county: 包联 enterprises met by their own leader or unit this quarter. */
  county: z.object({ total: z.number().int(), visited: z.number().int(), share: z.number().nullable() }),
});
export type CoverageOut = z.infer<typeof CoverageOut>;

export const UnvisitedQuery = Page.extend({
  /** Not visited by anyone for this many months (default 6). */
  months: z.coerce.number().int().min(1).max(36).default(6),
}).strict();
export const UnvisitedOut = z.object({
  since: z.string(),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      key: z.boolean(),
      liaisonLeaderName: z.string().nullable(),
      liaisonUnitName: z.string().nullable(),
      lastVisitOn: z.string().nullable(),
    }),
  ),
});

// ---------- reserve libraries (后备库/培育库) ----------
export const LibraryPatch = z.strictObject({
  name: text(100).min(1).optional(),
  /** 入库标准, written down. */
  criteria: text(5000).min(1).optional(),
  /** This year's target of new members (null clears it). */
  target: z
    .strictObject({ year: z.number().int().min(2000).max(2100), newMembers: z.number().int().min(0).max(100000) })
    .optional(),
});
export const LibraryOut = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  stages: z.array(z.string()),
  criteria: z.string(),
  year: z.number().int(),
  byStage: z.array(z.object({ stage: z.string(), count: z.number().int() })),
  members: z.number().int(),
  entered: z.number().int(),
  advanced: z.number().int(),
  left: z.number().int(),
  target: z
    .object({
      newMembers: z.number().int(),
      /** New members so far this year, and where the one trajectory says they should stand today. */
      actual: z.number(),
      expectedNow: z.number(),
      expected: z.array(z.number()),
      light: LightEnum,
      method: z.string(),
    })
    .nullable(),
  version: z.number().int(),
});
export type LibraryOut = z.infer<typeof LibraryOut>;
export const LibraryQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const MemberIn = z.strictObject({
  enterpriseId: z.uuid(),
  stage: text(50).min(1),
  on: IsoDateString,
  note: text(1000).nullish(),
});
export const MemberStageIn = z.strictObject({ stage: text(50).min(1), on: IsoDateString, note: text(1000).nullish() });
export const MemberLeaveIn = z.strictObject({ on: IsoDateString, reason: text(1000).min(1) });
export const MemberOut = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  stage: z.string(),
  enteredOn: z.string(),
  stageOn: z.string(),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
  history: z.array(
    z.object({
      kind: z.enum(['enter', 'stage', 'leave']),
      stage: z.string().nullable(),
      on: z.string(),
      note: z.string().nullable(),
    }),
  ),
  version: z.number().int(),
});
export type MemberOut = z.infer<typeof MemberOut>;
export const MemberQuery = z.strictObject({
  stage: text(50).optional(),
  /** current (default): members now; all: with those who left. */
  status: z.enum(['current', 'all']).default('current'),
});

// ---------- 亩均论英雄 ----------
/** The filters of the evaluation's list (the counts, areas and idle D-class stay whole). */
export const MuFilter = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  areaUnitId: z.uuid().optional(),
  muClass: z.enum(MU_CLASSES).optional(),
  /** Only the D-class enterprises with idle land (腾笼换鸟). */
  idle: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** 门类 ('C') or 大类 ('39'). */
  industry: z
    .string()
    .regex(/^([A-T]|\d{2})$/)
    .optional(),
});
export type MuFilter = z.infer<typeof MuFilter>;
export const MuQuery = MuFilter.extend({
  ...Page.shape,
  /** By county rank: best first (rank) or worst first (-rank); the unranked (no land) last either way. */
  sort: z.enum(['rank', '-rank']).default('rank'),
});
export type MuQuery = z.infer<typeof MuQuery>;
const MuRow = z.object({
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  industrySection: z.string().nullable(),
  industryDivision: z.string().nullable(),
  areaUnitId: z.uuid().nullable(),
  areaName: z.string().nullable(),
  landMu: z.number().nullable(),
  idleLandMu: z.number().nullable(),
  tax: z.number().nullable(),
  output: z.number().nullable(),
  energy: z.number().nullable(),
  employees: z.number().nullable(),
  taxPerMu: z.number().nullable(),
  outputPerMu: z.number().nullable(),
  outputPerEnergy: z.number().nullable(),
  outputPerEmployee: z.number().nullable(),
  muClass: z.enum(MU_CLASSES).nullable(),
  countyRank: z.number().int().nullable(),
  areaRank: z.number().int().nullable(),
});
export const MuOut = z.object({
  year: z.number().int(),
  definition: z.string(),
  thresholds: MuThresholds,
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() }),
  /** One page of the filtered list, by rank; `total` rows match the filters. */
  items: z.array(MuRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  areas: z.array(
    z.object({
      areaUnitId: z.uuid().nullable(),
      areaName: z.string().nullable(),
      enterprises: z.number().int(),
      land: z.number(),
      tax: z.number(),
      output: z.number(),
      taxPerMu: z.number().nullable(),
      outputPerMu: z.number().nullable(),
      counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() }),
    }),
  ),
  /** D-class enterprises with idle land, the input of 腾笼换鸟: how many and their idle land (the list: `idle=true`). */
  idleD: z.object({ enterprises: z.number().int(), idleLand: z.number() }),
});
export type MuOut = z.infer<typeof MuOut>;
export type MuRow = z.infer<typeof MuRow>;

// ---------- honest figures, 撤单回访, 无事不扰 ----------
export const FiguresQuery = z.strictObject({ from: IsoDateString.optional(), to: IsoDateString.optional() });
const FiguresShape = {
  received: z.number().int(),
  answered: z.number().int(),
  rated: z.number().int(),
  closed: z.number().int(),
  confirmed: z.number().int(),
  reopened: z.number().int(),
  withdrawn: z.number().int(),
  withdrawalChecked: z.number().int(),
  withdrawalPressed: z.number().int(),
  confirmedRate: z.number().nullable(),
  ratedShare: z.number().nullable(),
  satisfiedOfRated: z.number().nullable(),
  reopenRate: z.number().nullable(),
  withdrawalRate: z.number().nullable(),
  withdrawalCheckedShare: z.number().nullable(),
};
export const FiguresOut = z.object({
  from: z.string(),
  to: z.string(),
  /** Each rate's definition, shown with it. */
  definitions: z.record(z.string(), z.string()),
  county: z.object(FiguresShape),
  units: z.array(
    z.object({
      unitId: z.uuid(),
      unitName: z.string(),
      ...FiguresShape,
      /** 退回: demands this unit gave back, and the hours it held them before. */
      returns: z.number().int(),
      heldHours: z.number(),
    }),
  ),
  /** The office's decisions on disputed demands (due within 1 working day). */
  office: z.object({
    decisions: z.number().int(),
    waitHours: z.number(),
    waiting: z.number().int(),
    late: z.number().int(),
  }),
});
export type FiguresOut = z.infer<typeof FiguresOut>;
export const WithdrawalCheckIn = z.strictObject({
  /** The enterprise says it withdrew of its own will (false: it was pressed to). */
  voluntary: z.boolean(),
  note: text(2000).nullish(),
});
export const ContactIn = z.strictObject({
  kind: z.enum(['call', 'data_request', 'inspection', 'meeting', 'other']),
  on: IsoDateString,
  note: text(1000).nullish(),
});
const ContactCount = z.object({
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  visits: z.number().int(),
  recorded: z.number().int(),
  demandContacts: z.number().int(),
  total: z.number().int(),
  flagged: z.boolean(),
});
export const ContactCountOut = ContactCount;
export const ContactMonthQuery = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});
export const ContactMonthOut = z.object({
  month: z.string(),
  limit: z.number().int(),
  definition: z.string(),
  flagged: z.number().int(),
  items: z.array(ContactCount),
});
