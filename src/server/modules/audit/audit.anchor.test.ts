import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';
import { connect } from '../../db/client';
import { createAuditService } from './audit.service';
import { AUDIT_KEY_FILE, loadAuditKey } from './audit.key';
import { anchorFile, readAnchors } from './audit.anchor';
import { GENESIS_HASH, legacyHash, type ChainedFields } from './audit.chain';
import { jobsOf } from '../../app';

const received: { webhook: unknown[]; syslog: string[] } = { webhook: [], syslog: [] };
const hook = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.webhook.push(JSON.parse(body));
    res.end('ok');
  });
});
await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
const syslog = dgram.createSocket('udp4');
syslog.on('message', (m) => received.syslog.push(m.toString()));
await new Promise<void>((r) => syslog.bind(0, '127.0.0.1', r));
afterAll(() => {
  hook.close();
  syslog.close();
});

const t = await createTestApp(
  {
    audit: {
      anchorMinutes: 15,
      anchorWebhook: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/anchor`,
      anchorSyslog: `127.0.0.1:${syslog.address().port}`,
    },
  },
  { demo: false },
);

describe('the audit key', () => {
  it('is made on first start in the data directory, readable by its owner only, and names the chain', async () => {
    const file = path.join(t.deps.config.dataDir, AUDIT_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAuditKey({ dataDir: t.deps.config.dataDir }).length).toBe(32);
    await t.deps.audit.record({ action: 'test.event', result: 'success' });
    await t.deps.audit.settle();
    const c = new pg.Client({ connectionString: t.superuserUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT seq, action, detail FROM audit_events ORDER BY seq LIMIT 1`);
    await c.end();
    expect(rows[0]).toMatchObject({
      seq: 1,
      action: 'audit.chain.keyed',
      detail: { legacyUntilSeq: 0, keyId: t.deps.audit.keyId },
    });
  });

  it('LUOSHI_AUDIT_KEY is used instead of the file; a process with another key refuses to write or to start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-key-'));
    const database = connect(t.url, 2);
    try {
      const other = createAuditService({
        db: database.db,
        key: loadAuditKey({ dataDir: dir, key: 'k'.repeat(40) }),
        dataDir: dir,
      });
      expect(fs.existsSync(path.join(dir, AUDIT_KEY_FILE))).toBe(false);
      await expect(other.ensureKeyed()).rejects.toThrow(/审计链是用另一把密钥签名的/);
      await expect(other.record({ action: 'test.event', result: 'success' })).rejects.toThrow(/another key/);
      expect((await other.verify()).problems[0]).toMatchObject({ seq: 1, kind: 'wrong_key' });
      expect((await t.deps.audit.verify()).ok).toBe(true);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('anchors', () => {
  it('the job writes the head to the file, the webhook and syslog, only when it moved; an export always', async () => {
    const job = jobsOf(t.deps).find((j) => j.name === 'audit-anchor')!;
    expect(job.everySeconds).toBe(900);
    const first = (await job.run()) as { seq: number; hash: string; failed: string[] };
    expect(first).toMatchObject({ why: 'interval', failed: [] });
    expect(await job.run()).toBeNull();
    await t.deps.audit.record({ action: 'test.event', result: 'success' });
    const second = (await job.run()) as { seq: number };
    expect(second.seq).toBe(first.seq + 1);
    // (audit.test.ts exports through the route.)
    await t.deps.audit.anchor('export');
    const { anchors, unreadable } = readAnchors(t.deps.config.dataDir);
    expect(unreadable).toBe(0);
    expect(anchors.map((a) => a.why)).toEqual(['interval', 'interval', 'export']);
    expect(fs.statSync(anchorFile(t.deps.config.dataDir)).mode & 0o777).toBe(0o600);
    expect(received.webhook).toHaveLength(3);
    expect(received.webhook[0]).toMatchObject({ type: 'luoshi.audit.anchor', seq: first.seq, hash: first.hash });
    await expect.poll(() => received.syslog.length).toBe(3);
    expect(received.syslog[0]).toMatch(
      new RegExp(
        `^<110>1 \\S+ \\S+ luoshi \\d+ audit-anchor - luoshi audit anchor seq=${first.seq} hash=${first.hash}`,
      ),
    );
  });

  it('an anchor file with a changed line is reported', async () => {
    fs.appendFileSync(anchorFile(t.deps.config.dataDir), '{"seq": "many"\n');
    expect((await t.deps.audit.verify()).problems).toMatchObject([{ kind: 'anchors_unreadable' }]);
  });
});

describe('a chain begun before the key (upgrade)', () => {
  it('keeps verifying its old rows under the old rule, sealed by the key from the upgrade on', async () => {
    const u = await createTestApp({}, { demo: false });
    const su = new pg.Client({ connectionString: u.superuserUrl });
    await su.connect();
    // What the previous version wrote: SHA-256 without a key, numbers from a sequence (a rolled-back one skipped).
    await su.query('SET session_replication_role = replica');
    await su.query('DELETE FROM audit_events');
    let prev = GENESIS_HASH;
    for (const seq of [1, 2, 4, 5]) {
      const f: ChainedFields = {
        at: new Date(Date.UTC(2026, 0, seq)).toISOString(),
        jurisdictionId: null,
        personId: null,
        username: 'old',
        unitId: null,
        roles: null,
        ip: null,
        action: 'auth.login',
        objectType: null,
        objectId: null,
        result: 'success',
        requestId: null,
        detail: { n: seq },
      };
      const hash = legacyHash(prev, f);
      await su.query(
        `INSERT INTO audit_events (seq, at, username, action, result, detail, prev_hash, hash)
          VALUES ($1, $2, 'old', 'auth.login', 'success', $3, $4, $5)`,
        [seq, f.at, f.detail, prev, hash],
      );
      prev = hash;
    }
    await u.deps.audit.ensureKeyed();
    await u.deps.audit.record({ action: 'auth.login', result: 'success' });
    const v = await u.deps.audit.verify();
    expect(v).toMatchObject({ ok: true, checked: 6, head: { seq: 7 } });
    const { rows } = await su.query(`SELECT detail FROM audit_events WHERE seq = 6`);
    expect(rows[0].detail).toMatchObject({ legacyUntilSeq: 5, legacyHeadHash: prev });
    // An old row changed and the old part re-chained after the upgrade: the start row no longer seals it.
    await su.query(`UPDATE audit_events SET username = 'mallory' WHERE seq = 2`);
    let p = GENESIS_HASH;
    for (const r of (await su.query(`SELECT * FROM audit_events WHERE seq <= 5 ORDER BY seq`)).rows) {
      const f: ChainedFields = {
        at: r.at.toISOString(),
        jurisdictionId: null,
        personId: null,
        username: r.username,
        unitId: null,
        roles: null,
        ip: null,
        action: r.action,
        objectType: null,
        objectId: null,
        result: r.result,
        requestId: null,
        detail: r.detail,
      };
      const hash = legacyHash(p, f);
      await su.query(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE seq = $1`, [r.seq, p, hash]);
      p = hash;
    }
    await su.end();
    expect((await u.deps.audit.verify()).problems[0]).toMatchObject({ seq: 6, kind: 'legacy_seal' });
  });
});
