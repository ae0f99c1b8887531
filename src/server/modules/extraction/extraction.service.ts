import { segmenter } from './segmenter';
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound, type FieldProblem } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { TaskService } from '../tasks/tasks.service';
import { extractionCandidates, extractionDocuments, extractionTaskLinks } from './extraction.schema';
import { extractTasks } from '../../../shared/domain/extract/extract';
import { deadlineRef, documentYear, pickDeadline } from '../../../shared/domain/extract/deadline';
import { resolveUnit } from '../../../shared/domain/extract/owners';
import { refineWithModel, type ModelConfig } from './extraction.model';
import { normaliseText } from '../../../shared/domain/extract/normalize';
import { unitNameIndex } from '../../../shared/domain/unit-names';
import {
  fieldsOfQuote,
  issueProblems,
  pickLeadUnit,
  mergeSpans,
  proposeDeadline,
  splitSpan,
  standardOf,
  type QuoteFields,
} from '../../../shared/domain/extraction-review';
import type {
  CandidateOut,
  CandidatePatch,
  CandidateUnit,
  DocumentSummary,
  ExtractionOut,
} from '../../../shared/extraction';
import type { TaskCreate } from '../../../shared/tasks';
import type { Cadence } from '../../../shared/supervision';

export type ExtractionService = ReturnType<typeof createExtractionService>;

type CandidateRow = typeof extractionCandidates.$inferSelect;
type DocumentRow = typeof extractionDocuments.$inferSelect;
type NewCandidate = typeof extractionCandidates.$inferInsert;

export interface IssueOutcome {
  candidateId: string;
  title: string;
  status: 'issued' | 'already_issued' | 'refused';
  taskId: string | null;
  errors: FieldProblem[];
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
/** Same document text and same quote → same fingerprint, whichever upload or run it came from. */
export const fingerprintOf = (documentHash: string, quote: string) => sha256(`${documentHash}\n${quote}`);
const EDITABLE = ['pending', 'accepted'];

/**
 * 讲话任务分解: a speech or work report → candidate tasks (the offline extractor) → reviewed by the office →
 * issued into the ledger through the task service, each task linked back to its quote.
 */
export function createExtractionService(deps: {
  db: Db;
  audit: AuditService;
  org: Pick<OrgService, 'listUnits' | 'listPeople' | 'accountById' | 'auditAs'>;
  tasks: Pick<TaskService, 'createMany' | 'get'>;
  today: () => string;
  model?: ModelConfig | null;
  fetch?: typeof fetch;
}) {
  const { db, org } = deps;

  const audit = (actor: Actor, meta: RequestMeta, action: string, objectId: string, detail: unknown, tx?: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `extraction.${action}`,
        objectType: 'extraction_document',
        objectId,
        result: 'success',
        detail,
      },
      tx,
    );

  /** The unit tree and leaders of the caller's jurisdiction, to resolve what the text names. */
  async function lookups(actor: Actor, tx: Tx = db) {
    const units = (await org.listUnits(actor, tx)).filter((u) => u.active);
    const idByName = new Map(units.map((u) => [u.name, u.id]));
    const people = (await org.listPeople(actor, { role: undefined, active: 'true', page: 1, pageSize: 100_000 })).items;
    const leadersByName = new Map<string, string[]>();
    for (const p of people.filter((p) => p.roles.includes('leader') || p.roles.includes('principal')))
      leadersByName.set(p.displayName, [...(leadersByName.get(p.displayName) ?? []), p.id]);
    return {
      units,
      index: unitNameIndex(units),
      unitIds: new Set(units.map((u) => u.id)),
      leaderIds: new Set([...leadersByName.values()].flat()),
      unitIdOf: (canonical: string | null) => (canonical ? (idByName.get(canonical) ?? null) : null),
      leaderIdOf: (name: string | null) => {
        const ids = name ? (leadersByName.get(name) ?? []) : [];
        return ids.length === 1 ? ids[0]! : null;
      },
    };
  }
  type Lookups = Awaited<ReturnType<typeof lookups>>;

  /** Candidate columns from the extractor's fields: units resolved to ids, the ledger deadline proposed. */
  function candidateColumns(
    quote: string,
    f: QuoteFields,
    year: number,
    lk: Lookups,
  ): Omit<NewCandidate, 'documentId' | 'seq' | 'start' | 'end' | 'paragraph' | 'quote' | 'confidence' | 'level'> {
    const units: CandidateUnit[] = [
      ...f.leadUnits.map((w) => ({ w, role: 'lead' as const })),
      ...f.coUnits.map((w) => ({ w, role: 'co' as const })),
    ].map(({ w, role }) => {
      const r = f.units.find((u) => u.written === w);
      const unitId = lk.unitIdOf(r?.unit ?? null);
      return {
        written: w,
        role,
        unitId,
        unitName: unitId ? (r?.unit ?? null) : null,
        proposed: !!r?.proposed,
        ...(unitId && r?.closest ? { closest: true } : {}),
      };
    });
    const leadWritten = pickLeadUnit(
      quote,
      units.filter((u) => u.role === 'lead' && u.unitId).map((u) => u.written),
    );
    const leadUnitId = units.find((u) => u.written === leadWritten && u.role === 'lead')?.unitId ?? null;
    // Further lead units of the text (请X同志会同A，B具体负责) co-operate in the ledger.
    const coUnitIds = [...new Set(units.filter((u) => u.unitId && u.unitId !== leadUnitId).map((u) => u.unitId!))];
    const { deadline, cadence } = proposeDeadline(f.deadlineNorm, year);
    return {
      title: f.title.slice(0, 200),
      leadLeaderName: f.leadLeader,
      leadLeaderId: lk.leaderIdOf(f.leadLeader),
      units,
      leadUnitId,
      coUnitIds,
      deadlineText: f.deadline,
      deadlineNorm: f.deadlineNorm,
      deadline,
      cadence,
      targets: f.targets,
      category: f.category,
    };
  }

  async function create(
    actor: Actor,
    input: {
      title?: string;
      text: string;
      year?: number;
      sourceType: string;
      fileName?: string | null;
      encoding: string;
    },
    meta: RequestMeta,
  ): Promise<ExtractionOut> {
    const { text } = normaliseText(input.text);
    if (!text.trim())
      throw new AppError('validation', {}, [{ field: input.fileName ? 'file' : 'body.text', code: 'empty_document' }]);
    const found = input.year ? null : documentYear(text);
    const year = input.year ?? found ?? Number(deps.today().slice(0, 4));
    const yearSource = input.year ? 'given' : found ? 'document' : 'default';
    const lk = await lookups(actor);
    const segment = segmenter(lk.units.flatMap((u) => [u.name, u.shortName ?? '', ...u.aliases]));
    const result = extractTasks(text, { year, units: lk.units, segment });
    const firstLine =
      text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.length > 0) ?? '';
    const title = (
      input.title?.trim() ||
      (firstLine.length <= 80 ? firstLine : '') ||
      input.fileName?.replace(/\.[^.]+$/, '') ||
      firstLine.slice(0, 40)
    ).slice(0, 300);
    // The rules' draft, refined by the administrator's model when one is configured (never otherwise).
    const fields: (QuoteFields & { isTask: boolean })[] = result.candidates.map((c) => ({ ...c, isTask: true }));
    let draftedBy = 'rules';
    let modelNote: string | null = null;
    if (deps.model && fields.length) {
      const r = await refineWithModel(
        deps.model,
        title,
        result.candidates.map((c) => ({
          quote: c.quote,
          title: c.title,
          leadLeader: c.leadLeader,
          leadUnits: c.leadUnits,
          coUnits: c.coUnits,
          deadline: c.deadline,
          targets: c.targets,
        })),
        deps.fetch,
      );
      if (r.ok) {
        draftedBy = 'model';
        for (const m of r.refinements) {
          const f = fields[m.index]!;
          const leadUnits = m.leadUnits ?? f.leadUnits;
          const coUnits = m.coUnits ?? f.coUnits;
          const dl =
            m.deadline === undefined || m.deadline === f.deadline
              ? null
              : m.deadline
                ? pickDeadline(m.deadline, result.ref)
                : null;
          Object.assign(f, {
            isTask: m.isTask,
            title: m.title ?? f.title,
            leadLeader: m.leadLeader === undefined ? f.leadLeader : m.leadLeader,
            leadUnits,
            coUnits,
            units: [...leadUnits, ...coUnits].map((u) => resolveUnit(u, lk.index)),
            // A deadline the model words differently is normalised by the rules; one they cannot read keeps the rules' own.
            ...(dl ? { deadline: dl.text, deadlineNorm: dl.norm } : {}),
            targets: m.targets ?? f.targets,
          });
        }
      } else {
        draftedBy = 'rules_fallback';
        modelNote = r.reason;
      }
    }
    const id = await db.transaction(async (tx) => {
      const [doc] = await tx
        .insert(extractionDocuments)
        .values({
          jurisdictionId: actor.jurisdictionId,
          title,
          text: result.text,
          hash: sha256(result.text),
          sourceFileName: input.fileName ?? null,
          encoding: input.encoding,
          year: result.year,
          yearSource,
          sourceType: input.sourceType,
          uploadedBy: actor.personId,
          draftedBy,
          modelNote,
        })
        .returning({ id: extractionDocuments.id });
      const rows: NewCandidate[] = result.candidates.map((c, i) => ({
        documentId: doc!.id,
        seq: i + 1,
        start: c.start,
        end: c.end,
        paragraph: c.paragraph,
        quote: c.quote,
        confidence: c.confidence,
        level: c.level,
        ...(fields[i]!.isTask ? {} : { status: 'dropped' }),
        ...candidateColumns(c.quote, fields[i]!, result.year, lk),
      }));
      for (let i = 0; i < rows.length; i += 500) await tx.insert(extractionCandidates).values(rows.slice(i, i + 500));
      await audit(
        actor,
        meta,
        'create',
        doc!.id,
        {
          title,
          fileName: input.fileName ?? null,
          encoding: input.encoding,
          characters: result.text.length,
          candidates: rows.length,
          draftedBy,
          modelNote,
        },
        tx,
      );
      return doc!.id;
    });
    return get(actor, id);
  }

  async function documentRow(actor: Actor, id: string, tx: Tx = db, lock = false): Promise<DocumentRow> {
    const q = tx
      .select()
      .from(extractionDocuments)
      .where(and(eq(extractionDocuments.id, id), eq(extractionDocuments.jurisdictionId, actor.jurisdictionId)));
    const [doc] = lock ? await q.for('update') : await q;
    if (!doc) throw notFound();
    return doc;
  }

  /** Issued tasks by fingerprint, for a document's quotes (a re-run of the same text sees the earlier tasks). */
  async function linksFor(tx: Tx, jurisdictionId: string, fingerprints: string[]) {
    if (!fingerprints.length) return new Map<string, string>();
    const rows = await tx
      .select({ fingerprint: extractionTaskLinks.fingerprint, taskId: extractionTaskLinks.taskId })
      .from(extractionTaskLinks)
      .where(
        and(
          eq(extractionTaskLinks.jurisdictionId, jurisdictionId),
          inArray(extractionTaskLinks.fingerprint, fingerprints),
        ),
      );
    return new Map(rows.map((r) => [r.fingerprint, r.taskId]));
  }

  function candidateOut(c: CandidateRow, taskId: string | null): CandidateOut {
    return {
      id: c.id,
      seq: c.seq,
      status: (taskId && EDITABLE.includes(c.status) ? 'issued' : c.status) as CandidateOut['status'],
      start: c.start,
      end: c.end,
      paragraph: c.paragraph,
      quote: c.quote,
      title: c.title,
      leadLeaderName: c.leadLeaderName,
      leadLeaderId: c.leadLeaderId,
      units: c.units as CandidateUnit[],
      leadUnitId: c.leadUnitId,
      coUnitIds: c.coUnitIds as string[],
      deadlineText: c.deadlineText,
      deadlineNorm: c.deadlineNorm,
      deadline: c.deadline,
      cadence: c.cadence as Cadence | null,
      targets: c.targets as string[],
      category: c.category,
      confidence: c.confidence,
      level: c.level as 'high' | 'low',
      derivedFrom: c.derivedFrom as string[],
      taskId: ['merged', 'split', 'dropped'].includes(c.status) ? null : taskId,
      version: c.version,
    };
  }

  async function summaries(docs: DocumentRow[], tx: Tx = db): Promise<DocumentSummary[]> {
    if (!docs.length) return [];
    const ids = docs.map((d) => d.id);
    const counts = await tx
      .select({
        documentId: extractionCandidates.documentId,
        status: extractionCandidates.status,
        n: sql<number>`count(*)::int`,
      })
      .from(extractionCandidates)
      .where(inArray(extractionCandidates.documentId, ids))
      .groupBy(extractionCandidates.documentId, extractionCandidates.status);
    // Issued = candidates whose quote has a ledger task, from this upload or an earlier one of the same text
    // (the fingerprint computed as fingerprintOf does: sha256 of hash, newline, quote in UTF-8).
    const issued = (
      await tx.execute(sql`
        SELECT c.document_id AS "documentId", count(*)::int AS n
        FROM extraction_candidates c
        JOIN extraction_documents d ON d.id = c.document_id
        JOIN extraction_task_links l ON l.jurisdiction_id = d.jurisdiction_id
          AND l.fingerprint = encode(sha256(convert_to(d.hash || chr(10) || c.quote, 'UTF8')), 'hex')
        WHERE c.document_id = ANY(${sql.param(ids)}::uuid[]) AND c.status NOT IN ('merged', 'split', 'dropped')
        GROUP BY c.document_id`)
    ).rows as { documentId: string; n: number }[];
    const names = new Map<string, string | null>();
    for (const u of new Set(docs.map((d) => d.uploadedBy)))
      names.set(u, (await org.accountById(u, tx))?.displayName ?? null);
    return docs.map((d) => {
      const of = (s: string) => counts.find((c) => c.documentId === d.id && c.status === s)?.n ?? 0;
      return {
        id: d.id,
        title: d.title,
        sourceFileName: d.sourceFileName,
        encoding: d.encoding,
        year: d.year,
        yearSource: d.yearSource as DocumentSummary['yearSource'],
        sourceType: d.sourceType as DocumentSummary['sourceType'],
        uploadedBy: d.uploadedBy,
        uploaderName: names.get(d.uploadedBy) ?? null,
        createdAt: d.createdAt.toISOString(),
        characters: d.text.length,
        draftedBy: d.draftedBy as DocumentSummary['draftedBy'],
        modelNote: d.modelNote,
        counts: {
          candidates: of('pending') + of('accepted') + of('issued'),
          accepted: of('accepted'),
          issued: issued.find((i) => i.documentId === d.id)?.n ?? 0,
          dropped: of('dropped'),
        },
      };
    });
  }

  async function list(actor: Actor, q: { page: number; pageSize: number }) {
    const where = eq(extractionDocuments.jurisdictionId, actor.jurisdictionId);
    const [docs, [{ total }]] = await Promise.all([
      db
        .select()
        .from(extractionDocuments)
        .where(where)
        .orderBy(desc(extractionDocuments.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ total: sql<number>`count(*)::int` }).from(extractionDocuments).where(where) as Promise<
        { total: number }[]
      >,
    ]);
    return { items: await summaries(docs), total, page: q.page, pageSize: q.pageSize };
  }

  async function get(actor: Actor, id: string, tx: Tx = db): Promise<ExtractionOut> {
    const doc = await documentRow(actor, id, tx);
    const rows = await tx
      .select()
      .from(extractionCandidates)
      .where(eq(extractionCandidates.documentId, id))
      .orderBy(asc(extractionCandidates.start), asc(extractionCandidates.seq));
    const links = await linksFor(
      tx,
      actor.jurisdictionId,
      rows.map((r) => fingerprintOf(doc.hash, r.quote)),
    );
    const candidates = rows.map((r) => candidateOut(r, links.get(fingerprintOf(doc.hash, r.quote)) ?? null));
    const [summary] = await summaries([doc], tx);
    const live = candidates.filter((c) => c.status !== 'merged' && c.status !== 'split');
    return {
      ...summary!,
      text: doc.text,
      hash: doc.hash,
      candidates,
      message: live.length
        ? null
        : '没有找到交办事项：文中没有带责任、时限或目标的部署性句子。可以换一份文件，或直接在台账中新建任务。',
    };
  }

  /** One candidate of the document, locked for a change, at the version the caller read. */
  async function candidateFor(tx: Tx, documentId: string, id: string, version: number | null): Promise<CandidateRow> {
    const [c] = await tx
      .select()
      .from(extractionCandidates)
      .where(and(eq(extractionCandidates.id, id), eq(extractionCandidates.documentId, documentId)))
      .for('update');
    if (!c) throw notFound();
    if (version !== null && c.version !== version)
      throw new AppError('version_conflict', { current: c.version }, [], { currentVersion: c.version });
    return c;
  }

  async function assertNotIssued(tx: Tx, actor: Actor, doc: DocumentRow, c: CandidateRow) {
    if (!EDITABLE.includes(c.status))
      throw new AppError('validation', {}, [
        { field: 'candidate', code: 'candidate_state', params: { state: c.status } },
      ]);
    if ((await linksFor(tx, actor.jurisdictionId, [fingerprintOf(doc.hash, c.quote)])).size)
      throw new AppError('validation', {}, [
        { field: 'candidate', code: 'candidate_state', params: { state: 'issued' } },
      ]);
  }

  function mustIssue(actor: Actor) {
    if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
  }

  async function patchCandidate(
    actor: Actor,
    documentId: string,
    id: string,
    version: number,
    patch: CandidatePatch,
    meta: RequestMeta,
  ): Promise<CandidateOut> {
    mustIssue(actor);
    const lk = await lookups(actor);
    const problems: FieldProblem[] = [];
    if (patch.leadUnitId && !lk.unitIds.has(patch.leadUnitId))
      problems.push({ field: 'body.leadUnitId', code: 'unknown_reference' });
    for (const [i, u] of (patch.coUnitIds ?? []).entries())
      if (!lk.unitIds.has(u)) problems.push({ field: `body.coUnitIds.${i}`, code: 'unknown_reference' });
    if (patch.leadLeaderId && !lk.leaderIds.has(patch.leadLeaderId))
      problems.push({ field: 'body.leadLeaderId', code: 'not_a_leader' });
    if (problems.length) throw new AppError('validation', {}, problems);
    return db.transaction(async (tx) => {
      const doc = await documentRow(actor, documentId, tx);
      const c = await candidateFor(tx, documentId, id, version);
      await assertNotIssued(tx, actor, doc, c);
      const lead = patch.leadUnitId !== undefined ? patch.leadUnitId : c.leadUnitId;
      const next = {
        ...patch,
        ...(patch.coUnitIds || patch.leadUnitId !== undefined
          ? { coUnitIds: [...new Set((patch.coUnitIds ?? (c.coUnitIds as string[])).filter((u) => u !== lead))] }
          : {}),
        version: c.version + 1,
        updatedAt: new Date(),
      };
      const [row] = await tx.update(extractionCandidates).set(next).where(eq(extractionCandidates.id, id)).returning();
      await audit(
        actor,
        meta,
        'candidate.edit',
        documentId,
        {
          candidateId: id,
          before: Object.fromEntries(Object.keys(patch).map((k) => [k, c[k as keyof CandidateRow]])),
          after: patch,
        },
        tx,
      );
      return candidateOut(row!, null);
    });
  }

  async function setStatus(
    actor: Actor,
    documentId: string,
    id: string,
    version: number,
    to: 'accepted' | 'dropped' | 'pending',
    meta: RequestMeta,
  ): Promise<CandidateOut> {
    mustIssue(actor);
    return db.transaction(async (tx) => {
      const doc = await documentRow(actor, documentId, tx);
      const c = await candidateFor(tx, documentId, id, version);
      const from: Record<typeof to, string[]> = {
        accepted: ['pending', 'dropped'],
        dropped: ['pending', 'accepted'],
        pending: ['accepted', 'dropped'],
      };
      if (!from[to].includes(c.status))
        throw new AppError('validation', {}, [
          { field: 'candidate', code: 'candidate_state', params: { state: c.status } },
        ]);
      if (to !== 'dropped' && (await linksFor(tx, actor.jurisdictionId, [fingerprintOf(doc.hash, c.quote)])).size)
        throw new AppError('validation', {}, [
          { field: 'candidate', code: 'candidate_state', params: { state: 'issued' } },
        ]);
      const [row] = await tx
        .update(extractionCandidates)
        .set({ status: to, version: c.version + 1, updatedAt: new Date() })
        .where(eq(extractionCandidates.id, id))
        .returning();
      await audit(
        actor,
        meta,
        `candidate.${to === 'accepted' ? 'accept' : to === 'dropped' ? 'drop' : 'reopen'}`,
        documentId,
        { candidateId: id, before: c.status, after: to },
        tx,
      );
      return candidateOut(row!, null);
    });
  }

  /** Several candidates become one over the span from the first quote's start to the last one's end. */
  async function merge(
    actor: Actor,
    documentId: string,
    refs: { id: string; version: number }[],
    meta: RequestMeta,
  ): Promise<ExtractionOut> {
    mustIssue(actor);
    if (new Set(refs.map((r) => r.id)).size < 2)
      throw new AppError('validation', {}, [{ field: 'body.candidates', code: 'merge_needs_two' }]);
    const lk = await lookups(actor);
    await db.transaction(async (tx) => {
      const doc = await documentRow(actor, documentId, tx, true);
      const parts: CandidateRow[] = [];
      for (const r of refs) {
        const c = await candidateFor(tx, documentId, r.id, r.version);
        await assertNotIssued(tx, actor, doc, c);
        parts.push(c);
      }
      parts.sort((a, b) => a.start - b.start);
      const span = mergeSpans(parts);
      const quote = doc.text.slice(span.start, span.end);
      const cols = candidateColumns(
        quote,
        fieldsOfQuote(quote, deadlineRef(doc.text, doc.year), lk.index),
        doc.year,
        lk,
      );
      const first = <T>(pick: (c: CandidateRow) => T | null) =>
        parts.map(pick).find((v) => v !== null && v !== undefined) ?? null;
      const leadUnitId = first((c) => c.leadUnitId) ?? cols.leadUnitId ?? null;
      const [row] = await tx
        .insert(extractionCandidates)
        .values({
          documentId,
          seq: Math.min(...parts.map((p) => p.seq)),
          status: parts.every((p) => p.status === 'accepted') ? 'accepted' : 'pending',
          start: span.start,
          end: span.end,
          paragraph: parts[0]!.paragraph,
          quote,
          ...cols,
          title: parts[0]!.title,
          units: parts
            .flatMap((p) => p.units as CandidateUnit[])
            .filter((u, i, all) => all.findIndex((x) => x.written === u.written && x.role === u.role) === i),
          leadUnitId,
          coUnitIds: [...new Set(parts.flatMap((p) => p.coUnitIds as string[]))].filter((u) => u !== leadUnitId),
          leadLeaderId: first((c) => c.leadLeaderId),
          leadLeaderName: first((c) => c.leadLeaderName),
          deadline:
            parts
              .map((p) => p.deadline)
              .filter((d): d is string => !!d)
              .sort()
              .at(-1) ??
            cols.deadline ??
            null,
          cadence: first((c) => c.cadence) ?? cols.cadence ?? null,
          targets: [...new Set(parts.flatMap((p) => p.targets as string[]))],
          confidence: Math.max(...parts.map((p) => p.confidence)),
          level: parts.some((p) => p.level === 'high') ? 'high' : 'low',
          derivedFrom: parts.map((p) => p.id),
        })
        .returning();
      for (const p of parts)
        await tx
          .update(extractionCandidates)
          .set({ status: 'merged', version: p.version + 1, updatedAt: new Date() })
          .where(eq(extractionCandidates.id, p.id));
      await audit(actor, meta, 'candidate.merge', documentId, { merged: parts.map((p) => p.id), into: row!.id }, tx);
    });
    return get(actor, documentId);
  }

  /** One candidate becomes two at an offset inside its quote; each part's fields are read again from its words. */
  async function split(
    actor: Actor,
    documentId: string,
    id: string,
    version: number,
    at: number,
    meta: RequestMeta,
  ): Promise<ExtractionOut> {
    mustIssue(actor);
    const lk = await lookups(actor);
    await db.transaction(async (tx) => {
      const doc = await documentRow(actor, documentId, tx, true);
      const c = await candidateFor(tx, documentId, id, version);
      await assertNotIssued(tx, actor, doc, c);
      const spans = splitSpan(doc.text, c, at);
      if (!spans) throw new AppError('validation', {}, [{ field: 'body.at', code: 'split_outside_quote' }]);
      const made: string[] = [];
      for (const [k, s] of spans.entries()) {
        const quote = doc.text.slice(s.start, s.end);
        const cols = candidateColumns(
          quote,
          fieldsOfQuote(quote, deadlineRef(doc.text, doc.year), lk.index),
          doc.year,
          lk,
        );
        // Like the extractor: a part naming no owner inherits the sentence's.
        const inherit = !cols.leadUnitId && !cols.leadLeaderName;
        const [row] = await tx
          .insert(extractionCandidates)
          .values({
            documentId,
            status: c.status,
            start: s.start,
            end: s.end,
            paragraph: c.paragraph,
            quote,
            ...cols,
            ...(inherit
              ? {
                  leadUnitId: c.leadUnitId,
                  coUnitIds: c.coUnitIds,
                  leadLeaderId: c.leadLeaderId,
                  leadLeaderName: c.leadLeaderName,
                  units: c.units,
                }
              : {}),
            deadline: cols.deadline ?? c.deadline,
            cadence: cols.deadline ? cols.cadence : (cols.cadence ?? (c.cadence as string | null)),
            confidence: c.confidence,
            level: c.level,
            derivedFrom: [c.id],
            seq: c.seq + k,
          } as NewCandidate)
          .returning({ id: extractionCandidates.id });
        made.push(row!.id);
      }
      await tx
        .update(extractionCandidates)
        .set({ status: 'split', version: c.version + 1, updatedAt: new Date() })
        .where(eq(extractionCandidates.id, id));
      await audit(actor, meta, 'candidate.split', documentId, { candidateId: id, at, into: made }, tx);
    });
    return get(actor, documentId);
  }

  /**
   * Issues the accepted candidates as ledger tasks through the task service (createMany: the ledger's own
   * 五明确 checks, events, notifications). A candidate whose quote was already issued from this text is not
   * issued again; one lacking a field is refused with the field named; the rest go in.
   */
  async function issue(
    actor: Actor,
    documentId: string,
    candidateIds: string[] | undefined,
    meta: RequestMeta,
    accountability: string | null = null,
  ): Promise<IssueOutcome[]> {
    mustIssue(actor);
    return db.transaction(async (tx) => {
      // One issue of a document at a time: a double click waits, then finds the tasks already issued.
      const doc = await documentRow(actor, documentId, tx, true);
      const rows = await tx
        .select()
        .from(extractionCandidates)
        .where(eq(extractionCandidates.documentId, documentId))
        .orderBy(asc(extractionCandidates.start), asc(extractionCandidates.seq));
      const chosen = candidateIds
        ? candidateIds.map((id) => rows.find((r) => r.id === id) ?? null)
        : rows.filter((r) => r.status === 'accepted');
      if (candidateIds && chosen.some((c) => !c)) throw notFound();
      const links = await linksFor(
        tx,
        actor.jurisdictionId,
        rows.map((r) => fingerprintOf(doc.hash, r.quote)),
      );
      const outcomes: IssueOutcome[] = [];
      const ready: { c: CandidateRow; input: TaskCreate; outcome: IssueOutcome }[] = [];
      for (const c of chosen as CandidateRow[]) {
        const outcome: IssueOutcome = {
          candidateId: c.id,
          title: c.title,
          status: 'refused',
          taskId: null,
          errors: [],
        };
        outcomes.push(outcome);
        const existing = links.get(fingerprintOf(doc.hash, c.quote));
        if (existing) {
          Object.assign(outcome, { status: 'already_issued', taskId: existing });
          continue;
        }
        if (c.status !== 'accepted') {
          outcome.errors.push({ field: 'status', code: 'not_accepted' });
          continue;
        }
        const targets = c.targets as string[];
        const problems = issueProblems({
          title: c.title,
          leadUnitId: c.leadUnitId,
          coUnitIds: c.coUnitIds as string[],
          deadline: c.deadline,
          targets,
          units: c.units as CandidateUnit[],
        });
        if (problems.length) {
          outcome.errors.push(...problems);
          continue;
        }
        // The same words twice in one text are one task.
        if (ready.some((b) => b.c.quote === c.quote)) {
          outcome.errors.push({ field: 'quote', code: 'exists' });
          continue;
        }
        ready.push({
          c,
          outcome,
          input: {
            title: c.title,
            content: c.quote,
            standard: standardOf(targets),
            // The ledger refuses a task without it, naming the field (五明确).
            accountability,
            category: c.category,
            level: 'general',
            sourceType: doc.sourceType as TaskCreate['sourceType'],
            sourceTitle: doc.title.slice(0, 300),
            sourceParagraph: c.quote.slice(0, 10000),
            leadUnitId: c.leadUnitId!,
            coUnitIds: c.coUnitIds as string[],
            leadLeaderId: c.leadLeaderId,
            responsiblePersonId: null,
            deadline: c.deadline!,
            cadence: c.cadence as Cadence | null,
            milestones: [],
            issue: true,
          },
        });
      }
      // The ledger's checks (deadline not past, active units, leaders) name rows; a refused row is taken out
      // and the rest tried again, inside a savepoint so the failed attempt leaves nothing behind.
      let batch = ready;
      for (let attempt = 0; batch.length && attempt < 5; attempt++) {
        try {
          const ids = await tx.transaction((sp) =>
            deps.tasks.createMany(
              sp,
              actor,
              batch.map((b) => b.input),
            ),
          );
          for (const [i, b] of batch.entries()) {
            Object.assign(b.outcome, { status: 'issued', taskId: ids[i]! });
            await tx.insert(extractionTaskLinks).values({
              taskId: ids[i]!,
              jurisdictionId: actor.jurisdictionId,
              documentId,
              candidateId: b.c.id,
              fingerprint: fingerprintOf(doc.hash, b.c.quote),
              start: b.c.start,
              end: b.c.end,
              paragraph: b.c.paragraph,
              issuedBy: actor.personId,
            });
            await tx
              .update(extractionCandidates)
              .set({ status: 'issued', version: b.c.version + 1, updatedAt: new Date() })
              .where(eq(extractionCandidates.id, b.c.id));
          }
          batch = [];
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'validation' || !e.errors.length) throw e;
          const bad = new Set<number>();
          for (const p of e.errors) {
            const m = /^rows\.(\d+)\.(.*)$/.exec(p.field ?? '');
            if (!m) throw e;
            const i = Number(m[1]) - 1;
            bad.add(i);
            batch[i]!.outcome.errors.push({ ...p, field: m[2]!.replace(/^coUnitIds\.\d+$/, 'coUnitIds') });
          }
          batch = batch.filter((_, i) => !bad.has(i));
        }
      }
      const issued = outcomes.filter((o) => o.status === 'issued');
      if (issued.length)
        await audit(
          actor,
          meta,
          'issue',
          documentId,
          {
            issued: issued.map((o) => ({ candidateId: o.candidateId, taskId: o.taskId })),
            refused: outcomes.filter((o) => o.status === 'refused').length,
          },
          tx,
        );
      return outcomes;
    });
  }

  /** Where a ledger task came from: its document and quote, for anyone who may see the task. */
  async function sourceOfTask(actor: Actor, taskId: string) {
    await deps.tasks.get(actor, taskId);
    const [row] = await db
      .select({ link: extractionTaskLinks, title: extractionDocuments.title, text: extractionDocuments.text })
      .from(extractionTaskLinks)
      .innerJoin(extractionDocuments, eq(extractionDocuments.id, extractionTaskLinks.documentId))
      .where(and(eq(extractionTaskLinks.taskId, taskId), eq(extractionTaskLinks.jurisdictionId, actor.jurisdictionId)));
    // A task written by hand has no source: an answer, not an error (the task page asks for every task).
    if (!row) return null;
    const l = row.link;
    return {
      taskId,
      documentId: l.documentId,
      documentTitle: row.title,
      candidateId: l.candidateId,
      start: l.start,
      end: l.end,
      paragraph: l.paragraph,
      quote: row.text.slice(l.start, l.end),
    };
  }

  /**
   * The reviewer gives the document's year (asked when the text names none): dates written without a year
   * (6月底前, 上半年) are read again in it, on the candidates not yet issued whose deadline the reviewer left as
   * proposed.
   */
  async function setYear(actor: Actor, documentId: string, year: number, meta: RequestMeta): Promise<ExtractionOut> {
    mustIssue(actor);
    return db.transaction(async (tx) => {
      const doc = await documentRow(actor, documentId, tx, true);
      const rows = await tx
        .select()
        .from(extractionCandidates)
        .where(
          and(
            eq(extractionCandidates.documentId, documentId),
            inArray(extractionCandidates.status, ['pending', 'accepted']),
          ),
        );
      let changed = 0;
      // 本月内, 限期N个工作日 read against the document's date line when it is in that year
      const ref = deadlineRef(doc.text, year);
      for (const c of rows) {
        const before = proposeDeadline(c.deadlineNorm, doc.year);
        if (c.deadline !== before.deadline || (c.cadence ?? null) !== before.cadence) continue; // set by the reviewer
        const inQuote = c.deadlineText ? pickDeadline(c.quote, ref) : null;
        const norm = !c.deadlineText
          ? null
          : inQuote?.text === c.deadlineText
            ? inQuote.norm
            : (pickDeadline(c.deadlineText, ref)?.norm ?? null);
        const next = proposeDeadline(norm, year);
        await tx
          .update(extractionCandidates)
          .set({
            deadlineNorm: norm,
            deadline: next.deadline,
            cadence: next.cadence,
            version: c.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(extractionCandidates.id, c.id));
        changed++;
      }
      await tx
        .update(extractionDocuments)
        .set({ year, yearSource: 'given' })
        .where(eq(extractionDocuments.id, documentId));
      await audit(actor, meta, 'document.year', documentId, { before: doc.year, after: year, candidates: changed }, tx);
      return get(actor, documentId, tx);
    });
  }

  return { create, list, get, patchCandidate, setStatus, merge, split, issue, sourceOfTask, setYear };
}
