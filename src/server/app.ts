import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { Config } from './config';
import type { Database } from './db/client';
import { registerProblemHandlers } from './plugins/problem';
import { registerInputChecks } from './plugins/input';
import { registerAuth, type RegisteredRoute } from './plugins/auth';
import { registerLimits, webCacheHeaders } from './plugins/limits';
import type { AppDeps, DemoInfo } from './deps';
export type { AppDeps, DemoInfo } from './deps';
import { createAuditService, type AuditScope } from './modules/audit/audit.service';
import { loadAuditKey } from './modules/audit/audit.key';
import { createOrgService, type OrgService } from './modules/org/org.service';
import { createAuthService } from './modules/auth/auth.service';
import { createImportService } from './modules/imports/imports.service';
import { createCalendarService } from './modules/calendar/calendar.service';
import { createSupervisionService } from './modules/supervision/supervision.service';
import { createTaskService } from './modules/tasks/tasks.service';
import { createAttachmentService } from './modules/attachments/attachments.service';
import { registerTaskRoutes } from './modules/tasks/tasks.routes';
import { registerFindingRoutes } from './modules/findings/findings.routes';
import { registerProjectRoutes } from './modules/projects/projects.routes';
import { closeRoundsPastCutoff } from './modules/projects/rounds.service';
import { createProjectService } from './modules/projects/projects.service';
import { createBlockerService } from './modules/projects/blockers.service';
import { registerIndicatorRoutes } from './modules/indicators/indicators.routes';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes';
import { registerAttachmentRoutes } from './modules/attachments/attachments.routes';
import { createNotificationService } from './modules/notifications/notifications.service';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes';
import { registerCockpitRoutes } from './modules/cockpit/cockpit.routes';
import { registerScoringRoutes } from './modules/scoring/scoring.routes';
import { registerBulletinRoutes } from './modules/bulletins/bulletins.routes';
import { registerExtractionRoutes } from './modules/extraction/extraction.routes';
import { registerPublicationRoutes } from './modules/publication/publication.routes';
import { registerAccountabilityRoutes } from './modules/accountability/accountability.routes';
import { registerInvestmentRoutes } from './modules/investment/investment.routes';
import { registerEnterpriseRoutes } from './modules/enterprises/enterprises.routes';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes';
import { registerCampaignRoutes } from './modules/campaigns/campaigns.routes';
import { createInvestmentService, raiseStalledLeads } from './modules/investment/investment.service';
import { createCommitmentService } from './modules/investment/commitments.service';
import { createEnterpriseService } from './modules/enterprises/enterprises.service';
import { registerTaskForceRoutes } from './modules/taskforces/taskforces.routes';
import { registerBurdenRoutes } from './modules/burden/burden.routes';
import { createTaskForceService, taskForcesOf } from './modules/taskforces/taskforces.service';
import type { Job } from './jobs/runner';
import { createWriteSignal, isAnsweredWrite } from './http/writes';
import { createKept } from './http/kept';
import { createSerializerCompiler } from './http/serializer';
import type { IsoDate } from '../shared/domain/dates';
import { registerAuthRoutes } from './modules/auth/auth.routes';
import { registerOrgRoutes } from './modules/org/org.routes';
import { registerAuditRoutes } from './modules/audit/audit.routes';
import { registerHealthRoutes } from './modules/health/health.routes';
import { calendarGapMessage } from '../shared/calendar/official';
import { createMetricsService } from './modules/metrics/metrics.service';
import { registerMetricsRoutes } from './modules/metrics/metrics.routes';
import { createBackupSchedule } from './modules/backup/backup.service';
import { embeddedAdminUrl } from './db/embedded';
import { walArchiveOf } from './db/open';

declare module 'fastify' {
  interface FastifyRequest {
    auditScope: AuditScope | null;
  }
}

export function createServices(
  config: Config,
  database: Database,
  demo: DemoInfo = { enabled: false, accounts: [] },
  opts: { today?: () => IsoDate; clock?: () => string; fetch?: typeof fetch } = {},
): AppDeps {
  const audit = createAuditService({
    db: database.db,
    key: loadAuditKey({ dataDir: config.dataDir, key: config.audit.key }),
    dataDir: config.dataDir,
    anchorTargets: { webhook: config.audit.anchorWebhook, syslog: config.audit.anchorSyslog, fetch: opts.fetch },
  });
  // auth needs org (who is this person?) and org needs auth's lifecycle hooks: break the cycle with a getter.
  let org!: OrgService;
  // Likewise notifications (made below): auth tells a person when an administrator resets their credentials.
  const auth = createAuthService({
    db: database.db,
    config,
    audit,
    org: () => org,
    notifications: () => notifications,
  });
  org = createOrgService({ db: database.db, audit, lifecycle: auth.lifecycle });
  const imports = createImportService({ db: database.db });
  const calendar = createCalendarService({ db: database.db, audit });
  const notifications = createNotificationService({
    db: database.db,
    audit,
    fetch: opts.fetch,
    webhookAllow: config.webhookAllow,
    publicUrl: config.publicUrl,
  });
  const supervision = createSupervisionService({
    db: database.db,
    calendar,
    org,
    notifications,
    today: opts.today,
    clock: opts.clock,
    taskForcesOf,
  });
  calendar.onChange((tx, j) => supervision.invalidateJurisdictionLights(tx, j));
  const attachments = createAttachmentService({ db: database.db, filesDir: path.join(config.dataDir, 'files') });
  const taskForces = createTaskForceService({ db: database.db, audit, org, supervision });
  const tasks = createTaskService({ db: database.db, audit, org, supervision, attachments, taskForces });
  const writes = createWriteSignal();
  const views = createKept(config.viewCacheSeconds);
  writes.on(views.forget);
  return {
    config,
    database,
    audit,
    org,
    auth,
    imports,
    calendar,
    supervision,
    tasks,
    taskForces,
    attachments,
    notifications,
    writes,
    views,
    demo,
    metrics: createMetricsService(),
  };
}

/** Each feature module registers its own routes; adding a module is one line here. */
const MODULES: ((app: FastifyInstance, deps: AppDeps) => void)[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerOrgRoutes,
  registerAuditRoutes,
  registerCalendarRoutes,
  registerAttachmentRoutes,
  registerTaskRoutes,
  registerFindingRoutes,
  registerProjectRoutes,
  registerIndicatorRoutes,
  registerNotificationRoutes,
  registerCockpitRoutes,
  registerScoringRoutes,
  registerBulletinRoutes,
  registerExtractionRoutes,
  registerPublicationRoutes,
  registerAccountabilityRoutes,
  registerInvestmentRoutes,
  registerEnterpriseRoutes,
  registerMeetingRoutes,
  registerCampaignRoutes,
  registerTaskForceRoutes,
  registerBurdenRoutes,
  registerMetricsRoutes,
];

/** The scheduled jobs (src/server/jobs/runner.ts runs each on one instance at a time). */
export function jobsOf(deps: AppDeps): Job[] {
  const { config } = deps;
  const backup = createBackupSchedule({
    dataDir: config.dataDir,
    root: config.backup.dir,
    keep: config.backup.keep,
    at: config.backup.at,
    walArchive: walArchiveOf(config),
    adminUrl: () => (config.databaseUrl ? undefined : embeddedAdminUrl(config.dataDir)),
  });
  const jobs: Job[] = [
    {
      name: 'reminders',
      lockKey: 7351101,
      everySeconds: 15 * 60,
      run: async () => {
        const results = [];
        for (const j of await deps.org.jurisdictionIds()) results.push(await deps.supervision.runReminders(j));
        return results;
      },
    },
    {
      // Escalation that climbs: overdue items take their steps (told, 督办单, 挂牌督办), blockers their next leader.
      name: 'escalation',
      lockKey: 7351105,
      everySeconds: 15 * 60,
      run: () => runEscalation(deps),
    },
    { name: 'webhook-deliveries', lockKey: 7351102, everySeconds: 30, run: () => deps.notifications.deliverDue() },
    {
      // From November on, the system administrators are told once while next year's holiday calendar is missing.
      name: 'calendar-next-year',
      lockKey: 7351110,
      everySeconds: 6 * 3600,
      run: async () => {
        let sent = 0;
        for (const j of await deps.org.jurisdictionIds()) sent += await remindNextYear(deps, j);
        return { sent };
      },
    },
    {
      name: 'round-cutoff',
      lockKey: 7351103,
      everySeconds: 10 * 60,
      run: () => closeRoundsPastCutoff({ db: deps.database.db, audit: deps.audit, today: deps.supervision.today }),
    },
    {
      name: 'audit-anchor',
      lockKey: 7351120,
      everySeconds: deps.config.audit.anchorMinutes * 60,
      run: () => deps.audit.anchor('interval'),
    },
    {
      // 招商线索 red for want of follow-up go on the next weekly round's agenda.
      name: 'lead-stalls',
      lockKey: 7351130,
      everySeconds: 6 * 3600,
      run: () => raiseStalledLeads({ db: deps.database.db, today: deps.supervision.today }),
    },
    {
      // County commitments of an agreement gone overdue: a blocker for the project's 包联 leader (or the agenda).
      name: 'commitment-overdue',
      lockKey: 7351131,
      everySeconds: 6 * 3600,
      run: () => runCommitmentOverdue(deps),
    },
    { name: 'backup', lockKey: 7351104, everySeconds: 5 * 60, run: backup },
  ];
  // Each run counted for GET /metrics (a run skipped because another instance holds the job is not a run here).
  return jobs.map((j) => ({
    ...j,
    run: async () => {
      const t0 = performance.now();
      try {
        const r = await j.run();
        deps.metrics.recordJob(j.name, true, (performance.now() - t0) / 1000);
        return r;
      } catch (e) {
        deps.metrics.recordJob(j.name, false, (performance.now() - t0) / 1000);
        throw e;
      }
    },
  }));
}

/** One run of the escalation job over every jurisdiction (tests call it as the job does). */
export async function runEscalation(deps: AppDeps) {
  const blockers = createBlockerService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    attachments: deps.attachments,
    calendar: deps.calendar,
    notifications: deps.notifications,
    projects: createProjectService({
      db: deps.database.db,
      audit: deps.audit,
      org: deps.org,
      supervision: deps.supervision,
      attachments: deps.attachments,
    }),
  });
  const results = [];
  for (const j of await deps.org.jurisdictionIds()) {
    // Blockers first: one that climbs gets its new level's deadline and is not overdue any more.
    const b = await blockers.escalateDue(j);
    results.push({ ...(await deps.supervision.runEscalations(j, deps.config.escalation)), blockers: b.escalated });
  }
  return results;
}

/** One run of the overdue-commitment job over every jurisdiction (tests call it as the job does). */
export async function runCommitmentOverdue(deps: AppDeps) {
  const base = { db: deps.database.db, audit: deps.audit, org: deps.org };
  const projects = createProjectService({ ...base, supervision: deps.supervision, attachments: deps.attachments });
  const commitments = createCommitmentService({
    ...base,
    attachments: deps.attachments,
    supervision: deps.supervision,
    blockers: createBlockerService({
      ...base,
      supervision: deps.supervision,
      attachments: deps.attachments,
      calendar: deps.calendar,
      notifications: deps.notifications,
      projects,
    }),
    investment: createInvestmentService({
      ...base,
      attachments: deps.attachments,
      projects,
      enterprises: createEnterpriseService(base),
      today: deps.supervision.today,
    }),
  });
  const results = [];
  for (const j of await deps.org.jurisdictionIds()) results.push(await commitments.raiseOverdue(j));
  return results;
}

/** Tells a jurisdiction's system administrators, once per year, that next year's calendar is missing or provisional. */
export function remindNextYear(deps: AppDeps, jurisdictionId: string) {
  return deps.calendar.remindNextYear(jurisdictionId, deps.supervision.today(), async (year, status) =>
    deps.notifications.notify(deps.database.db, {
      jurisdictionId,
      recipients: await deps.org.peopleWithRole(jurisdictionId, 'system_admin'),
      kind: 'calendar',
      title:
        status === 'missing' ? `【工作日历】${year} 年节假日安排尚未载入` : `【工作日历】${year} 年节假日安排待核对`,
      body: calendarGapMessage(year, status === 'missing' ? 'missing' : 'provisional', 'zh-CN'),
      link: `/settings/calendar?year=${year}`,
      dedupeKey: `calendar-next-year:${year}`,
      personal: true,
    }),
  );
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface BuiltApp {
  app: FastifyInstance;
  deps: AppDeps;
  routes: RegisteredRoute[];
}

/**
 * One access line per request, written when it is answered, instead of fastify's two (incoming, completed): half
 * the log's cost on every request (issue 16), and the one line holds what an access log needs. Errors are logged as
 * fastify logs them.
 */
class AccessLog extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (error) return super.requestCompleted(error, req, reply);
    req.log.info(
      { method: req.method, url: req.url, ip: req.ip, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  }
}

/** logStream: where the request log goes (default stdout); main.ts sends it to a file under an interactive terminal. */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: boolean; logStream?: DestinationStream; checkResponses?: boolean } = {},
): Promise<BuiltApp> {
  const { config } = deps;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID(),
    requestIdHeader: false,
    logController: new AccessLog(),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Answers written by serializers compiled from the routes' schemas (http/serializer.ts); under the tests
  // (or LUOSHI_CHECK_RESPONSES=1) each one is also checked against its zod schema.
  app.setSerializerCompiler(
    createSerializerCompiler({
      check: opts.checkResponses ?? (process.env.VITEST !== undefined || process.env.LUOSHI_CHECK_RESPONSES === '1'),
    }),
  );
  // By route pattern, not URL (a series per id would grow without end); unmatched requests share one label.
  app.addHook('onResponse', async (req, reply) =>
    deps.metrics.observeRequest(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    ),
  );
  // Each request notes whether it wrote audit events (to audit_pending, the chainer chains them: audit.service.ts)
  // in a scope of its own, entered again after the body is read (a stream's events do not carry it); one that did
  // answers only once they are chained, so a reader after the answer finds them in the trail. Others wait for
  // nothing.
  app.decorateRequest('auditScope', null);
  app.addHook('onRequest', (req, _reply, done) => {
    req.auditScope = { appended: false };
    deps.audit.within(req.auditScope, done);
  });
  app.addHook('preValidation', (req, _reply, done) => deps.audit.within(req.auditScope!, done));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Before the answer leaves: a client that reads right after its write must not be served what was kept before it.
    if (isAnsweredWrite(req.method, reply.statusCode)) deps.writes.emit();
    // The change is committed whatever the chainer does now: a failed run leaves the events pending for the next.
    if (req.auditScope?.appended) await deps.audit.settle().catch((e) => req.log.error(e, 'audit chainer'));
  });
  deps.audit.start(1000, (e) => app.log.error(e, 'audit chainer'));
  app.addHook('onClose', () => deps.audit.stop().catch((e) => app.log.error(e, 'audit chainer')));

  registerProblemHandlers(app, { spaIndex: fs.existsSync(path.join(WEB_DIST, 'index.html')) });
  registerInputChecks(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
    // Its own hook builds helmet's middleware, parsing the policy, on every request: see below.
    global: false,
  });
  // The security headers are the same for every answer (no nonces): worked out by helmet once, on the first
  // request, and set from then on (issue 16: per-request work outside the handlers).
  let securityHeaders: [string, string | number | string[]][] | null = null;
  app.addHook('onRequest', (_req, reply, done) => {
    if (securityHeaders === null) {
      const before = new Set(reply.raw.getHeaderNames());
      reply.helmet();
      securityHeaders = reply.raw
        .getHeaderNames()
        .filter((n) => !before.has(n))
        .map((n) => [n, reply.raw.getHeader(n)!]);
    } else for (const [name, value] of securityHeaders) reply.raw.setHeader(name, value);
    done();
  });
  await registerLimits(app, config);
  await app.register(multipart, { limits: { fileSize: config.bodyLimitBytes, files: 1, fields: 10 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Luoshi 落实 API',
        version: '1',
        description: '县域督查督办平台 API。错误响应为 application/problem+json (RFC 9457)。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'luoshi_sid' },
          bearer: { type: 'http', scheme: 'bearer', description: '个人 API 令牌 / personal API token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });

  const routes: RegisteredRoute[] = [];
  registerAuth(app, deps.auth, routes, deps.audit, { publicUrl: config.publicUrl });
  app.get('/api/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  for (const register of MODULES) register(app, deps);

  // The built React app. Files are looked up at request time (a rebuild needs no restart); any other GET of a
  // page path (no file extension, not /api) gets index.html so client-side routes survive a reload. The build
  // leaves a brotli and a gzip copy beside each script and style (vite.config.ts): sent by the browser's
  // Accept-Encoding, with Content-Encoding and Vary: Accept-Encoding, the same cache headers as the file.
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      preCompressed: true,
      setHeaders: webCacheHeaders(WEB_DIST),
    });
  }

  return { app, deps, routes };
}
