import { AppError } from '../http/errors';
import { FILE_LIMITS, type FileLimits } from './limits';
import { runRead } from './run';
import { assertUnpackable } from './zip';

/**
 * The one reader of uploaded Word files: judged by its ZIP directory first, then word/document.xml is inflated
 * (capped whatever its header claims) and turned into paragraphs in a worker thread.
 */
export async function readDocx(
  buf: Buffer,
  limits: FileLimits = { ...FILE_LIMITS },
): Promise<{ paragraphs: string[]; hasImages: boolean }> {
  if (!assertUnpackable(buf, limits)) throw new AppError('validation', {}, [{ field: 'file', code: 'not_a_docx' }]);
  const out = await runRead({ kind: 'docx', buf }, limits);
  if (!('paragraphs' in out)) throw new AppError('validation', {}, [{ field: 'file', code: 'not_a_docx' }]);
  return out;
}

export { docxParagraphs } from './docx-text';
