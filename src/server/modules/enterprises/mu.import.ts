import type { Sheet } from '../../files/table';
import { bodyRows, findHeader, headerCell as norm, type RowError, rowReader } from '../../files/import-rows';
import { creditCodeProblem, normaliseCreditCode } from '../../../shared/domain/credit-code';
import { CREDIT_MESSAGES } from './enterprises.import';

/**
 * Reads the departments' 亩均 table (统一社会信用代码, 企业名称, 年度, 用地面积（亩）, 闲置用地（亩）, 税收（万元）,
 * 产值/营业收入（万元）, 能耗（吨标煤）, 从业人员) with the ledger's import rules: every row checked and shown, all or
 * nothing, the enterprise found by its code. Pure: the registry's codes are passed in. A year given in the upload
 * (`?year=`) fills rows without one.
 */
export const MU_COLUMNS = {
  creditCode: ['统一社会信用代码', '信用代码', '社会信用代码'],
  name: ['企业名称', '名称'],
  year: ['年度', '年份'],
  landMu: ['用地面积（亩）', '用地面积(亩)', '用地面积', '占地面积（亩）', '用地（亩）'],
  idleLandMu: ['闲置用地（亩）', '闲置用地(亩)', '闲置用地', '闲置土地（亩）'],
  tax: ['税收（万元）', '税收(万元)', '税收', '实缴税金（万元）', '税收实际入库（万元）'],
  output: ['产值（万元）', '产值(万元)', '营业收入（万元）', '营业收入(万元)', '产值', '营业收入', '销售收入（万元）'],
  energy: ['能耗（吨标煤）', '能耗(吨标煤)', '综合能耗（吨标煤）', '能耗'],
  employees: ['从业人员', '从业人数', '职工人数'],
} as const;
type Col = keyof typeof MU_COLUMNS;
export const MU_HEADER = Object.values(MU_COLUMNS).map((l) => l[0]);
export const MAX_MU_ROWS = 50_000;

export interface MuImportInput {
  enterpriseId: string;
  year: number;
  landMu: number | null;
  idleLandMu: number | null;
  tax: number | null;
  output: number | null;
  energy: number | null;
  employees: number | null;
}
export interface MuRow {
  row: number;
  status: 'accepted' | 'rejected';
  name: string;
  errors: RowError[];
  input?: MuImportInput;
}

export function planMuImport(
  sheets: Sheet[],
  lk: { codes: Map<string, { id: string; name: string }>; year: number | null },
): { rows: MuRow[]; fileError?: string } {
  const header = findHeader(sheets, MU_COLUMNS, ['creditCode', 'landMu']);
  if (!header)
    return {
      rows: [],
      fileError: '未找到亩均表表头（须含“统一社会信用代码”和“用地面积（亩）”列）/ no header found',
    };
  const { body, fileError } = bodyRows(header, MAX_MU_ROWS);
  if (fileError) return { rows: [], fileError };
  const seen = new Map<string, number>();
  const rows: MuRow[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, MU_COLUMNS, err);
    const code = normaliseCreditCode(get('creditCode'));
    let enterprise: { id: string; name: string } | undefined;
    if (!code) err('统一社会信用代码', 'required', '统一社会信用代码不能为空');
    else {
      const p = creditCodeProblem(code);
      if (p) err('统一社会信用代码', `credit_code_${p.problem}`, CREDIT_MESSAGES[p.problem](p.expected));
      else {
        enterprise = lk.codes.get(code);
        if (!enterprise) err('统一社会信用代码', 'unknown_enterprise', `企业库中没有统一社会信用代码为 ${code} 的企业`);
      }
    }
    const yearText = get('year').replace(/年$/, '');
    const year = yearText ? Number(yearText) : lk.year;
    if (!year || !Number.isInteger(year) || year < 2000 || year > 2100)
      err('年度', yearText ? 'invalid_value' : 'required', yearText ? `“${yearText}”不是年度` : '请填写年度');
    const key = code && year ? `${code}|${year}` : '';
    if (key && seen.has(key))
      err('统一社会信用代码', 'duplicate_in_file', `与第 ${seen.get(key)} 行重复（同一企业同一年度）`);
    else if (key) seen.set(key, row);
    const num = (c: Col, label: string, opts: { integer?: boolean } = {}): number | null => {
      const text = norm(get(c)).replace(/,/g, '');
      if (!text || text === '-' || text === '—') return null;
      const v = Number(text);
      if (!Number.isFinite(v) || v < 0 || v > 1e9 || (opts.integer && !Number.isInteger(v))) {
        err(label, 'invalid_value', `“${get(c)}”不是${opts.integer ? '人数' : '非负数'}`);
        return null;
      }
      return v;
    };
    const landMu = num('landMu', '用地面积（亩）');
    if (landMu === null && !errors.some((e) => e.column === '用地面积（亩）'))
      err('用地面积（亩）', 'required', '用地面积不能为空');
    const idleLandMu = num('idleLandMu', '闲置用地（亩）');
    if (idleLandMu !== null && landMu !== null && idleLandMu > landMu)
      err('闲置用地（亩）', 'idle_over_land', `闲置用地 ${idleLandMu} 亩大于用地面积 ${landMu} 亩`);
    const input: MuImportInput = {
      enterpriseId: enterprise?.id ?? '',
      year: year ?? 0,
      landMu,
      idleLandMu,
      tax: num('tax', '税收（万元）'),
      output: num('output', '产值（万元）'),
      energy: num('energy', '能耗（吨标煤）'),
      employees: num('employees', '从业人员', { integer: true }),
    };
    rows.push({
      row,
      status: errors.length ? 'rejected' : 'accepted',
      name: enterprise?.name ?? get('name'),
      errors,
      ...(errors.length ? {} : { input }),
    });
  }
  return { rows };
}
