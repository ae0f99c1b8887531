import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from '../projects/projects.schema';
import { attachments } from '../attachments/attachments.schema';

/**
 * What the supervision office chose to publish of a 民生实事 project on the public page (docs/PUBLIC.md). A project
 * without a row, or with `published` false, is not public. The name is always shown when published; every other
 * public field is listed in `fields` (an allow-list, see PUBLIC_FIELDS in src/shared/publication.ts).
 */
export const projectPublications = pgTable(
  'project_publications',
  {
    projectId: uuid('project_id')
      .primaryKey()
      .references(() => projects.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    published: boolean('published').notNull().default(false),
    fields: text('fields').array().notNull().default([]),
    /** 面向群众的说明: text written for the public (optional, shown only when 'description' is in `fields`). */
    description: text('description'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_publications_jurisdiction_idx').on(t.jurisdictionId, t.published)],
);

/**
 * A photo of a project chosen for the public page: an image attachment (uploaded for it, or evidence of one of the
 * project's milestones). Only rows with `published` true are served by the public route; withdrawing keeps the row.
 */
export const publicationPhotos = pgTable(
  'publication_photos',
  {
    /** The public id of the photo (the attachment's own id is never shown). */
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    attachmentId: uuid('attachment_id')
      .notNull()
      .references(() => attachments.id),
    caption: text('caption').notNull().default(''),
    published: boolean('published').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    addedBy: uuid('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('publication_photos_project_idx').on(t.projectId, t.sortOrder),
    uniqueIndex('publication_photos_attachment_uq').on(t.projectId, t.attachmentId),
  ],
);
