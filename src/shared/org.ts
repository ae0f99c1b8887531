import { z } from 'zod';
import { Role } from './roles';

/** Contracts of the organisation module, shared by server (validation, OpenAPI) and web (types, forms). */
export const UNIT_KINDS = [
  'party_office',
  'government_office',
  'supervision',
  'department',
  'township',
  'park',
  'other',
] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;
export const UNIT_KIND_LABELS: Record<UnitKind, { 'zh-CN': string; 'en-US': string }> = {
  party_office: { 'zh-CN': '县委部门', 'en-US': 'Party office' },
  government_office: { 'zh-CN': '政府办公室', 'en-US': 'Government office' },
  supervision: { 'zh-CN': '督查机构', 'en-US': 'Supervision' },
  department: { 'zh-CN': '政府部门', 'en-US': 'Department' },
  township: { 'zh-CN': '乡镇（街道）', 'en-US': 'Township' },
  park: { 'zh-CN': '园区', 'en-US': 'Park' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

const name = z.string().trim().min(1).max(100);
export const Uuid = z.uuid();

export const UnitOut = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  aliases: z.array(z.string()),
  kind: UnitKind,
  sortOrder: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  peopleCount: z.number().int(),
});
export type UnitOut = z.infer<typeof UnitOut>;

export const UnitCreate = z.strictObject({
  name,
  shortName: z.string().trim().max(30).nullish(),
  aliases: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  kind: UnitKind,
  parentId: Uuid.nullish(),
  sortOrder: z.number().int().min(0).max(100000).default(0),
});
export type UnitCreate = z.infer<typeof UnitCreate>;

export const UnitPatch = z.strictObject({
  name: name.optional(),
  shortName: z.string().trim().max(30).nullish(),
  aliases: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  kind: UnitKind.optional(),
  parentId: Uuid.nullish(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type UnitPatch = z.infer<typeof UnitPatch>;

export const PersonOut = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  unitId: Uuid,
  unitName: z.string(),
  roles: z.array(Role),
  leaderUnitIds: z.array(Uuid),
  active: z.boolean(),
  version: z.number().int(),
});
export type PersonOut = z.infer<typeof PersonOut>;

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

export const PersonCreate = z.strictObject({
  username: Username,
  displayName: name,
  unitId: Uuid,
  title: z.string().trim().max(50).nullish(),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[0-9+\- ]*$/)
    .nullish(),
  email: z.email().max(100).nullish(),
  initialPassword: z.string().min(1).max(128),
});
export type PersonCreate = z.infer<typeof PersonCreate>;

export const PersonPatch = z.strictObject({
  displayName: name.optional(),
  unitId: Uuid.optional(),
  title: z.string().trim().max(50).nullish(),
  phone: z
    .string()
    .trim()
    .max(30)
    .regex(/^[0-9+\- ]*$/)
    .nullish(),
  email: z.email().max(100).nullish(),
});
export type PersonPatch = z.infer<typeof PersonPatch>;

export const RolesPut = z.strictObject({
  roles: z.array(Role).max(8),
  leaderUnitIds: z.array(Uuid).max(200).default([]),
});
export type RolesPut = z.infer<typeof RolesPut>;

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const PeopleQuery = Page.extend({
  unitId: Uuid.optional(),
  q: z.string().trim().max(50).optional(),
  role: Role.optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
}).strict();
