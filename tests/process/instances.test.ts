import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded, type DatabaseHandle } from '../../src/server/db/embedded';
import { api, createAdmin, freePort, killAll, signIn, startServer, waitReady, type Started } from './proc';

/**
 * Two app instances on one PostgreSQL behind nginx (the README's topology): a session works on both, a write on
 * one is read on the other, the sign-in lockout is shared, and each scheduled job runs once per period.
 */
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
if (!nginx) console.log('[instances test] nginx is not installed (apt-get install nginx-light): skipped');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-two-'));
fs.chmodSync(work, 0o755);
let db: DatabaseHandle | undefined;
let proxy: ChildProcess | undefined;
afterAll(async () => {
  killAll();
  proxy?.kill('SIGQUIT');
  await db?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const PASSWORD = 'Instances#2026a';
const jobOutcomes = (out: string, job: string) =>
  out
    .split('\n')
    .filter(
      (l) =>
        l.includes(`"job":"${job}"`) &&
        /"msg":"job (done|skipped: ran this period|skipped: running elsewhere)"/.test(l),
    );

describe.skipIf(!nginx)('two instances behind nginx', () => {
  it('a session works on both, writes show on the other, the lockout is shared, each job runs once', async () => {
    db = await startEmbedded({ dataDir: path.join(work, 'pg'), mode: 'own', say: () => {} });
    // One files directory for both (in production: shared storage); DATABASE_URL: no embedded server of their own.
    const env = {
      DATABASE_URL: db.url,
      LUOSHI_JOBS: '1',
      LUOSHI_LOG_LEVEL: 'debug',
      LUOSHI_TRUST_PROXY: '1',
      LUOSHI_LOCK_THRESHOLD: '3',
    };
    const dataDir = path.join(work, 'shared');
    const a = await startServer({ dataDir, args: ['--no-demo'], env });
    await waitReady(a); // the first migrates; the second finds it done
    const b = await startServer({ dataDir, args: ['--no-demo'], env });
    await waitReady(b);
    createAdmin(dataDir, 'twoadmin', PASSWORD, undefined, { DATABASE_URL: db.url });

    const port = await freePort();
    const conf = path.join(work, 'nginx.conf');
    fs.writeFileSync(conf, nginxConf(port, [a, b]));
    proxy = spawn(nginx!, ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
    const front = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        () =>
          fetch(`${front}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 30_000 },
      )
      .toBe(200);

    // A session made through nginx works on each instance directly.
    const signed = await signIn(front, 'twoadmin', PASSWORD);
    expect(signed.status).toBe(200);
    const session = signed.session!;
    for (const s of [a, b]) expect((await api(s.base, session, 'GET', '/api/v1/auth/me')).status).toBe(200);

    // A write on one is read on the other (lists are not cached; dashboards within LUOSHI_VIEW_CACHE_SECONDS).
    const made = await api(a.base, session, 'POST', '/api/v1/units', { name: '双实例单位', kind: 'government_office' });
    expect(made.status).toBe(201);
    const names = async (s: Started) =>
      ((await (await api(s.base, session, 'GET', '/api/v1/units')).json()) as { items: { name: string }[] }).items.map(
        (u) => u.name,
      );
    await expect.poll(() => names(b), { timeout: 15_000 }).toContain('双实例单位');
    // Through nginx, which spreads requests over both: every answer has it.
    for (let i = 0; i < 4; i++) expect(await names({ base: front } as Started)).toContain('双实例单位');

    // The lockout is shared: failures on either instance count together (threshold 3 here).
    const wrong = (s: string) => signIn(s, 'twoadmin', 'Wrong#Password1');
    expect((await wrong(a.base)).status).toBe(401);
    expect((await wrong(b.base)).status).toBe(401);
    expect((await wrong(a.base)).status).toBe(423); // the third failure, whichever instance saw the first two
    const locked = await signIn(b.base, 'twoadmin', PASSWORD);
    expect(locked.status).toBe(423);

    // Each job ran once although both instances' timers fired: one 'job done', the other instance skipped.
    for (const job of ['reminders', 'round-cutoff']) {
      await expect
        .poll(() => jobOutcomes(a.output() + b.output(), job).length, { timeout: 60_000 })
        .toBeGreaterThanOrEqual(2);
      const outcomes = jobOutcomes(a.output() + b.output(), job);
      expect(outcomes.filter((l) => l.includes('"msg":"job done"'))).toHaveLength(1);
    }

    for (const s of [a, b]) {
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  }, 600_000);
});

/** The README's example, on loopback ports and a private prefix. */
function nginxConf(port: number, upstreams: Started[]): string {
  const example = fs.readFileSync(path.join(import.meta.dirname, '../../docs/nginx.conf.example'), 'utf8');
  const servers = upstreams.map((s) => `    server 127.0.0.1:${s.port};`).join('\n');
  return `
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
${example
  .replace(/^upstream luoshi \{[^}]*\}/m, `upstream luoshi {\n${servers}\n  }`)
  .replace(/^\s*listen [^;]+;/m, `listen 127.0.0.1:${port};`)
  .replace(/^\s*server_name [^;]+;\n/m, '')}
}
`;
}
