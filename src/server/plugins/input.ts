import type { FastifyInstance } from 'fastify';
import { AppError, type FieldProblem } from '../http/errors';
import { findBadStrings } from '../http/strings';

/**
 * One check of every string every route receives — path parameters, query and body, before each route's own
 * schema: NUL bytes, control characters, lone surrogates and invisible-only text are a 400 naming the field
 * (http/strings.ts says why each). Uploads get the same check in files/upload.ts and the file readers.
 */
export function registerInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const problems: FieldProblem[] = [];
    findBadStrings(req.params, 'params', problems);
    findBadStrings(req.query, 'querystring', problems);
    findBadStrings(req.body, 'body', problems);
    if (problems.length) throw new AppError('validation', {}, problems);
  });
}
