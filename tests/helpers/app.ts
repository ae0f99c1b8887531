import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/server/config';
import { connect } from '../../src/server/db/client';
import { buildApp, createServices, type AppDeps } from '../../src/server/app';
import type { RegisteredRoute } from '../../src/server/plugins/auth';
import { seedDemo } from '../../src/server/demo/seed';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/server/demo/county';
import { createTestDatabase } from './db';
import { seedsLikeTemplate, testConfig, writeAuditKey } from './demo-template';

export { DEMO_PASSWORD };

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  routes: RegisteredRoute[];
  url: string;
  /** The database superuser's URL (tests that play someone with full database access). */
  superuserUrl: string;
  /** Signs in and returns a client that sends the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
}

export interface Client {
  csrf: string;
  cookie: string;
  request(
    method: string,
    url: string,
    opts?: { body?: unknown; headers?: Record<string, string>; payload?: Buffer | string },
  ): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

function client(app: FastifyInstance, cookie = '', csrf = ''): Client {
  const request: Client['request'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      payload: opts.payload ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
  return {
    csrf,
    cookie,
    request,
    get: (url, headers) => request('GET', url, { headers }),
    post: (url, body, headers) => request('POST', url, { body: body ?? {}, headers }),
    patch: (url, body, headers) => request('PATCH', url, { body, headers }),
    put: (url, body, headers) => request('PUT', url, { body, headers }),
  };
}

/** A real app on a fresh database with the demo county; torn down after the file. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  opts: { demo?: boolean; today?: () => string; clock?: () => string; fetch?: typeof fetch } = {},
): Promise<TestApp> {
  // Most apps start from the template that already holds the demo county's units and people (loaded once per run,
  // tests/setup/global.ts) with the audit key its chain was written with; an app whose settings would change what
  // loading writes loads the county itself.
  const fromTemplate = opts.demo !== false && seedsLikeTemplate(overrides);
  const tdb = await createTestDatabase({ demo: fromTemplate });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-files-'));
  if (fromTemplate) writeAuditKey(dataDir, inject('demoAuditKey'));
  const config = testConfig(tdb.url, dataDir, overrides);
  // Strict: a query on a second connection inside a transaction throws (the pool-size rule, db/client.ts).
  const database = connect(tdb.url, 5, '', true);
  const deps = createServices(
    config,
    database,
    { enabled: opts.demo !== false, accounts: DEMO_ACCOUNTS },
    { today: opts.today, clock: opts.clock, fetch: opts.fetch },
  );
  await deps.calendar.ensureOfficial();
  // From the template this finds the county loaded and does nothing.
  if (opts.demo !== false) await seedDemo(deps, { forcePasswordChange: false });
  // Only errors are logged: an unexpected 500 in a test shows its cause.
  const { app, routes } = await buildApp(deps);
  await app.ready();
  afterAll(async () => {
    await app.close();
    await database.close();
    await tdb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    app,
    deps,
    routes,
    url: tdb.url,
    superuserUrl: tdb.superuserUrl,
    anonymous: client(app),
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const set = res.cookies.find((c) => c.name.endsWith('luoshi_sid'))!;
      return client(app, `${set.name}=${set.value}`, res.json().csrfToken);
    },
  };
}
