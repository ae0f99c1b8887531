import type { Sheet } from '../../files/table';
import { parseLooseDate } from '../../../shared/domain/date-parse';
import { bodyRows, findHeader, type RowError, resolveUnit, rowReader } from '../../files/import-rows';
import {
  FINDING_SEVERITY_LABELS,
  FINDING_SOURCE_LABELS,
  type FindingCreate,
  type FindingSeverity,
  type FindingSource,
} from '../../../shared/findings';

/**
 * Reads a list of findings in the layout inspectors hand over (序号, 问题, 整改措施, 责任单位, 责任人, 整改时限 …) row by
 * row, before anything is written — the task ledger's rules: title rows above the header and hidden sheets
 * skipped, every problem named in the sheet's words with its row, nothing committed unless every row is good.
 * A list from one inspection often names its source and date once, not on each row: the upload passes them.
 * 整改进展 and 是否销号 (an exported list read back) are not taken: a finding starts its rectification here.
 */
export const FINDING_COLUMNS = {
  problem: ['问题', '存在问题', '问题描述', '发现问题', '问题表现', '反馈问题'],
  measures: ['整改措施', '整改要求', '整改任务'],
  unit: ['责任单位', '整改责任单位', '牵头单位'],
  responsible: ['责任人', '整改责任人', '具体责任人'],
  deadline: ['整改时限', '完成时限', '整改期限', '时限'],
  source: ['问题来源', '来源', '检查类型'],
  sourceTitle: ['检查名称', '反馈批次', '检查批次'],
  foundOn: ['发现日期', '发现时间', '反馈日期', '检查日期'],
  severity: ['严重程度', '问题等级', '等级'],
} as const;

export const MAX_FINDING_ROWS = 5_000;

export interface FindingLookups {
  today: string;
  /** Any name of an active unit → its id (null = ambiguous). */
  unitIndex: Map<string, string | null>;
  unitLabels: { label: string; canonical: string }[];
}

/** What the upload says of every row: the inspection's source, name and date when the sheet does not. */
export interface FindingDefaults {
  source?: FindingSource;
  sourceTitle?: string;
  foundOn?: string;
}

export interface FindingRow {
  row: number;
  status: 'accepted' | 'rejected';
  title: string;
  errors: RowError[];
  /** The finding already in the ledger with the same 问题 and 责任单位 (skipped on commit). */
  duplicateOf: { id: string; serial: number } | null;
  input?: FindingCreate & { duplicate?: boolean };
}

const bySource = new Map<string, FindingSource>(
  Object.entries(FINDING_SOURCE_LABELS).flatMap(([k, l]) => [
    [l['zh-CN'], k as FindingSource],
    [`${l['zh-CN']}反馈`, k as FindingSource],
  ]),
);
bySource.set('暗访', 'undercover');
bySource.set('督查', 'undercover');
bySource.set('审计发现', 'audit');
bySource.set('环保', 'environment');
bySource.set('安全', 'safety');
const bySeverity = new Map<string, FindingSeverity>(
  Object.entries(FINDING_SEVERITY_LABELS).map(([k, l]) => [l['zh-CN'], k as FindingSeverity]),
);
bySeverity.set('较严重', 'serious');
bySeverity.set('重大', 'critical');

export function planFindingImport(
  sheets: Sheet[],
  lk: FindingLookups,
  defaults: FindingDefaults,
  known: Map<string, { id: string; serial: number }>,
  key: (problem: string, unitId: string) => string,
): { rows: FindingRow[]; fileError?: string } {
  const header = findHeader(sheets, FINDING_COLUMNS, ['problem', 'unit']);
  if (!header)
    return {
      rows: [],
      fileError: '未找到问题清单表头（须含“问题”和“责任单位”列）/ no header (问题, 责任单位) found',
    };
  const { body, fileError } = bodyRows(header, MAX_FINDING_ROWS);
  if (fileError) return { rows: [], fileError };
  const seen = new Map<string, number>();
  const rows: FindingRow[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, FINDING_COLUMNS, err);
    const problem = get('problem');
    const measures = get('measures');
    if (!problem) err('问题', 'required', '问题不能为空');
    if (!measures) err('整改措施', 'required', '整改措施不能为空（“怎么改”）');
    const unitLabel = get('unit');
    let unitId: string | undefined;
    if (!unitLabel) err('责任单位', 'required', '责任单位不能为空（“谁来改”）');
    else unitId = resolveUnit(unitLabel, '责任单位', lk, err);
    const rawDeadline = get('deadline');
    const deadline = parseLooseDate(rawDeadline);
    if (!rawDeadline) err('整改时限', 'required', '整改时限不能为空（“什么时间改到位”）');
    else if (!deadline) err('整改时限', 'invalid_format', `无法识别的日期“${rawDeadline}”，请写成 2026-06-30`);
    else if (deadline < lk.today) err('整改时限', 'deadline_past', `整改时限 ${deadline} 早于今天`);
    const sourceText = get('source').replace(/\s/g, '');
    const source = sourceText ? bySource.get(sourceText) : defaults.source;
    if (sourceText && !source)
      err('问题来源', 'invalid_value', '问题来源应为 巡察/审计/督查暗访/安全检查/环保督察/其他');
    else if (!source) err('问题来源', 'required', '问题来源不能为空（可在导入时统一选择）');
    const foundText = get('foundOn');
    const foundOn = foundText ? parseLooseDate(foundText) : (defaults.foundOn ?? null);
    if (foundText && !foundOn) err('发现日期', 'invalid_format', `无法识别的日期“${foundText}”，请写成 2026-06-30`);
    else if (!foundOn) err('发现日期', 'required', '发现日期不能为空（可在导入时统一填写）');
    else if (foundOn > lk.today) err('发现日期', 'in_future', `发现日期 ${foundOn} 晚于今天`);
    else if (deadline && deadline >= lk.today && deadline < foundOn)
      err('整改时限', 'before_found', `整改时限 ${deadline} 早于发现日期 ${foundOn}`);
    const severityText = get('severity').replace(/\s/g, '');
    const severity = severityText ? bySeverity.get(severityText) : 'general';
    if (!severity) err('严重程度', 'invalid_value', '严重程度应为 一般/较重/严重');
    const dupKey = `${problem.replace(/\s+/g, '')}|${unitLabel}`;
    if (problem && seen.has(dupKey)) err('问题', 'duplicate_in_file', `与第 ${seen.get(dupKey)} 行重复`);
    else if (problem) seen.set(dupKey, row);
    const already = problem && unitId ? (known.get(key(problem, unitId)) ?? null) : null;
    const title = problem.replace(/\s+/g, ' ').slice(0, 40) || `第 ${row} 行`;
    rows.push({
      row,
      status: errors.length ? 'rejected' : 'accepted',
      title,
      errors,
      duplicateOf: already,
      input:
        errors.length === 0
          ? {
              source: source!,
              sourceTitle: get('sourceTitle') || defaults.sourceTitle || null,
              foundOn: foundOn!,
              problem,
              severity: severity!,
              measures,
              unitId: unitId!,
              responsible: get('responsible') || null,
              leadLeaderId: null,
              deadline: deadline!,
              issue: true,
              ...(already ? { duplicate: true } : {}),
            }
          : undefined,
    });
  }
  if (rows.length === 0) return { rows, fileError: '表中没有问题行 / the sheet has no rows' };
  return { rows };
}
