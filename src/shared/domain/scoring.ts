import { z } from 'zod';
import type { IsoDate } from './dates';
import { addDays } from './dates';
import { isWorkingDay, type WorkCalendar } from './working-days';

/**
 * Unit scoring (考核): points per recorded event, summed for a period. Scores are always computed from the
 * events (never stored), so the same events, rules and period give the same result, and every point can be
 * traced back to the event that earned or cost it.
 */
export const SCORING_EVENT_KINDS = [
  'closedOnTime', // 按期办结
  'closedLate', // 逾期办结
  'blockerResolved', // 卡点按时破解
  'overdueDay', // 逾期（每个工作日）
  'reportMissing', // 进展未报送（系统自动催办）
  'notice', // 督办单（连续未报送等）
  'reportLate', // 进展迟报
  'reportReturned', // 进展报告被退回
  'extensionApproved', // 延期获批
  'praised', // 表扬
  'criticised', // 通报批评
] as const;
export type ScoringEventKind = (typeof SCORING_EVENT_KINDS)[number];

export const SCORING_LABELS: Record<ScoringEventKind, string> = {
  closedOnTime: '按期办结',
  closedLate: '逾期办结',
  blockerResolved: '卡点按时破解',
  overdueDay: '逾期（每工作日）',
  reportMissing: '进展未报送（自动催办）',
  notice: '督办单',
  reportLate: '进展迟报',
  reportReturned: '进展被退回',
  extensionApproved: '延期获批',
  praised: '表扬',
  criticised: '通报批评',
};

/** Kinds that may only earn points (so an on-time closure or a praise never lowers a score), and the rest only cost. */
export const GAIN_KINDS: readonly ScoringEventKind[] = ['closedOnTime', 'blockerResolved', 'praised'];

/**
 * Score groups (考核分组): the ledger's tasks, the key projects' milestones and blockers, and the office's praise
 * and criticism are scored apart, each with its own deduction cap (扣完为止), so that one group's troubles cannot
 * sink a unit below what the rules allow and the league can show where the points came from.
 */
export const SCORING_GROUPS = ['tasks', 'projects', 'enterprises', 'commendations'] as const;
export type ScoringGroup = (typeof SCORING_GROUPS)[number];
export const SCORING_GROUP_LABELS: Record<ScoringGroup, string> = {
  tasks: '督办任务',
  projects: '重点项目',
  enterprises: '企业服务',
  commendations: '表扬与批评',
};

/**
 * The group of an event: praise and criticism are their own; otherwise the item's kind decides (a task, a
 * project's milestone or blocker, an enterprise's demand). The rate rules are always the enterprise service's.
 */
export function scoringGroupOf(kind: ScoreKind, itemKind?: string | null): ScoringGroup {
  if (kind === 'praised' || kind === 'criticised') return 'commendations';
  if (kind === 'blockerResolved') return 'projects';
  if ((RATE_KINDS as readonly string[]).includes(kind) || itemKind === 'demand') return 'enterprises';
  return itemKind === 'milestone' || itemKind === 'blocker' ? 'projects' : 'tasks';
}

/**
 * Rate rules of the enterprise service (企业服务, docs/ENTERPRISES.md "In the scoring rules"): a unit's share over
 * the period — 包联 visit coverage, demands answered within their limits, resolution the enterprise confirmed,
 * satisfaction of those that rated — costs up to `weight` points when it falls short of `target`, in proportion to
 * the shortfall, the whole weight at `lowest` or below. A unit with fewer than `minCount` in the denominator is not
 * scored on that rate (one unhappy enterprise is not a unit's satisfaction).
 */
export const RATE_KINDS = ['visitCoverage', 'demandResponse', 'demandConfirmed', 'demandSatisfaction'] as const;
export type RateKind = (typeof RATE_KINDS)[number];
export type ScoreKind = ScoringEventKind | RateKind;
export const SCORE_KINDS: readonly ScoreKind[] = [...SCORING_EVENT_KINDS, ...RATE_KINDS];

export const RATE_LABELS: Record<RateKind, string> = {
  visitCoverage: '包联企业走访覆盖率',
  demandResponse: '诉求按时响应率',
  demandConfirmed: '诉求企业确认解决率',
  demandSatisfaction: '诉求满意率（仅计已评价）',
};

/** What each rate counts, shown with the rule (the denominators are the unit's own). */
export const RATE_DEFINITIONS: Record<RateKind, { 'zh-CN': string; 'en-US': string }> = {
  visitCoverage: {
    'zh-CN':
      '各季度本单位人员参加的走访见到的本单位包联企业数之和 ÷ 各季度本单位包联的在册企业数之和（期内每个季度各算一次，进行中的季度算到期末；他人走访不计）',
    'en-US':
      "the unit's 包联 enterprises it met itself on a visit, summed over the period's quarters ÷ its 包联 enterprises, " +
      "summed over the same quarters (the quarter in course up to the period's end; others' visits do not count)",
  },
  demandResponse: {
    'zh-CN': '在联系时限内联系企业、且在答复时限内首次答复的诉求 ÷ 期内受理、由本单位承办且答复时限已到或已答复的诉求',
    'en-US':
      'demands the unit contacted within the contact limit and first answered within the reply limit ÷ the demands ' +
      'it handles received in the period whose reply limit has passed or that were answered',
  },
  demandConfirmed: {
    'zh-CN': '企业评价满意或基本满意后办结的诉求 ÷ 期内受理、由本单位承办的全部诉求（含在办、撤回、未评价）',
    'en-US':
      'demands closed after the enterprise rated them 满意 or 基本满意 ÷ all demands the unit handles received in the ' +
      'period (open, withdrawn and unrated included)',
  },
  demandSatisfaction: {
    'zh-CN': '满意和基本满意 ÷ 企业作出评价的诉求（期内受理、由本单位承办）',
    'en-US': 'rated 满意 or 基本满意 ÷ demands the enterprise rated (received in the period, handled by the unit)',
  },
};

/** Every line's name: the events' and the rates'. */
export const SCORE_LABELS: Record<ScoreKind, string> = { ...SCORING_LABELS, ...RATE_LABELS };

const Share = z.number().min(0).max(1);
export const RateRule = z
  .strictObject({
    /** The most the rate may cost (0: not scored). */
    weight: z.number().multipleOf(0.5).min(0).max(50),
    /** At or above it, nothing is deducted. */
    target: Share,
    /** At or below it, the whole weight. */
    lowest: Share,
    /** Fewer than this in the denominator: the rate is shown, not scored. */
    minCount: z.number().int().min(1).max(1000),
  })
  .refine((r) => r.lowest < r.target, { path: ['lowest'], message: 'lowest_not_below_target' });
export type RateRule = z.infer<typeof RateRule>;

export const DEFAULT_RATE_RULES: Record<RateKind, RateRule> = {
  visitCoverage: { weight: 5, target: 1, lowest: 0.5, minCount: 1 },
  demandResponse: { weight: 5, target: 0.95, lowest: 0.6, minCount: 3 },
  demandConfirmed: { weight: 5, target: 0.8, lowest: 0.4, minCount: 3 },
  demandSatisfaction: { weight: 5, target: 0.9, lowest: 0.6, minCount: 3 },
};

/**
 * The points a rate costs under its rule: 0 at or above the target, −weight at or below the lowest, in between in
 * proportion, rounded to the nearer 0.5 (so sums stay exact); 0 when the denominator is under the rule's minimum.
 * Never positive, never below −weight, and never lower for a higher rate.
 */
export function ratePoints(rate: { numerator: number; denominator: number }, rule: RateRule): number {
  if (rate.denominator < rule.minCount || rate.denominator <= 0 || rule.weight === 0) return 0;
  const share = Math.min(1, Math.max(0, rate.numerator / rate.denominator));
  const shortfall = Math.min(1, Math.max(0, (rule.target - share) / (rule.target - rule.lowest)));
  const pts = Math.round(shortfall * rule.weight * 2) / 2;
  return pts === 0 ? 0 : -pts;
}

const Points = z.number().multipleOf(0.5).min(-100).max(100);
const gain = Points.min(0);
const cost = Points.max(0);
/** The most a group may deduct (null: no cap). */
const Cap = z.number().multipleOf(0.5).min(0).max(1000).nullable();
/** The enterprise service's group came later: rule sets stored before it read with its default cap. */
const ENTERPRISES_CAP = 20;
/**
 * A rule set: a base every unit starts from, the points per event, the most each group may deduct and the lowest
 * score a unit can have (扣完为止). Points are multiples of 0.5 so sums are exact in floating point (no
 * order-dependent rounding).
 */
export const ScoringRules = z
  .strictObject({
    base: z.number().multipleOf(0.5).min(0).max(1000),
    /** The lowest score a unit can reach, whatever it lost (at most the base). */
    floor: z.number().multipleOf(0.5).min(0).max(1000).default(0),
    /** The most each group may deduct from the base (扣完为止 per group). */
    deductionCaps: z
      .strictObject({ tasks: Cap, projects: Cap, enterprises: Cap.default(ENTERPRISES_CAP), commendations: Cap })
      .default({ tasks: 60, projects: 30, enterprises: ENTERPRISES_CAP, commendations: 10 }),
    closedOnTime: gain,
    closedLate: Points,
    blockerResolved: gain,
    overdueDay: cost,
    reportMissing: cost,
    notice: cost,
    reportLate: cost,
    reportReturned: cost,
    extensionApproved: cost,
    praised: gain,
    criticised: cost,
    /** The enterprise service's rate rules (a rule set stored before them reads the defaults). */
    rates: z
      .strictObject({
        visitCoverage: RateRule,
        demandResponse: RateRule,
        demandConfirmed: RateRule,
        demandSatisfaction: RateRule,
      })
      .default(DEFAULT_RATE_RULES),
  })
  .refine((r) => r.floor <= r.base, { path: ['floor'], message: 'floor_above_base' });
export type ScoringRules = z.infer<typeof ScoringRules>;

/**
 * Defaults: start from 100; an on-time closure earns 2 and a late one 0.5 (finishing still counts, but less); a
 * project blocker (卡点) removed within its level's deadline earns the handling unit 2 (in place of a closure's);
 * each overdue working day costs 0.5; a missed report (the automatic 催办) 1 and a 督办单 3; a late report 0.5,
 * a returned one 1; an approved extension 0.5 (a plan that did not hold); a praise earns 5, a criticism costs 5.
 */
export const DEFAULT_SCORING_RULES: ScoringRules = {
  base: 100,
  // Deductions end at the base (扣完为止): the ledger may cost at most 60, the projects 30, the enterprise service
  // 20 (its demands' closures and overdue days and its four rates), criticism 10.
  floor: 0,
  deductionCaps: { tasks: 60, projects: 30, enterprises: ENTERPRISES_CAP, commendations: 10 },
  closedOnTime: 2,
  closedLate: 0.5,
  blockerResolved: 2,
  overdueDay: -0.5,
  reportMissing: -1,
  notice: -3,
  reportLate: -0.5,
  reportReturned: -1,
  extensionApproved: -0.5,
  praised: 5,
  criticised: -5,
  rates: DEFAULT_RATE_RULES,
};

/** One recorded fact about a unit: `count` is the number of working days for 'overdueDay', else 1. */
export interface ScoringEvent {
  unitId: string;
  kind: ScoreKind;
  /** A rate rule's fact (the rate kinds only): its points come from the rule's weight and thresholds. */
  rate?: { numerator: number; denominator: number };
  on: IsoDate;
  itemId: string | null;
  title: string;
  count?: number;
  /** Where it came from (an event seq, a report id) for tracing. */
  ref?: string;
  /** The score group; by default from the kind (praise and criticism, a blocker) or else the ledger's tasks. */
  group?: ScoringGroup;
  /**
   * Why the event costs nothing (容错免责: a 容错 request accepted for the item). A deduction so marked counts 0
   * and keeps its place in the trail with this note; a gain is never exempted, so an exemption never lowers a score.
   */
  exempt?: string;
}

export interface ScoredUnit {
  id: string;
  name: string;
  kind: string;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface ScoreLine {
  group: ScoringGroup;
  kind: ScoreKind;
  count: number;
  points: number;
  events: {
    itemId: string | null;
    title: string;
    on: IsoDate;
    count: number;
    points: number;
    ref?: string;
    exempt?: string;
    rate?: { numerator: number; denominator: number };
  }[];
}

/** What a group added and took: `points` is what counts (gains plus the deductions up to the group's cap). */
export interface GroupScore {
  group: ScoringGroup;
  gained: number;
  /** All deductions recorded (≤ 0), before the cap. */
  deducted: number;
  /** Deductions beyond the cap, not counted (≥ 0). */
  waived: number;
  points: number;
}

export interface UnitScore {
  unitId: string;
  name: string;
  kind: string;
  score: number;
  base: number;
  /** Points not counted because the score reached the floor (≥ 0). */
  floored: number;
  groups: GroupScore[];
  breakdown: ScoreLine[];
}

/**
 * Each unit's score for the period from the events on days within it; every unit appears, with or without events.
 * Per group: gains count in full, deductions up to the group's cap; the total never goes below the floor.
 */
export function scoreUnits(
  units: readonly ScoredUnit[],
  events: readonly ScoringEvent[],
  rules: ScoringRules,
  period: Period,
): UnitScore[] {
  const byUnit = new Map<string, ScoringEvent[]>();
  for (const e of events) {
    if (e.on < period.from || e.on > period.to) continue;
    const list = byUnit.get(e.unitId) ?? [];
    list.push(e);
    byUnit.set(e.unitId, list);
  }
  return units.map((u) => {
    const lines: ScoreLine[] = [];
    const mine = byUnit.get(u.id) ?? [];
    for (const group of SCORING_GROUPS) {
      for (const kind of SCORE_KINDS) {
        const evs = mine.filter((e) => e.kind === kind && (e.group ?? scoringGroupOf(e.kind)) === group);
        if (!evs.length) continue;
        // A stable order so the breakdown is the same however the events were loaded.
        const sorted = [...evs].sort(
          (a, b) =>
            cmp(a.on, b.on) ||
            cmp(a.itemId ?? '', b.itemId ?? '') ||
            cmp(a.ref ?? '', b.ref ?? '') ||
            cmp(a.title, b.title),
        );
        const rows = sorted.map((e) => {
          const count = e.count ?? 1;
          const raw = isRateKind(kind) ? (e.rate ? ratePoints(e.rate, rules.rates[kind]) : 0) : count * rules[kind];
          // Only a deduction is exempted: a rule set may make a late closure earn points, and those stay.
          const exempt = e.exempt !== undefined && raw < 0 ? e.exempt : undefined;
          const row = { itemId: e.itemId, title: e.title, on: e.on, count, points: exempt ? 0 : raw };
          return {
            ...row,
            ...(e.ref ? { ref: e.ref } : {}),
            ...(exempt ? { exempt } : {}),
            ...(e.rate ? { rate: e.rate } : {}),
          };
        });
        const count = rows.reduce((s, r) => s + r.count, 0);
        lines.push({ group, kind, count, points: rows.reduce((s, r) => s + r.points, 0), events: rows });
      }
    }
    const groups = SCORING_GROUPS.map((group) => groupScore(group, lines, rules.deductionCaps[group] ?? null));
    const raw = rules.base + groups.reduce((s, g) => s + g.points, 0);
    const score = Math.max(rules.floor, raw);
    return {
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      base: rules.base,
      score,
      floored: score - raw,
      groups,
      breakdown: lines,
    };
  });
}

export function isRateKind(kind: ScoreKind): kind is RateKind {
  return (RATE_KINDS as readonly string[]).includes(kind);
}

function groupScore(group: ScoringGroup, lines: readonly ScoreLine[], cap: number | null): GroupScore {
  let gained = 0;
  let deducted = 0;
  for (const l of lines) {
    if (l.group !== group) continue;
    if (l.points > 0) gained += l.points;
    else deducted += l.points;
  }
  const counted = cap === null ? deducted : Math.max(deducted, -cap);
  return { group, gained, deducted, waived: counted - deducted, points: gained + counted };
}

/**
 * Marks the events of tolerated items (容错免责, by item id, with the note the trail shows); the gains are left
 * as they are. Praise and criticism belong to no item and are never marked.
 */
export function exemptTolerated(
  events: readonly ScoringEvent[],
  tolerated: ReadonlyMap<string, string>,
): ScoringEvent[] {
  if (tolerated.size === 0) return [...events];
  return events.map((e) => {
    const note = e.itemId ? tolerated.get(e.itemId) : undefined;
    return note && !(GAIN_KINDS as readonly ScoreKind[]).includes(e.kind) ? { ...e, exempt: note } : e;
  });
}

export interface LeagueRow extends UnitScore {
  rank: number;
}

/**
 * A league table: highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by name then id,
 * so the order never depends on the input's. `kind` 'township' keeps the townships only, 'unit' the others.
 */
export function league(scores: readonly UnitScore[], kind: 'unit' | 'township'): LeagueRow[] {
  const rows = scores.filter((s) => (kind === 'township' ? s.kind === 'township' : s.kind !== 'township'));
  const sorted = [...rows].sort((a, b) => b.score - a.score || cmp(a.name, b.name) || cmp(a.unitId, b.unitId));
  let rank = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...s, rank };
  });
}

/**
 * The overdue working days of an item that fall within the period: days after the deadline, up to the day
 * before it was closed (or to the period's end, or `today` if earlier, while open).
 */
export function overdueWorkingDaysIn(
  deadline: IsoDate,
  closedOn: IsoDate | null,
  period: Period,
  cal: WorkCalendar,
  today: IsoDate,
): number {
  let start = addDays(deadline, 1);
  if (start < period.from) start = period.from;
  let end = closedOn ? addDays(closedOn, -1) : today;
  if (end > period.to) end = period.to;
  let n = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

function cmp(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}
