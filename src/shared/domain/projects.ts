import type { IsoDate } from './dates';
import { LIGHT_SEVERITY, type Light } from './light';

/**
 * The key-project library (项目库, DESIGN.md §1): pools by stage and the moves between them. Pure: the projects
 * module stores every move as a row that is never changed; these functions decide which moves are allowed and
 * what the library looked like on any date.
 */
export const POOLS = ['reserve', 'preliminary', 'new_start', 'continuing', 'completed', 'in_production'] as const;
export type Pool = (typeof POOLS)[number];

export const POOL_LABELS: Record<Pool, { 'zh-CN': string; 'en-US': string }> = {
  reserve: { 'zh-CN': '储备', 'en-US': 'Reserve' },
  preliminary: { 'zh-CN': '前期', 'en-US': 'Preliminary' },
  new_start: { 'zh-CN': '新开工', 'en-US': 'New start' },
  continuing: { 'zh-CN': '续建', 'en-US': 'Continuing' },
  completed: { 'zh-CN': '竣工', 'en-US': 'Completed' },
  in_production: { 'zh-CN': '投产', 'en-US': 'In production' },
};

/** The stage a pool stands for, in order: a move to a lower stage is a move back (e.g. a start reported too early). */
export const POOL_STAGE: Record<Pool, number> = {
  reserve: 0,
  preliminary: 1,
  new_start: 2,
  continuing: 3,
  completed: 4,
  in_production: 5,
};

/** Construction has begun: 新开工, 续建, 竣工 or 投产. */
export const isStarted = (p: Pool) => POOL_STAGE[p] >= POOL_STAGE.new_start;
/** Construction is finished: 竣工 or 投产. */
export const isCompleted = (p: Pool) => POOL_STAGE[p] >= POOL_STAGE.completed;
/** Producing (投产/投用). */
export const isProducing = (p: Pool) => p === 'in_production';

export const PROJECT_TYPES = [
  'industry',
  'infrastructure',
  'social',
  'ecology',
  'urban',
  'agriculture',
  'other',
] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];
export const PROJECT_TYPE_LABELS: Record<ProjectType, { 'zh-CN': string; 'en-US': string }> = {
  industry: { 'zh-CN': '产业', 'en-US': 'Industry' },
  infrastructure: { 'zh-CN': '基础设施', 'en-US': 'Infrastructure' },
  social: { 'zh-CN': '社会民生', 'en-US': 'Social' },
  ecology: { 'zh-CN': '生态环保', 'en-US': 'Ecology' },
  urban: { 'zh-CN': '城乡建设', 'en-US': 'Urban and rural construction' },
  agriculture: { 'zh-CN': '农业农村', 'en-US': 'Agriculture' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

/**
 * 节点 templates per project type, used until the administrator saves a template of the jurisdiction's own.
 * Names as project offices write them; the order is the usual order of approvals and works.
 */
export const DEFAULT_MILESTONE_TEMPLATES: Record<ProjectType, string[]> = {
  industry: [
    '立项备案',
    '用地预审',
    '环评批复',
    '供地',
    '规划许可',
    '施工许可',
    '开工',
    '主体完工',
    '竣工验收',
    '投产',
    '达产',
  ],
  infrastructure: [
    '立项批复',
    '用地预审',
    '环评批复',
    '初步设计批复',
    '施工许可',
    '开工',
    '主体完工',
    '竣工验收',
    '投入使用',
  ],
  social: ['立项批复', '用地预审', '规划许可', '施工许可', '开工', '主体完工', '竣工验收', '投入使用'],
  ecology: ['立项批复', '环评批复', '初步设计批复', '开工', '主体完工', '竣工验收', '投入使用'],
  urban: ['立项批复', '用地预审', '规划许可', '施工许可', '开工', '主体完工', '竣工验收', '投入使用'],
  agriculture: ['立项批复', '用地预审', '开工', '主体完工', '竣工验收', '投产'],
  other: ['立项', '开工', '竣工验收'],
};

/** One stored move. `seq` orders moves of the same date (the order they were recorded in). */
export interface PoolMove {
  projectId: string;
  /** The pool before (null for entry into the library). */
  from: Pool | null;
  to: Pool;
  /** The date the move took effect (not when it was recorded). */
  date: IsoDate;
  seq: number;
}

const byDateThenSeq = (a: Pick<PoolMove, 'date' | 'seq'>, b: Pick<PoolMove, 'date' | 'seq'>) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq;

/** A project's pool on date D: the last move taking effect on or before D; null before it entered the library. */
export function poolOn(moves: readonly Pick<PoolMove, 'to' | 'date' | 'seq'>[], day: IsoDate): Pool | null {
  let best: Pick<PoolMove, 'to' | 'date' | 'seq'> | null = null;
  for (const m of moves) if (m.date <= day && (!best || byDateThenSeq(m, best) > 0)) best = m;
  return best?.to ?? null;
}

/** "The library as it stood on date D": each project that was in the library then, with its pool then. */
export function libraryOn(moves: readonly PoolMove[], day: IsoDate): Map<string, Pool> {
  const byProject = new Map<string, PoolMove[]>();
  for (const m of moves) byProject.set(m.projectId, [...(byProject.get(m.projectId) ?? []), m]);
  const out = new Map<string, Pool>();
  for (const [id, ms] of byProject) {
    const p = poolOn(ms, day);
    if (p) out.set(id, p);
  }
  return out;
}

export type MoveProblem = {
  field: 'body.pool' | 'body.date';
  code: 'same_pool' | 'date_in_future' | 'before_last_move';
  params?: Record<string, string>;
};

/**
 * Whether a move may be recorded. History is kept in the order things happened, so a move may not take effect
 * before the latest recorded one (a correction is a new move, never an edit), nor in the future, nor into the
 * pool the project is already in. Moving back a stage is allowed (with its reason, as every move has one).
 */
export function checkMove(
  history: readonly Pick<PoolMove, 'to' | 'date' | 'seq'>[],
  to: Pool,
  date: IsoDate,
  today: IsoDate,
): MoveProblem[] {
  const problems: MoveProblem[] = [];
  const last = [...history].sort(byDateThenSeq).at(-1);
  if (date > today) problems.push({ field: 'body.date', code: 'date_in_future' });
  if (last && date < last.date)
    problems.push({ field: 'body.date', code: 'before_last_move', params: { last: last.date } });
  if (last && last.to === to) problems.push({ field: 'body.pool', code: 'same_pool' });
  return problems;
}

/** 'YYYY-MM' of a date, and whether a month string is well formed. */
export const monthOf = (d: IsoDate) => d.slice(0, 7);
export const isMonth = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m);

/**
 * A project's light from its milestones' lights (each decided by the supervision core's one light function): the
 * worst open milestone, as the core rolls a parent up from its sub-items; 'done' when every milestone is done;
 * 'none' without milestones (or with drafts and cancelled ones only).
 */
export function projectLight(milestoneLights: readonly Light[]): Light {
  let worst: Light = 'none';
  for (const l of milestoneLights)
    if (l !== 'done' && l !== 'none' && LIGHT_SEVERITY[l] > LIGHT_SEVERITY[worst]) worst = l;
  if (worst !== 'none') return worst;
  return milestoneLights.includes('done') ? 'done' : 'none';
}

/** 卡点 (blocker) types the speeches name: 用地、资金、审批、征迁、环评, and others. */
export const BLOCKER_TYPES = ['land', 'funding', 'approval', 'relocation', 'environment', 'other'] as const;
export type BlockerType = (typeof BLOCKER_TYPES)[number];
export const BLOCKER_TYPE_LABELS: Record<BlockerType, { 'zh-CN': string; 'en-US': string }> = {
  land: { 'zh-CN': '用地', 'en-US': 'Land' },
  funding: { 'zh-CN': '资金', 'en-US': 'Funding' },
  approval: { 'zh-CN': '审批', 'en-US': 'Approval' },
  relocation: { 'zh-CN': '征迁', 'en-US': 'Relocation' },
  environment: { 'zh-CN': '环评', 'en-US': 'Environmental review' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

/**
 * Escalation of a blocker: 包联 leader (level 1) → 分管 leader (2) → principal (3). Each level has this many
 * working days to get it solved; escalating sets the next level's leader and deadline.
 */
export const ESCALATION_LEVELS = [1, 2, 3] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ESCALATION_WORKING_DAYS: Record<EscalationLevel, number> = { 1: 10, 2: 5, 3: 5 };
export const ESCALATION_LABELS: Record<EscalationLevel, { 'zh-CN': string; 'en-US': string }> = {
  1: { 'zh-CN': '包联领导', 'en-US': 'Liaison leader' },
  2: { 'zh-CN': '分管领导', 'en-US': 'Leader in charge' },
  3: { 'zh-CN': '主要领导', 'en-US': 'Principal' },
};

/** The next level, skipping a level whose leader would be the one already holding the blocker; null at the top. */
export function nextEscalation(
  level: EscalationLevel,
  current: string | null,
  chain: Record<EscalationLevel, string | null>,
): { level: EscalationLevel; leaderId: string } | null {
  for (const l of ESCALATION_LEVELS) {
    if (l <= level) continue;
    const leader = chain[l];
    if (leader && leader !== current) return { level: l, leaderId: leader };
  }
  return null;
}

/** The Monday of the week a date falls in (weekly rounds run Monday to Sunday). */
export function weekStart(d: IsoDate): IsoDate {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  const back = (day + 6) % 7;
  return new Date(Date.parse(`${d}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
}

/** The pools whose projects report in a weekly round by default: those being prepared or built. */
export const ROUND_POOLS: readonly Pool[] = ['preliminary', 'new_start', 'continuing'];
