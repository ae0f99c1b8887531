import { z } from 'zod';
import { ACCUMULATIONS, FREQUENCIES } from './domain/indicators';
import { LightEnum } from './supervision';

/** Contracts of economic indicators (经济运行监测), shared by the server (validation, OpenAPI) and the web app. */
type Pair = { 'zh-CN': string; 'en-US': string };

export const FrequencyEnum = z.enum(FREQUENCIES);
export const AccumulationEnum = z.enum(ACCUMULATIONS);
export const RankByEnum = z.enum(['growth', 'value']);

export const FREQUENCY_LABELS: Record<(typeof FREQUENCIES)[number], Pair> = {
  ten_days: { 'zh-CN': '旬', 'en-US': 'Ten days' },
  month: { 'zh-CN': '月', 'en-US': 'Month' },
  quarter: { 'zh-CN': '季', 'en-US': 'Quarter' },
  year: { 'zh-CN': '年', 'en-US': 'Year' },
};
export const ACCUMULATION_LABELS: Record<(typeof ACCUMULATIONS)[number], Pair> = {
  cumulative: { 'zh-CN': '累计值', 'en-US': 'Cumulative' },
  level: { 'zh-CN': '时点值', 'en-US': 'Level' },
};
export const RANK_BY_LABELS: Record<z.infer<typeof RankByEnum>, Pair> = {
  growth: { 'zh-CN': '按增速排名', 'en-US': 'Ranked by growth' },
  value: { 'zh-CN': '按总量排名', 'en-US': 'Ranked by value' },
};
export const TRAJECTORY_METHOD_LABELS: Record<'seasonal' | 'calendar', Pair> = {
  seasonal: { 'zh-CN': '按上年各期占全年比重（季节规律）', 'en-US': 'By last year’s seasonal profile' },
  calendar: { 'zh-CN': '按时间均衡推进（日历序时）', 'en-US': 'Evenly by the calendar' },
};
export const FORECAST_METHOD_LABELS: Record<
  'final' | 'seasonal_growth' | 'calendar_run_rate' | 'level_trend' | 'carry_forward',
  Pair
> = {
  final: { 'zh-CN': '全年实际值', 'en-US': 'Final value' },
  seasonal_growth: {
    'zh-CN': '按今年累计增速和上年季节规律外推',
    'en-US': 'Growth so far carried over last year’s seasonal shape',
  },
  calendar_run_rate: { 'zh-CN': '按今年以来的进度均衡外推', 'en-US': 'Pace so far extended over the year' },
  level_trend: { 'zh-CN': '按年初以来的变化趋势外推', 'en-US': 'Trend since the start of the year' },
  carry_forward: { 'zh-CN': '按当前水平', 'en-US': 'Current level carried forward' },
};
export const NEEDED_BASIS_LABELS: Record<'last_year' | 'run_rate' | 'level', Pair> = {
  last_year: { 'zh-CN': '比上年同期', 'en-US': 'over the same periods last year' },
  run_rate: { 'zh-CN': '比今年以来平均进度', 'en-US': 'over the pace so far' },
  level: { 'zh-CN': '比当前水平', 'en-US': 'over the current level' },
};
/** Flags a value may carry: warnings the person confirmed when it was entered. */
export const VALUE_FLAG_LABELS: Record<string, Pair> = {
  cumulative_decreased: { 'zh-CN': '累计值低于上期', 'en-US': 'cumulative below last period' },
  growth_mismatch: { 'zh-CN': '增速与数值不符', 'en-US': 'growth contradicts the values' },
  magnitude_suspect: { 'zh-CN': '数量级异常（疑似万元/亿元混用）', 'en-US': 'magnitude suspect (万元/亿元?)' },
  unit_converted: { 'zh-CN': '已换算单位', 'en-US': 'unit converted' },
  units_mixed: { 'zh-CN': '同一指标混用单位', 'en-US': 'units mixed for one indicator' },
  missing_period: { 'zh-CN': '缺少前期数据', 'en-US': 'earlier period missing' },
};

const text = (max: number) => z.string().trim().max(max);
const Year = z.string().regex(/^\d{4}$/);
export const TargetIn = z.strictObject({
  /** 年度目标值, in the indicator's unit. */
  value: z.number().finite().nullable().default(null),
  /** 年度目标增速, percent. */
  growth: z.number().min(-100).max(1000).nullable().default(null),
});

export const IndicatorCreate = z.strictObject({
  name: text(100).min(1),
  unit: text(20).min(1),
  frequency: FrequencyEnum,
  accumulation: AccumulationEnum,
  rankBy: RankByEnum.default('growth'),
  category: text(30).nullish(),
  responsibleUnitId: z.uuid(),
  leaderId: z.uuid().nullish(),
  targets: z.record(Year, TargetIn).default({}),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});
export type IndicatorCreate = z.infer<typeof IndicatorCreate>;

export const IndicatorPatch = z.strictObject({
  name: text(100).min(1).optional(),
  unit: text(20).min(1).optional(),
  rankBy: RankByEnum.optional(),
  category: text(30).nullish(),
  responsibleUnitId: z.uuid().optional(),
  leaderId: z.uuid().nullish(),
  /** Years given here replace those years' targets; other years stay. */
  targets: z.record(Year, TargetIn).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type IndicatorPatch = z.infer<typeof IndicatorPatch>;

export const IndicatorOut = z.object({
  id: z.uuid(),
  name: z.string(),
  unit: z.string(),
  frequency: FrequencyEnum,
  accumulation: AccumulationEnum,
  rankBy: RankByEnum,
  category: z.string().nullable(),
  responsibleUnitId: z.uuid(),
  responsibleUnitName: z.string(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  targets: z.record(z.string(), z.object({ value: z.number().nullable(), growth: z.number().nullable() })),
  sortOrder: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  /** Whether the caller may enter this indicator's values. */
  canWrite: z.boolean(),
});
export type IndicatorOut = z.infer<typeof IndicatorOut>;

/**
 * What a series is of: a county (the own one or a peer the city ranks it with), the city as a whole (全市: the county's
 * share, 占全市比重), or a place of the own county (a township or park: 乡镇、园区, ranked among the places).
 */
export const SERIES_KINDS = ['county', 'city', 'place'] as const;
export const SeriesKindEnum = z.enum(SERIES_KINDS);
export const SERIES_KIND_LABELS: Record<(typeof SERIES_KINDS)[number], Pair> = {
  county: { 'zh-CN': '县（市、区）', 'en-US': 'County' },
  city: { 'zh-CN': '全市', 'en-US': 'The city' },
  place: { 'zh-CN': '乡镇、园区', 'en-US': 'Township or park' },
};
export const CountyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  isSelf: z.boolean(),
  kind: SeriesKindEnum,
  /** A place's township or park. */
  unitId: z.uuid().nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type CountyOut = z.infer<typeof CountyOut>;
export const CountyIn = z.strictObject({
  name: text(50).min(1),
  sortOrder: z.number().int().min(0).max(100000).default(0),
  kind: SeriesKindEnum.default('county'),
  /** Required for a place: its township or park. */
  unitId: z.uuid().nullish(),
});
export const CountyPatch = z.strictObject({
  name: text(50).min(1).optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const SettingsOut = z.object({
  coordinatorUnitId: z.uuid().nullable(),
  coordinatorUnitName: z.string().nullable(),
  version: z.number().int(),
});
export const SettingsPut = z.strictObject({ coordinatorUnitId: z.uuid().nullable() });

export const ValueIn = z.strictObject({
  /** Period key (2026-05, 2026-Q2, 2026, 2026-05-T2) or as a bulletin writes it (2026年1-5月). */
  period: text(30).min(1),
  value: z.number().finite(),
  /** The unit the value is in, when not the indicator's (万元 for an indicator kept in 亿元): converted. */
  unit: text(20).nullish(),
  growth: z.number().min(-100).max(10000).nullish(),
  rank: z.number().int().min(1).max(1000).nullish(),
  /** Omitted: the own county. */
  countyId: z.uuid().nullish(),
  source: text(200).nullish(),
  note: text(1000).nullish(),
  /** The person has seen the warnings (a cumulative value below last period's, a growth the values contradict…) and keeps the value. */
  confirm: z.boolean().default(false),
});
export type ValueIn = z.infer<typeof ValueIn>;

export const ValueOut = z.object({
  id: z.uuid(),
  period: z.string(),
  countyId: z.uuid(),
  countyName: z.string(),
  isSelf: z.boolean(),
  value: z.number(),
  growth: z.number().nullable(),
  rank: z.number().int().nullable(),
  enteredValue: z.number().nullable(),
  enteredUnit: z.string().nullable(),
  source: z.string().nullable(),
  note: z.string().nullable(),
  flags: z.array(z.string()),
  version: z.number().int(),
  current: z.boolean(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
export type ValueOut = z.infer<typeof ValueOut>;

export const ValuesQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  countyId: z.uuid().optional(),
  /** Include superseded versions (corrections keep the old value). */
  history: z.enum(['true', 'false']).default('false'),
});

export const YearQuery = z.object({ year: z.coerce.number().int().min(1990).max(2100).optional() });

const Num = z.number().nullable();
export const NeededOut = z.object({
  reached: z.boolean(),
  remaining: z.number(),
  growth: Num,
  basis: z.enum(['last_year', 'run_rate', 'level']),
});
export const PeerOut = z.object({
  countyId: z.uuid(),
  name: z.string(),
  isSelf: z.boolean(),
  value: Num,
  growth: Num,
  rank: z.number().int().nullable(),
});
export type PeerOut = z.infer<typeof PeerOut>;

export const IndicatorSummary = IndicatorOut.pick({
  id: true,
  name: true,
  unit: true,
  frequency: true,
  accumulation: true,
  rankBy: true,
  category: true,
  responsibleUnitId: true,
  responsibleUnitName: true,
  leaderId: true,
  leaderName: true,
});

/** One indicator at its latest period of the year: a board tile, an alert, a bulletin row. */
export const StatusOut = z.object({
  indicator: IndicatorSummary,
  year: z.number().int(),
  period: z.string().nullable(),
  periodLabel: z.string().nullable(),
  value: Num,
  growth: Num,
  growthSource: z.enum(['reported', 'computed']).nullable(),
  computedGrowth: Num,
  /** Values flagged when entered (kept, confirmed). */
  flags: z.array(z.string()),
  target: z.object({ value: Num, growth: Num }),
  method: z.enum(['seasonal', 'calendar']).nullable(),
  expected: Num,
  progress: Num,
  expectedProgress: Num,
  gapPoints: Num,
  gap: Num,
  light: LightEnum,
  reasons: z.array(z.string()),
  previousLight: LightEnum,
  rank: z.number().int().nullable(),
  rankSource: z.enum(['published', 'computed']).nullable(),
  rankedCount: z.number().int(),
  previousRank: z.number().int().nullable(),
  forecast: z
    .object({
      value: z.number(),
      growth: Num,
      method: z.enum(['final', 'seasonal_growth', 'calendar_run_rate', 'level_trend', 'carry_forward']),
    })
    .nullable(),
  needed: NeededOut.nullable(),
  ahead: z.object({ countyId: z.uuid(), name: z.string(), value: Num, growth: Num }).nullable(),
  overtake: NeededOut.extend({ goal: z.number() }).nullable(),
  /** This year's values by period, for the sparkline. */
  sparkline: z.array(Num),
  /** 占全市比重: the value as a percentage of the city's at the same period (when the city's is entered). */
  cityShare: Num,
  /** The place this status is of (the board cut by place), else null: the own county. */
  placeId: z.uuid().nullable(),
});
export type StatusOut = z.infer<typeof StatusOut>;

export const BoardQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  category: z.string().max(30).optional(),
  /** The board of one township or park (a series of kind place): its values, growth and rank among the places. */
  placeId: z.uuid().optional(),
});

/** An indicator by place (GET /api/v1/indicators/{id}/places): each township's or park's value at the latest period. */
export const PlaceRowOut = z.object({
  countyId: z.uuid(),
  name: z.string(),
  unitId: z.uuid().nullable(),
  value: Num,
  growth: Num,
  /** Share of the own county's value at that period, percent. */
  share: Num,
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
});
export const PlacesOut = z.object({
  year: z.number().int(),
  period: z.string().nullable(),
  periodLabel: z.string().nullable(),
  countyValue: Num,
  rows: z.array(PlaceRowOut),
});
export type PlacesOut = z.infer<typeof PlacesOut>;
export const AgendaItem = z.object({
  indicatorId: z.uuid(),
  name: z.string(),
  period: z.string(),
  why: z.array(z.enum(['yellow', 'red', 'rank_fell'])),
  responsibleUnitName: z.string(),
  leaderName: z.string().nullable(),
  summary: z.string(),
});
export const BoardOut = z.object({
  year: z.number().int(),
  thresholds: z.object({ yellowGap: z.number(), redGap: z.number() }),
  items: z.array(StatusOut),
  /** What the next scheduling meeting should take up: indicators that turned yellow or red, or fell in rank. */
  agenda: z.array(AgendaItem),
});
export type BoardOut = z.infer<typeof BoardOut>;

export const TrajectoryPoint = z.object({
  period: z.string(),
  label: z.string(),
  actual: Num,
  expected: Num,
  lastYear: Num,
  growth: Num,
  light: LightEnum,
  progress: Num,
  expectedProgress: Num,
  rank: z.number().int().nullable(),
});
export const TrajectoryOut = z.object({
  year: z.number().int(),
  status: StatusOut,
  points: z.array(TrajectoryPoint),
  peers: z.array(PeerOut),
  peersPeriod: z.string().nullable(),
});
export type TrajectoryOut = z.infer<typeof TrajectoryOut>;

export const ImportRowOut = z.object({
  row: z.number(),
  status: z.enum(['accepted', 'rejected']),
  indicator: z.string(),
  period: z.string(),
  county: z.string(),
  errors: z.array(z.object({ column: z.string(), code: z.string(), message: z.string() })),
  warnings: z.array(z.object({ column: z.string(), code: z.string(), message: z.string() })),
});
export const ImportPreviewOut = z.object({
  batchId: z.uuid().nullable(),
  fileName: z.string(),
  accepted: z.number(),
  rejected: z.number(),
  warnings: z.number(),
  previouslyCommittedAt: z.string().nullable(),
  rows: z.array(ImportRowOut),
});
export type ImportPreviewOut = z.infer<typeof ImportPreviewOut>;
