import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';
import { BY_ROUTE, fieldLabel } from '../../src/shared/field-labels';

const t = await createTestApp();

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
}

/** Every field path a request can carry (body, query, path), as the problem renderer names them (`body.a.0.b`). */
function paths(
  s: Schema | undefined,
  at: string,
  doc: { components?: { schemas?: Record<string, Schema> } },
  out: Set<string>,
  depth = 0,
) {
  if (!s || depth > 8) return;
  if (s.$ref) return paths(doc.components?.schemas?.[s.$ref.split('/').at(-1)!], at, doc, out, depth + 1);
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) paths(sub, at, doc, out, depth + 1);
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.add(`${at}.${k}`);
    paths(v, `${at}.${k}`, doc, out, depth + 1);
  }
  if (s.items) paths(s.items, `${at}.0`, doc, out, depth + 1);
}

describe('field labels', () => {
  it('every field a request can carry has a label in Chinese and English on its route, so no refusal names a JSON path', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    /** Each route (as registered: `/api/v1/demands/:id/reply`) with the fields its requests carry. */
    const byRoute = new Map<string, Set<string>>();
    for (const [path, ops] of Object.entries(doc.paths) as [
      string,
      Record<
        string,
        { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
      >,
    ][]) {
      const route = path.replace(/\{(\w+)\}/g, ':$1');
      const fields = byRoute.get(route) ?? new Set<string>();
      byRoute.set(route, fields);
      for (const op of Object.values(ops)) {
        for (const p of op.parameters ?? []) fields.add(`${p.in === 'path' ? 'params' : p.in}.${p.name}`);
        // JSON and form bodies alike (a pasted speech comes as JSON or as form fields).
        for (const c of Object.values(op.requestBody?.content ?? {})) paths(c.schema, 'body', doc, fields);
      }
    }
    const all = [...byRoute].flatMap(([route, fields]) => [...fields].map((f) => [route, f] as const));
    expect(all.length).toBeGreaterThan(100);
    const missing = all
      .filter(([route, f]) => !fieldLabel(f, 'zh-CN', route) || !fieldLabel(f, 'en-US', route))
      .map(([route, f]) => `${route} ${f}`)
      .sort();
    expect(missing).toEqual([]);

    // A route-scoped label belongs to routes that exist (a renamed route does not leave dead labels behind).
    const dead = Object.keys(BY_ROUTE).filter(
      (scope) => ![...byRoute.keys()].some((route) => route === scope || route.startsWith(`${scope}/`)),
    );
    expect(dead).toEqual([]);
  });

  it('reads a field by its resource: a demand’s text is 诉求内容, a report’s 进展情况, a signing’s occasion 签约活动', async () => {
    expect(fieldLabel('body.text', 'zh-CN', '/api/v1/tasks/:id/reports')).toBe('进展情况');
    expect(fieldLabel('body.text', 'zh-CN', '/api/v1/findings/:id/reports')).toBe('进展情况');
    expect(fieldLabel('body.text', 'zh-CN', '/api/v1/demands')).toBe('诉求内容');
    expect(fieldLabel('body.text', 'zh-CN', '/api/v1/demands/:id/reply')).toBe('答复内容');
    expect(fieldLabel('body.text', 'en-US', '/api/public/demands')).toBe('demand');
    expect(fieldLabel('body.demands.0.text', 'zh-CN', '/api/v1/visits')).toBe('诉求内容');
    expect(fieldLabel('body.occasion', 'zh-CN', '/api/v1/leads/:id/stages')).toBe('签约活动');
    expect(fieldLabel('body.text', 'zh-CN', '/api/v1/extractions')).toBe('文稿内容');
    // Not a prefix by letters: /api/v1/leadsX is not a lead's route.
    expect(fieldLabel('body.occasion', 'zh-CN', '/api/v1/leadsX')).toBeNull();
    // Without a route, the name-only table.
    expect(fieldLabel('body.deadline', 'zh-CN')).toBe('完成时限');

    const office = await t.login('sunli');
    const demand = await office.post('/api/v1/demands', { text: '' });
    expect(demand.statusCode).toBe(400);
    const errors = demand.json().errors as { field: string; label: string }[];
    expect(errors.find((e) => e.field === 'body.text')).toMatchObject({ label: '诉求内容' });
  });

  it("a refusal names each field by its label and says what is wrong, in the caller's language", async () => {
    const office = await t.login('sunli');
    const body = {
      title: '标签测试',
      content: '内容',
      standard: '标准',
      accountability: '纳入年度目标考核',
      leadUnitId: 'not-an-id',
      deadline: '2099-13-45',
      coUnitIds: [],
      milestones: [{ title: '节点', due: 'soon' }],
      cadence: 'daily',
    };
    const zh = (await office.post('/api/v1/tasks', body)).json() as {
      errors: { field: string; label: string; message: string }[];
    };
    const byField = Object.fromEntries(zh.errors.map((e) => [e.field, e]));
    expect(byField['body.leadUnitId']).toMatchObject({ label: '牵头单位', message: '请从列表中选择' });
    expect(byField['body.deadline']).toMatchObject({ label: '完成时限', message: '请填写日期，如 2026-06-30' });
    expect(byField['body.milestones.0.due']).toMatchObject({ label: '节点时间' });
    expect(byField['body.cadence']).toMatchObject({ label: '进展报送频次', message: '请从列表中选择' });
    for (const e of zh.errors) expect(e.message).not.toBe('取值不正确');

    const en = (await office.post('/api/v1/tasks', body, { 'accept-language': 'en-US' })).json() as {
      errors: { field: string; label: string; message: string }[];
    };
    expect(en.errors.find((e) => e.field === 'body.deadline')).toMatchObject({
      label: 'deadline',
      message: 'enter a date such as 2026-06-30',
    });

    // A number out of range says its bound; a domain refusal's field carries the refusal's words.
    const rules = (await office.get('/api/v1/settings/lights')).json() as { version: number };
    const lights = await office.request('PUT', '/api/v1/settings/lights', {
      body: { yellowGap: -5, redGap: 500, dueSoonWorkingDays: 3 },
      headers: { 'if-match': `"${rules.version}"` },
    });
    const lightErrors = (lights.json() as { errors: { field: string; label: string; message: string }[] }).errors;
    expect(lightErrors.find((e) => e.field === 'body.yellowGap')).toMatchObject({ label: '黄灯阈值' });
    expect(lightErrors.find((e) => e.field === 'body.yellowGap')!.message).toBe('不能小于 1');
    const pw = await office.post('/api/v1/auth/change-password', {
      currentPassword: 'wrong-Password1',
      newPassword: 'N3w#Passw0rd!',
    });
    expect(pw.statusCode).toBe(400);
    expect(pw.json().errors[0]).toMatchObject({ label: '原密码', message: '原密码错误' });
  });
});
