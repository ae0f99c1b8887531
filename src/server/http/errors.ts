import type { ErrorCode } from '../../shared/errors';

/** A problem about one field or one spreadsheet row, rendered into problem+json `errors[]`. */
export interface FieldProblem {
  /** JSON pointer-ish path (`body.name`, `query.page`) or a sheet location (`row 7`). */
  field?: string;
  row?: number;
  column?: string;
  code: string;
  params?: Record<string, string | number>;
  /** Already-localised message, when the problem was produced with a locale at hand. */
  message?: string;
  /** The field in words of the domain, in the caller's language (added by the renderer from src/shared/field-labels.ts). */
  label?: string;
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly params: Record<string, string | number> = {},
    public readonly errors: FieldProblem[] = [],
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
