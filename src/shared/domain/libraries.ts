import type { IsoDate } from './dates';
import { indicatorLight, trajectory, type IndicatorLight } from './indicators';
import type { LightThresholds } from './light';

/**
 * 后备库/培育库 (docs/ENTERPRISES.md, "Reserve libraries"): the county's five libraries with their stages and entry
 * criteria, the rule that a member only moves forward through its library's stages, the counts and movements of a
 * year, and the yearly target of new members followed on the indicators' one trajectory (序时进度).
 */
export const LIBRARY_CODES = ['ipo', 'tech_sme', 'high_tech', 'specialised', 'chain_leader'] as const;
export type LibraryCode = (typeof LIBRARY_CODES)[number];

export interface LibraryDefinition {
  code: LibraryCode;
  name: string;
  /** The stages in order; a member enters at one and only moves forward. */
  stages: string[];
  criteria: string;
}

/** The libraries a county starts with (the office edits the names and criteria). */
export const DEFAULT_LIBRARIES: LibraryDefinition[] = [
  {
    code: 'ipo',
    name: '拟上市企业后备资源库',
    stages: ['入库', '辅导备案', '申报', '上市'],
    criteria:
      '主营业务突出、具有持续经营能力的规上企业；近一年营业收入 1 亿元以上或净利润 1000 万元以上，或属战略性新兴产业且有明确上市计划；无重大违法违规记录。',
  },
  {
    code: 'tech_sme',
    name: '科技型中小企业培育库',
    stages: ['入库', '入库评价通过'],
    criteria:
      '在境内注册的居民企业，职工总数不超过 500 人、年销售收入不超过 2 亿元、资产总额不超过 2 亿元；科技人员占比不低于 10%，研发投入占比符合《科技型中小企业评价办法》。',
  },
  {
    code: 'high_tech',
    name: '高新技术企业培育库',
    stages: ['培育', '申报', '认定'],
    criteria:
      '注册一年以上，拥有核心自主知识产权，科技人员占比不低于 10%，近三年研发费用占比达到《高新技术企业认定管理办法》要求，高新技术产品收入占比不低于 60%。',
  },
  {
    code: 'specialised',
    name: '专精特新企业培育库',
    stages: ['创新型中小企业', '省级专精特新', '国家级专精特新“小巨人”'],
    criteria:
      '专业化、精细化、特色化、新颖化的中小企业，主导产品在细分市场占有率领先，近两年研发投入和营收增长达到省级认定标准。',
  },
  {
    code: 'chain_leader',
    name: '链主企业库',
    stages: ['培育', '认定'],
    criteria: '县重点产业链中营业收入、带动配套和技术水平居前的龙头企业，能带动上下游本地配套。',
  },
];

export interface MemberMovement {
  kind: 'enter' | 'stage' | 'leave';
  stage: string | null;
  on: IsoDate;
}

/**
 * Whether a member at `from` (null: not a member) may move to `to`: entering at any stage; afterwards only forward
 * (上市 is not undone; an enterprise that falls back leaves the library and may enter again).
 */
export function stageMoveAllowed(stages: readonly string[], from: string | null, to: string): boolean {
  const j = stages.indexOf(to);
  if (j < 0) return false;
  if (from === null) return true;
  const i = stages.indexOf(from);
  return i >= 0 && j > i;
}

export interface LibraryYear {
  /** Current members (not left) per stage, in the library's order. */
  byStage: { stage: string; count: number }[];
  members: number;
  /** Movements in the year. */
  entered: number;
  advanced: number;
  left: number;
  /** New members by the end of each month of the year, cumulative (the trajectory's actual). */
  enteredByMonth: number[];
}

/** Counts and movements of a library for a year, from its members and their movements. */
export function libraryYear(
  stages: readonly string[],
  members: readonly { stage: string; leftOn: IsoDate | null }[],
  movements: readonly MemberMovement[],
  year: number,
): LibraryYear {
  const current = members.filter((m) => m.leftOn === null);
  const inYear = movements.filter((m) => m.on.startsWith(`${year}-`));
  const monthly = Array<number>(12).fill(0);
  for (const m of inYear) if (m.kind === 'enter') monthly[Number(m.on.slice(5, 7)) - 1]!++;
  const cum: number[] = [];
  monthly.reduce((s, v, i) => {
    cum[i] = s + v;
    return cum[i]!;
  }, 0);
  return {
    byStage: stages.map((stage) => ({ stage, count: current.filter((m) => m.stage === stage).length })),
    members: current.length,
    entered: inYear.filter((m) => m.kind === 'enter').length,
    advanced: inYear.filter((m) => m.kind === 'stage').length,
    left: inYear.filter((m) => m.kind === 'leave').length,
    enteredByMonth: cum,
  };
}

/**
 * The year's target of new members (新增科技型中小企业 N 家) on the one trajectory: last year's monthly entries give
 * the seasonal shape (the calendar when there were none), and the light is the indicators' rule on the month that
 * `today` falls in.
 */
export function targetProgress(
  target: number,
  year: number,
  today: IsoDate,
  thisYear: readonly number[],
  lastYear: readonly number[],
  thresholds: LightThresholds,
): { expected: number[]; actual: number; expectedNow: number; light: IndicatorLight; method: string } {
  const t = trajectory({ frequency: 'month', year, accumulation: 'cumulative', target, lastYear: [...lastYear] });
  const month = today.startsWith(`${year}-`) ? Number(today.slice(5, 7)) : today < `${year}-` ? 0 : 12;
  // In the month in course the trajectory is read at today, on the straight line between the month's ends; before
  // the year nothing is expected, after it the year end.
  const actual = month === 0 ? 0 : thisYear[month - 1]!;
  let expectedNow = month === 0 ? 0 : t.expected[month - 1]!;
  if (today.startsWith(`${year}-`)) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const before = month === 1 ? 0 : t.expected[month - 2]!;
    expectedNow = before + ((t.expected[month - 1]! - before) * Number(today.slice(8, 10))) / days;
  }
  return {
    expected: t.expected,
    actual,
    expectedNow,
    light: indicatorLight(actual, expectedNow, target, thresholds),
    method: t.method,
  };
}
