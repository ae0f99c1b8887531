import type { IsoDate } from './dates';
import type { BulletinContent, ListedUnit } from '../bulletins';
import { GAIN_KINDS, SCORE_LABELS, SCORING_GROUP_LABELS, type ScoreKind, type ScoringGroup } from './scoring';
import { POOL_LABELS, type Pool } from './projects';
import { LIGHT_LABELS } from '../supervision';
import { cnDate, cnNumber, type Block } from './official-doc';

// The official document model and its Chinese dates and numbers are shared with the meetings' minutes.
export { cnDate, cnNumber } from './official-doc';
export type { Align, Block } from './official-doc';

/**
 * 督查通报 as a document: the one model that both the .docx (server) and the browser preview (web) render, so
 * what is previewed is what is issued. Pure; the numbering and the proposed praise and criticism lists live here too.
 */

const isGain = (k: ScoreKind) => (GAIN_KINDS as readonly ScoreKind[]).includes(k);
/** A rate line (企业服务) is named without a count: its count is one line per period. */
const RATE_LABEL_KINDS = { visitCoverage: 1, demandResponse: 1, demandConfirmed: 1, demandSatisfaction: 1 };

/** 第N期: the next number of a year is one past the highest issued (numbers are never reused or filled in). */
export function nextIssueNumber(issued: readonly number[]): number {
  return issued.reduce((m, n) => Math.max(m, n), 0) + 1;
}

export interface LeagueCandidate {
  rank: number;
  unitId: string;
  name: string;
  score: number;
  base: number;
  breakdown: readonly { group?: ScoringGroup; kind: ScoreKind; count: number; points: number }[];
  groups?: readonly { group: ScoringGroup; points: number }[];
}

/**
 * Why a unit is on a list, from its score breakdown: the lines that earned (praise) or cost (criticism) most.
 * Praise names only what is praiseworthy in itself (an on-time closure, a blocker removed, a praise): a late
 * closure may earn a little under the rules, but it is never a reason to praise.
 */
export function reasonFor(row: LeagueCandidate, side: 'praise' | 'criticism'): string {
  const counts = (l: LeagueCandidate['breakdown'][number]) =>
    side === 'praise' ? l.points > 0 && isGain(l.kind) : l.points < 0;
  // The same kind may come from several groups (a task's and a milestone's on-time closures): one phrase each.
  const byKind = new Map<ScoreKind, { count: number; points: number }>();
  for (const l of row.breakdown.filter(counts)) {
    const k = byKind.get(l.kind) ?? { count: 0, points: 0 };
    byKind.set(l.kind, { count: k.count + l.count, points: k.points + l.points });
  }
  const lines = [...byKind].sort((a, b) => Math.abs(b[1].points) - Math.abs(a[1].points));
  const label = (k: ScoreKind) => SCORE_LABELS[k].replace(/（.*）/, '');
  const what = lines
    .slice(0, 3)
    .map(([k, l]) =>
      k in RATE_LABEL_KINDS ? label(k) : `${label(k)}${k === 'overdueDay' ? ` ${l.count} 个工作日` : ` ${l.count} 次`}`,
    );
  const groups = groupPhrase(Object.fromEntries((row.groups ?? []).map((g) => [g.group, g.points])));
  return `考核得分 ${fmtScore(row.score)} 分（第 ${row.rank} 名${groups ? `；${groups}` : ''}）${what.length ? `，${what.join('、')}` : ''}`;
}

/** 督办任务 +4、重点项目 −2.5 (the groups that moved the score, for the league's annex and the reasons). */
export function groupPhrase(groups: Partial<Record<ScoringGroup, number>>): string {
  return (Object.entries(groups) as [ScoringGroup, number][])
    .filter(([, p]) => p !== 0)
    .map(([g, p]) => `${SCORING_GROUP_LABELS[g]} ${p > 0 ? '+' : '−'}${fmtScore(Math.abs(p))}`)
    .join('、');
}

const fmtScore = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * The lists proposed from a league table: up to `n` units at the top that gained points (score above the base, with
 * something praiseworthy behind it) for praise, and up to `n` at the bottom that lost points (below the base) for
 * criticism. A unit is never on both.
 */
export function proposeLists(
  rows: readonly LeagueCandidate[],
  n: number,
): { praise: ListedUnit[]; criticism: ListedUnit[] } {
  const sorted = [...rows].sort((a, b) => a.rank - b.rank || b.score - a.score);
  // Praise needs a praiseworthy line too: a score above the base from late closures alone is not an achievement.
  const praiseworthy = (r: LeagueCandidate) => r.breakdown.some((l) => l.points > 0 && isGain(l.kind));
  const praise = sorted.filter((r) => r.score > r.base && praiseworthy(r)).slice(0, n);
  const losing = sorted.filter((r) => r.score < r.base);
  const criticism = losing.slice(Math.max(0, losing.length - n)).reverse();
  const item = (r: LeagueCandidate, side: 'praise' | 'criticism'): ListedUnit => ({
    unitId: r.unitId,
    name: r.name,
    reason: reasonFor(r, side),
    score: r.score,
    rank: r.rank,
  });
  return { praise: praise.map((r) => item(r, 'praise')), criticism: criticism.map((r) => item(r, 'criticism')) };
}

export const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

export interface BulletinModel {
  year: number;
  number: number;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  issueDate: IsoDate;
  content: BulletinContent;
}

/** The bulletin's title line (标题). */
export function bulletinTitle(m: Pick<BulletinModel, 'periodFrom' | 'periodTo'>): string {
  return bulletinTitleLines(m).join('');
}

/** The title in two lines broken where it reads naturally (the period, then the subject). */
export function bulletinTitleLines(m: Pick<BulletinModel, 'periodFrom' | 'periodTo'>): string[] {
  return [`关于${cnPeriod(m.periodFrom, m.periodTo)}`, '重点工作督查落实情况的通报'];
}

/** 2026年1月1日至11月29日 (the year once when both ends share it). */
export function cnPeriod(from: IsoDate, to: IsoDate): string {
  return from.slice(0, 4) === to.slice(0, 4)
    ? `${cnDate(from)}至${cnDate(to).slice(5)}`
    : `${cnDate(from)}至${cnDate(to)}`;
}

/** The document, block by block, in reading order. */
export function bulletinBlocks(m: BulletinModel): Block[] {
  const c = m.content;
  const t = c.tasks;
  const out: Block[] = [];
  out.push({
    t: 'redhead',
    title: '督查通报',
    number: `第${m.number}期`,
    office: c.officeName,
    date: cnDate(m.issueDate),
  });
  out.push({ t: 'title', lines: bulletinTitleLines(m) });
  out.push({ t: 'addressee', text: `${c.addressee}：` });
  out.push({
    t: 'p',
    text: `根据县委、县政府工作部署，${c.officeName}对${cnPeriod(m.periodFrom, m.periodTo)}各单位承办的督办任务和重点项目推进情况进行了督查。现将有关情况通报如下。`,
  });

  let section = 0;
  const h1 = (text: string) => out.push({ t: 'h1', text: `${cnNumber(++section)}、${text}` });

  h1('总体情况');
  const units = t.byUnit.filter((u) => u.overdue > 0);
  out.push({
    t: 'p',
    text:
      `本期在办督办任务 ${t.totals.total} 项，办结 ${t.totals.closed} 项，其中按期办结 ${t.totals.closedOnTime} \
项${t.totals.onTimeRate === null ? '' : `，按期办结率 ${pct(t.totals.onTimeRate)}`}；` +
      (t.totals.overdue
        ? `截至${cnDate(t.asOf)}，逾期未办结 ${t.totals.overdue} 项，涉及 ${units.length} 个单位。`
        : `截至${cnDate(t.asOf)}，无逾期未办结任务。`),
  });
  const shown = t.byUnit.filter((u) => u.total > 0);
  if (shown.length) {
    out.push({
      t: 'table',
      header: ['序号', '责任单位', '在办任务', '办结', '按期办结', '逾期未办结'],
      rows: [
        ...shown.map((u, i) => [
          String(i + 1),
          u.unitName,
          String(u.total),
          String(u.closed),
          String(u.closedOnTime),
          String(u.overdue),
        ]),
        [
          '',
          '合计',
          String(t.totals.total),
          String(t.totals.closed),
          String(t.totals.closedOnTime),
          String(t.totals.overdue),
        ],
      ],
      widths: [7, 27, 16, 16, 17, 17],
      align: ['center', 'left', 'center', 'center', 'center', 'center'],
    });
  }

  h1('逾期未办结任务');
  if (t.overdueList.length === 0) out.push({ t: 'p', text: '本期无逾期未办结任务。' });
  else {
    out.push({
      t: 'p',
      text: `截至${cnDate(t.asOf)}，以下 ${t.overdueList.length} 项任务超过办理时限仍未办结：${units.map((u) => `${u.unitName} ${u.overdue} 项`).join('，')}。`,
    });
    const byUnit = [...t.overdueList].sort(
      (a, b) =>
        units.findIndex((u) => u.unitId === a.unitId) - units.findIndex((u) => u.unitId === b.unitId) ||
        a.deadline.localeCompare(b.deadline),
    );
    out.push({
      t: 'table',
      header: ['序号', '责任单位', '督办任务', '办理时限', '逾期天数', '进度'],
      rows: byUnit.map((i, k) => [
        String(k + 1),
        i.unitName,
        i.title,
        i.deadline,
        String(i.daysOverdue),
        i.progress === null ? '—' : `${i.progress}%`,
      ]),
      widths: [7, 16, 40, 16, 11, 9],
      align: ['center', 'left', 'left', 'center', 'center', 'center'],
    });
  }

  h1('重点项目推进滞后情况');
  if (c.behindProjects.length === 0)
    out.push({ t: 'p', text: `截至${cnDate(c.projectsAsOf)}，重点项目均按计划推进。` });
  else {
    const expected = c.behindProjects[0]!.expected;
    out.push({
      t: 'p',
      text: `截至${cnDate(c.projectsAsOf)}，${c.behindProjects.length} 个重点项目节点逾期或推进滞后（亮红灯、黄灯），年度投资序时进度为 ${pct(expected)}：`,
    });
    out.push({
      t: 'table',
      header: ['序号', '项目名称', '责任单位', '阶段', '节点完成', '投资完成率', '亮灯'],
      rows: c.behindProjects.map((p, k) => [
        String(k + 1),
        p.name,
        p.unitName,
        POOL_LABELS[p.pool as Pool]?.['zh-CN'] ?? p.pool,
        `${p.milestonesDone}/${p.milestoneCount}`,
        pct(p.investmentRate),
        LIGHT_LABELS[p.light]['zh-CN'],
      ]),
      widths: [7, 33, 15, 9, 11, 13, 8],
      align: ['center', 'left', 'left', 'center', 'center', 'center', 'center'],
    });
  }

  h1('表扬和批评');
  out.push({ t: 'h2', text: '（一）通报表扬' });
  out.push({
    t: 'p',
    text: c.praise.length
      ? `以下单位工作推进有力、成效明显，予以通报表扬：${c.praise.map((u) => (u.reason ? `${u.name}（${u.reason}）` : u.name)).join('；')}。`
      : '本期无通报表扬单位。',
  });
  out.push({ t: 'h2', text: '（二）通报批评' });
  out.push({
    t: 'p',
    text: c.criticism.length
      ? `以下单位工作推进不力，予以通报批评，请于 5 \
个工作日内向${c.officeName}书面说明原因并提出整改措施：${c.criticism.map((u) => (u.reason ? `${u.name}（${u.reason}）` : u.name)).join('；')}。`
      : '本期无通报批评单位。',
  });

  const cases = c.cases ?? [];
  if (cases.length) {
    out.push({ t: 'h2', text: '（三）问责情况' });
    out.push({
      t: 'p',
      text: `本期对工作中落实不力的问题依规依纪进行了问责：${cases.map((k) => `${k.unitName}（${k.measure}，${k.number}）`).join('；')}。各单位要引以为戒、举一反三。`,
    });
  }

  h1('下一步工作要求');
  const reqs = c.requirements
    .split(/\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (reqs.length === 0) out.push({ t: 'p', text: '各单位要对照本通报指出的问题，逐项整改落实。' });
  for (const r of reqs) out.push({ t: 'p', text: r });

  out.push({ t: 'signature', office: c.officeName, date: cnDate(m.issueDate) });
  return out;
}

/** The requirements a new draft starts with (the office edits them). */
export const DEFAULT_REQUIREMENTS = [
  '（一）压实工作责任。各责任单位主要负责同志要亲自研究、亲自调度，对逾期未办结任务逐项分析原因、明确整改时限，确保按期办结。',
  '（二）加快项目推进。对节点逾期、投资滞后的重点项目，责任单位和包联领导要现场办公、集中攻坚，及时破解用地、资金、审批等卡点问题。',
  '（三）严格督查问责。督查室将持续跟踪问效，对整改不到位、工作推进不力的单位，按规定启动约谈、问责程序。',
].join('\n');
