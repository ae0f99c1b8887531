import { daysBetween, type IsoDate } from './dates';
import { isProducing, isStarted, type Pool, type PoolMove } from './projects';

/**
 * 招商引资 (issue 19): the pipeline of leads (线索 → 接洽 → 考察 → 洽谈 → 签约 → 注册 → 开工 → 投产), their stall lights,
 * the landing of a signed lead in the project library, idle sites matched to a lead's space needs, and the year's
 * figures. Pure: the investment module stores events and asks these functions what they mean.
 */
export const LEAD_STAGES = [
  'lead',
  'contact',
  'visit',
  'negotiation',
  'signed',
  'registered',
  'started',
  'producing',
] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
type Label = { 'zh-CN': string; 'en-US': string };

export const LEAD_STAGE_LABELS: Record<LeadStage, Label> = {
  lead: { 'zh-CN': '线索', 'en-US': 'Lead' },
  contact: { 'zh-CN': '接洽', 'en-US': 'Contact' },
  visit: { 'zh-CN': '考察', 'en-US': 'Site visit' },
  negotiation: { 'zh-CN': '洽谈', 'en-US': 'Negotiation' },
  signed: { 'zh-CN': '签约', 'en-US': 'Signed' },
  registered: { 'zh-CN': '注册', 'en-US': 'Registered' },
  started: { 'zh-CN': '开工', 'en-US': 'Started' },
  producing: { 'zh-CN': '投产', 'en-US': 'In production' },
};
export const stageIndex = (s: LeadStage) => LEAD_STAGES.indexOf(s);

/** Stages a converted lead never has typed: they are read from its project's pool moves. */
export const PROJECT_STAGES: readonly LeadStage[] = ['started', 'producing'];

export const LEAD_SOURCES = ['merchant', 'resident', 'task_force', 'fair', 'agent', 'superior'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const LEAD_SOURCE_LABELS: Record<LeadSource, Label> = {
  merchant: { 'zh-CN': '以商招商', 'en-US': 'Investor referral' },
  resident: { 'zh-CN': '驻点招商', 'en-US': 'Resident office' },
  task_force: { 'zh-CN': '专班', 'en-US': 'Task force' },
  fair: { 'zh-CN': '展会', 'en-US': 'Trade fair' },
  agent: { 'zh-CN': '中介', 'en-US': 'Agent' },
  superior: { 'zh-CN': '上级推介', 'en-US': 'Referred by the city or province' },
};

export const LAND_USES = ['industrial', 'commercial', 'warehouse', 'mixed'] as const;
export type LandUse = (typeof LAND_USES)[number];
export const LAND_USE_LABELS: Record<LandUse, Label> = {
  industrial: { 'zh-CN': '工业', 'en-US': 'Industrial' },
  commercial: { 'zh-CN': '商业', 'en-US': 'Commercial' },
  warehouse: { 'zh-CN': '仓储', 'en-US': 'Warehouse' },
  mixed: { 'zh-CN': '综合', 'en-US': 'Mixed' },
};

/** Land is measured in 亩, buildings (标准厂房) in ㎡. */
export const SPACE_KINDS = ['land', 'floor'] as const;
export type SpaceKind = (typeof SPACE_KINDS)[number];
export const SPACE_UNIT: Record<SpaceKind, Label> = {
  land: { 'zh-CN': '亩', 'en-US': 'mu' },
  floor: { 'zh-CN': '㎡', 'en-US': 'm²' },
};

export const SITE_STATES = ['idle', 'negotiating', 'revitalised'] as const;
export type SiteState = (typeof SITE_STATES)[number];
export const SITE_STATE_LABELS: Record<SiteState, Label> = {
  idle: { 'zh-CN': '闲置', 'en-US': 'Idle' },
  negotiating: { 'zh-CN': '洽谈中', 'en-US': 'Negotiating' },
  revitalised: { 'zh-CN': '已盘活', 'en-US': 'Revitalised' },
};

export const LINK_TIERS = ['upstream', 'midstream', 'downstream'] as const;
export type LinkTier = (typeof LINK_TIERS)[number];
export const LINK_TIER_LABELS: Record<LinkTier, Label> = {
  upstream: { 'zh-CN': '上游', 'en-US': 'Upstream' },
  midstream: { 'zh-CN': '中游', 'en-US': 'Midstream' },
  downstream: { 'zh-CN': '下游', 'en-US': 'Downstream' },
};

// ---------- amounts ----------
export const AMOUNT_UNITS = ['万元', '亿元'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];
/** An amount in 万元 (two decimals), from a figure in 万元 or 亿元. */
export function toWan(value: number, unit: AmountUnit): number {
  return Math.round(value * (unit === '亿元' ? 10_000 : 1) * 100) / 100;
}

// ---------- stages ----------
export type StageTarget = LeadStage | 'lost';
export type StageAction = 'advance' | 'followup' | 'signing' | 'lose';
export type StageProblem = { field: string; code: string; params?: Record<string, string> };

export interface LeadState {
  /** The furthest stage typed on the lead (its own events; never 开工/投产 once converted). */
  stage: LeadStage;
  closed: boolean;
  converted: boolean;
  /** Date of the latest event (stages, follow-ups, signings). */
  lastEventOn: IsoDate | null;
}

/**
 * What a recorded stage means, or why it is refused. A lead only moves forward (stages may be skipped: a lead that
 * goes straight to 洽谈), or is closed as lost with a reason; once closed nothing more is recorded. Recording the
 * stage the lead is in is a follow-up (跟进); 签约 again after it was signed, naming the occasion, is another signing
 * event of the same investment (at a fair, by the city…), counted once. A converted lead's 开工 and 投产 come from its project's pool
 * moves, never typed. Dates are not in the future nor before the lead's latest event.
 */
export function classifyStage(
  state: LeadState,
  to: StageTarget,
  date: IsoDate,
  today: IsoDate,
  reason?: string | null,
  occasion?: string | null,
): { action: StageAction } | { problems: StageProblem[] } {
  const problems: StageProblem[] = [];
  if (date > today) problems.push({ field: 'body.date', code: 'date_in_future' });
  if (state.lastEventOn && date < state.lastEventOn)
    problems.push({ field: 'body.date', code: 'before_last_event', params: { last: state.lastEventOn } });
  if (state.closed) return { problems: [{ field: 'body.stage', code: 'lead_closed' }] };
  let action: StageAction;
  if (to === 'lost') {
    if (!reason?.trim()) problems.push({ field: 'body.reason', code: 'lost_reason_required' });
    action = 'lose';
  } else if (state.converted && PROJECT_STAGES.includes(to)) {
    problems.push({
      field: 'body.stage',
      code: 'stage_from_project',
      params: { stage: LEAD_STAGE_LABELS[to]['zh-CN'] },
    });
    action = 'advance';
  } else if (to === 'signed' && stageIndex(state.stage) >= stageIndex('signed') && occasion?.trim()) action = 'signing';
  else if (to === state.stage) action = 'followup';
  else if (stageIndex(to) > stageIndex(state.stage)) action = 'advance';
  else {
    problems.push({
      field: 'body.stage',
      code: 'stage_not_forward',
      params: { current: LEAD_STAGE_LABELS[state.stage]['zh-CN'], to: LEAD_STAGE_LABELS[to]['zh-CN'] },
    });
    action = 'advance';
  }
  return problems.length ? { problems } : { action };
}

/** The state after an accepted action (the server stores the event; this is what it means). */
export function applyStage(state: LeadState, to: StageTarget, date: IsoDate, action: StageAction): LeadState {
  const next = { ...state, lastEventOn: date };
  if (action === 'lose') return { ...next, closed: true };
  if (action === 'advance' && to !== 'lost') return { ...next, stage: to };
  return next;
}

/** When a converted lead's project started and went into production, from its pool moves (latest run of each). */
export interface Landing {
  pool: Pool | null;
  startedOn: IsoDate | null;
  producingOn: IsoDate | null;
}
export function landingOf(moves: readonly Pick<PoolMove, 'from' | 'to' | 'date' | 'seq'>[]): Landing {
  let pool: Pool | null = null;
  let startedOn: IsoDate | null = null;
  let producingOn: IsoDate | null = null;
  for (const m of [...moves].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq))) {
    const wasStarted = pool !== null && isStarted(pool);
    const wasProducing = pool !== null && isProducing(pool);
    pool = m.to;
    if (isStarted(pool) && !wasStarted) startedOn = m.date;
    if (!isStarted(pool)) startedOn = null;
    if (isProducing(pool) && !wasProducing) producingOn = m.date;
    if (!isProducing(pool)) producingOn = null;
  }
  return { pool, startedOn, producingOn };
}

/**
 * The stage a lead shows: its own typed stage, raised to 开工 or 投产 by its project's pool (a start withdrawn in the
 * library takes the lead back to what was typed; the pool is the one truth).
 */
export function effectiveStage(typed: LeadStage, pool: Pool | null): LeadStage {
  const fromPool: LeadStage | null =
    pool === null ? null : isProducing(pool) ? 'producing' : isStarted(pool) ? 'started' : null;
  if (fromPool && stageIndex(fromPool) > stageIndex(typed)) return fromPool;
  return typed;
}

// ---------- stall lights ----------
export type StallLight = 'green' | 'yellow' | 'red' | 'none';
/** Days without follow-up before a lead turns yellow and red, by stage (the county may set its own). */
export const DEFAULT_STALL_DAYS: Record<LeadStage, { yellow: number; red: number }> = {
  lead: { yellow: 30, red: 60 },
  contact: { yellow: 21, red: 45 },
  visit: { yellow: 21, red: 45 },
  negotiation: { yellow: 14, red: 30 },
  signed: { yellow: 30, red: 60 },
  registered: { yellow: 45, red: 90 },
  started: { yellow: 60, red: 120 },
  producing: { yellow: 0, red: 0 },
};

/**
 * A lead's light: closed leads and those in production have none; a converted lead past 签约 is followed in the
 * project library (its milestones have their own lights), so it has none here either; otherwise the days since the
 * latest follow-up against the stage's thresholds.
 */
export function stallLight(
  stage: LeadStage,
  closed: boolean,
  converted: boolean,
  lastEventOn: IsoDate | null,
  today: IsoDate,
  days: Record<LeadStage, { yellow: number; red: number }> = DEFAULT_STALL_DAYS,
): StallLight {
  if (closed || stage === 'producing') return 'none';
  if (converted && stageIndex(stage) >= stageIndex('started')) return 'none';
  if (!lastEventOn) return 'green';
  const idle = daysBetween(lastEventOn, today);
  const t = days[stage];
  if (idle >= t.red) return 'red';
  if (idle >= t.yellow) return 'yellow';
  return 'green';
}

// ---------- matching ----------
export interface SpaceNeed {
  kind: SpaceKind;
  /** Lower bound of the area needed (亩 or ㎡). */
  min: number;
  /** Upper bound; null: the lower bound is what is needed. */
  max: number | null;
  landUse: LandUse | null;
  powerKva: number | null;
  waterTonsPerDay: number | null;
  /** The park (开发区/乡镇) the chain or lead prefers. */
  parkUnitId: string | null;
}
export interface SiteForMatch {
  id: string;
  kind: SpaceKind;
  area: number;
  landUse: LandUse;
  powerKva: number | null;
  waterTonsPerDay: number | null;
  parkUnitId: string | null;
  state: SiteState;
}
export interface SiteMatch {
  siteId: string;
  score: number;
  reasons: string[];
}
/** How far above the need's upper bound a site may be (a site twice too big wastes land). */
export const AREA_MARGIN = 0.5;

/**
 * The sites that fit a need, best first: same kind (land or floor), not yet 已盘活, never smaller than the lower bound
 * nor more than AREA_MARGIN above the upper bound, the land use compatible (综合 fits any). Score: closeness of the
 * area, the park, power and water sufficient (a site short of power stays, ranked lower: power can be added).
 */
export function matchSites(need: SpaceNeed, sites: readonly SiteForMatch[], limit = 20): SiteMatch[] {
  if (!(need.min > 0)) return [];
  const upper = Math.max(need.max ?? need.min, need.min) * (1 + AREA_MARGIN);
  const out: SiteMatch[] = [];
  for (const s of sites) {
    if (s.kind !== need.kind || s.state === 'revitalised') continue;
    if (!(s.area >= need.min) || s.area > upper) continue;
    if (need.landUse && s.landUse !== need.landUse && s.landUse !== 'mixed') continue;
    const reasons: string[] = ['area'];
    const target = need.max ?? need.min;
    let score = 50 - Math.min(50, (Math.abs(s.area - target) / target) * 50);
    if (need.landUse && s.landUse === need.landUse) {
      score += 10;
      reasons.push('land_use');
    }
    if (need.parkUnitId && s.parkUnitId === need.parkUnitId) {
      score += 20;
      reasons.push('park');
    }
    if (need.powerKva !== null && s.powerKva !== null) {
      if (s.powerKva >= need.powerKva) {
        score += 10;
        reasons.push('power');
      } else score -= 10;
    }
    if (need.waterTonsPerDay !== null && s.waterTonsPerDay !== null) {
      if (s.waterTonsPerDay >= need.waterTonsPerDay) {
        score += 10;
        reasons.push('water');
      } else score -= 10;
    }
    if (s.state === 'negotiating') score -= 5;
    out.push({ siteId: s.id, score: Math.round(score * 10) / 10, reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.siteId < b.siteId ? -1 : 1)).slice(0, limit);
}

/** For a site, whether a lead's need could use it (the same rule, from the other side). */
export const siteFits = (need: SpaceNeed, site: SiteForMatch) => matchSites(need, [site]).length === 1;

// ---------- the year's figures ----------
export interface SummaryLead {
  id: string;
  /** The stage it shows (effectiveStage). */
  stage: LeadStage;
  closed: boolean;
  /** Dates of its signing events (one investment, however often signed). */
  signedOn: IsoDate[];
  /** The signed amount of the investment (万元), counted once. */
  amount: number;
  /** 到位资金 confirmed (万元). */
  fundsInPlace: number;
  startedOn: IsoDate | null;
  producingOn: IsoDate | null;
}
export interface InvestmentSummary {
  year: number;
  stages: Record<LeadStage, number>;
  lost: number;
  signedCount: number;
  signedAmount: number;
  signingEvents: number;
  fundsInPlace: number;
  started: number;
  producing: number;
  /** 签约→开工, 开工→投产, 签约→投产; null when the denominator is zero. */
  conversion: { signedToStarted: number | null; startedToProducing: number | null; signedToProducing: number | null };
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.min(1, a / b));

/**
 * The year's pipeline: open leads per stage (as they stand), and the cohort signed in the year — each lead once, on
 * its first signing — with how many of them have started and are producing (by their stage today, whatever moves
 * their projects made on the way), so each conversion rate lies between 0 and 1.
 */
export function summarize(leads: readonly SummaryLead[], year: number): InvestmentSummary {
  const stages = Object.fromEntries(LEAD_STAGES.map((s) => [s, 0])) as Record<LeadStage, number>;
  let lost = 0;
  let signedCount = 0;
  let signedAmount = 0;
  let signingEvents = 0;
  let fundsInPlace = 0;
  let started = 0;
  let producing = 0;
  const y = String(year);
  for (const l of leads) {
    if (l.closed) lost++;
    else stages[l.stage]++;
    const first = [...l.signedOn].sort()[0];
    signingEvents += l.signedOn.filter((d) => d.startsWith(y)).length;
    if (!first?.startsWith(y)) continue;
    signedCount++;
    signedAmount += l.amount;
    fundsInPlace += l.fundsInPlace;
    if (stageIndex(l.stage) >= stageIndex('started')) started++;
    if (l.stage === 'producing') producing++;
  }
  return {
    year,
    stages,
    lost,
    signedCount,
    signedAmount: Math.round(signedAmount * 100) / 100,
    signingEvents,
    fundsInPlace: Math.round(fundsInPlace * 100) / 100,
    started,
    producing,
    conversion: {
      signedToStarted: ratio(started, signedCount),
      startedToProducing: ratio(producing, started),
      signedToProducing: ratio(producing, signedCount),
    },
  };
}

// ---------- chains ----------
export type Coverage = 'none' | 'weak' | 'covered';
/** A link with no local enterprise is a gap; fewer than `enough` is weak. */
export function coverageOf(enterprises: number, enough: number): Coverage {
  if (enterprises <= 0) return 'none';
  return enterprises >= Math.max(1, enough) ? 'covered' : 'weak';
}
