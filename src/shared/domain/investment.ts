import { daysBetween, type IsoDate } from './dates';
import { isProducing, isStarted, type Pool, type PoolMove } from './projects';
import { indicatorLight, trajectory, type TrajectoryMethod } from './indicators';
import type { Light, LightThresholds } from './light';

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

export type StallDays = Record<LeadStage, { yellow: number; red: number }>;
/** The stages a county sets days for (a lead in production has no light). */
export const STALL_STAGES = LEAD_STAGES.filter((s) => s !== 'producing');
/** The longest a county may set (ten years). */
export const MAX_STALL_DAYS = 3650;

/** Whether a county's days make sense: for each stage yellow after at least one day, red after yellow. */
export function checkStallDays(
  days: Partial<Record<LeadStage, { yellow: number; red: number }>>,
): { field: string; code: string; params?: Record<string, string> }[] {
  const out: { field: string; code: string; params?: Record<string, string> }[] = [];
  for (const s of STALL_STAGES) {
    const d = days[s];
    if (!d) continue;
    if (!(d.yellow > 0)) out.push({ field: `body.days.${s}.yellow`, code: 'stall_yellow_positive' });
    if (!(d.red > d.yellow))
      out.push({ field: `body.days.${s}.red`, code: 'stall_red_after_yellow', params: { yellow: String(d.yellow) } });
  }
  return out;
}

/** The county's days over the defaults: a stage it has not set keeps the shipped days. */
export function stallDaysOf(stored: Partial<Record<string, { yellow: number; red: number }>> | null): StallDays {
  const out = { ...DEFAULT_STALL_DAYS };
  for (const s of STALL_STAGES) {
    const d = stored?.[s];
    if (d && d.yellow > 0 && d.red > d.yellow) out[s] = { yellow: d.yellow, red: d.red };
  }
  return out;
}

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
  days: StallDays = DEFAULT_STALL_DAYS,
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
 * The areas a need can use: never below its lower bound, at most AREA_MARGIN above its upper bound; `target` is the
 * area it would like best (the upper bound, else the lower). Null when the need names no area.
 */
export function areaWindow(need: SpaceNeed): { min: number; max: number; target: number } | null {
  if (!(need.min > 0)) return null;
  return {
    min: need.min,
    max: Math.max(need.max ?? need.min, need.min) * (1 + AREA_MARGIN),
    target: need.max ?? need.min,
  };
}

/** The part of a site's score its area gives: 50 at the target, less the farther away (`distance` = |area − target|). */
export function areaScore(need: SpaceNeed, distance: number): number {
  const target = need.max ?? need.min;
  return 50 - Math.min(50, (distance / target) * 50);
}

/**
 * What the rest of the rule can add to the area's score for this need: land use +10, park +20, power and water +10
 * each (−10 when short), −5 while the site is in negotiation. Only what the need asks for counts.
 */
export function bonusRange(need: SpaceNeed): { min: number; max: number } {
  let max = 0;
  let min = -5;
  if (need.landUse) max += 10;
  if (need.parkUnitId) max += 20;
  if (need.powerKva !== null) (max += 10), (min -= 10);
  if (need.waterTonsPerDay !== null) (max += 10), (min -= 10);
  return { min, max };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const byScore = (a: SiteMatch, b: SiteMatch) => b.score - a.score || (a.siteId < b.siteId ? -1 : 1);

/** A site's score for a need, or null when the rule leaves it out. */
function scoreSite(need: SpaceNeed, s: SiteForMatch): SiteMatch | null {
  const w = areaWindow(need);
  if (!w) return null;
  if (s.kind !== need.kind || s.state === 'revitalised') return null;
  if (!(s.area >= w.min) || s.area > w.max) return null;
  if (need.landUse && s.landUse !== need.landUse && s.landUse !== 'mixed') return null;
  const reasons: string[] = ['area'];
  let score = areaScore(need, Math.abs(s.area - w.target));
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
  return { siteId: s.id, score: round1(score), reasons };
}

/**
 * The sites that fit a need, best first: same kind (land or floor), not yet 已盘活, never smaller than the lower bound
 * nor more than AREA_MARGIN above the upper bound, the land use compatible (综合 fits any). Score: closeness of the
 * area, the park, power and water sufficient (a site short of power stays, ranked lower: power can be added).
 */
export function matchSites(need: SpaceNeed, sites: readonly SiteForMatch[], limit = 20): SiteMatch[] {
  const out: SiteMatch[] = [];
  for (const s of sites) {
    const m = scoreSite(need, s);
    if (m) out.push(m);
  }
  return out.sort(byScore).slice(0, limit);
}

/**
 * Whether the top `limit` of `matchSites(need, read)` is final when the sites were read nearest the target first and
 * every site not read is at least `unreadDistance` from it (null: none left): no site farther away can score above
 * the area score at that distance plus the largest bonus, so once the last of the top `limit` scores above that, no
 * unread site can enter (ties go to the smaller id, hence strictly above). Lets the server read a few dozen of
 * thousands of sites, nearest first, and still answer exactly what matchSites over all of them answers.
 */
export function rankingSettled(
  need: SpaceNeed,
  ranked: readonly SiteMatch[],
  unreadDistance: number | null,
  limit = 20,
): boolean {
  if (unreadDistance === null) return true;
  if (ranked.length < limit) return false;
  // The bound is nudged up by far more than the rounding error of adding the bonuses in another order.
  return ranked[limit - 1]!.score > round1(areaScore(need, unreadDistance) + bonusRange(need).max + 1e-9);
}

/** For a site, whether a lead's need could use it (the same rule, from the other side). */
export const siteFits = (need: SpaceNeed, site: SiteForMatch) => matchSites(need, [site]).length === 1;

// ---------- matching, from the site's side ----------
/** A lead's need as the site side ranks it: ties go to the older lead (the smaller serial). */
export interface NeedForMatch {
  leadId: string;
  serial: number;
  need: SpaceNeed;
}
export interface LeadMatch {
  leadId: string;
  serial: number;
  score: number;
  reasons: string[];
}

/**
 * For a site, the leads whose needs it fits, best first: each scored by matchSites's rule for its need (the same
 * score the lead side shows for this site), ties to the older lead.
 */
export function matchLeads(site: SiteForMatch, needs: readonly NeedForMatch[], limit = 20): LeadMatch[] {
  const out: LeadMatch[] = [];
  for (const n of needs) {
    const m = scoreSite(n.need, site);
    if (m) out.push({ leadId: n.leadId, serial: n.serial, score: m.score, reasons: m.reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.serial - b.serial).slice(0, limit);
}

/**
 * How far a site's area is from a need's target area, relative to the target: the area's score is
 * 50 − 50 × this (areaScore). For a fixed site it grows as the target moves away from the site's area on either
 * side (above: 1 − area/target; below: area/target − 1), so targets read outward from the site's area come in
 * order of this distance on each side.
 */
export const relativeDistance = (area: number, target: number) => Math.abs(area - target) / target;

/**
 * The most any need can add to this site's area score: land use +10 (a need of the site's own use, or 综合 for a
 * 综合 site), park +20 when the site is in one, power and water +10 each when the site states them, −5 while in
 * negotiation. Needs differ in what they ask; the site bounds what any of them can gain.
 */
export function siteBonusMax(site: Pick<SiteForMatch, 'parkUnitId' | 'powerKva' | 'waterTonsPerDay' | 'state'>) {
  return (
    10 +
    (site.parkUnitId ? 20 : 0) +
    (site.powerKva !== null ? 10 : 0) +
    (site.waterTonsPerDay !== null ? 10 : 0) -
    (site.state === 'negotiating' ? 5 : 0)
  );
}

/**
 * rankingSettled from the site's side: whether the top `limit` of `matchLeads(site, read)` is final when the leads
 * were read with their targets nearest the site's area first and every lead not read is at least `unreadRelative`
 * (relativeDistance) from it (null: none left). No unread lead can score above 50 − 50 × unreadRelative plus the
 * site's largest bonus; once the last of the top scores strictly above that (ties go to the older lead, which may
 * be unread), none can enter.
 */
export function leadRankingSettled(
  site: SiteForMatch,
  ranked: readonly Pick<LeadMatch, 'score'>[],
  unreadRelative: number | null,
  limit = 20,
): boolean {
  if (unreadRelative === null) return true;
  if (ranked.length < limit) return false;
  const bound = 50 - Math.min(50, unreadRelative * 50) + siteBonusMax(site);
  // Nudged up as in rankingSettled: the unread targets' distances are each computed apart, in floating point.
  return ranked[limit - 1]!.score > round1(bound + 1e-9);
}

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

/**
 * A link with finer links under it is judged by them (the finer links are where enterprises sit): covered when all
 * of them are, a gap when none of them has an enterprise and neither has the link itself, weak in between. Leaves
 * keep their own coverage. Returns each link's coverage by id.
 */
export function rolledUpCoverage(
  links: readonly { id: string; parentId: string | null; coverage: Coverage; enterprises: number }[],
): Map<string, Coverage> {
  const children = new Map<string, string[]>();
  for (const l of links) if (l.parentId) children.set(l.parentId, [...(children.get(l.parentId) ?? []), l.id]);
  const byId = new Map(links.map((l) => [l.id, l]));
  const out = new Map<string, Coverage>();
  const visit = (id: string, seen: Set<string>): Coverage => {
    const known = out.get(id);
    if (known) return known;
    const l = byId.get(id)!;
    const kids = (children.get(id) ?? []).filter((k) => !seen.has(k));
    let c: Coverage = l.coverage;
    if (kids.length) {
      const below = kids.map((k) => visit(k, new Set([...seen, id])));
      if (below.every((x) => x === 'covered')) c = 'covered';
      else if (below.every((x) => x === 'none') && l.enterprises === 0) c = 'none';
      else c = 'weak';
    }
    out.set(id, c);
    return c;
  };
  for (const l of links) visit(l.id, new Set([l.id]));
  return out;
}

// ---------- the agreement's commitments (履约) ----------
export const COMMITMENT_SIDES = ['investor', 'county'] as const;
export type CommitmentSide = (typeof COMMITMENT_SIDES)[number];
export const COMMITMENT_SIDE_LABELS: Record<CommitmentSide, Label> = {
  investor: { 'zh-CN': '投资方承诺', 'en-US': 'Investor’s commitment' },
  county: { 'zh-CN': '县方承诺', 'en-US': 'County’s commitment' },
};
/**
 * What an agreement promises. The investor: investment in place by a date, 开工 and 投产 dates, 亩均税收, jobs. The
 * county: land delivered, power, water, policies promised. `tax_rebate` (税收返还/奖励) is listed only to be refused:
 * the 公平竞争审查条例 (in force since 2024-08-01) bars incentives tied to the tax an investor pays.
 */
export const COMMITMENT_TYPES = [
  'investment',
  'start',
  'production',
  'tax_per_mu',
  'jobs',
  'land',
  'power',
  'water',
  'policy',
  'tax_rebate',
] as const;
export type CommitmentType = (typeof COMMITMENT_TYPES)[number];
export const COMMITMENT_TYPES_OF: Record<CommitmentSide, readonly CommitmentType[]> = {
  investor: ['investment', 'start', 'production', 'tax_per_mu', 'jobs'],
  county: ['land', 'power', 'water', 'policy'],
};
export const COMMITMENT_TYPE_LABELS: Record<CommitmentType, Label> = {
  investment: { 'zh-CN': '投资到位', 'en-US': 'Investment in place' },
  start: { 'zh-CN': '开工', 'en-US': 'Construction start' },
  production: { 'zh-CN': '投产', 'en-US': 'Production start' },
  tax_per_mu: { 'zh-CN': '亩均税收', 'en-US': 'Tax per mu' },
  jobs: { 'zh-CN': '带动就业', 'en-US': 'Jobs' },
  land: { 'zh-CN': '交付土地', 'en-US': 'Land delivered' },
  power: { 'zh-CN': '供电保障', 'en-US': 'Power supply' },
  water: { 'zh-CN': '供水保障', 'en-US': 'Water supply' },
  policy: { 'zh-CN': '政策兑现', 'en-US': 'Policy promised' },
  tax_rebate: { 'zh-CN': '税收返还/奖励', 'en-US': 'Tax rebate' },
};
/** The unit a commitment's figure is in (none for dates, land, utilities and policies). */
export const COMMITMENT_UNIT: Partial<Record<CommitmentType, Label>> = {
  investment: { 'zh-CN': '万元', 'en-US': '10k CNY' },
  tax_per_mu: { 'zh-CN': '万元/亩', 'en-US': '10k CNY per mu' },
  jobs: { 'zh-CN': '人', 'en-US': 'people' },
  land: { 'zh-CN': '亩', 'en-US': 'mu' },
  power: { 'zh-CN': '千伏安', 'en-US': 'kVA' },
  water: { 'zh-CN': '吨/日', 'en-US': 't/day' },
};
/** The blocker type an overdue county commitment raises on the project. */
export const COMMITMENT_BLOCKER_TYPE: Record<CommitmentType, 'land' | 'funding' | 'approval' | 'other'> = {
  investment: 'funding',
  start: 'other',
  production: 'other',
  tax_per_mu: 'other',
  jobs: 'other',
  land: 'land',
  power: 'other',
  water: 'other',
  policy: 'approval',
  tax_rebate: 'other',
};

/** Words of a promise that ties an incentive to the tax paid (返税, 先征后返, 税收奖励…). */
const TAX_REBATE_WORDS =
  /税收返还|返税|先征后返|即征即退|税收奖励|按.{0,8}税.{0,8}(奖励|返还|补贴)|地方留成.{0,8}(返还|奖励|补贴)/;

/**
 * Whether a commitment may be recorded: its type belongs to its side, and no incentive tied to tax paid (by type or
 * by what it says) — the 公平竞争审查条例 bars them. Problems name the field in domain words.
 */
export function checkCommitment(
  side: CommitmentSide,
  type: CommitmentType,
  description: string,
): { field: string; code: string }[] {
  if (type === 'tax_rebate' || (side === 'county' && TAX_REBATE_WORDS.test(description)))
    return [{ field: type === 'tax_rebate' ? 'body.type' : 'body.description', code: 'commitment_tax_rebate' }];
  if (!COMMITMENT_TYPES_OF[side].includes(type)) return [{ field: 'body.type', code: 'commitment_type_of_side' }];
  return [];
}

export interface CommitmentForRate {
  id: string;
  side: CommitmentSide;
  due: IsoDate;
  /** open on the core, fulfilled (closed there) or cancelled. */
  state: 'open' | 'fulfilled' | 'cancelled';
  fulfilledOn: IsoDate | null;
}
export interface Fulfilment {
  total: number;
  /** Fallen due by today, or fulfilled earlier. */
  due: number;
  fulfilled: number;
  onTime: number;
  overdue: number;
  /** 履约率: fulfilled among those due (null when none is due); between 0 and 1. */
  rate: number | null;
}
/**
 * 履约率 for each side: of the commitments fallen due (or fulfilled before), how many are fulfilled. Each commitment
 * counted once (by id), cancelled ones not at all.
 */
export function fulfilmentOf(rows: readonly CommitmentForRate[], today: IsoDate): Record<CommitmentSide, Fulfilment> {
  const out = {} as Record<CommitmentSide, Fulfilment>;
  for (const side of COMMITMENT_SIDES)
    out[side] = { total: 0, due: 0, fulfilled: 0, onTime: 0, overdue: 0, rate: null };
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (r.state === 'cancelled') continue;
    const f = out[r.side];
    f.total++;
    if (r.state === 'fulfilled') {
      f.due++;
      f.fulfilled++;
      if (r.fulfilledOn && r.fulfilledOn <= r.due) f.onTime++;
    } else if (r.due <= today) {
      f.due++;
      if (r.due < today) f.overdue++;
    }
  }
  for (const side of COMMITMENT_SIDES) out[side].rate = ratio(out[side].fulfilled, out[side].due);
  return out;
}

// ---------- the year's targets on the trajectory (序时进度) ----------
/** The targets a county sets for its 招商 each year. */
export const TARGET_KEYS = [
  'signedCount',
  'signedAmount',
  'fundsInPlace',
  'startRate',
  'producingCount',
  'revitalisedAreaMu',
] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export const TARGET_LABELS: Record<TargetKey, Label> = {
  signedCount: { 'zh-CN': '签约项目数', 'en-US': 'Projects signed' },
  signedAmount: { 'zh-CN': '签约额（万元）', 'en-US': 'Amount signed (10k CNY)' },
  fundsInPlace: { 'zh-CN': '到位资金（万元）', 'en-US': 'Funds in place (10k CNY)' },
  startRate: { 'zh-CN': '签约项目开工率', 'en-US': 'Start rate of projects signed' },
  producingCount: { 'zh-CN': '投产项目数', 'en-US': 'Projects in production' },
  revitalisedAreaMu: { 'zh-CN': '盘活土地（亩）', 'en-US': 'Land revitalised (mu)' },
};
/** A dated amount: a signing (1 project, its amount), confirmed funds, a start, a site revitalised. */
export interface Dated {
  date: IsoDate;
  value: number;
}
export interface TargetLine {
  key: TargetKey;
  target: number | null;
  actual: number;
  /** Where the value should stand today on the trajectory (序时进度), in the target's unit. */
  expected: number | null;
  /** 完成年度目标 and 序时进度, percent of the target. */
  progress: number | null;
  expectedProgress: number | null;
  /** Points behind the trajectory (negative: ahead). */
  gapPoints: number | null;
  light: Light;
  method: TrajectoryMethod | null;
}

/** Month-end cumulative totals of a year's dated amounts (12 values). */
export function monthlyCumulative(events: readonly Dated[], year: number): number[] {
  const out = new Array<number>(12).fill(0);
  const y = String(year);
  for (const e of events) if (e.date.startsWith(y)) out[Number(e.date.slice(5, 7)) - 1]! += e.value;
  for (let i = 1; i < 12; i++) out[i]! += out[i - 1]!;
  return out;
}

/**
 * Where a cumulative figure should stand on `today` to reach `target` by the year end: the indicators' trajectory
 * (monthly, seasonal on last year's months when last year had any, else the calendar), read between month ends by
 * the days elapsed. Before the year nothing is expected; after it, the whole target.
 */
export function expectedOn(
  target: number,
  year: number,
  today: IsoDate,
  lastYear: readonly number[] | null,
  accumulation: 'cumulative' | 'level' = 'cumulative',
): { expected: number; method: TrajectoryMethod } {
  const tr = trajectory({
    frequency: 'month',
    year,
    accumulation,
    target,
    lastYear: lastYear ? [...lastYear] : [],
    base: accumulation === 'level' ? 0 : undefined,
  });
  const ty = Number(today.slice(0, 4));
  if (ty < year) return { expected: 0, method: tr.method };
  if (ty > year) return { expected: tr.expected[11]!, method: tr.method };
  const m = Number(today.slice(5, 7)) - 1;
  const day = Number(today.slice(8, 10));
  const daysInMonth = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  const prev = m === 0 ? 0 : tr.expected[m - 1]!;
  return { expected: prev + (tr.expected[m]! - prev) * (day / daysInMonth), method: tr.method };
}

/** One target followed on its trajectory, with the indicators' light (points behind 序时进度, the task thresholds). */
export function followTarget(
  key: TargetKey,
  target: number | null,
  actual: number,
  year: number,
  today: IsoDate,
  lastYear: readonly number[] | null,
  t: LightThresholds,
  accumulation: 'cumulative' | 'level' = 'cumulative',
): TargetLine {
  if (target === null || !(target > 0))
    return {
      key,
      target,
      actual,
      expected: null,
      progress: null,
      expectedProgress: null,
      gapPoints: null,
      light: 'none',
      method: null,
    };
  const { expected, method } = expectedOn(target, year, today, lastYear, accumulation);
  const l = indicatorLight(actual, expected, target, t);
  const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    key,
    target,
    actual,
    expected: Math.round(expected * 100) / 100,
    progress: r1(l.progress),
    expectedProgress: r1(l.expectedProgress),
    gapPoints: r1(l.gapPoints),
    light: l.light,
    method,
  };
}

// ---------- conversion by cohort ----------
export interface ConversionRow {
  key: string;
  signed: number;
  started: number;
  producing: number;
  signedToStarted: number | null;
  startedToProducing: number | null;
  signedToProducing: number | null;
}
/**
 * 转化率 签约→开工→投产 grouped by a key of the lead (year of first signing, chain, source): each signed lead counted
 * once, in one group, by the stage it shows now — so every rate lies between 0 and 1.
 */
export function conversionBy<L extends SummaryLead>(leads: readonly L[], keyOf: (l: L) => string): ConversionRow[] {
  const groups = new Map<string, { signed: number; started: number; producing: number }>();
  const seen = new Set<string>();
  for (const l of leads) {
    if (seen.has(l.id) || l.signedOn.length === 0) continue;
    seen.add(l.id);
    const k = keyOf(l);
    const g = groups.get(k) ?? { signed: 0, started: 0, producing: 0 };
    g.signed++;
    if (stageIndex(l.stage) >= stageIndex('started')) g.started++;
    if (l.stage === 'producing') g.producing++;
    groups.set(k, g);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      ...g,
      signedToStarted: ratio(g.started, g.signed),
      startedToProducing: ratio(g.producing, g.started),
      signedToProducing: ratio(g.producing, g.signed),
    }));
}
