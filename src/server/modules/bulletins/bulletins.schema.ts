import { customType, date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * 督查通报: a bulletin of a period, numbered 第N期 per year and jurisdiction. A draft holds its content (figures
 * taken from the cockpit and projects when drafted, the praise and criticism lists, the requirements) and is edited
 * with versions; issuing stores the .docx and the .xlsx annex once, with their sha256, and from then on the row is
 * frozen (a trigger refuses any change to an issued bulletin).
 */
export const bulletins = pgTable(
  'bulletins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** The year of the issue date; 第N期 counts within it. */
    year: integer('year').notNull(),
    /** 第N期, given when issued (a draft shows the number it would get). */
    number: integer('number'),
    /** 'draft' | 'issued' */
    state: text('state').notNull().default('draft'),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** The date printed on the bulletin (成文日期). */
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    /** A `BulletinContent` (src/shared/bulletins.ts). */
    content: jsonb('content').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    docx: bytea('docx'),
    docxSha256: text('docx_sha256'),
    annex: bytea('annex'),
    annexSha256: text('annex_sha256'),
  },
  (t) => [uniqueIndex('bulletins_number_uq').on(t.jurisdictionId, t.year, t.number)],
);
