import { headerIndex, type Sheet } from '../../files/table';
import type { FieldProblem } from '../../http/errors';
import { checkPassword, type PasswordPolicy } from '../../../shared/domain/password-policy';
import { ROLE_LABELS, ROLES, roleSetConflict, type Role } from '../../../shared/roles';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../shared/org';

/**
 * Checks an organisation workbook row by row before anything is written. Pure: given the sheets and what
 * already exists, returns the plan (in creation order) and every problem with its sheet and row.
 */
export const UNIT_COLUMNS = {
  name: ['单位名称', '名称', 'name'],
  parent: ['上级单位', 'parent'],
  kind: ['类型', '单位类型', 'kind'],
  shortName: ['简称', 'shortName'],
  aliases: ['别名', 'aliases'],
  sortOrder: ['排序', 'sortOrder'],
} as const;

export const PEOPLE_COLUMNS = {
  username: ['用户名', '账号', 'username'],
  displayName: ['姓名', 'displayName', 'name'],
  unit: ['所属单位', '单位', 'unit'],
  title: ['职务', 'title'],
  phone: ['手机', '手机号', '电话', 'phone'],
  roles: ['角色', 'roles'],
  leaderUnits: ['分管单位', 'leaderUnits'],
  initialPassword: ['初始密码', 'initialPassword'],
} as const;

export interface PlannedUnit {
  row: number;
  name: string;
  parentName: string | null;
  kind: UnitKind;
  shortName: string | null;
  aliases: string[];
  sortOrder: number;
}
export interface PlannedPerson {
  row: number;
  username: string;
  displayName: string;
  unitName: string;
  title: string | null;
  phone: string | null;
  roles: Role[];
  leaderUnitNames: string[];
  initialPassword: string;
}
export interface OrgImportPlan {
  units: PlannedUnit[];
  people: PlannedPerson[];
}

export interface ExistingOrg {
  /** Every name an existing active unit goes by (full name, short name, aliases) → its full name; null when ambiguous. */
  unitNames: Map<string, string | null>;
  usernames: Set<string>;
}

/** Business roles the system administrator may grant in bulk; administrator roles only by the security administrator. */
export const IMPORTABLE_ROLES: readonly Role[] = [
  'principal',
  'leader',
  'supervision_office',
  'unit_admin',
  'unit_clerk',
];

const splitList = (s: string) =>
  s
    .split(/[,，、;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

function kindOf(label: string): UnitKind | undefined {
  if ((UNIT_KINDS as readonly string[]).includes(label)) return label as UnitKind;
  return UNIT_KINDS.find((k) => UNIT_KIND_LABELS[k]['zh-CN'] === label || UNIT_KIND_LABELS[k]['en-US'] === label);
}

function roleOf(label: string): Role | undefined {
  if ((ROLES as readonly string[]).includes(label)) return label as Role;
  return ROLES.find((r) => ROLE_LABELS[r]['zh-CN'] === label || ROLE_LABELS[r]['en-US'] === label);
}

function pickSheet(sheets: Sheet[], names: string[], firstHeaderLabels: readonly string[]): Sheet | undefined {
  return (
    sheets.find((s) => names.includes(s.name)) ??
    sheets.find((s) => s.rows[0]?.cells.some((c) => firstHeaderLabels.includes(c.replace(/\s|\*/g, ''))))
  );
}

export function planOrgImport(
  sheets: Sheet[],
  existing: ExistingOrg,
  policy: PasswordPolicy,
): { plan: OrgImportPlan; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const plan: OrgImportPlan = { units: [], people: [] };
  const unitSheet = pickSheet(
    sheets,
    ['单位', 'units'],
    UNIT_COLUMNS.name.filter((l) => l !== 'name'),
  );
  const peopleSheet = pickSheet(sheets, ['人员', 'people'], PEOPLE_COLUMNS.username);
  const err = (sheet: string, row: number, column: string, code: string, params?: Record<string, string | number>) =>
    errors.push({ row, column, field: `${sheet}!${row}.${column}`, code, params });

  if (!unitSheet && !peopleSheet) {
    errors.push({
      field: 'file',
      code: 'invalid_format',
      message: '未找到“单位”或“人员”工作表（表头须含“单位名称”或“用户名”）/ no 单位 or 人员 sheet found',
    });
    return { plan, errors };
  }

  if (unitSheet?.rows.length) {
    const [head, ...rows] = unitSheet.rows;
    const ix = headerIndex(head!.cells, UNIT_COLUMNS);
    if (ix.name! < 0) err(unitSheet.name, head!.row, '单位名称', 'required');
    const seen = new Map<string, number>();
    for (const { row, cells } of ix.name! < 0 ? [] : rows) {
      const get = (k: keyof typeof UNIT_COLUMNS) => (ix[k]! >= 0 ? (cells[ix[k]!] ?? '').trim() : '');
      const name = get('name');
      const kindLabel = get('kind');
      const kind = kindLabel ? kindOf(kindLabel) : 'department';
      if (!name) err(unitSheet.name, row, '单位名称', 'required');
      else if (name.length > 100) err(unitSheet.name, row, '单位名称', 'too_long', { max: 100 });
      else if (seen.has(name)) err(unitSheet.name, row, '单位名称', 'duplicate_in_file', { row: seen.get(name)! });
      else if (existing.unitNames.get(name) === name) err(unitSheet.name, row, '单位名称', 'exists');
      if (!kind) err(unitSheet.name, row, '类型', 'invalid_value');
      const sortText = get('sortOrder');
      const sortOrder = sortText ? Number(sortText) : 0;
      if (!Number.isInteger(sortOrder) || sortOrder < 0) err(unitSheet.name, row, '排序', 'invalid_value');
      if (name) seen.set(name, row);
      plan.units.push({
        row,
        name,
        parentName: get('parent') || null,
        kind: kind ?? 'other',
        shortName: get('shortName') || null,
        aliases: splitList(get('aliases')),
        sortOrder: Number.isInteger(sortOrder) ? sortOrder : 0,
      });
    }
    for (const u of plan.units) {
      if (!u.parentName) continue;
      if (u.parentName === u.name) err(unitSheet.name, u.row, '上级单位', 'invalid_value');
      else if (!seen.has(u.parentName)) {
        const resolved = existing.unitNames.get(u.parentName);
        if (resolved) u.parentName = resolved;
        else
          err(unitSheet.name, u.row, '上级单位', resolved === null ? 'ambiguous_unit' : 'unknown_unit', {
            name: u.parentName,
          });
      }
    }
    // Order parents before children; a cycle inside the file is an error on each row in it.
    const byName = new Map(plan.units.map((u) => [u.name, u]));
    const ordered: PlannedUnit[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (u: PlannedUnit): boolean => {
      if (state.get(u.name) === 'done') return true;
      if (state.get(u.name) === 'visiting') return false;
      state.set(u.name, 'visiting');
      const parent = u.parentName ? byName.get(u.parentName) : undefined;
      if (parent && !visit(parent)) {
        err(unitSheet.name, u.row, '上级单位', 'invalid_value');
        return false;
      }
      state.set(u.name, 'done');
      ordered.push(u);
      return true;
    };
    plan.units.forEach(visit);
    plan.units = ordered;
  }

  if (peopleSheet?.rows.length) {
    const [head, ...rows] = peopleSheet.rows;
    const ix = headerIndex(head!.cells, PEOPLE_COLUMNS);
    for (const [k, label] of [
      ['username', '用户名'],
      ['displayName', '姓名'],
      ['unit', '所属单位'],
      ['initialPassword', '初始密码'],
    ] as const) {
      if (ix[k]! < 0) err(peopleSheet.name, head!.row, label, 'required');
    }
    const headerOk = ['username', 'displayName', 'unit', 'initialPassword'].every((k) => ix[k]! >= 0);
    const fileUnits = new Set(plan.units.map((u) => u.name));
    /** A unit named in the file, or an existing one by any of its names; undefined = unknown, null = ambiguous. */
    const resolve = (label: string): string | null | undefined =>
      fileUnits.has(label) ? label : existing.unitNames.get(label);
    const seen = new Map<string, number>();
    for (const { row, cells } of headerOk ? rows : []) {
      const get = (k: keyof typeof PEOPLE_COLUMNS) => (ix[k]! >= 0 ? (cells[ix[k]!] ?? '').trim() : '');
      const username = get('username');
      const displayName = get('displayName');
      const unitLabel = get('unit');
      const unitName = unitLabel ? resolve(unitLabel) : undefined;
      const password = get('initialPassword');
      const lower = username.toLowerCase();
      if (!username) err(peopleSheet.name, row, '用户名', 'required');
      else if (!/^[A-Za-z0-9_.-]{2,40}$/.test(username)) err(peopleSheet.name, row, '用户名', 'invalid_format');
      else if (seen.has(lower)) err(peopleSheet.name, row, '用户名', 'duplicate_in_file', { row: seen.get(lower)! });
      else if (existing.usernames.has(lower)) err(peopleSheet.name, row, '用户名', 'exists');
      if (username) seen.set(lower, row);
      if (!displayName) err(peopleSheet.name, row, '姓名', 'required');
      else if (displayName.length > 100) err(peopleSheet.name, row, '姓名', 'too_long', { max: 100 });
      if (!unitLabel) err(peopleSheet.name, row, '所属单位', 'required');
      else if (!unitName)
        err(peopleSheet.name, row, '所属单位', unitName === null ? 'ambiguous_unit' : 'unknown_unit', {
          name: unitLabel,
        });
      const roles: Role[] = [];
      for (const label of splitList(get('roles'))) {
        const r = roleOf(label);
        if (!r || !IMPORTABLE_ROLES.includes(r)) err(peopleSheet.name, row, '角色', 'unknown_role', { name: label });
        else roles.push(r);
      }
      if (roleSetConflict(roles)) err(peopleSheet.name, row, '角色', 'invalid_value');
      const leaderUnitNames: string[] = [];
      for (const n of splitList(get('leaderUnits'))) {
        const resolved = resolve(n);
        if (resolved) leaderUnitNames.push(resolved);
        else err(peopleSheet.name, row, '分管单位', resolved === null ? 'ambiguous_unit' : 'unknown_unit', { name: n });
      }
      if (leaderUnitNames.length && !roles.includes('leader')) err(peopleSheet.name, row, '分管单位', 'invalid_value');
      for (const p of checkPassword(password, policy, username))
        err(peopleSheet.name, row, '初始密码', p === 'too_short' && !password ? 'required' : p, {
          min: policy.minLength,
          max: 128,
        });
      const phone = get('phone');
      if (phone && !/^[0-9+\- ]{3,30}$/.test(phone)) err(peopleSheet.name, row, '手机', 'invalid_format');
      plan.people.push({
        row,
        username,
        displayName,
        unitName: unitName ?? unitLabel,
        title: get('title') || null,
        phone: phone || null,
        roles,
        leaderUnitNames,
        initialPassword: password,
      });
    }
  }
  return { plan, errors };
}
