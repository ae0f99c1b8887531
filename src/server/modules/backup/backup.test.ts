import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createBackupSchedule,
  lastScheduled,
  listBackups,
  parseRecoveryTime,
  pruneBackups,
  restoreBackup,
} from './backup.service';

/** The parts of backups that need no database: times, the daily schedule, retention, files-only backups. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bk-unit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function evidence(dataDir: string, text: string) {
  const buf = Buffer.from(text);
  const sha = crypto.createHash('sha256').update(buf).digest('hex');
  const p = path.join(dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, buf);
  return p;
}

describe('recovery times', () => {
  it('reads a time without a zone as Asia/Shanghai, and keeps a zone given', () => {
    expect(parseRecoveryTime('2026-12-06 15:30')).toBe('2026-12-06T07:30:00.000Z');
    expect(parseRecoveryTime('2026-12-06 15:30:20.250')).toBe('2026-12-06T07:30:20.250Z');
    expect(parseRecoveryTime('2026-12-06T15:30:00Z')).toBe('2026-12-06T15:30:00.000Z');
    expect(parseRecoveryTime('2026-12-06 15:30 +09:00')).toBe('2026-12-06T06:30:00.000Z');
    expect(parseRecoveryTime('2026-12-06 15:30+0000')).toBe('2026-12-06T15:30:00.000Z');
    expect(parseRecoveryTime('yesterday')).toBeUndefined();
    expect(parseRecoveryTime('2026-13-40 25:00')).toBeUndefined();
  });

  it('finds the last scheduled moment, Shanghai time', () => {
    // 18:00 in Shanghai: today's 02:30 has passed.
    expect(lastScheduled(new Date('2026-12-06T10:00:00Z'), '02:30').toISOString()).toBe('2026-12-05T18:30:00.000Z');
    // 02:29 in Shanghai: not yet, so yesterday's.
    expect(lastScheduled(new Date('2026-12-05T18:29:00Z'), '02:30').toISOString()).toBe('2026-12-04T18:30:00.000Z');
    expect(lastScheduled(new Date('2026-12-05T18:30:00Z'), '02:30').toISOString()).toBe('2026-12-05T18:30:00.000Z');
    expect(lastScheduled(new Date('2026-12-06T15:59:00Z'), '23:59').toISOString()).toBe('2026-12-06T15:59:00.000Z');
  });
});

describe('the daily backup (files only, as with DATABASE_URL)', () => {
  const dataDir = path.join(tmp, 'data');
  const root = path.join(tmp, 'backups');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'pg-password'), 'secret\n');
  fs.writeFileSync(path.join(dataDir, 'luoshi.lock'), '{}');
  const first = evidence(dataDir, 'photo one');
  let day = 0;
  const schedule = createBackupSchedule({
    dataDir,
    root,
    keep: 2,
    at: '02:30',
    walArchive: null,
    adminUrl: () => undefined,
    now: () => new Date(Date.now() + day * 86400_000),
  });

  it('runs when due, once a day, keeps the newest, and links unchanged evidence files', async () => {
    const r1 = await schedule();
    expect(r1.backup).toBeTruthy();
    expect(await schedule()).toMatchObject({ skipped: 'done' });
    day = 1;
    evidence(dataDir, 'photo two');
    const r2 = await schedule();
    expect(r2.backup).toBeTruthy();
    const [b1, b2] = await listBackups(root);
    expect(b2!.manifest.kind).toBe('files-only');
    expect(b2!.manifest.files.map((f) => f.path).sort()).toEqual(
      [...b1!.manifest.files.map((f) => f.path), path.relative(dataDir, evidence(dataDir, 'photo two'))].sort(),
    );
    expect(b2!.manifest.files.some((f) => f.path === 'luoshi.lock')).toBe(false);
    // The same evidence file is stored once across backups.
    const rel = path.relative(dataDir, first);
    expect(fs.statSync(path.join(b2!.dir, rel)).ino).toBe(fs.statSync(path.join(b1!.dir, rel)).ino);
    day = 2;
    const r3 = await schedule();
    expect(r3.pruned).toBe(1);
    expect((await listBackups(root)).map((b) => b.dir)).toEqual([b2!.dir, r3.backup]);
  });

  it('is off when LUOSHI_BACKUP_AT=off', async () => {
    const off = createBackupSchedule({
      dataDir,
      root: path.join(tmp, 'never'),
      keep: 2,
      at: null,
      walArchive: null,
      adminUrl: () => undefined,
    });
    expect(await off()).toEqual({ skipped: 'off' });
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  it('restores the files of a files-only backup, checking each', async () => {
    const target = path.join(tmp, 'restored');
    const r = await restoreBackup({ from: root, dataDir: target });
    expect(r.recoveredTo).toBeNull();
    expect(fs.readFileSync(path.join(target, 'pg-password'), 'utf8')).toBe('secret\n');
    expect(fs.readFileSync(path.join(target, path.relative(dataDir, first)), 'utf8')).toBe('photo one');
    await expect(restoreBackup({ from: root, dataDir: target })).rejects.toThrow(/不是空的/);
    await expect(
      restoreBackup({ from: root, dataDir: path.join(tmp, 'r2'), to: '2026-12-06T07:30:00.000Z' }),
    ).rejects.toThrow(/仅含文件|no backup finished/);
  });
});

describe('retention of the WAL archive', () => {
  it('drops the segments before the oldest kept backup, whatever their timeline, and keeps the histories', async () => {
    const root = path.join(tmp, 'wal-root');
    const wal = path.join(root, 'wal');
    fs.mkdirSync(wal, { recursive: true });
    const seg = (tl: number, n: number) =>
      `${tl.toString(16).padStart(8, '0').toUpperCase()}00000000${n.toString(16).padStart(8, '0').toUpperCase()}`;
    for (let n = 1; n <= 6; n++) fs.writeFileSync(path.join(wal, seg(1, n)), '');
    fs.writeFileSync(path.join(wal, seg(2, 2)), '');
    fs.writeFileSync(path.join(wal, '00000002.history'), '');
    for (const [i, start] of [
      [1, 2],
      [2, 4],
      [3, 5],
    ] as const) {
      const d = path.join(root, `luoshi-2026120${i}-000000Z`);
      fs.mkdirSync(d);
      fs.writeFileSync(
        path.join(d, 'manifest.json'),
        JSON.stringify({
          format: 'luoshi-backup',
          startedAt: `2026-12-0${i}T00:00:00Z`,
          pg: { startWalFile: seg(1, start) },
          files: [],
        }),
      );
    }
    const r = await pruneBackups(root, 2, wal);
    expect(r.removed).toEqual(['luoshi-20261201-000000Z']);
    expect(fs.readdirSync(wal).sort()).toEqual(['00000002.history', seg(1, 4), seg(1, 5), seg(1, 6)].sort());
  });
});
