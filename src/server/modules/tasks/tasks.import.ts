import type { Sheet } from '../../files/table';
import { parseLooseDate } from '../../../shared/domain/date-parse';
import { toHalfWidth } from '../../../shared/domain/text-match';
import {
  findHeader,
  type RowError,
  resolveLeader,
  resolveUnit as resolveUnitName,
  rowReader,
  tooManyRows,
} from '../../files/import-rows';
import type { Cadence } from '../../../shared/supervision';
import type { TaskCreate } from '../../../shared/tasks';
import type { ItemHistory } from '../supervision/supervision.service';

/**
 * Reads a ledger spreadsheet in the layout offices keep (序号, 任务内容, 工作标准, 奖惩, 牵头领导, 牵头单位, 配合单位, 完成时限…),
 * row by row, before anything is written. Pure: the lookups are passed in. Title rows above the header (merged
 * "2026年重点工作督办台账") and hidden sheets are skipped.
 */
export const LEDGER_COLUMNS = {
  title: ['任务名称', '事项名称', '名称'],
  content: ['任务内容', '工作任务', '督办事项', '重点任务', '内容'],
  standard: ['工作标准', '完成标准', '目标要求', '工作要求', '标准'],
  accountability: ['奖惩', '奖惩措施', '奖惩(问责)', '问责', '责任追究', '考核奖惩'],
  leader: ['牵头领导', '责任领导', '分管领导', '包联领导'],
  leadUnit: ['牵头单位', '责任单位', '承办单位'],
  coUnits: ['配合单位', '协办单位'],
  responsible: ['责任人', '具体责任人'],
  deadline: ['完成时限', '完成时间', '时限', '办结时限'],
  cadence: ['报送频次', '调度频次'],
  level: ['级别', '任务级别'],
  category: ['类别', '分类'],
  source: ['来源', '任务来源'],
  // A ledger brought in from before (导入历史台账): where each item stands.
  state: ['状态', '办理状态', '办结情况', '是否办结'],
  closedOn: ['办结时间', '办结日期', '销号时间', '实际完成时间'],
  progressText: ['进展情况', '推进情况', '工作进展', '完成情况'],
  progress: ['完成进度', '进度'],
} as const;

export const MAX_IMPORT_ROWS = 20_000;

export interface LedgerLookups {
  today: string;
  /** Any name of an active unit → its id (null = ambiguous). */
  unitIndex: Map<string, string | null>;
  unitLabels: { label: string; canonical: string }[];
  unitNameById: Map<string, string>;
  /** Display name → person ids of leaders / people by unit. */
  leadersByName: Map<string, string[]>;
  peopleByUnitAndName: Map<string, string>;
}

/** A task the jurisdiction already has, recognised by 任务内容 and 牵头单位. */
export interface KnownTask {
  id: string;
  serial: number;
  title: string;
  state: string;
  version: number;
}

/** What a good row brings: the task, where it stands (history mode), and the task it repeats, if any. */
export interface ImportInput {
  task: TaskCreate;
  history?: ItemHistory;
  duplicateOf?: KnownTask;
}

export interface RowResult {
  row: number;
  status: 'accepted' | 'rejected';
  title: string;
  errors: RowError[];
  /** The existing task this row repeats (same 任务内容 and 牵头单位): skipped on commit unless updates are asked for. */
  duplicateOf: { id: string; serial: number; title: string } | null;
  input?: ImportInput;
}

export interface ImportOptions {
  /** 'history': an existing ledger brought in — past deadlines, closed rows and their 进展情况 as they stand. */
  mode: 'new' | 'history';
  /** The jurisdiction's tasks by `importKey`. */
  known: Map<string, KnownTask>;
  key: (content: string, leadUnitId: string) => string;
}

const CLOSED_WORDS = ['已办结', '办结', '已完成', '完成', '已销号', '销号', '是'];
const OPEN_WORDS = ['未办结', '在办', '推进中', '正在推进', '未完成', '否', ''];

/** 35%, 35, 0.35 → 35; out of range or unreadable → null. */
function parsePercent(raw: string): number | null {
  const t = toHalfWidth(raw).replace(/\s/g, '');
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(t);
  if (!m) return null;
  let n = Number(m[1]);
  if (!m[2] && n <= 1 && t.includes('.')) n *= 100;
  return n >= 0 && n <= 100 ? Math.round(n) : null;
}

const CADENCES: Record<string, Cadence> = {
  每周: 'weekly',
  周: 'weekly',
  每月: 'monthly',
  月: 'monthly',
  每季度: 'quarterly',
  季度: 'quarterly',
  一次: 'once',
  一次性: 'once',
};
const LEVELS: Record<string, TaskCreate['level']> = { 一般: 'general', 重点: 'key', 重大: 'major' };
const split = (s: string) =>
  s
    .split(/[,，、;；/\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function planLedgerImport(
  sheets: Sheet[],
  lk: LedgerLookups,
  opts: ImportOptions,
): { rows: RowResult[]; fileError?: string } {
  const header = findHeader(sheets, LEDGER_COLUMNS, ['content', 'leadUnit']);
  if (!header)
    return {
      rows: [],
      fileError: '未找到台账表头（须含“任务内容”和“牵头单位”列）/ no ledger header (任务内容, 牵头单位) found',
    };
  const body = header.sheet.rows.slice(header.index + 1);
  if (body.length > MAX_IMPORT_ROWS) return { rows: [], fileError: tooManyRows(MAX_IMPORT_ROWS, body.length) };
  const seen = new Map<string, number>();
  const rows: RowResult[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, LEDGER_COLUMNS, err);
    const content = get('content');
    const standard = get('standard');
    if (!content) err('任务内容', 'required', '任务内容不能为空');
    if (!standard) err('工作标准', 'required', '工作标准不能为空（“怎么干”）');
    const accountability = get('accountability');
    if (!accountability) err('奖惩', 'required', '奖惩不能为空（“干不成怎么办”）');
    const resolveUnit = (label: string, column: string) => resolveUnitName(label, column, lk, err);
    const leadLabel = get('leadUnit');
    const leadUnitId = leadLabel
      ? resolveUnit(leadLabel, '牵头单位')
      : (err('牵头单位', 'required', '牵头单位不能为空（“谁来干”）'), undefined);
    const coUnitIds: string[] = [];
    for (const label of split(get('coUnits'))) {
      const id = resolveUnit(label, '配合单位');
      if (id && id === leadUnitId) err('配合单位', 'co_unit_is_lead', `配合单位“${label}”与牵头单位相同`);
      else if (id && !coUnitIds.includes(id)) coUnitIds.push(id);
    }
    const rawDeadline = get('deadline');
    const deadline = parseLooseDate(rawDeadline);
    if (!rawDeadline) err('完成时限', 'required', '完成时限不能为空（“什么时间干成”）');
    else if (!deadline) err('完成时限', 'invalid_format', `无法识别的日期“${rawDeadline}”，请写成 2026-06-30`);
    else if (deadline < lk.today && opts.mode !== 'history') {
      err('完成时限', 'deadline_past', `完成时限 ${deadline} 早于今天（导入已有台账请选择“导入历史台账”）`);
    }
    // Where the item stands, read only when bringing in an existing ledger.
    let history: ItemHistory | undefined;
    if (opts.mode === 'history') {
      const stateText = get('state').replace(/\s/g, '');
      const closedText = get('closedOn');
      const closedOn = closedText ? parseLooseDate(closedText) : null;
      const closed = CLOSED_WORDS.includes(stateText) || (!stateText && !!closedOn);
      if (stateText && !closed && !OPEN_WORDS.includes(stateText))
        err('状态', 'invalid_value', `无法识别的状态“${stateText}”，请写“已办结”或“在办”`);
      if (closedText && !closedOn)
        err('办结时间', 'invalid_format', `无法识别的日期“${closedText}”，请写成 2026-06-30`);
      else if (closed && !closedOn) err('办结时间', 'required', '已办结的任务须填写办结时间');
      else if (closedOn && closedOn > lk.today) err('办结时间', 'in_future', `办结时间 ${closedOn} 晚于今天`);
      const progressRaw = get('progress');
      const progress = progressRaw ? parsePercent(progressRaw) : null;
      if (progressRaw && progress === null)
        err('完成进度', 'invalid_value', `无法识别的完成进度“${progressRaw}”，请写成 35%`);
      const text = get('progressText');
      history = {
        state: closed ? 'closed' : 'handling',
        ...(closed && closedOn ? { closedOn } : {}),
        ...(text ? { report: { text, progress: closed ? 100 : (progress ?? 0) } } : {}),
      };
    }
    const leaderName = get('leader').replace(/同志$/, '');
    const leadLeaderId = leaderName ? (resolveLeader(leaderName, '牵头领导', lk.leadersByName, err) ?? null) : null;
    let responsiblePersonId: string | null = null;
    const resp = get('responsible');
    if (resp && leadUnitId) {
      responsiblePersonId = lk.peopleByUnitAndName.get(`${leadUnitId}|${resp}`) ?? null;
      if (!responsiblePersonId) err('责任人', 'not_in_lead_unit', `牵头单位中没有“${resp}”`);
    }
    const cadenceText = get('cadence');
    const cadence = cadenceText ? CADENCES[cadenceText] : null;
    if (cadenceText && !cadence) err('报送频次', 'invalid_value', `报送频次应为 每周/每月/每季度/一次`);
    const levelText = get('level');
    const level = levelText ? LEVELS[levelText] : 'general';
    if (!level) err('级别', 'invalid_value', '级别应为 一般/重点/重大');
    const title = (get('title') || content.replace(/\s+/g, ' ').slice(0, 40)).slice(0, 200);
    const key = `${content}|${leadLabel}`;
    if (content && seen.has(key)) err('任务内容', 'duplicate_in_file', `与第 ${seen.get(key)} 行重复`);
    else if (content) seen.set(key, row);
    const known = content && leadUnitId ? opts.known.get(opts.key(content, leadUnitId)) : undefined;
    const task: TaskCreate | undefined =
      errors.length === 0
        ? {
            title,
            content,
            standard,
            accountability,
            leadUnitId: leadUnitId!,
            coUnitIds,
            leadLeaderId,
            responsiblePersonId,
            deadline: deadline!,
            cadence: cadence ?? null,
            level: level!,
            category: get('category') || null,
            sourceType: null,
            sourceTitle: get('source') || null,
            milestones: [],
            issue: true,
          }
        : undefined;
    const input: ImportInput | undefined = task
      ? { task, ...(history ? { history } : {}), ...(known ? { duplicateOf: known } : {}) }
      : undefined;
    const duplicateOf = known ? { id: known.id, serial: known.serial, title: known.title } : null;
    rows.push({
      row,
      status: errors.length ? 'rejected' : 'accepted',
      title: title || `第 ${row} 行`,
      errors,
      duplicateOf,
      input,
    });
  }
  return { rows };
}
