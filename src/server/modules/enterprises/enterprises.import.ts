import type { Sheet } from '../../files/table';
import {
  bodyRows,
  findHeader,
  headerCell as norm,
  type RowError,
  resolveLeader,
  resolveUnit as resolveUnitName,
  rowReader,
} from '../../files/import-rows';
import { parseLooseDate } from '../../../shared/domain/date-parse';
import { creditCodeProblem, normaliseCreditCode } from '../../../shared/domain/credit-code';
import { DIVISIONS, parseDivision, SECTIONS, sectionOfDivision } from '../../../shared/domain/industry';
import type { EnterpriseCreate } from '../../../shared/enterprises';

/**
 * Reads the enterprise table in the layout offices keep (企业名称, 统一社会信用代码, 法定代表人, 行业门类, 行业大类,
 * 规上/规下, 企业规模, 所在乡镇（园区）, 地址, 联系人, 联系电话, 从业人员, 成立日期, 重点企业, 包联领导, 包联单位, 包联责任人),
 * row by row, before anything is written — the ledger's import rules: every row checked, all or nothing, a row
 * repeating a registered enterprise (same 统一社会信用代码) recognised and skipped unless updates are asked for.
 * Pure: the lookups are passed in. The export writes the same columns, so an exported file imports again.
 */
export const ENTERPRISE_COLUMNS = {
  name: ['企业名称', '名称', '单位名称'],
  creditCode: ['统一社会信用代码', '信用代码', '社会信用代码'],
  legalRepresentative: ['法定代表人', '法人代表', '法人'],
  section: ['行业门类', '门类'],
  division: ['行业大类', '大类', '所属行业'],
  scale: ['规上/规下', '是否规上', '规模以上'],
  size: ['企业规模', '规模', '大中小微'],
  area: ['所在乡镇（园区）', '所在乡镇(园区)', '所在乡镇', '乡镇（园区）', '所在园区'],
  address: ['地址', '注册地址', '企业地址'],
  contactName: ['联系人'],
  contactMobile: ['联系电话', '联系人电话', '手机'],
  employees: ['从业人员', '从业人数', '职工人数', '员工人数'],
  foundedOn: ['成立日期', '成立时间'],
  key: ['重点企业', '是否重点'],
  leader: ['包联领导', '包联县领导'],
  unit: ['包联单位'],
  person: ['包联责任人', '包联人'],
} as const;

export const ENTERPRISE_HEADER = Object.values(ENTERPRISE_COLUMNS).map((labels) => labels[0]);
export const MAX_ENTERPRISE_ROWS = 20_000;
/** The longest cell taken (a registry's fields are short). */
const MAX_CELL = 1_000;

export interface EnterpriseLookups {
  unitIndex: Map<string, string | null>;
  unitLabels: { label: string; canonical: string }[];
  /** Units of kind township or park. */
  areaIds: Set<string>;
  leadersByName: Map<string, string[]>;
  /** Registered enterprises by 统一社会信用代码. */
  known: Map<string, { id: string; name: string; version: number }>;
}

export interface EnterpriseRow {
  row: number;
  status: 'accepted' | 'rejected';
  name: string;
  errors: RowError[];
  duplicateOf: { id: string; name: string } | null;
  input?: { enterprise: EnterpriseCreate; duplicateOf?: { id: string; version: number } };
}

const YES = ['是', '√', 'Y', 'y', '重点', '1'];
const SCALE_WORDS: Record<string, 'above' | 'below'> = {
  规上: 'above',
  规模以上: 'above',
  是: 'above',
  规下: 'below',
  规模以下: 'below',
  否: 'below',
};
const SIZE_WORDS: Record<string, EnterpriseCreate['size']> = {
  大型: 'large',
  中型: 'medium',
  小型: 'small',
  微型: 'micro',
  大: 'large',
  中: 'medium',
  小: 'small',
  微: 'micro',
};

export const CREDIT_MESSAGES = {
  length: () => '统一社会信用代码须为 18 位',
  characters: () => '统一社会信用代码只含数字和大写字母（不用 I、O、S、V、Z）',
  region: () => '统一社会信用代码第 3–8 位须为行政区划码（6 位数字）',
  check: (expected?: string) => `统一社会信用代码校验位不对：按 GB 32100 第 18 位应为“${expected}”，请核对`,
};

export function planEnterpriseImport(
  sheets: Sheet[],
  lk: EnterpriseLookups,
): { rows: EnterpriseRow[]; fileError?: string } {
  const header = findHeader(sheets, ENTERPRISE_COLUMNS, ['name', 'creditCode']);
  if (!header)
    return {
      rows: [],
      fileError:
        '未找到企业表表头（须含“企业名称”和“统一社会信用代码”列）/ no header (企业名称, 统一社会信用代码) found',
    };
  const { body, fileError } = bodyRows(header, MAX_ENTERPRISE_ROWS);
  if (fileError) return { rows: [], fileError };
  const seen = new Map<string, number>();
  const rows: EnterpriseRow[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, ENTERPRISE_COLUMNS, err, MAX_CELL);
    const name = get('name');
    if (!name) err('企业名称', 'required', '企业名称不能为空');
    const code = normaliseCreditCode(get('creditCode'));
    if (!code) err('统一社会信用代码', 'required', '统一社会信用代码不能为空');
    else {
      const p = creditCodeProblem(code);
      if (p) err('统一社会信用代码', `credit_code_${p.problem}`, CREDIT_MESSAGES[p.problem](p.expected));
      else if (seen.has(code)) err('统一社会信用代码', 'duplicate_in_file', `与第 ${seen.get(code)} 行重复`);
      else seen.set(code, row);
    }
    // Industry: the 大类 decides the 门类; a 门类 written beside it must agree.
    let division: string | null = null;
    const divText = get('division');
    if (divText) {
      division = parseDivision(divText);
      if (!division)
        err('行业大类', 'invalid_value', `无法识别的行业大类“${divText}”，请写两位代码（如 39）或大类名称`);
    }
    let section: string | null = division ? sectionOfDivision(division) : null;
    const secText = get('section');
    if (secText) {
      const letter = /^[A-Ta-t]/.exec(secText.trim())?.[0]?.toUpperCase();
      const bySection =
        letter && (secText.trim().length === 1 || /^[A-Ta-t][\s、.]/.test(secText.trim()))
          ? letter
          : Object.entries(SECTIONS).find(([, s]) => s.name === secText.trim())?.[0];
      if (!bySection) err('行业门类', 'invalid_value', `无法识别的行业门类“${secText}”，请写字母（如 C）或门类名称`);
      else if (section && bySection !== section)
        err(
          '行业大类',
          'division_not_in_section',
          `行业大类 ${division}（${DIVISIONS[division!]}）不属于门类 ${bySection}`,
        );
      else section = bySection;
    }
    const scaleText = norm(get('scale'));
    const scale = scaleText ? SCALE_WORDS[scaleText] : null;
    if (scaleText && !scale) err('规上/规下', 'invalid_value', '请写“规上”或“规下”');
    const sizeText = norm(get('size')).replace(/企业$/, '');
    const size = sizeText ? SIZE_WORDS[sizeText] : null;
    if (sizeText && !size) err('企业规模', 'invalid_value', '请写 大型/中型/小型/微型');
    const resolveUnit = (label: string, column: string) => resolveUnitName(label, column, lk, err) ?? null;
    const areaText = get('area');
    let areaUnitId: string | null = null;
    if (areaText) {
      areaUnitId = resolveUnit(areaText, '所在乡镇（园区）');
      if (areaUnitId && !lk.areaIds.has(areaUnitId)) {
        err('所在乡镇（园区）', 'not_township_or_park', `“${areaText}”不是乡镇或园区`);
        areaUnitId = null;
      }
    }
    const key = YES.includes(norm(get('key')));
    let liaisonLeaderId: string | null = null;
    const leaderName = get('leader').replace(/同志$/, '');
    if (leaderName) liaisonLeaderId = resolveLeader(leaderName, '包联领导', lk.leadersByName, err) ?? null;
    else if (key) err('包联领导', 'liaison_leader_required', '重点企业须由县级领导包联');
    const unitText = get('unit');
    const liaisonUnitId = unitText ? resolveUnit(unitText, '包联单位') : null;
    if (!unitText && !key && !leaderName) err('包联单位', 'liaison_unit_required', '非重点企业须有包联单位');
    const employeesText = get('employees').replace(/人$/, '');
    const employees = employeesText ? Number(employeesText) : null;
    if (employeesText && !(Number.isInteger(employees) && employees! >= 0))
      err('从业人员', 'invalid_value', `“${employeesText}”不是人数`);
    const foundedText = get('foundedOn');
    const foundedOn = foundedText ? parseLooseDate(foundedText) : null;
    if (foundedText && !foundedOn)
      err('成立日期', 'invalid_format', `无法识别的日期“${foundedText}”，请写成 2015-06-30`);
    const mobile = get('contactMobile');
    const contactName = get('contactName');
    const known = code ? lk.known.get(code) : undefined;
    const enterprise: EnterpriseCreate = {
      name,
      creditCode: code,
      legalRepresentative: get('legalRepresentative') || null,
      industrySection: section,
      industryDivision: division,
      scale: scale ?? null,
      size: size ?? null,
      areaUnitId,
      address: get('address') || null,
      location: null,
      contacts: contactName
        ? [{ name: contactName.slice(0, 50), title: null, mobile: mobile.slice(0, 20) || null }]
        : [],
      employees,
      foundedOn,
      key,
      liaisonLeaderId,
      liaisonUnitId,
      liaisonPerson: get('person').slice(0, 50) || null,
    };
    rows.push({
      row,
      status: errors.length ? 'rejected' : 'accepted',
      name,
      errors,
      duplicateOf: known ? { id: known.id, name: known.name } : null,
      ...(errors.length
        ? {}
        : { input: { enterprise, ...(known ? { duplicateOf: { id: known.id, version: known.version } } : {}) } }),
    });
  }
  return { rows };
}
