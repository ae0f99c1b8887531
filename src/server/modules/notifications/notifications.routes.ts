import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta } from '../../http/request';

const NotificationOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  itemId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const Format = z.enum(['dingtalk', 'wecom', 'generic']);
const WebhookOut = z.object({
  id: z.uuid(),
  name: z.string(),
  format: Format,
  url: z.string(),
  hasSecret: z.boolean(),
  kinds: z.array(z.string()),
  active: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
});
const HttpUrl = z.url({ protocol: /^https?$/ }).max(1000);

export function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { notifications } = deps;

  r.get('/api/v1/notifications', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['notifications'],
      summary: '我的消息（含未读数）/ my notifications with the unread count',
      querystring: z.strictObject({
        unread: z.enum(['true', 'false']).default('false'),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
      response: { 200: z.object({ items: z.array(NotificationOut), total: z.number(), unread: z.number() }) },
    },
    handler: async (req) => notifications.listMine(actorOf(req), { ...req.query, unread: req.query.unread === 'true' }),
  });

  r.post('/api/v1/notifications/read', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['notifications'],
      summary: '标记已读（ids 或 all）/ mark read',
      body: z.strictObject({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await notifications.markRead(actorOf(req), req.body.all ? 'all' : (req.body.ids ?? []));
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/webhooks', {
    config: { access: { roles: ['system_admin', 'supervision_office'] } },
    schema: {
      tags: ['notifications'],
      summary: '消息推送（钉钉、企业微信群机器人、通用 JSON）/ outbound webhooks',
      response: { 200: z.object({ items: z.array(WebhookOut) }) },
    },
    handler: async (req) => ({ items: await notifications.listHooks(actorOf(req)) }),
  });

  r.post('/api/v1/webhooks', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['notifications'],
      summary: '新建推送 / create a webhook',
      body: z.strictObject({
        name: z.string().trim().min(1).max(60),
        format: Format,
        url: HttpUrl,
        secret: z.string().max(200).nullish(),
        kinds: z.array(z.string().max(40)).max(30).default([]),
      }),
      response: { 201: WebhookOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await notifications.createHook(actorOf(req), req.body, meta(req))),
  });

  r.patch('/api/v1/webhooks/:id', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['notifications'],
      summary: '修改推送（需 If-Match）/ edit a webhook',
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({
        name: z.string().trim().min(1).max(60).optional(),
        url: HttpUrl.optional(),
        secret: z.string().max(200).nullish(),
        kinds: z.array(z.string().max(40)).max(30).optional(),
        active: z.boolean().optional(),
      }),
      response: { 200: WebhookOut },
    },
    handler: async (req) => notifications.updateHook(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req)),
  });

  // The office reads what was sent (content); the system administrator only status, times and sizes.
  r.get('/api/v1/webhooks/:id/deliveries', {
    config: { access: { roles: ['system_admin', 'supervision_office'] } },
    schema: {
      tags: ['notifications'],
      summary: '推送记录（失败原因、重试）/ deliveries',
      params: z.object({ id: z.uuid() }),
    },
    handler: async (req) => ({ items: await notifications.deliveries(actorOf(req), req.params.id) }),
  });

  r.post('/api/v1/webhooks/:id/test', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['notifications'],
      summary: '发送测试消息 / send a test message',
      params: z.object({ id: z.uuid() }),
    },
    handler: async (req) => notifications.sendTest(actorOf(req), req.params.id),
  });

  r.post('/api/v1/webhook-deliveries/:id/retry', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['notifications'],
      summary: '立即重试 / retry now',
      params: z.object({ id: z.uuid() }),
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await notifications.retry(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
