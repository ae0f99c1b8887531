import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { WEB_DIST } from '../../src/server/app';
import { systemActor } from '../../src/server/demo/seed';
import { createTestApp, type Client } from '../helpers/app';

/**
 * Issue 12 §2: an office behind one address (NAT, or a proxy without LUOSHI_TRUST_PROXY) is never locked out.
 * Every request here comes from one address (inject's 127.0.0.1), with the shipped default limits.
 */
const shipped = loadConfig({});
const limits = {
  rateLimitPerMinute: shipped.rateLimitPerMinute,
  addressRateLimitPerMinute: shipped.addressRateLimitPerMinute,
  loginRateLimitPerMinute: shipped.loginRateLimitPerMinute,
  publicRateLimitPerMinute: shipped.publicRateLimitPerMinute,
  lockout: shipped.lockout,
};

/** The files a browser fetches for a page: index.html's scripts, then every chunk they import statically. */
function pageFiles(pageChunk: RegExp): string[] {
  const assets = path.join(WEB_DIST, 'assets');
  const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const todo = [...index.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  todo.push(fs.readdirSync(assets).find((f) => pageChunk.test(f) && f.endsWith('.js'))!);
  const seen = new Set<string>();
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith('.js')) continue;
    // Static imports only (`import … from"./x.js"`, `import"./x.js"`); import("./x.js") loads on demand.
    for (const m of fs.readFileSync(path.join(assets, f), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g))
      todo.push(m[1]!);
  }
  return [...seen].map((f) => `/assets/${f}`);
}

describe.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))('three hundred people behind one address', () => {
  it('sign in and load the task ledger page, and none is refused', async () => {
    // Hashes as cheap as argon2 allows: this test is about counting requests, not about hashing.
    const t = await createTestApp({ ...limits, argon2: { memoryCost: 8192, timeCost: 1 } });
    const { deps } = t;
    const [j] = await deps.org.jurisdictionIds();
    const actor = systemActor(j!);
    const meta = { requestId: 'test-one-address' };
    const unit = await deps.org.createUnit(
      actor,
      { name: '云溪县政务服务中心', kind: 'department', aliases: [], sortOrder: 9000 },
      meta,
    );
    const passwordHash = await deps.auth.hashPassword('Office@2026!');
    const N = 300;
    await deps.database.db.transaction(async (tx) => {
      for (let i = 0; i < N; i++) {
        const p = await deps.org.createPerson(
          actor,
          { username: `clerk${i}`, displayName: `办事员${i}`, unitId: unit.id, passwordHash },
          meta,
          tx,
        );
        await deps.org.setRoles(actor, p.id, p.version, { roles: ['unit_clerk'], leaderUnitIds: [] }, meta, tx);
        await deps.auth.markPasswordState(tx, p.id, { mustChange: false });
      }
    });

    const files = pageFiles(/^TasksPage-/);
    expect(files.length).toBeGreaterThan(3);
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    // The morning: a tenth of the office mistypes its password once, then everyone signs in within the minute.
    for (let i = 0; i < N; i += 10)
      count(
        (await t.anonymous.post('/api/v1/auth/login', { username: `clerk${i}`, password: 'wrong-password' }))
          .statusCode,
      );
    expect(statuses.get(401)).toBe(N / 10);
    statuses.clear();
    const people: Client[] = [];
    for (let i = 0; i < N; i++) people.push(await t.login(`clerk${i}`, 'Office@2026!'));

    // Each loads /tasks as the browser does: the page, its files, and the API calls the page makes.
    const api = [
      '/api/v1/auth/me',
      '/api/v1/notifications?unread=true&pageSize=1',
      '/api/v1/units',
      '/api/v1/tasks?sort=light&page=1&pageSize=20',
      '/api/v1/people?role=leader&pageSize=200',
    ];
    const loadPage = async (p: Client) => {
      const page = await p.get('/tasks');
      count(page.statusCode);
      expect(page.headers['cache-control']).toBe('no-cache');
      for (const f of files) count((await p.get(f)).statusCode);
      for (const u of api) count((await p.get(u)).statusCode);
    };
    // Ten browsers at a time, as people arrive.
    for (let i = 0; i < N; i += 10) await Promise.all(people.slice(i, i + 10).map(loadPage));
    expect(Object.fromEntries(statuses)).toEqual({ 200: N * (1 + files.length + api.length) });
    // Twelve thousand requests on a shared two-core machine: a generous time-out, never a timing assertion.
  }, 600_000);

  it('serves hashed assets for a year and the page itself revalidated', async () => {
    const t = await createTestApp(limits);
    const [file] = pageFiles(/^TasksPage-/);
    const asset = await t.anonymous.get(file!);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const u of ['/', '/index.html', '/tasks/some-id']) {
      const page = await t.anonymous.get(u);
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers.etag).toBeTruthy();
      // A browser revalidating its copy gets a 304 without the body.
      const again = await t.anonymous.get(u, { 'if-none-match': String(page.headers.etag) });
      expect(again.statusCode, u).toBe(304);
    }
  });

  it('sends the build’s brotli or gzip copy by Accept-Encoding, kept a year like the file itself', async () => {
    const t = await createTestApp(limits);
    const [file] = pageFiles(/^TasksPage-/);
    const plain = await t.anonymous.get(file!);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await t.anonymous.get(file!, { 'accept-encoding': accept });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['content-type'], accept).toMatch(/javascript/);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
      const body = res.rawPayload;
      expect(body.length, accept).toBeLessThan(plain.rawPayload.length);
      const decoded = encoding === 'br' ? zlib.brotliDecompressSync(body) : zlib.gunzipSync(body);
      expect(decoded.equals(plain.rawPayload), accept).toBe(true);
    }
    // Pages stay revalidated whatever the encoding asked for.
    const page = await t.anonymous.get('/tasks', { 'accept-encoding': 'br' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('limits per person and per address', () => {
  it('count a signed-in person’s API calls against the person, not the address they share', async () => {
    const t = await createTestApp({ rateLimitPerMinute: 8 });
    const a = await t.login('sunli');
    const b = await t.login('wangjianguo');
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await a.get('/api/v1/auth/me')).statusCode);
    expect(codes.slice(0, 8).every((c) => c === 200)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
    // Same address, another person: not refused.
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('count public endpoints and sign-in per address', async () => {
    const t = await createTestApp({ addressRateLimitPerMinute: 5, loginRateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.anonymous.get('/api/v1/auth/config')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const logins: number[] = [];
    for (let i = 0; i < 4; i++)
      logins.push((await t.anonymous.post('/api/v1/auth/login', { username: `nobody${i}`, password: 'x' })).statusCode);
    expect(logins).toEqual([401, 401, 401, 429]);
  });
});
