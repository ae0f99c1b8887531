import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TaskOut } from '../../shared/tasks';
import { compileFast, createSerializerCompiler } from './serializer';

const Person = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  roles: z.array(z.object({ role: z.string() })),
});
const row = {
  id: 'p1',
  name: '张三',
  passwordHash: '$argon2id$v=19$secret',
  unit: { id: 'u1', name: '发改局', internalNote: '内部备注' },
  note: null,
  roles: [{ role: 'unit_clerk', grantedBy: 'p0' }],
  totpSecret: 'JBSWY3DPEHPK3PXP',
};

async function appWith(check: boolean, schema: z.ZodType, data: unknown) {
  const app = Fastify();
  app.setSerializerCompiler(createSerializerCompiler({ check }));
  app.get('/x', { schema: { response: { 200: schema } } }, async () => data);
  await app.ready();
  return app;
}

describe('compiled response serializers', () => {
  it('compile the list schemas (the fast path is the one in use) and fall back to zod for a transform', () => {
    expect(compileFast(z.object({ items: z.array(TaskOut), total: z.number() }))).not.toBeNull();
    expect(compileFast(Person)).not.toBeNull();
    expect(compileFast(z.object({ at: z.date() }))).toBeNull();
    expect(compileFast(z.object({ n: z.string().transform((s) => s.length) }))).toBeNull();
  });

  for (const check of [false, true])
    it(`never write a property the schema does not declare (check ${check})`, async () => {
      const app = await appWith(check, Person, row);
      const res = await app.inject('/x');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: 'p1',
        name: '张三',
        unit: { id: 'u1', name: '发改局' },
        note: null,
        roles: [{ role: 'unit_clerk' }],
      });
      for (const leak of ['passwordHash', 'argon2', 'internalNote', '内部备注', 'grantedBy', 'totpSecret', 'JBSWY3'])
        expect(res.body).not.toContain(leak);
      await app.close();
    });

  it('a schema kept on zod (a date) strips undeclared properties too', async () => {
    const schema = z.object({ id: z.string(), at: z.date() });
    const app = await appWith(false, schema, { id: 'a', at: new Date('2026-01-02T03:04:05Z'), passwordHash: 'x' });
    const res = await app.inject('/x');
    expect(res.json()).toEqual({ id: 'a', at: '2026-01-02T03:04:05.000Z' });
    await app.close();
  });

  it('with the check, an answer the compiled serializer would write differently from zod is refused', async () => {
    // fast-json-stringify truncates 1.5 for an integer; zod refuses it: the check must catch the disagreement.
    const app = await appWith(true, z.object({ n: z.number().int() }), { n: 1.5 });
    const res = await app.inject('/x');
    expect(res.statusCode).toBe(500);
    await app.close();
  });

  it('without the check, a nullable object and a missing optional field are written as zod writes them', async () => {
    const schema = z.object({ a: z.object({ b: z.number() }).nullable(), c: z.string().optional(), d: z.number() });
    for (const data of [
      { a: null, d: 1 },
      { a: { b: 2, x: 1 }, c: 'y', d: 1 },
    ]) {
      const fast = await appWith(false, schema, data);
      const checked = await appWith(true, schema, data);
      expect((await fast.inject('/x')).json()).toEqual((await checked.inject('/x')).json());
      await fast.close();
      await checked.close();
    }
  });
});
