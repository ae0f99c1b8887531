import { toHalfWidth } from './text-match';
import { POOL_LABELS, PROJECT_TYPE_LABELS, type Pool, type ProjectType } from './projects';

/**
 * Reading the key-project table offices keep (重点项目表): amounts in 万元 or 亿元, year ranges, pool and type labels.
 * Pure, shared by the import and the UI's hints.
 */
export type MoneyUnit = '万元' | '亿元';

/** The unit a column header states ("总投资（亿元）"), or null when it states none. */
export function headerUnit(label: string): MoneyUnit | null {
  const t = toHalfWidth(label);
  if (t.includes('亿元')) return '亿元';
  if (t.includes('万元')) return '万元';
  return null;
}

/**
 * An amount in 万元 from a cell. A unit written in the cell ("1.2亿元", "5000万") wins, so a column that mixes 万元
 * and 亿元 is read right cell by cell; a bare number takes the header's unit; a bare number under a header without one
 * is refused (it could be either, off by ten thousand).
 */
export function parseAmount(
  cell: string,
  unit: MoneyUnit | null,
): { value: number } | { error: 'invalid_amount' | 'unit_missing' } {
  const t = toHalfWidth(cell).replace(/[,\s]/g, '');
  const m = /^(\d+(?:\.\d+)?)(万元|万|亿元|亿|元)?$/.exec(t);
  if (!m) return { error: 'invalid_amount' };
  const n = Number(m[1]);
  const u = m[2];
  const factor = u?.startsWith('亿')
    ? 10000
    : u?.startsWith('万')
      ? 1
      : u === '元'
        ? 0.0001
        : unit === '亿元'
          ? 10000
          : unit === '万元'
            ? 1
            : null;
  if (factor === null) return { error: 'unit_missing' };
  return { value: Math.round(n * factor * 100) / 100 };
}

/** "2026—2027", "2026年-2027年", "2026.3-2027.12" or "2026" → planned start and end years. */
export function parseYears(cell: string): { start: number; end: number } | null {
  const ys = [...toHalfWidth(cell).matchAll(/(20\d{2}|19\d{2})/g)].map((m) => Number(m[1]));
  if (ys.length === 0 || ys.length > 2) return null;
  const start = ys[0]!;
  const end = ys[1] ?? start;
  return end >= start ? { start, end } : null;
}

const POOL_BY_LABEL = new Map<string, Pool>([
  ...Object.entries(POOL_LABELS).map(([k, v]) => [v['zh-CN'], k as Pool] as [string, Pool]),
  ['储备库', 'reserve'],
  ['前期库', 'preliminary'],
  ['新开工库', 'new_start'],
  ['开工库', 'new_start'],
  ['在建', 'continuing'],
  ['在建库', 'continuing'],
  ['续建库', 'continuing'],
  ['竣工库', 'completed'],
  ['投产库', 'in_production'],
  ['投用', 'in_production'],
]);
export const poolFromLabel = (s: string): Pool | undefined => POOL_BY_LABEL.get(toHalfWidth(s).replace(/\s/g, ''));

const TYPE_BY_LABEL = new Map<string, ProjectType>([
  ...Object.entries(PROJECT_TYPE_LABELS).map(([k, v]) => [v['zh-CN'], k as ProjectType] as [string, ProjectType]),
  ['产业项目', 'industry'],
  ['工业', 'industry'],
  ['工业项目', 'industry'],
  ['基础设施项目', 'infrastructure'],
  ['民生', 'social'],
  ['社会事业', 'social'],
  ['民生项目', 'social'],
  ['生态', 'ecology'],
  ['城建', 'urban'],
  ['城镇建设', 'urban'],
  ['农业', 'agriculture'],
]);
export const typeFromLabel = (s: string): ProjectType | undefined =>
  TYPE_BY_LABEL.get(toHalfWidth(s).replace(/\s/g, ''));

/** 是/√/Y marks a flag column. */
export const isYes = (s: string) => /^(是|√|✓|y|yes|1)$/i.test(toHalfWidth(s).trim());
