import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, meta } from '../../http/request';
import { DOCX_TYPE, sendDownload, XLSX_TYPE } from '../../http/download';
import { registerRecordRoutes, registerVersionedWrite } from '../../http/record-routes';
import type { Role } from '../../../shared/roles';
import {
  BulletinCreate,
  BulletinListOut,
  BulletinListQuery,
  BulletinOut,
  BulletinPatch,
} from '../../../shared/bulletins';
import { createBulletinService } from './bulletins.service';
import { createCockpitService } from '../cockpit/cockpit.service';
import { createScoringService } from '../scoring/scoring.service';
import { createEnterpriseFiguresService } from '../enterprises/figures.service';
import { createProjectServices } from '../projects/blockers.service';
import { createAccountabilityService } from '../accountability/accountability.service';

/** The office drafts and issues; principals and leaders read what was issued (drafts answer 404 to them). */
const OFFICE: Role[] = ['supervision_office'];
const READERS: Role[] = ['principal', 'leader', 'supervision_office'];
const idParams = z.object({ id: z.uuid() });
const NoBody = z.strictObject({}).optional();
const tags = ['bulletins'];

function sendArchived(
  reply: FastifyReply,
  f: { bytes: Buffer; fileName: string; sha256: string },
  type: string,
  standIn: string,
) {
  return sendDownload(reply, f.bytes, { type, standIn, fileName: f.fileName }, { 'X-Content-SHA256': f.sha256 });
}

export function registerBulletinRoutes(app: FastifyInstance, deps: AppDeps) {
  const db = deps.database.db;
  // Built from the shared services, as the scoring and projects modules build theirs (one line in app.ts registers it).
  const { projects, blockers } = createProjectServices({ ...deps, db });
  const bulletins = createBulletinService({
    db,
    audit: deps.audit,
    org: deps.org,
    accountability: createAccountabilityService({
      db,
      audit: deps.audit,
      org: deps.org,
      supervision: deps.supervision,
      notifications: deps.notifications,
    }),
    cockpit: createCockpitService({
      supervision: deps.supervision,
      org: deps.org,
      projects,
      blockers,
    }),
    scoring: createScoringService({
      db,
      audit: deps.audit,
      org: deps.org,
      calendar: deps.calendar,
      today: deps.supervision.today,
      enterpriseFigures: createEnterpriseFiguresService({ db }),
    }),
    projects,
    today: deps.supervision.today,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  registerRecordRoutes(app, deps, {
    path: '/api/v1/bulletins',
    tags,
    out: BulletinOut,
    list: {
      summary: '督查通报列表（领导只看已印发的）/ bulletins',
      roles: READERS,
      query: BulletinListQuery,
      response: BulletinListOut,
      run: bulletins.list,
    },
    create: {
      summary: '起草某时段的督查通报（数据取自驾驶舱、项目库和考核排名）/ draft a bulletin for a period',
      roles: OFFICE,
      body: BulletinCreate,
      run: bulletins.create,
    },
    get: { summary: '督查通报（含内容）/ a bulletin with its content', roles: READERS, run: bulletins.get },
    patch: {
      summary: '修改草稿（需 If-Match；已印发的不能修改）/ edit a draft',
      roles: OFFICE,
      body: BulletinPatch,
      run: bulletins.patch,
    },
  });

  registerVersionedWrite(app, 'POST', '/api/v1/bulletins/:id/issue', {
    tags,
    out: BulletinOut,
    summary: '印发：编第N期，生成并归档 .docx 与附件（记录 sha256），此后不能修改 / issue and archive',
    roles: OFFICE,
    body: NoBody,
    run: (actor, id, version, _body, m) => bulletins.issue(actor, id, version, m),
  });

  r.get('/api/v1/bulletins/:id/docx', {
    config: { access: { roles: READERS } },
    schema: { tags, summary: '下载通报 .docx（已印发的为归档原件）/ the Word document', params: idParams },
    handler: async (req, reply) =>
      sendArchived(reply, await bulletins.docx(actorOf(req), req.params.id, meta(req)), DOCX_TYPE, 'bulletin.docx'),
  });

  r.get('/api/v1/bulletins/:id/annex.xlsx', {
    config: { access: { roles: READERS } },
    schema: { tags, summary: '下载附件 .xlsx（逾期任务清单、分单位情况、考核排名）/ the annexes', params: idParams },
    handler: async (req, reply) =>
      sendArchived(reply, await bulletins.annex(actorOf(req), req.params.id, meta(req)), XLSX_TYPE, 'bulletin.xlsx'),
  });
}
