import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { DOCX_TYPE, sendDownload } from '../../http/download';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
import type { Role } from '../../../shared/roles';
import {
  AgendaOut,
  AgendaPut,
  DecisionCreate,
  DecisionListOut,
  DecisionOut,
  MeetingCreate,
  MeetingListOut,
  MeetingListQuery,
  MeetingOut,
} from '../../../shared/meetings';
import { createMeetingService } from './meetings.service';
import { createProjectServices } from '../projects/blockers.service';
import { createIndicatorService } from '../indicators/indicators.service';
import { createInvestmentService } from '../investment/investment.service';
import { createEnterpriseService } from '../enterprises/enterprises.service';

/**
 * The office, the principals and the leaders hold meetings (a leader those he or she chairs — checked in the
 * service); the office and the principals issue decisions as tasks; units see the meetings and decisions given to them.
 */
const MANAGERS: Role[] = ['principal', 'leader', 'supervision_office'];
const ISSUERS: Role[] = ['principal', 'supervision_office'];
const LEDGER: Role[] = ['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'];
const idParams = z.object({ id: z.uuid() });
const NoBody = z.strictObject({}).optional();
const tags = ['meetings'];

export function registerMeetingRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = deps.database.db;
  // Built from the shared services, as the bulletins and cockpit build theirs (one line in app.ts registers it).
  const { projects, blockers } = createProjectServices({ ...deps, db });
  const meetings = createMeetingService({
    db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    tasks: deps.tasks,
    projects,
    blockers,
    indicators: createIndicatorService({
      db,
      audit: deps.audit,
      org: deps.org,
      calendar: deps.calendar,
      notifications: deps.notifications,
      today: deps.supervision.today,
    }),
    investment: createInvestmentService({
      db,
      audit: deps.audit,
      org: deps.org,
      attachments: deps.attachments,
      projects,
      enterprises: createEnterpriseService({ db, audit: deps.audit, org: deps.org }),
      today: deps.supervision.today,
    }),
    today: deps.supervision.today,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  registerRecordRoutes(app, deps, {
    path: '/api/v1/meetings',
    tags,
    out: MeetingOut,
    list: {
      summary: '会议列表（调度会、常务会、专题会；单位只看有本单位议定事项的）/ meetings',
      roles: LEDGER,
      query: MeetingListQuery,
      response: MeetingListOut,
      run: meetings.list,
    },
    create: {
      summary: '登记会议，按滞后事项生成议程（红灯任务、逾期节点、上报卡点、滞后指标、滞后项目）/ record a meeting',
      roles: MANAGERS,
      body: MeetingCreate,
      run: meetings.create,
    },
    get: { summary: '会议 / a meeting', roles: LEDGER, run: meetings.get },
  });

  r.get('/api/v1/meetings/:id/agenda', {
    config: { access: { roles: MANAGERS } },
    schema: {
      tags,
      summary: '会议议程：上次会议议定事项落实情况在前，然后是各议题及其数据 / the agenda',
      params: idParams,
      response: { 200: AgendaOut },
    },
    handler: async (req, reply) => {
      const out = await meetings.agenda(actorOf(req), req.params.id);
      reply.header('ETag', `"${out.meeting.version}"`);
      return out;
    },
  });

  r.put('/api/v1/meetings/:id/agenda', {
    config: { access: { roles: MANAGERS } },
    schema: {
      tags,
      summary: '调整议程：保留的议题按顺序列出，未列出的移出，可新增议题（需 If-Match）/ edit the agenda',
      params: idParams,
      body: AgendaPut,
      response: { 200: AgendaOut },
    },
    handler: async (req, reply) => {
      const out = await meetings.putAgenda(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req));
      reply.header('ETag', `"${out.meeting.version}"`);
      return out;
    },
  });

  r.get('/api/v1/meetings/:id/decisions', {
    config: { access: { roles: LEDGER } },
    schema: {
      tags,
      summary: '议定事项及落实情况（单位只看交给本单位的）/ the decisions and their follow-up',
      params: idParams,
      response: { 200: DecisionListOut },
    },
    handler: async (req) => meetings.decisions(actorOf(req), req.params.id),
  });

  r.post('/api/v1/meetings/:id/decisions', {
    config: { access: { roles: ISSUERS } },
    schema: {
      tags,
      summary: '记录议定事项，并作为督办任务交办（来源为本次会议）/ record a decision, issued as a task',
      params: idParams,
      body: DecisionCreate,
      response: { 201: DecisionOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await meetings.decide(actorOf(req), req.params.id, req.body, meta(req))),
  });

  registerVersionedWrite(app, 'POST', '/api/v1/meetings/:id/hold', {
    tags,
    out: MeetingOut,
    summary: '标记会议已召开（此后可记录议定事项；需 If-Match）/ mark the meeting held',
    roles: MANAGERS,
    body: NoBody,
    run: (actor, id, version, _body, m) => meetings.hold(actor, id, version, m),
  });

  registerVersionedWrite(app, 'POST', '/api/v1/meetings/:id/issue-minutes', {
    tags,
    out: MeetingOut,
    summary: '印发会议纪要：编第N期，生成并归档 .docx（记录 sha256；需 If-Match）/ issue the minutes',
    roles: MANAGERS,
    body: NoBody,
    run: (actor, id, version, _body, m) => meetings.issueMinutes(actor, id, version, m),
  });

  r.get('/api/v1/meetings/:id/minutes.docx', {
    config: { access: { roles: MANAGERS } },
    schema: { tags, summary: '下载会议纪要 .docx（已印发的为归档原件，之前为草稿）/ the minutes', params: idParams },
    handler: async (req, reply) => {
      const f = await meetings.minutes(actorOf(req), req.params.id);
      return sendDownload(
        reply,
        f.bytes,
        { type: DOCX_TYPE, standIn: 'minutes.docx', fileName: f.fileName },
        { 'X-Content-SHA256': f.sha256, 'X-Minutes-Draft': f.draft ? '1' : '0' },
      );
    },
  });
}
