import type { Sheet } from '../../files/table';
import {
  bodyRows,
  findHeader,
  headerCell,
  readAmount,
  type RowError,
  resolveLeader,
  resolveUnit as resolveUnitName,
  rowReader,
} from '../../files/import-rows';
import {
  headerUnit,
  isYes,
  parseYears,
  poolFromLabel,
  typeFromLabel,
  type MoneyUnit,
} from '../../../shared/domain/projects-import';
import type { ProjectCreate } from '../../../shared/projects';

/**
 * Reads the key-project table in the layout offices keep (序号, 项目名称, 项目类型, 建设内容, 总投资, 年度计划投资, 建设单位,
 * 责任单位, 包联领导, 所在乡镇, 所在库, 建设年限…), row by row, before anything is written. Pure: lookups are passed in.
 * Title rows above the header and hidden sheets are skipped; amounts are read in 万元 or 亿元 cell by cell.
 */
export const PROJECT_COLUMNS = {
  name: ['项目名称', '名称'],
  type: ['项目类型', '类型', '项目类别', '行业类别'],
  content: ['建设内容', '建设规模及内容', '主要建设内容', '建设内容及规模'],
  total: ['总投资', '计划总投资', '项目总投资'],
  plan: ['年度计划投资', '年度投资计划', '本年计划投资', '计划投资'],
  owner: ['建设单位', '业主单位', '项目业主'],
  unit: ['责任单位', '牵头单位'],
  leader: ['包联领导', '包联县领导', '县级包联领导', '联系领导'],
  township: ['所在乡镇', '所在乡镇（园区）', '所在乡镇(园区)', '乡镇（园区）', '建设地点'],
  pool: ['所在库', '项目库', '入库类别', '项目状态'],
  years: ['建设年限', '建设起止年限', '起止年限'],
  startYear: ['计划开工年份', '开工年份'],
  endYear: ['计划竣工年份', '竣工年份'],
  lng: ['经度'],
  lat: ['纬度'],
  major: ['重大项目', '是否重大'],
  attracted: ['招引项目', '是否招引'],
  livelihood: ['民生实事', '是否民生实事'],
} as const;
type Col = keyof typeof PROJECT_COLUMNS;

export const MAX_PROJECT_ROWS = 5_000;

export interface ProjectLookups {
  year: number;
  unitIndex: Map<string, string | null>;
  unitLabels: { label: string; canonical: string }[];
  /** Units of kind township or park, by id. */
  townshipIds: Set<string>;
  leadersByName: Map<string, string[]>;
  /** Names already in the library (a project is entered once). */
  existingNames: Set<string>;
  /** The county boundary, when one was uploaded: points outside it are refused. */
  boundary?: { name: string; contains(lng: number, lat: number): boolean };
}

export interface ProjectRowResult {
  row: number;
  status: 'accepted' | 'rejected';
  name: string;
  errors: RowError[];
  input?: ProjectCreate;
}

/** A header matches a label also with a year before it or a unit after it: "2026年计划投资（万元）" is 计划投资. */
const bare = (s: string) =>
  headerCell(s)
    .replace(/^\d{4}年?/, '')
    .replace(/\((万元|亿元)\)$/, '');

export function planProjectImport(
  sheets: Sheet[],
  lk: ProjectLookups,
): { rows: ProjectRowResult[]; fileError?: string } {
  const header = findHeader(sheets, PROJECT_COLUMNS, ['name', 'unit'], bare);
  if (!header)
    return {
      rows: [],
      fileError:
        '未找到重点项目表表头（须含“项目名称”和“责任单位”列）/ no key-project header (项目名称, 责任单位) found',
    };
  const { index, cols, labels } = header;
  const unitOf = (c: Col): MoneyUnit | null => (cols[c] >= 0 ? headerUnit(labels[cols[c]] ?? '') : null);
  // A header such as "2026年计划投资" names the plan's year.
  const planYear = cols.plan >= 0 ? Number(/(20\d{2})/.exec(labels[cols.plan] ?? '')?.[1] ?? lk.year) : lk.year;
  const { body, fileError } = bodyRows(header, MAX_PROJECT_ROWS);
  if (fileError) return { rows: [], fileError };
  const seen = new Map<string, number>();
  const rows: ProjectRowResult[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, PROJECT_COLUMNS, err);
    const name = get('name').slice(0, 200);
    if (!name) err('项目名称', 'required', '项目名称不能为空');
    else if (lk.existingNames.has(name)) err('项目名称', 'exists', '项目库中已有同名项目');
    else if (seen.has(name)) err('项目名称', 'duplicate_in_file', `与第 ${seen.get(name)} 行重复`);
    else seen.set(name, row);
    const typeText = get('type');
    const type = typeText ? typeFromLabel(typeText) : 'other';
    if (!type)
      err(
        '项目类型',
        'invalid_value',
        `项目类型应为 产业/基础设施/社会民生/生态环保/城乡建设/农业农村/其他，而不是“${typeText}”`,
      );
    const content = get('content');
    if (!content) err('建设内容', 'required', '建设内容不能为空');
    const amount = (c: Col, column: string, required: boolean): number | undefined => {
      const text = get(c);
      if (!text) {
        if (required) err(column, 'required', `${column}不能为空`);
        return undefined;
      }
      return readAmount(text, unitOf(c), column, err);
    };
    const total = amount('total', '总投资', true);
    const plan = amount('plan', '年度计划投资', false);
    if (total !== undefined && plan !== undefined && plan > total)
      err(
        '年度计划投资',
        'plans_over_total',
        `年度计划投资 ${plan} 万元超过总投资 ${total} 万元（是否混用了万元和亿元？）`,
      );
    const resolveUnit = (label: string, column: string) => resolveUnitName(label, column, lk, err);
    const unitLabel = get('unit');
    const responsibleUnitId = unitLabel
      ? resolveUnit(unitLabel, '责任单位')
      : (err('责任单位', 'required', '责任单位不能为空'), undefined);
    const townLabel = get('township');
    let townshipUnitId: string | null = null;
    if (townLabel) {
      const id = resolveUnit(townLabel, '所在乡镇');
      if (id && !lk.townshipIds.has(id)) err('所在乡镇', 'not_township', `“${townLabel}”不是乡镇或园区`);
      else if (id) townshipUnitId = id;
    }
    const leaderName = get('leader').replace(/同志$/, '');
    const leaderId = leaderName ? (resolveLeader(leaderName, '包联领导', lk.leadersByName, err) ?? null) : null;
    const poolText = get('pool');
    const pool = poolText ? poolFromLabel(poolText) : 'reserve';
    if (!pool) err('所在库', 'invalid_value', `所在库应为 储备/前期/新开工/续建/竣工/投产，而不是“${poolText}”`);
    let years = get('years') ? parseYears(get('years')) : null;
    if (get('years') && !years)
      err('建设年限', 'invalid_format', `无法识别的建设年限“${get('years')}”，请写成 2026-2027`);
    if (!years && (get('startYear') || get('endYear'))) {
      const s = parseYears(get('startYear'));
      const e = parseYears(get('endYear') || get('startYear'));
      if (!s || !e || e.start < s.start)
        err('计划开工年份', 'invalid_format', '开工、竣工年份应为四位年份且竣工不早于开工');
      else years = { start: s.start, end: e.start };
    }
    if (!years && !get('years') && !get('startYear')) err('建设年限', 'required', '建设年限不能为空（如 2026-2027）');
    let location: { lng: number; lat: number } | null = null;
    if (get('lng') || get('lat')) {
      const lng = Number(get('lng'));
      const lat = Number(get('lat'));
      if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90)
        err('经度', 'invalid_value', '经纬度应为数字（经度 -180~180，纬度 -90~90）');
      else if (lk.boundary && !lk.boundary.contains(lng, lat))
        err('经度', 'outside_boundary', `坐标（${lng}, ${lat}）不在县域边界（${lk.boundary.name}）内`);
      else location = { lng, lat };
    }
    const input: ProjectCreate | undefined =
      errors.length === 0
        ? {
            name,
            type: type!,
            content,
            totalInvestment: total!,
            annualPlans: plan !== undefined ? { [String(planYear)]: plan } : {},
            ownerEnterprise: get('owner') || null,
            responsibleUnitId: responsibleUnitId!,
            leaderId,
            townshipUnitId,
            location,
            startYear: years!.start,
            endYear: years!.end,
            major: isYes(get('major')),
            attracted: isYes(get('attracted')),
            livelihood: isYes(get('livelihood')),
            source: 'import',
            sourceRef: null,
            pool: pool!,
            milestones: [],
          }
        : undefined;
    rows.push({ row, status: errors.length ? 'rejected' : 'accepted', name: name || `第 ${row} 行`, errors, input });
  }
  return { rows };
}
