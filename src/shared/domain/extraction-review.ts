/**
 * Review rules for 讲话任务分解, pure: the fields a quote gives (after a merge or split the extractor's field
 * rules run again on the new quote), the ledger deadline a written one proposes, merging and splitting
 * spans of the normalised text, and what a candidate still lacks before it can be issued.
 */
import { categorise } from './extract/category';
import { pickDeadline, type YearOrRef } from './extract/deadline';
import { makeTitle, type Candidate } from './extract/extract';
import { findOwners, resolveUnit } from './extract/owners';
import { findTargets } from './extract/targets';

/** The fields the extractor gives a quote (its Candidate's), the category as stored text. */
export type QuoteFields = Pick<
  Candidate,
  'title' | 'leadLeader' | 'leadUnits' | 'coUnits' | 'units' | 'deadline' | 'deadlineNorm' | 'targets'
> & { category: string };

/** The extractor's field rules on one quote (used for the parts of a split and the whole of a merge). */
/** `year` may carry the document's date, so that 本月内 or 限期N个工作日 in the quote get their day. */
export function fieldsOfQuote(quote: string, year: YearOrRef, index: Map<string, string | null>): QuoteFields {
  const own = findOwners(quote);
  const dl = pickDeadline(quote, year);
  return {
    title: makeTitle(quote) || quote.slice(0, 30),
    leadLeader: own.leader,
    leadUnits: own.leadUnits,
    coUnits: own.coUnits,
    units: [...own.leadUnits, ...own.coUnits].map((u) => resolveUnit(u, index)),
    deadline: dl?.text ?? null,
    deadlineNorm: dl?.norm ?? null,
    targets: findTargets(quote).map((t) => t.text),
    category: categorise(quote),
  };
}

/**
 * The ledger has one lead unit. When the text names several (请X同志会同A，B具体负责), the one written with
 * 具体负责/负责/牵头/抓总 leads; otherwise the first. The others co-operate.
 */
export function pickLeadUnit(quote: string, leadUnits: string[]): string | null {
  const marked = leadUnits.find((u) =>
    new RegExp(`${u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:要|务必)?(?:具体负责|负责|牵头|抓总)`).test(quote),
  );
  return marked ?? leadUnits[0] ?? null;
}

export type LedgerCadence = 'weekly' | 'monthly' | 'quarterly';

/**
 * The ledger deadline and reporting cadence a normalised deadline proposes: a date is the deadline; a
 * cadence (每月调度…) is reported at that rhythm until the end of the document's year; vague words give none.
 */
export function proposeDeadline(
  norm: string | null,
  year: number,
): { deadline: string | null; cadence: LedgerCadence | null } {
  if (!norm) return { deadline: null, cadence: null };
  const m = /^recurring:(weekly|monthly|quarterly)$/.exec(norm);
  if (m) return { deadline: `${year}-12-31`, cadence: m[1] as LedgerCadence };
  if (/^\d{4}-\d{2}-\d{2}$/.test(norm)) return { deadline: norm, cadence: null };
  return { deadline: null, cadence: null };
}

export interface Span {
  start: number;
  end: number;
}

const TRIM = /[\s,，、;；。:：]/;

/** Shrinks a span so it neither starts nor ends on whitespace or a clause delimiter. */
export function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && TRIM.test(text[start]!)) start++;
  while (end > start && TRIM.test(text[end - 1]!)) end--;
  return { start, end };
}

/** The span a merge gives: from the earliest start to the latest end (text between the quotes included). */
export function mergeSpans(spans: Span[]): Span {
  if (spans.length === 0) throw new Error('nothing to merge');
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

/** Two spans cut at `at`, each trimmed; null when `at` is not strictly inside or a side would hold no text. */
export function splitSpan(text: string, s: Span, at: number): [Span, Span] | null {
  if (at <= s.start || at >= s.end) return null;
  const a = trimSpan(text, { start: s.start, end: at });
  const b = trimSpan(text, { start: at, end: s.end });
  if (a.end <= a.start || b.end <= b.start) return null;
  return [a, b];
}

export interface IssuableCandidate {
  title: string;
  leadUnitId: string | null;
  coUnitIds: string[];
  deadline: string | null;
  targets: string[];
  units: { written: string; role: 'lead' | 'co'; unitId: string | null; proposed: boolean }[];
}

export interface CandidateProblem {
  field: string;
  code: string;
  params?: Record<string, string>;
}

/**
 * What a candidate lacks before it becomes a ledger task (任务、标准、责任、时限): a title, a lead unit from the
 * org tree (a proposed unit is named so the reviewer can pick an existing one), a deadline, and a standard
 * (its targets). The ledger's own checks (deadline not past, active units, leaders) run when it is issued.
 */
export function issueProblems(c: IssuableCandidate): CandidateProblem[] {
  const out: CandidateProblem[] = [];
  if (!c.title.trim()) out.push({ field: 'title', code: 'required' });
  if (!c.leadUnitId) {
    const proposed = c.units.find((u) => u.role === 'lead' && u.proposed);
    out.push(
      proposed
        ? { field: 'leadUnitId', code: 'proposed_unit', params: { name: proposed.written } }
        : { field: 'leadUnitId', code: 'required' },
    );
  }
  if (c.leadUnitId && c.coUnitIds.includes(c.leadUnitId)) out.push({ field: 'coUnitIds', code: 'co_unit_is_lead' });
  if (!c.deadline) out.push({ field: 'deadline', code: 'required' });
  if (!c.targets.some((t) => t.trim())) out.push({ field: 'targets', code: 'required' });
  return out;
}

/** The ledger's 工作标准 made from a candidate's targets. */
export const standardOf = (targets: string[]) =>
  targets
    .map((t) => t.trim())
    .filter(Boolean)
    .join('；');
