import { z } from 'zod';
import { IsoDateString } from './supervision';
import { Page } from './org';
import {
  AMOUNT_UNITS,
  COMMITMENT_SIDES,
  COMMITMENT_TYPES,
  TARGET_KEYS,
  LAND_USES,
  LEAD_SOURCES,
  LEAD_STAGES,
  LINK_TIERS,
  SITE_STATES,
  SPACE_KINDS,
  MAX_STALL_DAYS,
  STALL_STAGES,
} from './domain/investment';
import { PoolEnum, ProjectTypeEnum } from './projects';
import { patchShape } from './patch';

/** Contracts of 招商引资 (issue 19): chains and their links, leads and their stages, idle sites, the year's figures. */
export const LeadStageEnum = z.enum(LEAD_STAGES);
export const LeadSourceEnum = z.enum(LEAD_SOURCES);
export const LandUseEnum = z.enum(LAND_USES);
export const SpaceKindEnum = z.enum(SPACE_KINDS);
export const SiteStateEnum = z.enum(SITE_STATES);
export const LinkTierEnum = z.enum(LINK_TIERS);
export const StallLightEnum = z.enum(['green', 'yellow', 'red', 'none']);
export const CoverageEnum = z.enum(['none', 'weak', 'covered']);

const text = (max: number) => z.string().trim().max(max);
const Amount = z.number().min(0).max(1e10);
const Positive = z.number().min(0).max(1e9);

// ---------- chains ----------
export const Target = z.strictObject({
  name: text(200).min(1),
  region: text(100).default(''),
  why: text(1000).default(''),
});
export const ChainCreate = z.strictObject({
  name: text(100).min(1),
  /** 链长: a county leader or principal. */
  chiefLeaderId: z.uuid(),
  /** 牵头单位 */
  leadUnitId: z.uuid(),
  /** The park (开发区/乡镇) where the chain gathers, preferred when matching sites. */
  parkUnitId: z.uuid().nullish(),
  description: text(2000).default(''),
});
export type ChainCreate = z.infer<typeof ChainCreate>;
export const ChainPatch = z.strictObject(patchShape(ChainCreate.shape));

export const LinkCreate = z.strictObject({
  name: text(100).min(1),
  tier: LinkTierEnum,
  /** A finer link under another of the same chain. */
  parentId: z.uuid().nullish(),
  sortOrder: z.number().int().min(0).max(10000).default(0),
  /** How many local enterprises make the link covered (fewer: weak; none: a gap). */
  enough: z.number().int().min(1).max(1000).default(3),
  /** Local enterprises from the registry on this link, and the 链主 among them. */
  enterpriseIds: z.array(z.uuid()).max(500).default([]),
  anchorIds: z.array(z.uuid()).max(50).default([]),
  /** GB/T 4754 大类 (two digits) whose registered enterprises belong to the link. */
  divisions: z
    .array(z.string().regex(/^\d{2}$/))
    .max(20)
    .default([]),
  /** 拟引进的目标企业 (the chain's 招商目标清单). */
  targets: z.array(Target).max(100).default([]),
  description: text(2000).default(''),
});
export const LinkPatch = z.strictObject(patchShape(LinkCreate.shape));

export const LinkOut = z.object({
  id: z.uuid(),
  chainId: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  tier: LinkTierEnum,
  sortOrder: z.number().int(),
  enough: z.number().int(),
  targets: z.array(z.object({ name: z.string(), region: z.string(), why: z.string() })),
  description: z.string(),
  enterpriseIds: z.array(z.uuid()),
  anchorIds: z.array(z.uuid()),
  divisions: z.array(z.string()),
  /** Local enterprises on the link: the registry's (members and those of its 大类) and landed leads (注册 or later). */
  enterprises: z.array(
    z.object({
      name: z.string(),
      leadId: z.uuid().nullable(),
      enterpriseId: z.uuid().nullable(),
      anchor: z.boolean(),
    }),
  ),
  coverage: CoverageEnum,
  openLeads: z.number().int(),
  version: z.number().int(),
});
export type LinkOut = z.infer<typeof LinkOut>;

export const ChainOut = z.object({
  id: z.uuid(),
  name: z.string(),
  chiefLeaderId: z.uuid(),
  chiefLeaderName: z.string().nullable(),
  leadUnitId: z.uuid(),
  leadUnitName: z.string().nullable(),
  parkUnitId: z.uuid().nullable(),
  description: z.string(),
  links: z.number().int(),
  gaps: z.number().int(),
  weak: z.number().int(),
  openLeads: z.number().int(),
  version: z.number().int(),
});
export type ChainOut = z.infer<typeof ChainOut>;

export interface GraphNode {
  id: string;
  name: string;
  kind: 'chain' | 'tier' | 'link';
  tier?: (typeof LINK_TIERS)[number];
  coverage?: z.infer<typeof CoverageEnum>;
  enterprises?: number;
  targets?: number;
  openLeads?: number;
  children: GraphNode[];
}
export const GraphNodeOut: z.ZodType<GraphNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['chain', 'tier', 'link']),
    tier: LinkTierEnum.optional(),
    coverage: CoverageEnum.optional(),
    enterprises: z.number().int().optional(),
    targets: z.number().int().optional(),
    openLeads: z.number().int().optional(),
    children: z.array(GraphNodeOut),
  }),
);
export const GraphOut = z.object({
  chain: ChainOut,
  tree: GraphNodeOut,
  links: z.array(LinkOut),
});

// ---------- leads ----------
const SpaceIn = z.strictObject({
  kind: SpaceKindEnum,
  /** 亩 for land, ㎡ for floor area: the lower bound needed. */
  min: Positive.refine((x) => x > 0, { message: 'positive' }),
  max: Positive.nullish(),
  landUse: LandUseEnum.nullish(),
  powerKva: Positive.nullish(),
  waterTonsPerDay: Positive.nullish(),
});
export const LeadCreate = z.strictObject({
  investor: text(200).min(1),
  projectName: text(200).min(1),
  industry: text(100).default(''),
  chainId: z.uuid().nullish(),
  linkId: z.uuid().nullish(),
  /** 计划投资, in the unit given (normalised to 万元). */
  investment: Amount,
  investmentUnit: z.enum(AMOUNT_UNITS).default('万元'),
  space: SpaceIn.nullish(),
  source: LeadSourceEnum,
  /** 责任单位 */
  responsibleUnitId: z.uuid(),
  /** 专班 */
  taskForce: text(100).nullish(),
  /** 包联领导 */
  leaderId: z.uuid().nullish(),
  description: text(5000).default(''),
  /** When the lead came in (default today). */
  receivedOn: IsoDateString.optional(),
});
export type LeadCreate = z.infer<typeof LeadCreate>;
export const LeadPatch = z.strictObject(patchShape(LeadCreate.omit({ receivedOn: true }).shape));
export type LeadPatch = z.infer<typeof LeadPatch>;

export const LeadOut = z.object({
  id: z.uuid(),
  serial: z.number().int(),
  investor: z.string(),
  projectName: z.string(),
  industry: z.string(),
  chainId: z.uuid().nullable(),
  chainName: z.string().nullable(),
  linkId: z.uuid().nullable(),
  linkName: z.string().nullable(),
  /** 万元 */
  investment: z.number(),
  space: z
    .object({
      kind: SpaceKindEnum,
      min: z.number(),
      max: z.number().nullable(),
      landUse: LandUseEnum.nullable(),
      powerKva: z.number().nullable(),
      waterTonsPerDay: z.number().nullable(),
    })
    .nullable(),
  source: LeadSourceEnum,
  responsibleUnitId: z.uuid(),
  responsibleUnitName: z.string().nullable(),
  taskForce: z.string().nullable(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  description: z.string(),
  receivedOn: z.string(),
  /** What the lead shows: typed up to 注册, 开工 and 投产 from its project's pool. */
  stage: LeadStageEnum,
  typedStage: LeadStageEnum,
  closed: z.boolean(),
  lostReason: z.string().nullable(),
  lastEventOn: z.string().nullable(),
  light: StallLightEnum,
  daysIdle: z.number().int().nullable(),
  signedOn: z.string().nullable(),
  signings: z.number().int(),
  startedOn: z.string().nullable(),
  producingOn: z.string().nullable(),
  projectId: z.uuid().nullable(),
  projectPool: PoolEnum.nullable(),
  siteId: z.uuid().nullable(),
  fundsInPlace: z.number(),
  version: z.number().int(),
});
export type LeadOut = z.infer<typeof LeadOut>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const LeadQuery = Page.extend({
  stage: csv(LeadStageEnum),
  state: z.enum(['open', 'lost', 'all']).default('all'),
  light: csv(StallLightEnum),
  source: csv(LeadSourceEnum),
  chainId: z.uuid().optional(),
  linkId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  leaderId: z.uuid().optional(),
  projectId: z.uuid().optional(),
  /** The lead (agreement) an enterprise's demand is linked to. */
  demandId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  /** Leads received or signed in the year. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
}).strict();
export type LeadQuery = z.infer<typeof LeadQuery>;

export const StageIn = z.strictObject({
  /** The stage reached (forward only), the current one (a follow-up), 签约 again (another signing), or 'lost'. */
  stage: z.union([LeadStageEnum, z.literal('lost')]),
  date: IsoDateString,
  note: text(2000).default(''),
  /** Evidence: uploaded files (POST /attachments), e.g. the signed agreement. */
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  /** Where it was signed (签约活动: 招商推介会, 市重大项目集中签约…). */
  occasion: text(200).nullish(),
  reason: text(2000).nullish(),
});
export type StageIn = z.infer<typeof StageIn>;

export const StageEventOut = z.object({
  seq: z.number(),
  action: z.enum(['create', 'advance', 'followup', 'signing', 'lose', 'convert']),
  stage: z.string(),
  date: z.string(),
  note: z.string(),
  occasion: z.string().nullable(),
  attachmentIds: z.array(z.uuid()),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const StagesOut = z.object({
  events: z.array(StageEventOut),
  /** 开工 and 投产 as the project library recorded them (never typed on the lead). */
  landing: z.object({
    pool: PoolEnum.nullable(),
    startedOn: z.string().nullable(),
    producingOn: z.string().nullable(),
  }),
});

export const ConvertIn = z.strictObject({
  /** Enter a new project in 储备 or 前期 … */
  pool: z.enum(['reserve', 'preliminary']).default('reserve'),
  type: ProjectTypeEnum.default('industry'),
  startYear: z.number().int().min(2000).max(2100).optional(),
  endYear: z.number().int().min(2000).max(2100).optional(),
  townshipUnitId: z.uuid().nullish(),
  enteredOn: IsoDateString.optional(),
  /** … or link a project already in the library. */
  projectId: z.uuid().optional(),
});
export const ConvertOut = z.object({ leadId: z.uuid(), projectId: z.uuid(), created: z.boolean() });

export const FundsIn = z.strictObject({
  amount: Amount,
  amountUnit: z.enum(AMOUNT_UNITS).default('万元'),
  date: IsoDateString,
  note: text(1000).default(''),
  attachmentIds: z.array(z.uuid()).min(1).max(20),
});

// ---------- sites ----------
export const SiteCreate = z.strictObject({
  name: text(200).min(1),
  kind: SpaceKindEnum,
  /** 亩 (land) or ㎡ (floor). */
  area: Positive.refine((x) => x > 0, { message: 'positive' }),
  landUse: LandUseEnum,
  address: text(300).default(''),
  /** The township or park it lies in. */
  townshipUnitId: z.uuid().nullish(),
  /** The unit that keeps it in the inventory (default the caller's). */
  responsibleUnitId: z.uuid().optional(),
  ownership: z.enum(['state', 'enterprise']),
  owner: text(200).default(''),
  powerKva: Positive.nullish(),
  waterTonsPerDay: Positive.nullish(),
  askingTerms: text(1000).default(''),
  location: z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).nullish(),
});
export const SitePatch = z.strictObject(patchShape(SiteCreate.shape));
export const SiteStateIn = z.strictObject({
  state: SiteStateEnum,
  date: IsoDateString,
  /** The lead that takes it (洽谈中 or 已盘活). */
  leadId: z.uuid().nullish(),
  note: text(1000).default(''),
});
export const SiteOut = z.object({
  id: z.uuid(),
  serial: z.number().int(),
  name: z.string(),
  kind: SpaceKindEnum,
  area: z.number(),
  landUse: LandUseEnum,
  address: z.string(),
  townshipUnitId: z.uuid().nullable(),
  townshipName: z.string().nullable(),
  responsibleUnitId: z.uuid(),
  ownership: z.enum(['state', 'enterprise']),
  owner: z.string(),
  powerKva: z.number().nullable(),
  waterTonsPerDay: z.number().nullable(),
  askingTerms: z.string(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  state: SiteStateEnum,
  stateSince: z.string(),
  leadId: z.uuid().nullable(),
  /** How many photos it has, and the first few (thumbnails: GET /sites/{id}/photos/{photoId}/file). */
  photoCount: z.number().int(),
  photoIds: z.array(z.uuid()),
  version: z.number().int(),
});
export type SiteOut = z.infer<typeof SiteOut>;
export const SiteQuery = Page.extend({
  state: csv(SiteStateEnum),
  kind: SpaceKindEnum.optional(),
  townshipUnitId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
}).strict();

export const SiteMatchOut = z.object({ site: SiteOut, score: z.number(), reasons: z.array(z.string()) });
export const LeadMatchOut = z.object({ lead: LeadOut, score: z.number(), reasons: z.array(z.string()) });

// ---------- summary ----------
export const FulfilmentOut = z.object({
  total: z.number().int(),
  due: z.number().int(),
  fulfilled: z.number().int(),
  onTime: z.number().int(),
  overdue: z.number().int(),
  rate: z.number().nullable(),
});
export const TargetLineOut = z.object({
  key: z.enum(TARGET_KEYS),
  target: z.number().nullable(),
  actual: z.number(),
  expected: z.number().nullable(),
  progress: z.number().nullable(),
  expectedProgress: z.number().nullable(),
  gapPoints: z.number().nullable(),
  light: z.enum(['green', 'yellow', 'red', 'done', 'none']),
  method: z.enum(['seasonal', 'calendar']).nullable(),
});
export const ConversionRowOut = z.object({
  key: z.string(),
  label: z.string(),
  signed: z.number().int(),
  started: z.number().int(),
  producing: z.number().int(),
  signedToStarted: z.number().nullable(),
  startedToProducing: z.number().nullable(),
  signedToProducing: z.number().nullable(),
});
export const SummaryQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const SummaryOut = z.object({
  year: z.number().int(),
  stages: z.record(LeadStageEnum, z.number().int()),
  lost: z.number().int(),
  signedCount: z.number().int(),
  signedAmount: z.number(),
  signingEvents: z.number().int(),
  fundsInPlace: z.number(),
  started: z.number().int(),
  producing: z.number().int(),
  conversion: z.object({
    signedToStarted: z.number().nullable(),
    startedToProducing: z.number().nullable(),
    signedToProducing: z.number().nullable(),
  }),
  stalled: z.object({ yellow: z.number().int(), red: z.number().int() }),
  /** The year's targets on the trajectory (序时进度), one line each (target null: none set). */
  targets: z.array(TargetLineOut),
  /** 转化率 签约→开工→投产 by year of first signing, by chain, by source (each signed lead once). */
  conversionBy: z.object({
    year: z.array(ConversionRowOut),
    chain: z.array(ConversionRowOut),
    source: z.array(ConversionRowOut),
  }),
  /** 履约率 of the agreements' commitments (all the caller sees), by side. */
  fulfilment: z.object({ investor: FulfilmentOut, county: FulfilmentOut }),
  sites: z.object({
    idle: z.number().int(),
    negotiating: z.number().int(),
    revitalised: z.number().int(),
    revitalisedThisYear: z.number().int(),
    revitalisedAreaMu: z.number(),
  }),
});

// ---------- the agreement's commitments (履约) ----------
export const CommitmentSideEnum = z.enum(COMMITMENT_SIDES);
export const CommitmentTypeEnum = z.enum(COMMITMENT_TYPES);
export const CommitmentCreate = z.strictObject({
  side: CommitmentSideEnum,
  type: CommitmentTypeEnum,
  description: text(2000).default(''),
  /** The figure promised, in the type's unit (万元, 万元/亩, 人, 亩, 千伏安, 吨/日). */
  amount: Positive.nullish(),
  /** The date promised. */
  due: IsoDateString,
  /** The county unit that delivers it (county side; default the lead's responsible unit). */
  handlingUnitId: z.uuid().nullish(),
});
export type CommitmentCreate = z.infer<typeof CommitmentCreate>;
export const FulfilIn = z.strictObject({
  date: IsoDateString,
  note: text(2000).min(1),
  /** Evidence (交地确认书, 供电合同, 验资报告…), uploaded first. */
  attachmentIds: z.array(z.uuid()).min(1).max(20),
});
export const ConfirmIn = z.strictObject({ accept: z.boolean(), reason: text(2000).nullish() });
export const CommitmentOut = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  side: CommitmentSideEnum,
  type: CommitmentTypeEnum,
  title: z.string(),
  description: z.string(),
  amount: z.number().nullable(),
  due: z.string(),
  deadline: z.string(),
  handlingUnitId: z.uuid(),
  handlingUnitName: z.string().nullable(),
  state: z.string(),
  light: z.string(),
  fulfilledOn: z.string().nullable(),
  blockerId: z.uuid().nullable(),
  actions: z.array(z.string()),
  version: z.number().int(),
});
export type CommitmentOut = z.infer<typeof CommitmentOut>;
export const CommitmentsOut = z.object({
  items: z.array(CommitmentOut),
  fulfilment: z.object({ investor: FulfilmentOut, county: FulfilmentOut }),
});
export const DemandLinkIn = z.strictObject({ demandId: z.uuid() });
export const LinkedDemandsOut = z.object({
  items: z.array(
    z.object({ id: z.uuid(), title: z.string(), state: z.string(), light: z.string(), deadline: z.string() }),
  ),
});

// ---------- stall days (久未跟进提醒) ----------
const StallPair = z.strictObject({
  yellow: z.number().int().min(0).max(MAX_STALL_DAYS),
  red: z.number().int().min(0).max(MAX_STALL_DAYS),
});
/** Days without follow-up before yellow and red, per stage; red > yellow > 0 (checked by checkStallDays). */
export const StallDaysIn = z.strictObject({
  days: z.strictObject(
    Object.fromEntries(STALL_STAGES.map((s) => [s, StallPair])) as Record<
      (typeof STALL_STAGES)[number],
      typeof StallPair
    >,
  ),
});
export type StallDaysIn = z.infer<typeof StallDaysIn>;
export const StallDaysOut = z.object({
  days: z.record(z.string(), z.object({ yellow: z.number().int(), red: z.number().int() })),
  defaults: z.record(z.string(), z.object({ yellow: z.number().int(), red: z.number().int() })),
  /** False while the county keeps the shipped defaults. */
  custom: z.boolean(),
  version: z.number().int(),
});

// ---------- site photos (现场照片) ----------
export const SitePhotoIn = z.strictObject({
  /** An image the caller uploaded (POST /api/v1/attachments), not yet used elsewhere. */
  attachmentId: z.uuid(),
  caption: text(200).default(''),
});
export const SitePhotoOut = z.object({
  id: z.uuid(),
  attachmentId: z.uuid(),
  caption: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  addedAt: z.string(),
});
export const SitePhotosOut = z.object({ items: z.array(SitePhotoOut) });

// ---------- the year's targets ----------
export const TargetsIn = z.strictObject({
  signedCount: z.number().int().min(0).max(100000).nullish(),
  signedAmount: Amount.nullish(),
  fundsInPlace: Amount.nullish(),
  startRate: z.number().min(0).max(1).nullish(),
  producingCount: z.number().int().min(0).max(100000).nullish(),
  revitalisedAreaMu: Positive.nullish(),
});
export type TargetsIn = z.infer<typeof TargetsIn>;
export const TargetsQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const TargetsOut = z.object({
  year: z.number().int(),
  signedCount: z.number().nullable(),
  signedAmount: z.number().nullable(),
  fundsInPlace: z.number().nullable(),
  startRate: z.number().nullable(),
  producingCount: z.number().nullable(),
  revitalisedAreaMu: z.number().nullable(),
  version: z.number().int(),
});

// ---------- 招商地图 ----------
export const InvestmentMapQuery = z.strictObject({ chainId: z.uuid().optional() });
export const InvestmentMapOut = z.object({
  boundary: z
    .object({
      name: z.string(),
      generated: z.boolean(),
      geojson: z.unknown(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      version: z.number().int(),
    })
    .nullable(),
  chains: z.array(z.object({ id: z.uuid(), name: z.string() })),
  enterprises: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      lng: z.number(),
      lat: z.number(),
      chainId: z.uuid(),
      chainName: z.string(),
      linkId: z.uuid(),
      linkName: z.string(),
      anchor: z.boolean(),
    }),
  ),
  sites: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: SpaceKindEnum,
      area: z.number(),
      state: SiteStateEnum,
      lng: z.number(),
      lat: z.number(),
      /** The first few photos' ids (thumbnails in the popup: GET /sites/{id}/photos/{photoId}/file). */
      photoIds: z.array(z.uuid()),
    }),
  ),
  projects: z.array(
    z.object({
      leadId: z.uuid(),
      projectId: z.uuid(),
      name: z.string(),
      investor: z.string(),
      stage: LeadStageEnum,
      chainId: z.uuid().nullable(),
      chainName: z.string().nullable(),
      lng: z.number(),
      lat: z.number(),
    }),
  ),
  unlocated: z.object({ enterprises: z.number().int(), sites: z.number().int(), projects: z.number().int() }),
});
