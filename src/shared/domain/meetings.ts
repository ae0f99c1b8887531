import type { IsoDate } from './dates';
import { cnDate, cnNumber, type Block } from './official-doc';

/**
 * Meetings (调度会、常务会、专题会) as pure rules: the kinds and states, the order of a generated agenda, the office's
 * edit of it, which meeting's decisions the next one follows up, 落实情况 of a decision from its task, and the
 * minutes (会议纪要) as an official document model.
 */
export const MEETING_KINDS = ['scheduling', 'executive', 'special'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, { 'zh-CN': string; 'en-US': string; doc: string }> = {
  scheduling: { 'zh-CN': '调度会', 'en-US': 'Scheduling meeting', doc: '调度会议纪要' },
  executive: { 'zh-CN': '常务会', 'en-US': 'Executive meeting', doc: '常务会议纪要' },
  special: { 'zh-CN': '专题会', 'en-US': 'Special meeting', doc: '专题会议纪要' },
};

/** planned → held → minutes_issued; decisions are recorded while held, the minutes freeze the record. */
export const MEETING_STATES = ['planned', 'held', 'minutes_issued'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];
export const MEETING_STATE_LABELS: Record<MeetingState, { 'zh-CN': string; 'en-US': string }> = {
  planned: { 'zh-CN': '筹备中', 'en-US': 'Planned' },
  held: { 'zh-CN': '已召开', 'en-US': 'Held' },
  minutes_issued: { 'zh-CN': '纪要已印发', 'en-US': 'Minutes issued' },
};
export const NEXT_STATE: Record<MeetingState, MeetingState | null> = {
  planned: 'held',
  held: 'minutes_issued',
  minutes_issued: null,
};

/** Where an agenda item comes from, in the order the agenda takes them up. */
export const AGENDA_SOURCES = [
  'task',
  'milestone',
  'blocker',
  'indicator',
  'project',
  'lead',
  'chain_gap',
  'manual',
] as const;
export type AgendaSource = (typeof AGENDA_SOURCES)[number];
export const AGENDA_SOURCE_LABELS: Record<AgendaSource, { 'zh-CN': string; 'en-US': string }> = {
  task: { 'zh-CN': '红灯任务', 'en-US': 'Red task' },
  milestone: { 'zh-CN': '逾期节点', 'en-US': 'Overdue milestone' },
  blocker: { 'zh-CN': '上报卡点', 'en-US': 'Escalated blocker' },
  indicator: { 'zh-CN': '指标滞后', 'en-US': 'Indicator behind' },
  project: { 'zh-CN': '项目滞后', 'en-US': 'Stalled project' },
  lead: { 'zh-CN': '招商线索久未跟进', 'en-US': 'Stalled investment lead' },
  chain_gap: { 'zh-CN': '产业链缺链', 'en-US': 'Gap in an industrial chain' },
  manual: { 'zh-CN': '会议议题', 'en-US': 'Added item' },
};
/** At most this many generated items of each source: the worst first, so a meeting is not buried. */
export const AGENDA_CAP_PER_SOURCE = 8;
/** A project in the building pools whose year's investment is this many points behind 序时进度 is stalled. */
export const STALLED_GAP_POINTS = -20;

export interface GeneratedItem {
  source: Exclude<AgendaSource, 'manual'>;
  refId: string;
  /** How bad it is, comparable within a source (days overdue, points behind): higher comes first. */
  severity: number;
  title: string;
}

/** The generated agenda: sources in their order, the worst first within each, at most the cap of each. */
export function orderAgenda<T extends GeneratedItem>(items: readonly T[], cap = AGENDA_CAP_PER_SOURCE): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const source of AGENDA_SOURCES) {
    const of = items
      .filter((i) => i.source === source && !seen.has(`${i.source}|${i.refId}`))
      .sort(
        (a, b) => b.severity - a.severity || a.title.localeCompare(b.title, 'zh-CN') || a.refId.localeCompare(b.refId),
      );
    for (const i of of.slice(0, cap)) {
      seen.add(`${i.source}|${i.refId}`);
      out.push(i);
    }
  }
  return out;
}

export type AgendaEditEntry = { id: string } | { title: string; body: string; unitId?: string | null };

export interface AgendaEdit {
  /** The new order: an existing item's id, or the index of an entry to add by hand. */
  order: ({ keep: string } | { add: number })[];
  /** Existing items left out. */
  dropped: string[];
  problems: { field: string; code: 'unknown_reference' | 'duplicate_entry' }[];
}

/** The office's edit of an agenda: the entries listed are kept in that order, items left out dropped, new ones added. */
export function applyAgendaEdit(existingIds: readonly string[], entries: readonly AgendaEditEntry[]): AgendaEdit {
  const known = new Set(existingIds);
  const kept = new Set<string>();
  const problems: AgendaEdit['problems'] = [];
  const order: AgendaEdit['order'] = [];
  entries.forEach((e, i) => {
    if ('id' in e) {
      if (!known.has(e.id)) problems.push({ field: `body.items.${i}.id`, code: 'unknown_reference' });
      else if (kept.has(e.id)) problems.push({ field: `body.items.${i}.id`, code: 'duplicate_entry' });
      else {
        kept.add(e.id);
        order.push({ keep: e.id });
      }
    } else order.push({ add: i });
  });
  return { order, dropped: existingIds.filter((id) => !kept.has(id)), problems };
}

export interface MeetingRef {
  id: string;
  kind: MeetingKind;
  date: IsoDate;
  state: MeetingState;
  createdAt: string;
}

/** The meeting whose decisions a meeting follows up: the latest earlier one of the same kind that was held. */
export function previousMeeting<T extends MeetingRef>(all: readonly T[], current: MeetingRef): T | null {
  const earlier = (m: MeetingRef) =>
    m.date < current.date || (m.date === current.date && m.createdAt < current.createdAt);
  let best: T | null = null;
  for (const m of all) {
    if (m.id === current.id || m.kind !== current.kind || m.state === 'planned' || !earlier(m)) continue;
    if (!best || m.date > best.date || (m.date === best.date && m.createdAt > best.createdAt)) best = m;
  }
  return best;
}

/** 落实情况 of a decision in one word. */
export const FOLLOW_UP_STATUSES = ['closed', 'on_track', 'behind', 'overdue', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpStatus, { 'zh-CN': string; 'en-US': string }> = {
  closed: { 'zh-CN': '已办结', 'en-US': 'Closed' },
  on_track: { 'zh-CN': '按序时推进', 'en-US': 'On track' },
  behind: { 'zh-CN': '滞后', 'en-US': 'Behind' },
  overdue: { 'zh-CN': '逾期未办结', 'en-US': 'Overdue' },
  cancelled: { 'zh-CN': '已撤销', 'en-US': 'Cancelled' },
};

/**
 * From the task's state, its light (the core's one light function) and its deadline: closed, cancelled, overdue
 * (past the deadline and open), behind (a yellow or red light before the deadline) or on track.
 */
export function followUpStatus(
  task: { state: string; light: string; deadline: IsoDate },
  today: IsoDate,
): FollowUpStatus {
  if (task.state === 'closed') return 'closed';
  if (task.state === 'cancelled') return 'cancelled';
  if (task.deadline < today) return 'overdue';
  if (task.light === 'red' || task.light === 'yellow') return 'behind';
  return 'on_track';
}

export function countFollowUps(statuses: readonly (FollowUpStatus | null)[]): Record<FollowUpStatus, number> {
  const out = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, 0])) as Record<FollowUpStatus, number>;
  for (const s of statuses) if (s) out[s]++;
  return out;
}

/** 第N期: one past the highest number the kind's minutes had in the year. */
export function nextMinutesNumber(issued: readonly number[]): number {
  return issued.reduce((m, n) => Math.max(m, n), 0) + 1;
}

export interface MinutesModel {
  /** The county's name (XX县). */
  county: string;
  /** The issuing office (XX县人民政府办公室). */
  office: string;
  /** The supervision office that follows the decisions up (县委县政府督查室). */
  supervisionOffice: string;
  kind: MeetingKind;
  number: number;
  issueDate: IsoDate;
  title: string;
  date: IsoDate;
  place: string | null;
  chairName: string;
  attendeeUnitNames: string[];
  agenda: { title: string }[];
  previous: {
    title: string;
    date: IsoDate;
    decisions: { title: string; unitName: string; followUp: FollowUpStatus | null }[];
  } | null;
  decisions: {
    title: string;
    content: string;
    standard: string;
    leadUnitName: string;
    coUnitNames: string[];
    deadline: IsoDate;
  }[];
}

const sentence = (s: string) => (/[。！？；.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}。`);

/**
 * 会议纪要 as blocks (GB/T 9704's 纪要 layout as counties use it): the red head (XX县人民政府常务会议纪要, 第N期, the
 * office and date over the red rule), the opening paragraph, 上次会议议定事项落实情况 with its table, the decisions
 * numbered （一）（二）… each with its lead unit, deadline and standard, and 出席/参会单位 at the end.
 */
export function minutesBlocks(m: MinutesModel): Block[] {
  const out: Block[] = [];
  const doc = MEETING_KIND_LABELS[m.kind].doc;
  out.push({
    t: 'redhead',
    title: `${m.county}人民政府${doc}`,
    number: `第${m.number}期`,
    office: m.office,
    date: cnDate(m.issueDate),
  });
  out.push({ t: 'title', lines: [m.title] });
  const topics = m.agenda.length ? `研究了${m.agenda.length}个滞后事项` : '研究了有关工作';
  out.push({
    t: 'p',
    text: `${cnDate(m.date)}，${m.chairName}${m.place ? `在${m.place}` : ''}主持召开${m.title}，${
      m.previous ? '听取了上次会议议定事项落' + '实情况汇报，' : ''
    }${topics}。现将会议议定事项纪要如下：`,
  });
  let section = 0;
  const h1 = (text: string) => out.push({ t: 'h1', text: `${cnNumber(++section)}、${text}` });
  if (m.previous) {
    h1('上次会议议定事项落实情况');
    const counts = countFollowUps(m.previous.decisions.map((d) => d.followUp));
    const parts = FOLLOW_UP_STATUSES.filter((s) => counts[s] > 0).map(
      (s) => `${FOLLOW_UP_LABELS[s]['zh-CN']} ${counts[s]} 项`,
    );
    out.push({
      t: 'p',
      text: `${cnDate(m.previous.date)}${m.previous.title}议定事项 ${m.previous.decisions.length} 项${
        parts.length
          ? `，\
其中${parts.join('，')}`
          : ''
      }。`,
    });
    if (m.previous.decisions.length)
      out.push({
        t: 'table',
        header: ['序号', '议定事项', '牵头单位', '落实情况'],
        rows: m.previous.decisions.map((d, i) => [
          String(i + 1),
          d.title,
          d.unitName,
          d.followUp ? FOLLOW_UP_LABELS[d.followUp]['zh-CN'] : '—',
        ]),
        widths: [8, 52, 22, 18],
        align: ['center', 'left', 'left', 'center'],
      });
  }
  if (m.agenda.length) {
    h1('会议研究的事项');
    out.push({ t: 'p', text: `会议逐项研究了：${m.agenda.map((a, i) => `${i + 1}.${a.title}`).join('；')}。` });
  }
  h1('会议议定事项');
  if (m.decisions.length === 0) out.push({ t: 'p', text: '本次会议未形成议定事项。' });
  m.decisions.forEach((d, i) => {
    const co = d.coUnitNames.length ? `，${d.coUnitNames.join('、')}配合` : '';
    out.push({
      t: 'p',
      text:
        `（${cnNumber(i + 1)}）${sentence(d.title)}${sentence(d.content)}由${d.leadUnitName}牵头${co}，` +
        `${cnDate(d.deadline)}前完成。工作标准：${sentence(d.standard)}`,
    });
  });
  out.push({
    t: 'p',
    text: `以上议定事项已列入督办台账，由${m.supervisionOffice}跟踪督办，落实情况在下次会议上报告。`,
  });
  out.push({ t: 'p', text: `出席：${m.chairName}` });
  if (m.attendeeUnitNames.length) out.push({ t: 'p', text: `参会单位：${m.attendeeUnitNames.join('、')}` });
  return out;
}
