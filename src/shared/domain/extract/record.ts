/**
 * One line of `npx luoshi extract` per candidate task, and the code path the evaluation scores: the raw text in,
 * the records out. The quote is the raw text's own characters (not the normalised ones), so a reader finds it
 * with indexOf in the file it gave. Pure.
 */
import type { Category } from './category';
import { extractTasks, type ExtractOptions, type ExtractResult } from './extract';

export interface TaskRecord {
  /** the file name */
  doc: string;
  quote: string;
  title: string;
  leadLeader: string | null;
  leadUnits: string[];
  coUnits: string[];
  /** as written */
  deadline: string | null;
  /** YYYY-MM-DD, recurring:weekly|monthly|quarterly, or null */
  deadlineNorm: string | null;
  targets: string[];
  category: Category;
  /** 0..1; at 0.5 and above the review screen calls it likely */
  confidence: number;
}

export function toRecords(doc: string, raw: string, result: ExtractResult): TaskRecord[] {
  return result.candidates.map((c) => ({
    doc,
    quote: raw.slice(c.rawStart, c.rawEnd),
    title: c.title,
    leadLeader: c.leadLeader,
    leadUnits: c.leadUnits,
    coUnits: c.coUnits,
    deadline: c.deadline,
    deadlineNorm: c.deadlineNorm,
    targets: c.targets,
    category: c.category,
    confidence: c.confidence,
  }));
}

/** extractTasks and toRecords: what the command line prints and what `npm run eval:extract` scores. */
export function extractRecords(
  doc: string,
  raw: string,
  opts: ExtractOptions = {},
): { records: TaskRecord[]; result: ExtractResult } {
  const result = extractTasks(raw, opts);
  return { records: toRecords(doc, raw, result), result };
}
