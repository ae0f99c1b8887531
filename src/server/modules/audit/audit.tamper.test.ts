import fs from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp } from '../../../../tests/helpers/app';
import { legacyHash, keyedHash, type ChainedFields } from './audit.chain';
import { anchorFile } from './audit.anchor';
import { randomBytes } from 'node:crypto';

/**
 * The review's nine ways to tamper with the audit trail, each done as the database superuser (what someone with
 * database access has: triggers off with session_replication_role, constraints dropped), each found by the
 * function `npx luoshi audit verify` calls, naming the row or the anchor. The table docs/SECURITY.md shows is
 * this file's.
 */
const t = await createTestApp({}, { demo: false });
const { audit } = t.deps;
const ROWS = 120;

type Row = ChainedFields & { seq: number; prev_hash: string; hash: string };

/** Runs SQL as the superuser with the append-only and gap-free triggers off. */
async function asAttacker<T = Row>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.superuserUrl });
  await c.connect();
  try {
    await c.query(`SET session_replication_role = replica`);
    return await run(c);
  } finally {
    await c.end();
  }
}

const fieldsOf = (r: Record<string, unknown>): ChainedFields => ({
  at: (r.at as Date).toISOString(),
  jurisdictionId: r.jurisdiction_id as string | null,
  personId: r.person_id as string | null,
  username: r.username as string | null,
  unitId: r.unit_id as string | null,
  roles: r.roles as string | null,
  ip: r.ip as string | null,
  action: r.action as string,
  objectType: r.object_type as string | null,
  objectId: r.object_id as string | null,
  result: r.result as string,
  requestId: r.request_id as string | null,
  detail: r.detail,
});

let pristine: { anchors: string; head: number };

beforeAll(async () => {
  for (let i = 0; i < ROWS; i++) {
    await audit.record({
      username: `user${i % 7}`,
      ip: `10.0.0.${i % 250}`,
      action: i % 3 ? 'item.update' : 'auth.login',
      objectType: 'item',
      objectId: `item-${i}`,
      result: i % 5 ? 'success' : 'failure',
      detail: { before: { n: i }, after: { n: i + 1 } },
    });
    if (i === 60) expect(await audit.anchor('interval')).toMatchObject({ seq: 62 });
  }
  const a = await audit.anchor('export');
  expect(a).toMatchObject({ seq: ROWS + 1, why: 'export', failed: [] });
  await asAttacker((c) => c.query('CREATE TABLE audit_pristine AS SELECT * FROM audit_events'));
  pristine = { anchors: fs.readFileSync(anchorFile(t.deps.config.dataDir), 'utf8'), head: a!.seq };
});

// Each case starts from the intact chain and anchors.
beforeEach(async () => {
  await asAttacker(async (c) => {
    await c.query('DELETE FROM audit_events');
    await c.query('ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_seq_positive');
    await c.query('INSERT INTO audit_events SELECT * FROM audit_pristine');
    await c.query('ALTER TABLE audit_events ADD CONSTRAINT audit_seq_positive CHECK (seq > 0)');
  });
  fs.writeFileSync(anchorFile(t.deps.config.dataDir), pristine.anchors);
  const v = await audit.verify();
  expect(v).toMatchObject({ ok: true, checked: ROWS + 1, problems: [], anchorsChecked: 2, head: { seq: ROWS + 1 } });
});

const row = (seq: number) =>
  asAttacker(
    async (c) => (await c.query('SELECT * FROM audit_events WHERE seq = $1', [seq])).rows[0] as Record<string, unknown>,
  );

describe('tampering with the audit trail as the database superuser', () => {
  it('1 edit: a changed field is found at its row', async () => {
    await asAttacker((c) => c.query(`UPDATE audit_events SET ip = '6.6.6.6' WHERE seq = 10`));
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAtSeq: 10, problems: [{ seq: 10, kind: 'hash' }] });
    expect(v.problems[0]!.message['zh-CN']).toContain('第 10 条');
  });

  it('2 flip: a failure turned into a success is found at its row', async () => {
    expect((await row(17)).result).toBe('failure');
    await asAttacker((c) => c.query(`UPDATE audit_events SET result = 'success' WHERE seq = 17`));
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAtSeq: 17, problems: [{ seq: 17, kind: 'hash' }] });
  });

  it('3 swap: two rows exchanged (numbers kept) break the link at the first', async () => {
    const cols =
      'at, jurisdiction_id, person_id, username, unit_id, roles, ip, action, ' +
      'object_type, object_id, result, request_id, detail, prev_hash, hash';
    await asAttacker((c) =>
      c.query(
        `UPDATE audit_events a SET (${cols}) = (SELECT ${cols} FROM audit_events b WHERE b.seq = 41 - a.seq) WHERE a.seq IN (20, 21)`,
      ),
    );
    expect((await row(20)).object_id).toBe('item-19');
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAtSeq: 20, problems: [{ seq: 20, kind: 'link' }] });
  });

  it('4 delete a middle row: the gap is named', async () => {
    await asAttacker((c) => c.query(`DELETE FROM audit_events WHERE seq = 30`));
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAtSeq: 31, problems: [{ seq: 31, kind: 'seq_gap' }] });
    expect(v.problems[0]!.message['zh-CN']).toBe('第 30 条缺失（记录被删除），第 31 条之前断开');
  });

  it('5 delete the newest row: the anchor names the missing end', async () => {
    await asAttacker((c) => c.query(`DELETE FROM audit_events WHERE seq = $1`, [pristine.head]));
    const v = await audit.verify();
    expect(v).toMatchObject({
      ok: false,
      brokenAtSeq: pristine.head,
      problems: [{ kind: 'anchor_beyond_end', anchor: { seq: pristine.head, why: 'export' } }],
    });
    expect(v.problems[0]!.message['zh-CN']).toMatch(
      new RegExp(
        `^审计链止于第 ${pristine.head - 1} 条；\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 的锚点记录为第 ${pristine.head} 条`,
      ),
    );
    expect(v.problems[0]!.message['en-US']).toContain(`the chain ends at ${pristine.head - 1}; the anchor of`);
  });

  it('6 delete the newest 50 rows: the anchor names the missing end', async () => {
    await asAttacker((c) => c.query(`DELETE FROM audit_events WHERE seq > $1`, [pristine.head - 50]));
    const v = await audit.verify();
    expect(v).toMatchObject({
      ok: false,
      brokenAtSeq: pristine.head - 49,
      checked: pristine.head - 50,
      problems: [{ kind: 'anchor_beyond_end', anchor: { seq: pristine.head } }],
    });
    expect(v.problems[0]!.message['zh-CN']).toContain(`审计链止于第 ${pristine.head - 50} 条`);
  });

  it('7 insert rows numbered 0 and below: the database refuses them, and verify names them', async () => {
    await asAttacker(async (c) => {
      // With triggers off the constraint still refuses; the superuser drops it.
      await expect(
        c.query(
          `INSERT INTO audit_events (seq, at, action, result, prev_hash, hash) VALUES (0, now(), 'x', 'success', '', '')`,
        ),
      ).rejects.toThrow(/audit_seq_positive/);
      await c.query('ALTER TABLE audit_events DROP CONSTRAINT audit_seq_positive');
      const f: ChainedFields = { ...fieldsOf(await row(1)), action: 'auth.login', username: 'mallory' };
      for (const seq of [0, -1])
        await c.query(
          `INSERT INTO audit_events (seq, at, action, username, result, prev_hash, hash) VALUES ($1, $2, $3, $4, 'success', $5, $6)`,
          [seq, f.at, f.action, f.username, '0'.repeat(64), legacyHash('0'.repeat(64), f)],
        );
    });
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAtSeq: -1, problems: [{ seq: -1, kind: 'seq_not_positive' }] });
    expect(v.checked).toBe(ROWS + 3);
  });

  it('8 append a forged row with a correct hash (the old public rule, or a guessed key): found at that row', async () => {
    const head = await row(pristine.head);
    const f: ChainedFields = { ...fieldsOf(head), action: 'item.delete', username: 'sysadmin', detail: null };
    for (const hash of [
      legacyHash(head.hash as string, f),
      keyedHash(randomBytes(32), pristine.head + 1, head.hash as string, f),
    ]) {
      await asAttacker(async (c) => {
        await c.query(`DELETE FROM audit_events WHERE seq > $1`, [pristine.head]);
        await c.query(
          `INSERT INTO audit_events (seq, at, action, username, result, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [pristine.head + 1, f.at, f.action, f.username, f.result, head.hash, hash],
        );
      });
      expect(await audit.verify()).toMatchObject({
        ok: false,
        brokenAtSeq: pristine.head + 1,
        problems: [{ seq: pristine.head + 1, kind: 'hash' }],
      });
    }
  });

  it('9 re-chain everything after an edited row: found at the edited row, and the anchors no longer match', async () => {
    await asAttacker(async (c) => {
      const rows = (await c.query('SELECT * FROM audit_events WHERE seq >= 40 ORDER BY seq')).rows as Record<
        string,
        unknown
      >[];
      let prev = ((await c.query('SELECT hash FROM audit_events WHERE seq = 39')).rows[0] as { hash: string }).hash;
      for (const r of rows) {
        const f = fieldsOf(r);
        if (r.seq === 40) f.username = 'nobody';
        const hash = legacyHash(prev, f);
        await c.query('UPDATE audit_events SET username = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [
          r.seq,
          f.username,
          prev,
          hash,
        ]);
        prev = hash;
      }
    });
    const v = await audit.verify();
    expect(v.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['hash', 40],
      ['anchor_mismatch', 62],
    ]);
  });

  it('9b re-chain the whole chain from its first row: the keyed start row no longer holds', async () => {
    await asAttacker(async (c) => {
      const rows = (await c.query('SELECT * FROM audit_events ORDER BY seq')).rows as Record<string, unknown>[];
      let prev = '0'.repeat(64);
      for (const r of rows) {
        const hash = legacyHash(prev, fieldsOf(r));
        await c.query('UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE seq = $1', [r.seq, prev, hash]);
        prev = hash;
      }
    });
    const v = await audit.verify();
    expect(v.problems[0]).toMatchObject({ seq: 1, kind: 'hash' });
  });
});

describe('the database refuses changes from any role that keeps the triggers on', () => {
  it('update, delete, truncate and a gap are refused even for the superuser (who must first turn triggers off)', async () => {
    const c = new pg.Client({ connectionString: t.superuserUrl });
    await c.connect();
    try {
      for (const q of [
        'UPDATE audit_events SET action = $1 WHERE seq = 1',
        'DELETE FROM audit_events WHERE seq = $1::int',
        'TRUNCATE audit_events',
      ]) {
        await expect(c.query(q, q.includes('$1') ? [q.startsWith('UPDATE') ? 'forged' : 1] : [])).rejects.toThrow(
          /append-only/,
        );
      }
      await expect(
        c.query(
          `INSERT INTO audit_events (seq, at, action, result, prev_hash, hash)
            SELECT max(seq) + 2, now(), 'x', 'success', '', '' FROM audit_events`,
        ),
      ).rejects.toThrow(/without a gap/);
    } finally {
      await c.end();
    }
  });
});
