import { z } from 'zod';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps';
import { actorOf, ifMatch, meta, withEtag } from '../../http/request';
import { readTables } from '../../files/table';
import { readUpload } from '../../files/upload';
import { sendWorkbook } from '../../files/xlsx';
import type { Role } from '../../../shared/roles';
import { ROLE_LABELS } from '../../../shared/roles';
import {
  PeopleQuery,
  PersonCreate,
  PersonOut,
  PersonPatch,
  RolesPut,
  UnitCreate,
  UnitOut,
  UnitPatch,
  Uuid,
  UNIT_KIND_LABELS,
} from '../../../shared/org';
import { planOrgImport, UNIT_COLUMNS, PEOPLE_COLUMNS, type OrgImportPlan } from './org.import';
import { unitNameIndex } from '../../../shared/domain/unit-names';

const idParams = z.object({ id: Uuid });
/** Who reads people lists; scoping to own / 分管 units happens in the service. */
const PEOPLE_READERS: Role[] = [
  'system_admin',
  'security_admin',
  'principal',
  'leader',
  'supervision_office',
  'unit_admin',
  'unit_clerk',
];
const PEOPLE_WRITERS: Role[] = ['system_admin', 'unit_admin'];

const ImportPreview = z.object({
  batchId: Uuid.nullable(),
  fileName: z.string(),
  units: z.number().int(),
  people: z.number().int(),
  previouslyCommittedAt: z.string().nullable(),
  errors: z.array(
    z.object({
      row: z.number().optional(),
      column: z.string().optional(),
      field: z.string().optional(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  sample: z.object({
    units: z.array(
      z.object({ row: z.number(), name: z.string(), parentName: z.string().nullable(), kind: z.string() }),
    ),
    people: z.array(
      z.object({
        row: z.number(),
        username: z.string(),
        displayName: z.string(),
        unitName: z.string(),
        roles: z.array(z.string()),
      }),
    ),
  }),
});

export function registerOrgRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { org, auth, imports, audit } = deps;

  // ---------------- units ----------------
  r.get('/api/v1/units', {
    config: { access: { authenticated: true } },
    schema: {
      tags: ['org'],
      summary: '单位列表（树由 parentId 组成）/ units',
      response: { 200: z.object({ items: z.array(UnitOut) }) },
    },
    handler: async (req) => ({ items: await org.listUnits(actorOf(req)) }),
  });

  r.get('/api/v1/units/:id', {
    config: { access: { authenticated: true } },
    schema: { tags: ['org'], summary: '单位详情 / a unit', params: idParams, response: { 200: UnitOut } },
    handler: async (req, reply) => withEtag(reply, await org.getUnit(actorOf(req), req.params.id)),
  });

  r.post('/api/v1/units', {
    config: { access: { roles: ['system_admin'] } },
    schema: { tags: ['org'], summary: '新建单位 / create a unit', body: UnitCreate, response: { 201: UnitOut } },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await org.createUnit(actorOf(req), req.body, meta(req)))),
  });

  r.patch('/api/v1/units/:id', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['org'],
      summary: '修改或移动单位（需 If-Match）/ edit or move a unit',
      params: idParams,
      body: UnitPatch,
      response: { 200: UnitOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await org.updateUnit(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    r.post(`/api/v1/units/:id/${action}`, {
      config: { access: { roles: ['system_admin'] } },
      schema: {
        tags: ['org'],
        summary: active ? '恢复单位 / reactivate a unit' : '停用单位（不删除）/ deactivate a unit',
        params: idParams,
        response: { 200: UnitOut },
      },
      handler: async (req, reply) =>
        withEtag(reply, await org.setUnitActive(actorOf(req), req.params.id, ifMatch(req), active, meta(req))),
    });
  }

  // ---------------- people ----------------
  r.get('/api/v1/people', {
    config: { access: { roles: PEOPLE_READERS } },
    schema: {
      tags: ['org'],
      summary: '人员列表（按权限范围过滤）/ people, scoped',
      querystring: PeopleQuery,
      response: {
        200: z.object({ items: z.array(PersonOut), total: z.number(), page: z.number(), pageSize: z.number() }),
      },
    },
    handler: async (req) => org.listPeople(actorOf(req), req.query),
  });

  r.get('/api/v1/people/export', {
    config: { access: { roles: PEOPLE_READERS } },
    schema: {
      tags: ['org'],
      summary: '导出人员 .xlsx（按权限范围）/ export people',
      querystring: PeopleQuery.omit({ page: true, pageSize: true }),
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await org.listPeople(actor, { ...req.query, page: 1, pageSize: 100000 });
      const units = new Map((await org.listUnits(actor)).map((u) => [u.id, u.name]));
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('人员');
      ws.columns = [
        { header: '用户名', width: 16 },
        { header: '姓名', width: 12 },
        { header: '所属单位', width: 24 },
        { header: '职务', width: 16 },
        { header: '手机', width: 16 },
        { header: '角色', width: 24 },
        { header: '分管单位', width: 40 },
        { header: '状态', width: 8 },
      ];
      for (const p of items) {
        ws.addRow([
          p.username,
          p.displayName,
          p.unitName,
          p.title ?? '',
          p.phone ?? '',
          p.roles.map((x) => ROLE_LABELS[x]['zh-CN']).join('、'),
          p.leaderUnitIds.map((id) => units.get(id) ?? '').join('、'),
          p.active ? '在岗' : '停用',
        ]);
      }
      await audit.record({
        ...org.auditAs(actor, meta(req)),
        action: 'person.export',
        result: 'success',
        detail: { count: items.length, filter: req.query },
      });
      return sendWorkbook(reply, wb, '人员名单.xlsx');
    },
  });

  r.get('/api/v1/people/:id', {
    config: { access: { roles: PEOPLE_READERS } },
    schema: { tags: ['org'], summary: '人员详情 / a person', params: idParams, response: { 200: PersonOut } },
    handler: async (req, reply) => withEtag(reply, await org.getPerson(actorOf(req), req.params.id)),
  });

  r.post('/api/v1/people', {
    config: { access: { roles: PEOPLE_WRITERS, session: true } },
    schema: {
      tags: ['org'],
      summary: '新建人员（首次登录须改密码）/ create a person',
      body: PersonCreate,
      response: { 201: PersonOut },
    },
    handler: async (req, reply) =>
      reply.code(201).send(withEtag(reply, await org.createPerson(actorOf(req), req.body, meta(req)))),
  });

  r.patch('/api/v1/people/:id', {
    config: { access: { roles: PEOPLE_WRITERS, session: true } },
    schema: {
      tags: ['org'],
      summary: '修改人员（需 If-Match）/ edit a person',
      params: idParams,
      body: PersonPatch,
      response: { 200: PersonOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await org.updatePerson(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    r.post(`/api/v1/people/:id/${action}`, {
      config: { access: { roles: PEOPLE_WRITERS, session: true } },
      schema: {
        tags: ['org'],
        summary: active ? '恢复账户 / reactivate' : '停用账户（结束其全部会话）/ deactivate',
        params: idParams,
        response: { 200: PersonOut },
      },
      handler: async (req, reply) =>
        withEtag(reply, await org.setPersonActive(actorOf(req), req.params.id, ifMatch(req), active, meta(req))),
    });
  }

  r.put('/api/v1/people/:id/roles', {
    config: { access: { roles: ['security_admin'] } },
    schema: {
      tags: ['security'],
      summary: '设置角色与分管单位（需 If-Match）/ set roles',
      params: idParams,
      body: RolesPut,
      response: { 200: PersonOut },
    },
    handler: async (req, reply) =>
      withEtag(reply, await org.setRoles(actorOf(req), req.params.id, ifMatch(req), req.body, meta(req))),
  });

  r.get('/api/v1/people/:id/account', {
    config: { access: { roles: ['security_admin'] } },
    schema: {
      tags: ['security'],
      summary: '账户安全状态（动态验证码、待改密、锁定来源）/ account status',
      params: idParams,
      response: {
        200: z.object({
          totpEnabled: z.boolean(),
          mustChangePassword: z.boolean(),
          lockedFrom: z.array(z.object({ ip: z.string(), until: z.string() })),
        }),
      },
    },
    handler: async (req) => {
      const person = await org.getPerson(actorOf(req), req.params.id);
      return auth.accountStatus(person.id, person.username);
    },
  });

  // ---------------- import ----------------
  r.get('/api/v1/org-imports/template', {
    config: { access: { roles: ['system_admin'] } },
    schema: { tags: ['org'], summary: '下载单位与人员导入模板 / import template' },
    handler: async (_req, reply) => {
      const wb = new ExcelJS.Workbook();
      const u = wb.addWorksheet('单位');
      u.addRow(Object.values(UNIT_COLUMNS).map((l) => l[0]));
      u.addRow(['示例镇人民政府', '', UNIT_KIND_LABELS.township['zh-CN'], '示例镇', '', 100]);
      const p = wb.addWorksheet('人员');
      p.addRow(Object.values(PEOPLE_COLUMNS).map((l) => l[0]));
      p.addRow([
        'shili_clerk',
        '张三',
        '示例镇人民政府',
        '党政办主任',
        '13800000000',
        ROLE_LABELS.unit_clerk['zh-CN'],
        '',
        'Init#2026a',
      ]);
      const notes = wb.addWorksheet('说明');
      notes.addRow([
        `类型可填：${Object.values(UNIT_KIND_LABELS)
          .map((l) => l['zh-CN'])
          .join('、')}`,
      ]);
      notes.addRow([
        `角色可填：${(['principal', 'leader', 'supervision_office', 'unit_admin', 'unit_clerk'] as const)
          .map((x) => ROLE_LABELS[x]['zh-CN'])
          .join('、')}（多个用顿号分隔；三员角色由安全管理员在系统中设置）`,
      ]);
      notes.addRow(['初始密码至少 8 位，含大写、小写、数字、符号中的三类；首次登录须修改。']);
      return sendWorkbook(reply, wb, '单位与人员导入模板.xlsx');
    },
  });

  r.post('/api/v1/org-imports', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['org'],
      summary: '上传单位/人员表并逐行校验（不写入）/ upload and check, nothing written',
      consumes: ['multipart/form-data'],
      response: { 200: ImportPreview },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const file = await readUpload(req);
      const buf = file.buf;
      const sheets = await readTables(buf, file.filename);
      const units = await org.listUnits(actor);
      const existingPeople = await org.listPeople({ ...actor }, { active: 'all', page: 1, pageSize: 100000 });
      const usernames = new Set(existingPeople.items.map((p) => p.username.toLowerCase()));
      const { plan, errors } = planOrgImport(
        sheets,
        { unitNames: unitNameIndex(units.filter((u) => u.active)), usernames },
        deps.config.passwordPolicy,
      );
      const locale = req.locale;
      const { localiseField } = await import('../../plugins/problem');
      const shown = errors.map((e) => localiseField(e, locale, req.routeOptions.url));
      let batchId: string | null = null;
      const previouslyCommittedAt = await imports.previousCommit(actor, 'org', buf);
      if (errors.length === 0) {
        // Passwords are hashed now, so the held batch never stores them in clear.
        const hashed = await Promise.all(
          plan.people.map(async (p) => ({ ...p, initialPassword: await auth.hashPassword(p.initialPassword) })),
        );
        batchId = await imports.hold(actor, 'org', file.filename, buf, {
          ...plan,
          people: hashed,
        } satisfies OrgImportPlan);
      }
      await audit.record({
        ...org.auditAs(actor, meta(req)),
        action: 'org.import.preview',
        result: errors.length ? 'failure' : 'success',
        detail: {
          fileName: file.filename,
          units: plan.units.length,
          people: plan.people.length,
          errors: errors.length,
        },
      });
      return {
        batchId,
        fileName: file.filename,
        units: plan.units.length,
        people: plan.people.length,
        previouslyCommittedAt,
        errors: shown.map((e) => ({ row: e.row, column: e.column, field: e.field, code: e.code, message: e.message })),
        sample: {
          units: plan.units
            .slice(0, 50)
            .map((u) => ({ row: u.row, name: u.name, parentName: u.parentName, kind: u.kind })),
          people: plan.people.slice(0, 50).map((p) => ({
            row: p.row,
            username: p.username,
            displayName: p.displayName,
            unitName: p.unitName,
            roles: p.roles,
          })),
        },
      };
    },
  });

  r.post('/api/v1/org-imports/:id/commit', {
    config: { access: { roles: ['system_admin'] } },
    schema: {
      tags: ['org'],
      summary: '提交导入（全部成功或全部不写）/ commit, all or nothing',
      params: idParams,
      response: { 200: z.object({ units: z.number(), people: z.number() }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      const m = meta(req);
      return deps.database.db.transaction(async (tx) => {
        const { payload } = await imports.take<OrgImportPlan>(tx, actor, 'org', req.params.id);
        const ids = new Map((await org.listUnits(actor, tx)).filter((u) => u.active).map((u) => [u.name, u.id]));
        for (const u of payload.units) {
          const created = await org.createUnit(
            actor,
            {
              name: u.name,
              parentId: u.parentName ? ids.get(u.parentName) : null,
              kind: u.kind,
              shortName: u.shortName,
              aliases: u.aliases,
              sortOrder: u.sortOrder,
            },
            m,
            tx,
          );
          ids.set(u.name, created.id);
        }
        for (const p of payload.people) {
          const person = await org.createPerson(
            actor,
            {
              username: p.username,
              displayName: p.displayName,
              unitId: ids.get(p.unitName)!,
              title: p.title,
              phone: p.phone,
              passwordHash: p.initialPassword,
            },
            m,
            tx,
          );
          if (p.roles.length) {
            // Bulk onboarding grants business roles only (checked at preview); administrator roles stay with the security administrator.
            await org.setRoles(
              { ...actor },
              person.id,
              person.version,
              { roles: p.roles, leaderUnitIds: p.leaderUnitNames.map((n) => ids.get(n)!) },
              m,
              tx,
            );
          }
        }
        await audit.record(
          {
            ...org.auditAs(actor, m),
            action: 'org.import.commit',
            objectType: 'import_batch',
            objectId: req.params.id,
            result: 'success',
            detail: { units: payload.units.length, people: payload.people.length },
          },
          tx,
        );
        return { units: payload.units.length, people: payload.people.length };
      });
    },
  });
}
