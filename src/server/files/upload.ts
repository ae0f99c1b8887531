import type { FastifyRequest } from 'fastify';
import { AppError, type FieldProblem } from '../http/errors';
import { badString } from '../http/strings';

/**
 * The one reader of multipart uploads: one file and its form fields, for every route that takes a file. A body
 * cut short, without a boundary or with the wrong one is a 400 saying so (busboy throws plain Errors, which
 * would otherwise be a 500); a file name or field holding text no field may hold is a 400 naming it.
 */
export interface Upload {
  buf: Buffer;
  filename: string;
  fields: Record<string, string>;
}

const REASONS: [RegExp, string][] = [
  [/boundary not found/i, '缺少 boundary 分隔符 / no boundary'],
  [
    /unexpected end|terminated early/i,
    '数据不完整，或 boundary 与内容不符 / truncated, or the boundary does not match',
  ],
  [/malformed/i, '分段头格式错误 / malformed part header'],
];

/** A busboy parse error as the 400 it is, or null for anything else (limits, our own AppErrors). */
export function multipartProblem(err: unknown): AppError | null {
  if (!(err instanceof Error) || err instanceof AppError || (err as { code?: string }).code) return null;
  const reason = REASONS.find(([re]) => re.test(err.message))?.[1];
  return reason ? new AppError('bad_multipart', { reason }) : null;
}

export async function readUpload(req: FastifyRequest, opts: { maxBytes?: number } = {}): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: { buf: Buffer; filename: string } | null = null;
  try {
    for await (const part of req.parts(opts.maxBytes ? { limits: { fileSize: opts.maxBytes } } : undefined)) {
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        if (!file) file = { buf, filename: part.filename || 'upload' };
      } else fields[part.fieldname] = String(part.value ?? '');
    }
  } catch (err) {
    throw multipartProblem(err) ?? err;
  }
  if (!file) throw new AppError('validation', {}, [{ field: 'file', code: 'required' }]);
  const problems: FieldProblem[] = [];
  const nameCode = badString(file.filename);
  if (nameCode) problems.push({ field: 'file.filename', code: nameCode });
  for (const [k, v] of Object.entries(fields)) {
    const code = badString(v) ?? badString(k);
    if (code) problems.push({ field: `body.${k}`, code });
  }
  if (problems.length) throw new AppError('validation', {}, problems);
  return { ...file, fields };
}
