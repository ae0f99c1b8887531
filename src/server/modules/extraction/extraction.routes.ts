import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { AppError, type FieldProblem } from '../../http/errors';
import { localiseField } from '../../plugins/problem';
import { pickLocale } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import {
  CandidateOut,
  CandidatePatch,
  DocumentSummary,
  ExtractionCreate,
  ExtractionOut,
  DocumentYearIn,
  ExtractionQuery,
  IssueIn,
  IssueOut,
  MAX_DOCUMENT_BYTES,
  MergeIn,
  SplitIn,
  TaskSourceOut,
} from '../../../shared/extraction';
import { createExtractionService } from './extraction.service';
import { decodeDocument } from './extraction.files';
import { readUpload } from '../../files/upload';

/** The supervision office and principals draft and issue; leaders may look. */
const WRITERS: Role[] = ['supervision_office', 'principal'];
const VIEWERS: Role[] = ['supervision_office', 'principal', 'leader'];
const LEDGER: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];

const docParams = z.object({ id: z.uuid() });
const candParams = z.object({ id: z.uuid(), candidateId: z.uuid() });

/** The JSON body or the multipart form of POST /extractions, as one input. */
async function readInput(req: FastifyRequest): Promise<{
  title?: string;
  text: string;
  year?: number;
  sourceType: string;
  fileName: string | null;
  encoding: string;
}> {
  const issues = (e: z.ZodError, prefix: string): FieldProblem[] =>
    e.issues.map((i) => ({
      field: [prefix, ...i.path.map(String)].join('.'),
      code:
        i.code === 'unrecognized_keys'
          ? 'unknown_field'
          : i.code === 'invalid_type' && i.input === undefined
            ? 'required'
            : i.code === 'too_big'
              ? 'too_long'
              : 'invalid_value',
      params: i.code === 'too_big' ? { max: Number((i as { maximum?: number }).maximum) } : undefined,
    }));
  if (!req.isMultipart()) {
    const parsed = ExtractionCreate.safeParse(req.body ?? {});
    if (!parsed.success) throw new AppError('validation', {}, issues(parsed.error, 'body'));
    return { ...parsed.data, fileName: null, encoding: 'pasted' };
  }
  const upload = await readUpload(req);
  const { fields } = upload;
  if (upload.buf.length > MAX_DOCUMENT_BYTES)
    throw new AppError('validation', {}, [
      { field: 'file', code: 'document_too_large', params: { max: MAX_DOCUMENT_BYTES / 1024 / 1024 } },
    ]);
  const file = { name: upload.filename === 'upload' ? 'document.txt' : upload.filename, buf: upload.buf };
  const doc = await decodeDocument(file.buf, file.name);
  const parsed = ExtractionCreate.safeParse({
    ...(fields.title ? { title: fields.title } : {}),
    ...(fields.year ? { year: fields.year } : {}),
    ...(fields.sourceType ? { sourceType: fields.sourceType } : {}),
    text: doc.text,
  });
  if (!parsed.success) throw new AppError('validation', {}, issues(parsed.error, 'body'));
  return { ...parsed.data, fileName: file.name, encoding: doc.encoding };
}

export function registerExtractionRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Built here rather than in createServices: nothing else depends on it, so registering stays one line.
  const extraction = createExtractionService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    tasks: deps.tasks,
    today: deps.supervision.today,
    model: deps.config.extractModel,
  });

  r.post('/api/v1/extractions', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary:
        '上传讲话/报告（.txt UTF-8 或 GBK、.docx，≤ 5 MB；或 JSON 粘贴正文）并离线分解出候选任务 / upload or paste a speech and draft its tasks',
      consumes: ['application/json', 'multipart/form-data'],
      response: { 201: ExtractionOut },
    },
    handler: async (req, reply) => {
      const input = await readInput(req);
      return reply.code(201).send(await extraction.create(actorOf(req), input, meta(req)));
    },
  });

  r.get('/api/v1/extractions', {
    config: { access: { roles: VIEWERS } },
    schema: {
      tags: ['extraction'],
      summary: '已分解的讲话/报告 / documents drafted so far',
      querystring: ExtractionQuery,
      response: {
        200: z.object({ items: z.array(DocumentSummary), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => extraction.list(actorOf(req), req.query),
  });

  r.get('/api/v1/extractions/:id', {
    config: { access: { roles: VIEWERS } },
    schema: {
      tags: ['extraction'],
      summary: '文档正文与候选任务（含原文位置）/ a document with its candidates',
      params: docParams,
      response: { 200: ExtractionOut },
    },
    handler: async (req) => extraction.get(actorOf(req), req.params.id),
  });

  r.patch('/api/v1/extractions/:id/candidates/:candidateId', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary: '修改候选任务（标题、单位、牵头领导、时限、目标；需 If-Match）/ edit a candidate',
      params: candParams,
      body: CandidatePatch,
      response: { 200: CandidateOut },
    },
    handler: async (req, reply) =>
      withEtag(
        reply,
        await extraction.patchCandidate(
          actorOf(req),
          req.params.id,
          req.params.candidateId,
          ifMatch(req),
          req.body,
          meta(req),
        ),
      ),
  });

  for (const [path, to, summary] of [
    ['accept', 'accepted', '采纳候选任务（需 If-Match）/ accept'],
    ['drop', 'dropped', '舍弃候选任务（需 If-Match）/ drop'],
    ['reopen', 'pending', '恢复为待审核（需 If-Match）/ back to pending'],
  ] as const) {
    r.post(`/api/v1/extractions/:id/candidates/:candidateId/${path}`, {
      config: { access: { roles: WRITERS } },
      schema: {
        tags: ['extraction'],
        summary,
        params: candParams,
        body: z.strictObject({}).optional(),
        response: { 200: CandidateOut },
      },
      handler: async (req, reply) =>
        withEtag(
          reply,
          await extraction.setStatus(actorOf(req), req.params.id, req.params.candidateId, ifMatch(req), to, meta(req)),
        ),
    });
  }

  r.post('/api/v1/extractions/:id/candidates/:candidateId/split', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary: '在原文位置 at 处把一项候选任务拆成两项（需 If-Match）/ split a candidate at an offset of its quote',
      params: candParams,
      body: SplitIn,
      response: { 200: ExtractionOut },
    },
    handler: async (req) =>
      extraction.split(actorOf(req), req.params.id, req.params.candidateId, ifMatch(req), req.body.at, meta(req)),
  });

  r.put('/api/v1/extractions/:id/year', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary: '设定文档年份（文中未写明时由审核人确认；未改动的时限按新年份重算）/ set the document year',
      params: docParams,
      body: DocumentYearIn,
      response: { 200: ExtractionOut },
    },
    handler: async (req) => extraction.setYear(actorOf(req), req.params.id, req.body.year, meta(req)),
  });

  r.post('/api/v1/extractions/:id/merge', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary: '合并几项候选任务（各带所读版本）/ merge candidates',
      params: docParams,
      body: MergeIn,
      response: { 200: ExtractionOut },
    },
    handler: async (req) => extraction.merge(actorOf(req), req.params.id, req.body.candidates, meta(req)),
  });

  r.post('/api/v1/extractions/:id/issue', {
    config: { access: { roles: WRITERS } },
    schema: {
      tags: ['extraction'],
      summary:
        '把已采纳的候选任务交办进台账（经台账服务；缺项的逐项说明；已交办过的同一原文不重复）/ issue accepted candidates into the ledger',
      params: docParams,
      body: IssueIn.optional(),
      response: { 200: IssueOut },
    },
    handler: async (req) => {
      const locale = req.locale ?? pickLocale(req.headers['accept-language']);
      const outcomes = await extraction.issue(
        actorOf(req),
        req.params.id,
        req.body?.candidateIds,
        meta(req),
        req.body?.accountability ?? null,
      );
      const results = outcomes.map((o) => ({
        ...o,
        errors: o.errors.map((e) => {
          const l = localiseField(e, locale, req.routeOptions.url);
          return { field: l.field ?? '', code: l.code, message: l.message };
        }),
      }));
      return {
        issued: results.filter((x) => x.status === 'issued').length,
        alreadyIssued: results.filter((x) => x.status === 'already_issued').length,
        refused: results.filter((x) => x.status === 'refused').length,
        results,
      };
    },
  });

  r.get('/api/v1/extractions/task-sources/:taskId', {
    config: { access: { roles: LEDGER } },
    schema: {
      tags: ['extraction'],
      summary:
        '台账任务的来源：讲话/报告及原文段落（手工新建的任务为 null）/ where a ledger task was drafted from (null for a task written by hand)',
      params: z.object({ taskId: z.uuid() }),
      response: { 200: TaskSourceOut.nullable() },
    },
    handler: async (req) => extraction.sourceOfTask(actorOf(req), req.params.taskId),
  });
}
