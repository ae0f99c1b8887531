import { z } from 'zod';

/** A row's problem in an uploaded sheet: the column as the sheet names it, a code, and the message in the caller's language. */
export const ImportProblem = z.object({ column: z.string(), code: z.string(), message: z.string() });

/**
 * The answer to an upload (POST …/import): every row with its number in the file, its verdict and its problems,
 * plus what names it (`row` fields); a batch to commit only when every row is good, and when the same file was
 * committed before. Ledgers that import (tasks, projects) answer this shape; the shared import dialog reads it.
 */
export const importPreviewOut = <Row extends z.ZodRawShape>(row: Row) =>
  z.object({
    batchId: z.uuid().nullable(),
    fileName: z.string(),
    accepted: z.number(),
    rejected: z.number(),
    previouslyCommittedAt: z.string().nullable(),
    rows: z.array(
      z.object({ row: z.number(), status: z.enum(['accepted', 'rejected']), errors: z.array(ImportProblem), ...row }),
    ),
  });
