import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERRORS, FIELD_MESSAGES, formatMessage, pickLocale, type ErrorCode, type Locale } from '../../shared/errors';
import { AppError, type FieldProblem } from '../http/errors';
import { fieldLabel } from '../../shared/field-labels';
import { multipartProblem } from '../files/upload';
import { isDatabaseUnavailable } from '../db/client';

/**
 * One renderer for every error: application/problem+json (RFC 9457) in the caller's language, naming each bad
 * field or spreadsheet row, with the request id; never a stack trace.
 */
/**
 * A value written in both languages, Chinese first ('只接受 PDF…（按内容识别）/ only PDF…', as the file checks give
 * their reasons): the caller's half, so a message reads in one language. Anything else is left as it is.
 */
export function localiseParams(
  params: Record<string, string | number> | undefined,
  locale: Locale,
): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'string') continue;
    const m = /^(.*?\p{Script=Han}.*?)\s*\/ ([^\p{Script=Han}]+)$/u.exec(v);
    if (m) out[k] = locale === 'zh-CN' ? m[1]! : m[2]!;
  }
  return out;
}

export function localiseField(p: FieldProblem, locale: Locale, route?: string): FieldProblem & { message: string } {
  // The field in words (完成时限, not body.deadline; on a demand its text is 诉求内容), so whoever shows the problem
  // never needs the path.
  const label = p.label ?? (p.field ? fieldLabel(p.field, locale, route) : null);
  const withLabel = label ? { ...p, label } : p;
  if (p.message) return withLabel as FieldProblem & { message: string };
  const tpl = FIELD_MESSAGES[p.code]?.[locale];
  return {
    ...withLabel,
    message: tpl
      ? formatMessage(tpl, localiseParams(p.params, locale))
      : (FIELD_MESSAGES.invalid_value?.[locale] ?? p.code),
  };
}

export function problemBody(
  req: FastifyRequest,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  errors: FieldProblem[] = [],
  extra: Record<string, unknown> = {},
) {
  const def = ERRORS[code];
  const locale = req.locale ?? pickLocale(req.headers['accept-language']);
  params = localiseParams(params, locale);
  return {
    type: `urn:luoshi:problem:${code}`,
    title: code,
    status: def.status,
    detail: formatMessage(def[locale], params),
    code,
    instance: req.url.split('?')[0],
    requestId: req.id,
    ...(errors.length
      ? {
          errors: errors.map((e) =>
            // A domain refusal marks its field with the generic invalid_value while its detail says what is wrong
            // (原密码错误, 不能把单位移动到其下级单位之下): beside the field, that detail is the message to read.
            // A spreadsheet row's problem keeps its own words: the detail there is the file's summary.
            localiseField(
              code !== 'validation' && e.code === 'invalid_value' && !e.message && e.row === undefined
                ? { ...e, message: formatMessage(def[locale], params) }
                : e,
              locale,
              req.routeOptions?.url,
            ),
          ),
        }
      : {}),
    ...extra,
  };
}

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  errors: FieldProblem[] = [],
  extra: Record<string, unknown> = {},
) {
  const body = problemBody(reply.request, code, params, errors, extra);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

interface ZodValidationEntry {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: {
    keys?: string[];
    maximum?: number | bigint;
    minimum?: number | bigint;
    origin?: string;
    format?: string;
    expected?: string;
    received?: string;
    input?: unknown;
    values?: unknown[];
  };
}

/** Formats of zod's string checks, as the person filling the form reads them. */
const FORMAT_CODES: Record<string, string> = {
  uuid: 'choose_from_list',
  guid: 'choose_from_list',
  date: 'invalid_date',
  datetime: 'invalid_datetime',
  url: 'invalid_url',
  email: 'invalid_email',
};

/**
 * Maps zod issues (as fastify-type-provider-zod reports them) to field problems with stable codes, each saying what
 * is wrong in words: a number out of range says its bound, a choice outside the list says to choose from it, a
 * date in the wrong shape shows the shape — never a bare "取值不正确".
 */
function fieldsFromValidation(
  err: FastifyError & { validation?: unknown[]; validationContext?: string },
): FieldProblem[] {
  const ctx = err.validationContext ?? 'body';
  const out: FieldProblem[] = [];
  for (const v of (err.validation ?? []) as ZodValidationEntry[]) {
    const path = v.instancePath.split('/').filter(Boolean);
    const base = [ctx, ...path].join('.');
    const p = v.params ?? {};
    const numeric = p.origin === 'number' || p.origin === 'bigint' || p.origin === 'int';
    switch (v.keyword) {
      case 'unrecognized_keys':
        for (const k of p.keys ?? []) out.push({ field: `${base}.${k}`, code: 'unknown_field' });
        break;
      case 'too_big':
        out.push({
          field: base,
          code:
            p.origin === 'string'
              ? 'too_long'
              : numeric
                ? 'number_too_big'
                : p.origin === 'array' || p.origin === 'set'
                  ? 'too_many_items'
                  : p.origin === 'date'
                    ? 'date_too_late'
                    : 'invalid_value',
          params: { max: Number(p.maximum) },
        });
        break;
      case 'too_small':
        out.push({
          field: base,
          code:
            p.origin === 'string'
              ? Number(p.minimum) <= 1
                ? 'required'
                : 'too_short'
              : numeric
                ? 'number_too_small'
                : p.origin === 'array' || p.origin === 'set'
                  ? Number(p.minimum) <= 1
                    ? 'choose_at_least_one'
                    : 'too_few_items'
                  : p.origin === 'date'
                    ? 'date_too_early'
                    : 'invalid_value',
          params: { min: Number(p.minimum) },
        });
        break;
      case 'invalid_type': {
        const missing = /received undefined|received null/.test(v.message ?? '');
        const expected = p.expected ?? '';
        out.push({
          field: base,
          code: missing
            ? 'required'
            : expected === 'number' || expected === 'int' || expected === 'bigint'
              ? 'not_a_number_value'
              : expected === 'boolean'
                ? 'not_a_yes_no'
                : expected === 'array'
                  ? 'not_a_list'
                  : expected === 'string'
                    ? 'not_text'
                    : 'invalid_type',
        });
        break;
      }
      case 'invalid_format':
        out.push({ field: base, code: FORMAT_CODES[p.format ?? ''] ?? 'invalid_format' });
        break;
      case 'invalid_value':
      case 'invalid_union':
      case 'invalid_key':
      case 'invalid_element':
        out.push({ field: base, code: 'choose_from_list' });
        break;
      case 'not_multiple_of':
        out.push({ field: base, code: 'not_multiple_of' });
        break;
      case 'custom':
        // A refinement names its rule by a field-message code (floor_above_base) or says it in English.
        out.push({
          field: base,
          code:
            v.message && FIELD_MESSAGES[v.message]
              ? v.message
              : /two decimals/.test(v.message ?? '')
                ? 'two_decimals'
                : 'invalid_value',
        });
        break;
      default:
        out.push({ field: base, code: 'invalid_value' });
    }
  }
  return out;
}

export function registerProblemHandlers(app: FastifyInstance, opts: { spaIndex?: boolean } = {}) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendProblem(reply, err.code, err.params, err.errors, err.extra);
    if (hasZodFastifySchemaValidationErrors(err))
      return sendProblem(reply, 'validation', {}, fieldsFromValidation(err));
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 'bad_json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendProblem(reply, 'payload_too_large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return sendProblem(reply, 'unsupported_media_type');
      case 'FST_FILES_LIMIT':
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return sendProblem(reply, 'payload_too_large');
    }
    if (err.statusCode === 429) return sendProblem(reply, 'rate_limited');
    // A malformed multipart body read outside files/upload.ts: still the caller's 400, not our 500.
    const multipart = multipartProblem(err);
    if (multipart) return sendProblem(reply, multipart.code, multipart.params);
    if (err instanceof SyntaxError && err.statusCode === 400) return sendProblem(reply, 'bad_json');
    if (isResponseSerializationError(err))
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
    else if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database unavailable');
      return sendProblem(reply.header('retry-after', '5'), 'unavailable');
    } else req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'internal');
  });
  app.setNotFoundHandler((req, reply) => {
    // A page path of the web app (no file extension, not /api) gets index.html, so client routes survive a reload;
    // a missing file or API route gets a 404 problem, never HTML in place of a script.
    const pathname = req.url.split('?')[0]!;
    if (opts.spaIndex && req.method === 'GET' && !pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(pathname)) {
      return (reply as FastifyReply & { sendFile(f: string): FastifyReply })
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    }
    return sendProblem(reply, 'route_not_found');
  });
}
