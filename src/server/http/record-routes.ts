import { z } from 'zod';
import type ExcelJS from 'exceljs';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { AppDeps } from '../deps';
import type { Role } from '../../shared/roles';
import type { RequestMeta } from '../modules/org/org.service';
import type { Actor } from './access';
import { sendExport } from './ledger-files';
import { actorOf, ifMatch, meta, withEtag } from './request';

/**
 * A versioned record's routes, the same shape for every kind of record (a chain, a lead, a site …): its list, an
 * export of the list, create (201 with the record and its ETag), get (with its ETag) and patch (If-Match, answering
 * the record and its new ETag). Each route keeps its own roles (the permission matrix) and its words (OpenAPI);
 * the handlers are the service's functions. Registered untyped, as registerImportRoutes: the spec's schemas type
 * the service calls.
 */
const idParams = z.object({ id: z.uuid() });
const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

type Versioned = { version: number };
type Z = z.ZodType;
type Rec = z.ZodType<Versioned>;
type Run<In, Out> = (actor: Actor, input: In, meta: RequestMeta) => Promise<Out>;

interface Route {
  summary: string;
  roles: Role[];
}

/** The schemas: the record (Out), the list's query and answer (LQ, LO), the export's query (EQ), create, patch. */
export interface RecordRoutes<Out extends Rec, LQ extends Z, LO extends Z, EQ extends Z, C extends Z, P extends Z> {
  /** '/api/v1/sites' → GET and POST /api/v1/sites, GET /api/v1/sites/export, GET and PATCH /api/v1/sites/:id. */
  path: string;
  tags: string[];
  /** The record as answered by create, get and patch. */
  out: Out;
  list?: Route & { query?: LQ; response: LO; run(actor: Actor, query: z.infer<LQ>): Promise<z.infer<LO>> };
  /** The list as a workbook, sent and audited as every ledger's export. */
  export?: Route & {
    query: EQ;
    workbook(
      actor: Actor,
      query: z.infer<EQ>,
    ): Promise<{ action: string; detail: unknown; workbook: ExcelJS.Workbook; fileName: string }>;
  };
  /** Creates the record and answers its id (the answer is the record read back) or the record itself. */
  create?: Route & { body: C; run: Run<z.infer<C>, string | z.infer<Out>> };
  get: Route & { run(actor: Actor, id: string): Promise<z.infer<Out>> };
  patch?: Route & VersionedWrite<P, Out>;
}

/** A write on a record that names the version it read (If-Match) and answers the record with its new ETag. */
export interface VersionedWrite<B extends z.ZodType, Out extends z.ZodType<Versioned>> {
  body: B;
  run(actor: Actor, id: string, version: number, body: z.infer<B>, meta: RequestMeta): Promise<z.infer<Out>>;
}

/** One route: its roles for the permission matrix, its schema for validation and OpenAPI. */
function route(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  roles: Role[],
  schema: FastifySchema,
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
) {
  app.route({ method, url, config: { access: { roles } }, schema, handler });
}

export function registerRecordRoutes<
  Out extends Rec,
  LQ extends Z,
  LO extends Z,
  EQ extends Z,
  C extends Z,
  P extends Z,
>(app: FastifyInstance, deps: Pick<AppDeps, 'audit' | 'org'>, spec: RecordRoutes<Out, LQ, LO, EQ, C, P>) {
  const { path, tags, out, list, export: exp, create, get, patch } = spec;
  const read = async (actor: Actor, recordId: string) => (await get.run(actor, recordId)) as Versioned;
  if (list)
    route(
      app,
      'GET',
      path,
      list.roles,
      {
        tags,
        summary: list.summary,
        ...(list.query ? { querystring: list.query } : {}),
        response: { 200: list.response },
      },
      async (req) => list.run(actorOf(req), req.query as z.infer<LQ>),
    );
  if (exp)
    route(
      app,
      'GET',
      `${path}/export`,
      exp.roles,
      { tags, summary: exp.summary, querystring: exp.query },
      async (req, reply) => sendExport(deps, req, reply, await exp.workbook(actorOf(req), req.query as z.infer<EQ>)),
    );
  if (create)
    route(
      app,
      'POST',
      path,
      create.roles,
      { tags, summary: create.summary, body: create.body, response: { 201: out } },
      async (req, reply) => {
        const actor = actorOf(req);
        const created = await create.run(actor, req.body as z.infer<C>, meta(req));
        const record = typeof created === 'string' ? await read(actor, created) : (created as Versioned);
        return reply.code(201).send(withEtag(reply, record));
      },
    );
  route(
    app,
    'GET',
    `${path}/:id`,
    get.roles,
    { tags, summary: get.summary, params: idParams, response: { 200: out } },
    async (req, reply) => withEtag(reply, await read(actorOf(req), idOf(req))),
  );
  if (patch) registerVersionedWrite(app, 'PATCH', `${path}/:id`, { tags, out, ...patch });
}

/** PATCH /x/:id or POST /x/:id/action: If-Match required, the record answered with its new ETag. */
export function registerVersionedWrite<B extends z.ZodType, Out extends z.ZodType<Versioned>>(
  app: FastifyInstance,
  method: 'PATCH' | 'POST',
  url: string,
  spec: Route & VersionedWrite<B, Out> & { tags: string[]; out: Out },
) {
  route(
    app,
    method,
    url,
    spec.roles,
    { tags: spec.tags, summary: spec.summary, params: idParams, body: spec.body, response: { 200: spec.out } },
    async (req, reply) => {
      const record = await spec.run(actorOf(req), idOf(req), ifMatch(req), req.body as z.infer<B>, meta(req));
      return withEtag(reply, record as Versioned);
    },
  );
}
