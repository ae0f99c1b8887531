import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, type Client } from '../helpers/app';
import type { RegisteredRoute } from '../../src/server/plugins/auth';
import type { Role } from '../../src/shared/roles';

/**
 * Bad input answers 400, never 500, on every write route the OpenAPI document lists: each string field of each
 * body carries a NUL byte, a control character, a lone surrogate or only zero-width spaces, sent by a role that
 * may call the route; each upload route gets the same in its file name and form fields, and malformed multipart
 * bodies. Search `q` and the other query strings get the same.
 */
const ACCOUNT_OF: Record<Role, string> = {
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditadmin',
  principal: 'wangjianguo',
  leader: 'gongying',
  supervision_office: 'sunli',
  unit_admin: 'fgj.admin',
  unit_clerk: 'fgj.clerk',
};

const CASES = [
  { name: 'a NUL byte', value: '督办\u0000事项', code: 'nul_character' },
  { name: 'a control character', value: '督办\u0007事项', code: 'control_character' },
  { name: 'a lone surrogate', value: '督办\ud800事项', code: 'lone_surrogate' },
  { name: 'only zero-width spaces', value: '\u200b\u200b\u200b', code: 'invisible_only' },
] as const;

/** The routes that take a file, each read by files/upload.ts. */
const UPLOADS = [
  'POST /api/v1/org-imports',
  'POST /api/v1/calendar/import',
  'POST /api/v1/attachments',
  'POST /api/v1/tasks/import',
  'POST /api/v1/projects/import',
  'POST /api/v1/indicators/import',
  'POST /api/v1/extractions',
];

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { in: string; name: string; schema?: Schema }[];
};

const takesString = (s: Schema | undefined): boolean =>
  !!s &&
  (s.type === 'string' ||
    (Array.isArray(s.type) && s.type.includes('string')) ||
    [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].some(takesString));
const objectOf = (s: Schema): Schema | undefined =>
  s.properties ? s : [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].find((x) => x.properties);

/** A body with `bad` in every string field the schema has (nested objects and arrays too); null when it has none. */
function badBody(schema: Schema | undefined, bad: string, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (takesString(schema)) return bad;
  const items = schema.items ?? [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((x) => x.items)?.items;
  if (items) {
    const item = badBody(items, bad, depth + 1);
    return item === undefined ? undefined : [item];
  }
  const obj = objectOf(schema);
  if (!obj) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj.properties!)) {
    const value = badBody(v, bad, depth + 1);
    if (value !== undefined) out[k] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function multipart(parts: { name: string; filename?: string; value: string | Buffer }[], boundary = 'luoshiBoundary') {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${
          p.filename !== undefined
            ? `; \
filename="${p.filename}"`
            : ''
        }\r\n${p.filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
      ),
    );
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const t = await createTestApp();
const doc = (await t.anonymous.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
const routeOf = new Map(t.routes.map((r) => [`${r.method} ${r.url}`, r]));
const WRITE = ['post', 'put', 'patch', 'delete'];
const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops)
    .filter(([m]) => WRITE.includes(m))
    .map(([m, op]) => ({ key: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })),
);
const fill = (url: string) =>
  url
    .split(' ')[1]!
    .replace(/:(\w+)/g, (_, name: string) =>
      name === 'day' ? '2026-12-31' : name === 'type' ? 'general' : crypto.randomUUID(),
    );

/** Someone who may call the route: its first role, or the office for anyone signed in. */
function accountFor(r: RegisteredRoute): string | null {
  const a = r.access as { public?: true; roles?: readonly Role[] };
  if (a.public) return null;
  return ACCOUNT_OF[a.roles?.[0] ?? 'supervision_office'];
}

const clients = new Map<string, Client>();
async function as(account: string | null): Promise<Client> {
  if (!account) return t.anonymous;
  if (!clients.has(account)) clients.set(account, await t.login(account));
  return clients.get(account)!;
}

describe('bad strings in every write route of the OpenAPI document', () => {
  it('finds the write routes and knows who may call each', () => {
    expect(writes.length).toBeGreaterThan(90);
    for (const w of writes) expect(routeOf.has(w.key), w.key).toBe(true);
    for (const u of UPLOADS) expect(writes.map((w) => w.key)).toContain(u);
  });

  for (const c of CASES) {
    it(`${c.name} in any string of a JSON body is a 400 naming the field, on every route`, async () => {
      let checked = 0;
      for (const w of writes) {
        const r = routeOf.get(w.key)!;
        const client = await as(accountFor(r));
        const schema = w.op.requestBody?.content?.['application/json']?.schema;
        // A route without a JSON body of strings still gets one: the check runs before each route's own schema.
        const body = badBody(schema, c.value) ?? { note: c.value };
        const res = await client.request(r.method, fill(w.key), { body });
        const what = `${w.key} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        expect(res.statusCode, what).toBe(400);
        const problem = res.json();
        expect(problem.code, what).toBe('validation');
        expect(
          problem.errors.some((e: { field: string; code: string }) => e.field.startsWith('body.') && e.code === c.code),
          what,
        ).toBe(true);
        checked++;
      }
      expect(checked).toBe(writes.length);
    }, 300_000);
  }

  it('names the field and says what is wrong in the caller’s language', async () => {
    const office = await as('sunli');
    const zh = (await office.post('/api/v1/tasks', { title: '\u200b\u200b\u200b', content: '内容' })).json();
    expect(zh.errors).toContainEqual(
      expect.objectContaining({
        field: 'body.title',
        code: 'invisible_only',
        message: expect.stringContaining('不可见字符'),
      }),
    );
    const en = (await office.post('/api/v1/tasks', { title: 'a\u0000b' }, { 'accept-language': 'en-US' })).json();
    expect(en.errors).toContainEqual(
      expect.objectContaining({ field: 'body.title', code: 'nul_character', message: expect.stringContaining('NUL') }),
    );
    // Ordinary text with tabs, line breaks, emoji (surrogate pairs) and a zero-width joiner inside words passes.
    expect((await office.post('/api/v1/tasks', { title: '👨‍👩‍👧 督办\t事项\n第二行' })).statusCode).not.toBe(500);
  });

  it('refuses a bad username at sign-in with 400, not a failed sign-in or a 500', async () => {
    const res = await t.anonymous.request('POST', '/api/v1/auth/login', {
      body: { username: 'sunli\u0000', password: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ field: 'body.username', code: 'nul_character' }),
    );
  });

  it('refuses each bad case in the search `q` and in path parameters', async () => {
    const office = await as('sunli');
    for (const c of CASES.filter((x) => x.code !== 'lone_surrogate')) {
      const res = await office.get(`/api/v1/tasks?q=${encodeURIComponent(c.value)}`);
      expect(res.statusCode, c.name).toBe(400);
      expect(res.json().errors, c.name).toContainEqual(
        expect.objectContaining({ field: 'querystring.q', code: c.code }),
      );
    }
    // A URL carries UTF-8: a surrogate can only come as its (invalid) 3-byte form, or as bytes that are no UTF-8.
    for (const raw of ['%ED%A0%80', '%FF%FE', '%E7%9D', '%']) {
      const res = await office.get(`/api/v1/tasks?q=${raw}`);
      expect(res.statusCode, raw).toBeLessThan(500);
    }
    const nul = await office.get('/api/v1/tasks/%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors).toContainEqual(expect.objectContaining({ field: 'params.id', code: 'nul_character' }));
  });
});

describe('uploads', () => {
  const csv = Buffer.from('名称,值\n甲,1\n');

  // Multipart carries UTF-8 bytes, in which no lone surrogate can be written (an encoder sends U+FFFD instead).
  for (const c of CASES.filter((x) => x.code !== 'lone_surrogate')) {
    it(`${c.name} in a file name or a form field is a 400 naming it, on every upload route`, async () => {
      for (const key of UPLOADS) {
        const r = routeOf.get(key)!;
        const client = await as(accountFor(r));
        // A name such as "\u200b\u200b\u200b.csv" is not invisible: only the field case applies to it.
        if (c.code !== 'invisible_only') {
          const byName = await client.request('POST', fill(key), {
            payload: multipart([{ name: 'file', filename: `${c.value}.csv`, value: csv }]),
            headers: { 'content-type': 'multipart/form-data; boundary=luoshiBoundary' },
          });
          expect(byName.statusCode, `${key} ${byName.body}`).toBe(400);
          expect(byName.json().errors, key).toContainEqual(
            expect.objectContaining({ field: 'file.filename', code: c.code }),
          );
        }
        const byField = await client.request('POST', fill(key), {
          payload: multipart([
            { name: 'title', value: c.value },
            { name: 'file', filename: 'a.csv', value: csv },
          ]),
          headers: { 'content-type': 'multipart/form-data; boundary=luoshiBoundary' },
        });
        expect(byField.statusCode, `${key} ${byField.body}`).toBe(400);
        expect(byField.json().errors, key).toContainEqual(
          expect.objectContaining({ field: 'body.title', code: c.code }),
        );
      }
    }, 120_000);
  }

  it('a truncated body, a missing boundary and a wrong boundary are each a 400 saying so, on every upload route', async () => {
    const whole = multipart([{ name: 'file', filename: 'a.csv', value: csv }]);
    const bodies = [
      {
        name: 'truncated',
        payload: whole.subarray(0, whole.length - 30),
        type: 'multipart/form-data; boundary=luoshiBoundary',
      },
      {
        name: 'cut in its header',
        payload: whole.subarray(0, 40),
        type: 'multipart/form-data; boundary=luoshiBoundary',
      },
      { name: 'no boundary', payload: whole, type: 'multipart/form-data' },
      { name: 'wrong boundary', payload: whole, type: 'multipart/form-data; boundary=anotherBoundary' },
      {
        name: 'not multipart at all',
        payload: Buffer.from('hello'),
        type: 'multipart/form-data; boundary=luoshiBoundary',
      },
    ];
    for (const key of UPLOADS) {
      const client = await as(accountFor(routeOf.get(key)!));
      for (const b of bodies) {
        const res = await client.request('POST', fill(key), {
          payload: b.payload,
          headers: { 'content-type': b.type },
        });
        expect(res.statusCode, `${key} ${b.name} → ${res.body}`).toBe(400);
        expect(res.json().code, `${key} ${b.name}`).toBe('bad_multipart');
      }
    }
    const en = await (await as('sunli')).request('POST', '/api/v1/tasks/import', {
      payload: whole,
      headers: { 'content-type': 'multipart/form-data', 'accept-language': 'en-US' },
    });
    expect(en.json().detail).toContain('no boundary');
  }, 120_000);
});
