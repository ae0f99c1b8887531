import { z } from 'zod';
import { CloseRequestOut, IsoDateString, ItemOut, LightEnum, SupervisionState } from './supervision';
import { Page } from './org';

/** Contracts of 整改 (findings that must be rectified): GET/POST /api/v1/findings and the rest. */
export const FINDING_SOURCES = ['inspection', 'audit', 'undercover', 'safety', 'environment', 'other'] as const;
export const FindingSource = z.enum(FINDING_SOURCES);
export type FindingSource = z.infer<typeof FindingSource>;
export const FINDING_SOURCE_LABELS: Record<FindingSource, { 'zh-CN': string; 'en-US': string }> = {
  inspection: { 'zh-CN': '巡察', 'en-US': 'Party inspection' },
  audit: { 'zh-CN': '审计', 'en-US': 'Audit' },
  undercover: { 'zh-CN': '督查暗访', 'en-US': 'Unannounced inspection' },
  safety: { 'zh-CN': '安全检查', 'en-US': 'Safety inspection' },
  environment: { 'zh-CN': '环保督察', 'en-US': 'Environmental inspection' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const FINDING_SEVERITIES = ['general', 'serious', 'critical'] as const;
export const FindingSeverity = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof FindingSeverity>;
export const FINDING_SEVERITY_LABELS: Record<FindingSeverity, { 'zh-CN': string; 'en-US': string }> = {
  general: { 'zh-CN': '一般', 'en-US': 'General' },
  serious: { 'zh-CN': '较重', 'en-US': 'Serious' },
  critical: { 'zh-CN': '严重', 'en-US': 'Critical' },
};

const text = (max: number) => z.string().trim().max(max);

export const FindingCreate = z.strictObject({
  source: FindingSource,
  /** The inspection it came from, as named: 县委第二巡察组2026年第一轮巡察. */
  sourceTitle: text(300).nullish(),
  /** The day it was found (发现日期); not later than today. */
  foundOn: IsoDateString,
  /** The problem as the inspectors wrote it. */
  problem: text(10000).min(1),
  severity: FindingSeverity.default('general'),
  /** 整改措施 required of the unit. */
  measures: text(10000).min(1),
  /** 责任单位. */
  unitId: z.uuid(),
  /** 责任人 as named (need not have an account). */
  responsible: text(100).nullish(),
  leadLeaderId: z.uuid().nullish(),
  /** 整改时限. */
  deadline: IsoDateString,
  /** Issue (交办) to the unit at once; false keeps a draft. */
  issue: z.boolean().default(true),
});
export type FindingCreate = z.infer<typeof FindingCreate>;

export const FindingOut = ItemOut.extend({
  serial: z.number().int(),
  source: FindingSource,
  sourceTitle: z.string().nullable(),
  foundOn: z.string(),
  problem: z.string(),
  severity: FindingSeverity,
  measures: z.string(),
  responsible: z.string().nullable(),
  /** The 销号 request waiting for the office (state close_requested), else null. */
  closeRequest: CloseRequestOut.nullable(),
});
export type FindingOut = z.infer<typeof FindingOut>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const FindingQuery = Page.extend({
  state: csv(SupervisionState),
  light: csv(LightEnum),
  unitId: z.uuid().optional(),
  source: FindingSource.optional(),
  severity: FindingSeverity.optional(),
  /** Words in the problem, the measures or the inspection's name, or a 序号. */
  q: z.string().trim().max(100).optional(),
  todo: z.enum(['true', 'accept', 'report', 'returned', 'issue', 'close', 'review']).optional(),
  sort: z.enum(['deadline', 'created', 'light']).default('deadline'),
}).strict();
export type FindingQuery = z.infer<typeof FindingQuery>;

export const FindingExportQuery = FindingQuery.omit({ page: true, pageSize: true });
