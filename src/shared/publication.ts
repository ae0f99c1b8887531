import { z } from 'zod';
import { PUBLIC_FIELDS } from './domain/publication';

/**
 * Contracts of the public 民生实事 page (docs/PUBLIC.md). The public ones are strict objects: the public API answers
 * only with what these list, parsed field by field (an unknown field is an error, never passed through).
 */
export const PublicFieldEnum = z.enum(PUBLIC_FIELDS);

const PublicMilestone = z.strictObject({
  name: z.string(),
  plannedDate: z.string(),
  actualDate: z.string().nullable(),
  status: z.enum(['done', 'pending', 'overdue']),
});

export const PublicProject = z.strictObject({
  /** The project's id (a public photo has an id of its own, never the attachment's). */
  id: z.string(),
  name: z.string(),
  /** 建设年限, e.g. "2026" or "2025—2026" */
  years: z.string(),
  /** 建设阶段 (the pool's label) */
  stage: z.string(),
  content: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  township: z.string().nullable(),
  description: z.string().nullable(),
  progress: z
    .strictObject({
      milestones: z.array(PublicMilestone),
      done: z.number().int(),
      total: z.number().int(),
      percent: z.number().nullable(),
    })
    .nullable(),
  /** 万元 */
  investment: z
    .strictObject({
      year: z.number().int(),
      planned: z.number(),
      completed: z.number(),
      percent: z.number().nullable(),
    })
    .nullable(),
  photos: z.array(z.strictObject({ id: z.string(), caption: z.string(), url: z.string() })),
  updatedAt: z.string(),
});
export type PublicProject = z.infer<typeof PublicProject>;

export const PublicLivelihoodOut = z.strictObject({
  county: z.string(),
  year: z.number().int(),
  /** The day the figures are as of. */
  asOf: z.string(),
  projects: z.array(PublicProject),
});
export type PublicLivelihoodOut = z.infer<typeof PublicLivelihoodOut>;

export const PublicLivelihoodQuery = z.strictObject({
  /** The county's code; may be left out when the platform runs one county. */
  county: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

// ---------- the office's settings (signed in) ----------

export const PublicationPut = z.strictObject({
  published: z.boolean(),
  fields: z.array(PublicFieldEnum).max(PUBLIC_FIELDS.length),
  description: z.string().trim().max(2000).nullish(),
});
export type PublicationPut = z.infer<typeof PublicationPut>;

export const PublicationPhotoOut = z.object({
  id: z.uuid(),
  attachmentId: z.uuid(),
  fileName: z.string(),
  caption: z.string(),
  published: z.boolean(),
  version: z.number().int(),
});

export const PublicationOut = z.object({
  projectId: z.uuid(),
  /** Only 民生实事 projects can be published. */
  livelihood: z.boolean(),
  published: z.boolean(),
  fields: z.array(PublicFieldEnum),
  description: z.string().nullable(),
  /** 0 when nothing was saved yet. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  photos: z.array(PublicationPhotoOut),
  /** Image evidence of the project's milestones not yet chosen: what the office may pick as photos. */
  candidates: z.array(z.object({ attachmentId: z.uuid(), fileName: z.string(), milestone: z.string() })),
});
export type PublicationOut = z.infer<typeof PublicationOut>;

export const PhotoIn = z.strictObject({
  attachmentId: z.uuid(),
  caption: z.string().trim().max(200).default(''),
  published: z.boolean().default(true),
});
export const PhotoPatch = z.strictObject({
  caption: z.string().trim().max(200).optional(),
  published: z.boolean().optional(),
});
