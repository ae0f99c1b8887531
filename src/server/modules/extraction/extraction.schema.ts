import { index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 讲话任务分解: an uploaded or pasted speech/work report, the candidate tasks the offline extractor drafted from
 * it (each with its quote's offsets into the normalised text), and the link from every ledger task issued from
 * a candidate back to its paragraph. The tasks table is not altered: the link lives here.
 */
export const extractionDocuments = pgTable(
  'extraction_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    title: text('title').notNull(),
    /** The normalised text (see normaliseText); candidate offsets point into it. */
    text: text('text').notNull(),
    /** sha256 of the normalised text: the same speech uploaded again has the same hash. */
    hash: text('hash').notNull(),
    sourceFileName: text('source_file_name'),
    /** utf-8, utf-8-bom, gb18030, docx or pasted */
    encoding: text('encoding').notNull(),
    year: integer('year').notNull(),
    /**
     * where the year came from: 'given' (the uploader or reviewer), 'document' (its own words), 'default' (none found:
     * the review screen asks)
     */
    yearSource: text('year_source').notNull().default('document'),
    /** 'meeting' (讲话) or 'work_report' (政府工作报告), as the ledger's source types */
    sourceType: text('source_type').notNull().default('meeting'),
    uploadedBy: uuid('uploaded_by').notNull(),
    /** 'rules' (offline only), 'model' (the configured model refined the draft) or 'rules_fallback' (it failed; the rules' draft stands) */
    draftedBy: text('drafted_by').notNull().default('rules'),
    /** Why the model's refinement was not used, when it was not. */
    modelNote: text('model_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('extraction_documents_jurisdiction_idx').on(t.jurisdictionId, t.createdAt),
    index('extraction_documents_hash_idx').on(t.jurisdictionId, t.hash),
  ],
);

export const extractionCandidates = pgTable(
  'extraction_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => extractionDocuments.id),
    /** Order on the review screen (by position in the text). */
    seq: integer('seq').notNull(),
    /** pending → accepted → issued; dropped; merged/split (replaced by the candidates made from them) */
    status: text('status').notNull().default('pending'),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    paragraph: integer('paragraph').notNull(),
    quote: text('quote').notNull(),
    title: text('title').notNull(),
    /** As written in the text (请龚颖同志牵头 → 龚颖) and as resolved to a leader's account. */
    leadLeaderName: text('lead_leader_name'),
    leadLeaderId: uuid('lead_leader_id'),
    /** Written unit names with their resolution: [{ written, unitId, unitName, proposed, role: 'lead'|'co' }]. */
    units: jsonb('units').notNull().default([]),
    leadUnitId: uuid('lead_unit_id'),
    coUnitIds: jsonb('co_unit_ids').notNull().default([]),
    deadlineText: text('deadline_text'),
    /** YYYY-MM-DD, recurring:weekly|monthly|quarterly, or null */
    deadlineNorm: text('deadline_norm'),
    /** The ledger deadline proposed or set by the reviewer (YYYY-MM-DD). */
    deadline: text('deadline'),
    cadence: text('cadence'),
    targets: jsonb('targets').notNull().default([]),
    category: text('category'),
    confidence: real('confidence').notNull(),
    level: text('level').notNull(),
    /** Candidates a merge or split made this one from. */
    derivedFrom: jsonb('derived_from').notNull().default([]),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('extraction_candidates_document_idx').on(t.documentId, t.seq)],
);

/** One row per ledger task issued from a candidate; the fingerprint (document hash + quote) stops duplicates. */
export const extractionTaskLinks = pgTable(
  'extraction_task_links',
  {
    taskId: uuid('task_id').primaryKey(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => extractionDocuments.id),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => extractionCandidates.id),
    fingerprint: text('fingerprint').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    paragraph: integer('paragraph').notNull(),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('extraction_task_links_fingerprint_idx').on(t.jurisdictionId, t.fingerprint),
    index('extraction_task_links_document_idx').on(t.documentId),
  ],
);
