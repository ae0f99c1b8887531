import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import type { Role } from '../../../shared/roles';
import {
  PhotoIn,
  PhotoPatch,
  PublicationOut,
  PublicationPut,
  PublicLivelihoodOut,
  PublicLivelihoodQuery,
} from '../../../shared/publication';
import { createProjectService } from '../projects/projects.service';
import { createPublicationService } from './publication.service';

/** The office decides what is published; principals may look at the settings. */
const EDITORS: Role[] = ['supervision_office'];
const VIEWERS: Role[] = ['principal', 'supervision_office'];

const idParams = z.object({ id: z.uuid() });
const photoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
const tags = ['publication'];

export function registerPublicationRoutes(app: FastifyInstance, deps: AppDeps) {
  const projects = createProjectService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    attachments: deps.attachments,
  });
  const publication = createPublicationService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    projects,
    attachments: deps.attachments,
    today: deps.supervision.today,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Per client address and minute (LUOSHI_PUBLIC_RATE_LIMIT_PER_MINUTE): the list is read once per visit; a page
  // shows a photo or a few per project, hence five times as many photos.
  const perMinute = deps.config.publicRateLimitPerMinute;

  // ---------- public, no sign-in ----------
  r.get('/api/public/livelihood', {
    config: { access: { public: true }, rateLimit: { max: perMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary:
        '民生实事公开：本年度公开的民生实事项目（只含督查室选择公开的字段；无需登录）/ the public livelihood projects',
      querystring: PublicLivelihoodQuery,
      response: { 200: PublicLivelihoodOut },
    },
    handler: async (req, reply) => {
      const body = await publication.publicList(req.query);
      reply.header('Cache-Control', 'public, max-age=60');
      return body;
    },
  });

  r.get('/api/public/livelihood/photos/:id', {
    config: { access: { public: true }, rateLimit: { max: perMinute * 5, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '民生实事公开照片（仅限标记公开的照片，去除元数据；无需登录）/ a published photo',
      params: idParams,
    },
    handler: async (req, reply) => {
      const photo = await publication.publicPhoto(req.params.id);
      return reply
        .header('Content-Type', photo.mediaType)
        .header('Content-Disposition', 'inline')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'public, max-age=300')
        .send(photo.data);
    },
  });

  // ---------- the office ----------
  r.get('/api/v1/projects/:id/publication', {
    config: { access: { roles: VIEWERS } },
    schema: {
      tags,
      summary: '项目的公开设置（是否公开、公开哪些字段、公开照片）/ publication settings',
      params: idParams,
      response: { 200: PublicationOut },
    },
    handler: async (req, reply) => withEtag(reply, await publication.get(actorOf(req), req.params.id)),
  });

  r.put('/api/v1/projects/:id/publication', {
    config: { access: { roles: EDITORS } },
    schema: {
      tags,
      summary: '设置项目是否公开及公开字段（需 If-Match，首次为 0）/ set publication',
      params: idParams,
      body: PublicationPut,
      response: { 200: PublicationOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await publication.put(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  r.post('/api/v1/projects/:id/publication/photos', {
    config: { access: { roles: EDITORS } },
    schema: {
      tags,
      summary: '选择公开照片（本人上传的图片或节点佐证图片）/ mark a photo for publication',
      params: idParams,
      body: PhotoIn,
      response: { 201: PublicationOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await publication.addPhoto(actorOf(req), req.params.id, req.body, meta(req))),
  });

  r.patch('/api/v1/projects/:id/publication/photos/:photoId', {
    config: { access: { roles: EDITORS } },
    schema: {
      tags,
      summary: '修改照片说明或撤回公开（需 If-Match）/ caption or withdraw a photo',
      params: photoParams,
      body: PhotoPatch,
      response: { 200: PublicationOut },
    },
    handler: async (req) =>
      publication.patchPhoto(actorOf(req), req.params.id, req.params.photoId, ifMatch(req), req.body, meta(req)),
  });

  r.get('/api/v1/projects/:id/publication/photos/:photoId/file', {
    config: { access: { roles: VIEWERS } },
    schema: { tags, summary: '查看已选照片（含未公开的）/ a chosen photo', params: photoParams },
    handler: async (req, reply) => {
      const { meta: m, data } = await publication.photoFile(actorOf(req), req.params.id, req.params.photoId);
      return reply
        .header('Content-Type', m.mediaType)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(data);
    },
  });
}
