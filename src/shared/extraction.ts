import { z } from 'zod';
import { Cadence, IsoDateString } from './supervision';
import { CATEGORIES } from './domain/extract/category';

/** Contracts of 讲话任务分解: documents, their candidate tasks, review edits and issuing into the ledger. */

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const EXTRACTION_SOURCE_TYPES = ['meeting', 'work_report', 'document', 'instruction'] as const;
export const ExtractionSourceType = z.enum(EXTRACTION_SOURCE_TYPES);

export const CANDIDATE_STATUSES = ['pending', 'accepted', 'dropped', 'issued', 'merged', 'split'] as const;
export const CandidateStatus = z.enum(CANDIDATE_STATUSES);
type Pair = { 'zh-CN': string; 'en-US': string };
export const CANDIDATE_STATUS_LABELS: Record<(typeof CANDIDATE_STATUSES)[number], Pair> = {
  pending: { 'zh-CN': '待审核', 'en-US': 'To review' },
  accepted: { 'zh-CN': '已采纳', 'en-US': 'Accepted' },
  dropped: { 'zh-CN': '已舍弃', 'en-US': 'Dropped' },
  issued: { 'zh-CN': '已交办', 'en-US': 'Issued' },
  merged: { 'zh-CN': '已合并', 'en-US': 'Merged' },
  split: { 'zh-CN': '已拆分', 'en-US': 'Split' },
};
/** How a document was read (a stored encoding name, or 'pasted'). */
export const ENCODING_LABELS: Record<string, Pair> = {
  'utf-8': { 'zh-CN': 'UTF-8', 'en-US': 'UTF-8' },
  'utf-8-bom': { 'zh-CN': 'UTF-8（带 BOM）', 'en-US': 'UTF-8 (with BOM)' },
  'utf-16': { 'zh-CN': 'UTF-16', 'en-US': 'UTF-16' },
  gb18030: { 'zh-CN': 'GBK/GB18030', 'en-US': 'GBK/GB18030' },
  docx: { 'zh-CN': 'Word (.docx)', 'en-US': 'Word (.docx)' },
  doc: { 'zh-CN': 'Word/WPS（经 LibreOffice 转换）', 'en-US': 'Word/WPS (via LibreOffice)' },
  pdf: { 'zh-CN': 'PDF（文字层）', 'en-US': 'PDF (text layer)' },
  pasted: { 'zh-CN': '粘贴文本', 'en-US': 'Pasted text' },
};

/** JSON body of POST /extractions (pasted text); an upload sends the same fields as multipart form fields. */
export const ExtractionCreate = z.strictObject({
  title: z.string().trim().max(300).optional(),
  text: z.string().max(MAX_DOCUMENT_BYTES),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  sourceType: ExtractionSourceType.default('meeting'),
});
export type ExtractionCreate = z.infer<typeof ExtractionCreate>;

export const CandidateUnit = z.object({
  written: z.string(),
  role: z.enum(['lead', 'co']),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  /** a specific unit the org tree does not have: shown as a proposal, never dropped */
  proposed: z.boolean(),
  /** matched by closest name (县发改委 → 县发展和改革局), not by a name or alias: for the reviewer to confirm */
  closest: z.boolean().optional(),
});
export type CandidateUnit = z.infer<typeof CandidateUnit>;

export const CandidateOut = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  status: CandidateStatus,
  start: z.number().int(),
  end: z.number().int(),
  paragraph: z.number().int(),
  quote: z.string(),
  title: z.string(),
  leadLeaderName: z.string().nullable(),
  leadLeaderId: z.uuid().nullable(),
  units: z.array(CandidateUnit),
  leadUnitId: z.uuid().nullable(),
  coUnitIds: z.array(z.uuid()),
  deadlineText: z.string().nullable(),
  deadlineNorm: z.string().nullable(),
  deadline: z.string().nullable(),
  cadence: Cadence.nullable(),
  targets: z.array(z.string()),
  category: z.string().nullable(),
  confidence: z.number(),
  level: z.enum(['high', 'low']),
  derivedFrom: z.array(z.uuid()),
  /** the ledger task issued from this candidate's quote (this run or an earlier one of the same text) */
  taskId: z.uuid().nullable(),
  version: z.number().int(),
});
export type CandidateOut = z.infer<typeof CandidateOut>;

export const DocumentSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  sourceFileName: z.string().nullable(),
  encoding: z.string(),
  year: z.number().int(),
  /** given (by the uploader or reviewer), document (its own words), default (none found: ask the reviewer) */
  yearSource: z.enum(['given', 'document', 'default']),
  sourceType: ExtractionSourceType,
  uploadedBy: z.uuid(),
  uploaderName: z.string().nullable(),
  createdAt: z.string(),
  characters: z.number().int(),
  /** rules: offline only; model: refined by the configured model; rules_fallback: the model failed (modelNote says why) */
  draftedBy: z.enum(['rules', 'model', 'rules_fallback']),
  modelNote: z.string().nullable(),
  counts: z.object({
    candidates: z.number().int(),
    accepted: z.number().int(),
    issued: z.number().int(),
    dropped: z.number().int(),
  }),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const ExtractionOut = DocumentSummary.extend({
  text: z.string(),
  hash: z.string(),
  candidates: z.array(CandidateOut),
  /** plain words when nothing was found */
  message: z.string().nullable(),
});
export type ExtractionOut = z.infer<typeof ExtractionOut>;

export const ExtractionQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const CandidatePatch = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  leadUnitId: z.uuid().nullable().optional(),
  coUnitIds: z.array(z.uuid()).max(50).optional(),
  leadLeaderId: z.uuid().nullable().optional(),
  deadline: IsoDateString.nullable().optional(),
  cadence: Cadence.nullable().optional(),
  targets: z.array(z.string().trim().min(1).max(500)).max(30).optional(),
  category: z.string().trim().max(50).nullable().optional(),
});
export type CandidatePatch = z.infer<typeof CandidatePatch>;

const VersionRef = z.strictObject({ id: z.uuid(), version: z.number().int() });
export const MergeIn = z.strictObject({ candidates: z.array(VersionRef).min(2).max(20) });
/** `at`: an offset into the document's normalised text, strictly inside the candidate's quote. */
export const SplitIn = z.strictObject({ at: z.number().int().min(0) });

export const IssueIn = z.strictObject({
  /** which accepted candidates to issue (default: every accepted one) */
  candidateIds: z.array(z.uuid()).min(1).max(200).optional(),
  /** 奖惩 (五明确's accountability) of the tasks issued: required by the ledger, one rule for the batch. */
  accountability: z.string().trim().max(2000).nullish(),
});
export const IssueProblem = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const IssueResult = z.object({
  candidateId: z.uuid(),
  title: z.string(),
  status: z.enum(['issued', 'already_issued', 'refused']),
  taskId: z.uuid().nullable(),
  errors: z.array(IssueProblem),
});
export const IssueOut = z.object({
  issued: z.number().int(),
  alreadyIssued: z.number().int(),
  refused: z.number().int(),
  results: z.array(IssueResult),
});
export type IssueOut = z.infer<typeof IssueOut>;

export const TaskSourceOut = z.object({
  taskId: z.uuid(),
  documentId: z.uuid(),
  documentTitle: z.string(),
  candidateId: z.uuid(),
  start: z.number().int(),
  end: z.number().int(),
  paragraph: z.number().int(),
  quote: z.string(),
});
export type TaskSourceOut = z.infer<typeof TaskSourceOut>;

/** One line of `npx luoshi extract` (JSON Lines): a candidate task of one file, for other systems. */
export const ExtractedTaskLine = z.strictObject({
  doc: z.string().min(1),
  quote: z.string().min(1),
  title: z.string().max(30),
  leadLeader: z.string().nullable(),
  leadUnits: z.array(z.string()),
  coUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  deadlineNorm: z
    .string()
    .regex(/^(?:\d{4}-\d{2}-\d{2}|recurring:(?:weekly|monthly|quarterly))$/)
    .nullable(),
  targets: z.array(z.string()),
  category: z.enum(CATEGORIES),
  confidence: z.number().min(0).max(1),
});
export type ExtractedTaskLine = z.infer<typeof ExtractedTaskLine>;

/** PUT /extractions/:id/year: the reviewer says which year the document's dates are in. */
export const DocumentYearIn = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export type DocumentYearIn = z.infer<typeof DocumentYearIn>;
