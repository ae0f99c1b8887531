import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { startEmbedded } from '../../db/embedded';
export { archiveCommand } from '../../db/embedded';

/**
 * Backups that restore, by PostgreSQL's own low-level backup API (the embedded server ships no pg_basebackup):
 * a temporary replication slot keeps the WAL, `pg_backup_start` → copy the data directory → `pg_backup_stop`,
 * then the WAL from the start to the stop segment goes into the copy's pg_wal and `backup_label` beside it, so
 * the copy is self-contained. The other contents of the data directory (evidence files, the database password)
 * are copied after the stop: files are written before the rows that name them and never change, so the copy holds
 * every file the database copy refers to. Every file is listed in manifest.json with its size and sha256.
 *
 * Restore lays a backup into an empty data directory and lets PostgreSQL recover it (archive recovery to the
 * backup's consistent point, or to a chosen moment from the WAL archive), then promotes it to a new timeline, so
 * its WAL never collides with the original's in a shared archive.
 */
export const BACKUP_FORMAT = 'luoshi-backup';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  /** embedded: the database and the files; files-only: DATABASE_URL, whose database is the operator's to back up. */
  kind: 'embedded' | 'files-only';
  startedAt: string;
  finishedAt: string;
  /** From this moment on the copy is consistent: the earliest point in time it can be recovered to. */
  consistentAt: string | null;
  pg: null | {
    version: string;
    timeline: number;
    startLsn: string;
    stopLsn: string;
    startWalFile: string;
    stopWalFile: string;
    walSegmentSize: number;
  };
  /** The WAL archive the server was writing while the backup was taken (for point-in-time recovery). */
  walArchive: string | null;
  bytes: number;
  dirs: string[];
  files: ManifestFile[];
}

/** A refusal or failure the operator can act on: the CLI prints it without a stack trace. */
export class BackupError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
  }
}

const log0 = () => {};

// What pg_basebackup leaves out: contents rebuilt at start-up, or meaningless in a copy.
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_dynshmem',
  'pg_notify',
  'pg_replslot',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const SKIP_TOP = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'backup_label.old',
  'current_logfiles',
  'recovery.signal',
  'standby.signal',
]);
const SKIP_ANY = (name: string) => name === 'pg_internal.init' || name.startsWith('pgsql_tmp');
/** Beside the database in the data directory: the lock and runtime files of the running process. */
const SKIP_DATA_TOP = new Set(['pg', 'luoshi.lock', 'runtime.json']);
/**
 * Files that point into the database (the audit chain's anchors name rows by sequence): copied before it, so
 * the copy of the database holds every row they name.
 */
const BEFORE_DATABASE = ['audit-anchors.jsonl'];
const WAL_SEGMENT = /^[0-9A-F]{24}$/;
const WAL_HISTORY = /^[0-9A-F]{8}\.history$/;

const isRoot = () => process.getuid?.() === 0;
const toPosix = (p: string) => p.split(path.sep).join('/');
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

async function _hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const h = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: h.digest('hex') };
}

/** Copies a file, hashing what it reads; the copy holds exactly the bytes hashed even if the source changes. */
async function copyHashed(src: string, dest: string): Promise<{ size: number; sha256: string }> {
  const h = crypto.createHash('sha256');
  let size = 0;
  const out = await fsp.open(dest, 'w', 0o600);
  try {
    for await (const chunk of fs.createReadStream(src, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      h.update(b);
      size += b.length;
      await out.write(b);
    }
  } finally {
    await out.close();
  }
  return { size, sha256: h.digest('hex') };
}

/**
 * Runs fn over items, a few at a time (small relation files dominate a data directory). On the first failure no
 * new item starts, and it is thrown once those under way have ended (so the caller can clean up after them).
 */
async function eachLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  let failure: { e: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length && !failure) {
        try {
          await fn(items[i++]!);
        } catch (e) {
          failure ??= { e };
        }
      }
    }),
  );
  if (failure) throw failure.e;
}

interface Walked {
  dirs: string[];
  files: string[];
}

/** Relative paths under root; entries vanishing while we walk (a dropped table) are skipped. */
async function walk(
  root: string,
  skip: (rel: string, name: string, depth: number) => 'skip' | 'empty' | 'keep',
): Promise<Walked> {
  const out: Walked = { dirs: [], files: [] };
  const visit = async (rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      if (errno(e) === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const r = rel ? path.join(rel, e.name) : e.name;
      const what = skip(r, e.name, depth);
      if (what === 'skip') continue;
      if (e.isSymbolicLink()) {
        throw new BackupError(
          `数据目录中有符号链接 ${r}（表空间等），不支持备份`,
          `${r} is a symbolic link (a tablespace?): not supported`,
        );
      }
      if (e.isDirectory()) {
        out.dirs.push(r);
        if (what === 'keep') await visit(r, depth + 1);
      } else if (e.isFile()) out.files.push(r);
    }
  };
  await visit('', 0);
  return out;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');

export interface BackupEntry {
  dir: string;
  manifest: Manifest;
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return m.format === BACKUP_FORMAT ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The finished backups under a backup directory, oldest first. */
export async function listBackups(root: string): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await fsp.readdir(root);
  } catch (e) {
    if (errno(e) === 'ENOENT') return [];
    throw e;
  }
  const out: BackupEntry[] = [];
  for (const name of names.filter((n) => n.startsWith('luoshi-')).sort()) {
    const manifest = await readManifest(path.join(root, name));
    if (manifest) out.push({ dir: path.join(root, name), manifest });
  }
  return out.sort((a, b) => a.manifest.startedAt.localeCompare(b.manifest.startedAt));
}

/** The backup directory itself is readable by its owner only; as root, PostgreSQL (postgres) must reach wal/. */
async function ensureRoot(root: string) {
  await fsp.mkdir(root, { recursive: true, mode: 0o700 });
  if (isRoot()) await fsp.chmod(root, 0o711);
}

export interface BackupOptions {
  /** LUOSHI_DATA_DIR: the database under pg/ (embedded) and the evidence files under files/. */
  dataDir: string;
  /** Where backups go: each in a directory of its own named by its start time. */
  root: string;
  /** A superuser connection to the embedded server; absent with DATABASE_URL (files only). */
  adminUrl?: string;
  walArchive?: string | null;
  log?: (m: string) => void;
}

export interface BackupResult extends BackupEntry {
  seconds: number;
}

export async function takeBackup(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? log0;
  const t0 = Date.now();
  const startedAt = new Date();
  await ensureRoot(opts.root);
  let name = `luoshi-${stamp(startedAt)}`;
  // Two backups within a second (a manual one beside the scheduled one) get distinct names.
  for (let i = 2; fs.existsSync(path.join(opts.root, name)); i++) name = `luoshi-${stamp(startedAt)}-${i}`;
  const partial = path.join(opts.root, `.${name}.partial`);
  await fsp.rm(partial, { recursive: true, force: true });
  await fsp.mkdir(partial, { mode: 0o700 });
  const previous = (await listBackups(opts.root)).at(-1);
  const files: ManifestFile[] = [];
  const dirs: string[] = [];
  let pgInfo: Manifest['pg'] = null;
  let consistentAt: string | null = null;

  try {
    for (const rel of BEFORE_DATABASE) {
      try {
        files.push({ path: rel, ...(await copyHashed(path.join(opts.dataDir, rel), path.join(partial, rel))) });
      } catch (e) {
        if (errno(e) !== 'ENOENT') throw e;
      }
    }
    if (opts.adminUrl) {
      const r = await backupDatabase(opts.adminUrl, path.join(partial, 'pg'), `luoshi ${name}`, log);
      pgInfo = r.pg;
      consistentAt = r.consistentAt;
      for (const d of r.dirs) dirs.push(toPosix(path.join('pg', d)));
      for (const f of r.files) files.push({ ...f, path: toPosix(path.join('pg', f.path)) });
    }
    // The rest of the data directory, after the database: files are written before the rows naming them.
    const skipAbs = new Set([path.resolve(opts.root), ...(opts.walArchive ? [path.resolve(opts.walArchive)] : [])]);
    const rest = await walk(opts.dataDir, (rel, nm, depth) => {
      if (depth === 0 && (SKIP_DATA_TOP.has(nm) || BEFORE_DATABASE.includes(nm))) return 'skip';
      if (skipAbs.has(path.resolve(opts.dataDir, rel))) return 'skip';
      return nm.endsWith('.tmp') || nm.includes('.tmp-') ? 'skip' : 'keep';
    });
    for (const d of rest.dirs) {
      await fsp.mkdir(path.join(partial, d), { recursive: true, mode: 0o700 });
      dirs.push(toPosix(d));
    }
    const before = new Map((previous?.manifest.files ?? []).map((f) => [f.path, f]));
    await eachLimited(rest.files, 4, async (rel) => {
      const p = toPosix(rel);
      const src = path.join(opts.dataDir, rel);
      const dest = path.join(partial, rel);
      // Evidence files are named by their sha256 and never change: link the previous backup's copy.
      const prev = before.get(p);
      if (prev && p.startsWith('files/') && path.basename(p) === prev.sha256) {
        try {
          const st = await fsp.stat(src);
          if (st.size === prev.size) {
            await fsp.link(path.join(previous!.dir, rel), dest);
            files.push(prev);
            return;
          }
        } catch {
          /* copy it instead */
        }
      }
      try {
        files.push({ path: p, ...(await copyHashed(src, dest)) });
      } catch (e) {
        if (errno(e) !== 'ENOENT') throw e;
      }
    });

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      kind: opts.adminUrl ? 'embedded' : 'files-only',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      consistentAt,
      pg: pgInfo,
      walArchive: opts.walArchive ? path.resolve(opts.walArchive) : null,
      bytes: files.reduce((s, f) => s + f.size, 0),
      dirs: dirs.sort(),
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    };
    await fsp.writeFile(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 1), { mode: 0o600 });
    const dir = path.join(opts.root, name);
    await fsp.rename(partial, dir);
    return { dir, manifest, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    await fsp.rm(partial, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
}

async function backupDatabase(adminUrl: string, dest: string, label: string, log: (m: string) => void) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'luoshi-backup' });
  // A server that goes away mid-backup fails the query in hand; the client's own 'error' event must not also end
  // the process (an unhandled 'error' killed the app when the embedded PostgreSQL was killed during a backup).
  client.on('error', (e) => log(`backup connection lost: ${e.message}`));
  await client.connect();
  const files: ManifestFile[] = [];
  try {
    const one = async <T>(q: string, args: unknown[] = []) => (await client.query(q, args)).rows[0] as T;
    const { data_directory: pgDir } = await one<{ data_directory: string }>('SHOW data_directory');
    const { version } = await one<{ version: string }>("SELECT current_setting('server_version') AS version");
    const { seg } = await one<{ seg: string }>(
      "SELECT setting AS seg FROM pg_settings WHERE name = 'wal_segment_size'",
    );
    const walSegmentSize = Number(seg);
    // A temporary slot holds every WAL segment from here on until this session ends, as pg_basebackup's does.
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [
      `luoshi_backup_${process.pid}_${Date.now()}`,
    ]);
    await client.query('SELECT pg_backup_start($1, true)', [label]);
    log('pg_backup_start');
    let stopped = false;
    try {
      const walked = await walk(pgDir, (_rel, nm, depth) => {
        if (depth === 0 && SKIP_TOP.has(nm)) return 'skip';
        if (SKIP_ANY(nm)) return 'skip';
        if (depth === 0 && EMPTY_DIRS.has(nm)) return 'empty';
        return 'keep';
      });
      await fsp.mkdir(dest, { mode: 0o700 });
      for (const d of walked.dirs) await fsp.mkdir(path.join(dest, d), { recursive: true, mode: 0o700 });
      await fsp.mkdir(path.join(dest, 'pg_wal', 'archive_status'), { recursive: true, mode: 0o700 });
      await eachLimited(walked.files, 4, async (rel) => {
        try {
          files.push({ path: rel, ...(await copyHashed(path.join(pgDir, rel), path.join(dest, rel))) });
        } catch (e) {
          // A file removed while we copy (a dropped table, a finished temporary file): WAL replay redoes that.
          if (errno(e) !== 'ENOENT') throw e;
        }
      });
      const stop = await one<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
        'SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      stopped = true;
      const { at } = await one<{ at: Date }>('SELECT clock_timestamp() AS at');
      log('pg_backup_stop');
      await fsp.writeFile(path.join(dest, 'backup_label'), stop.labelfile, { mode: 0o600 });
      files.push({ path: 'backup_label', size: Buffer.byteLength(stop.labelfile), sha256: sha(stop.labelfile) });
      if (stop.spcmapfile) {
        await fsp.writeFile(path.join(dest, 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
        files.push({ path: 'tablespace_map', size: Buffer.byteLength(stop.spcmapfile), sha256: sha(stop.spcmapfile) });
      }
      const m = /START WAL LOCATION: ([0-9A-F/]+) \(file ([0-9A-F]{24})\)/.exec(stop.labelfile);
      const tl = /START TIMELINE: (\d+)/.exec(stop.labelfile);
      if (!m || !tl) throw new Error(`unexpected backup_label: ${stop.labelfile}`);
      const startWalFile = m[2]!;
      const { f: stopWalFile } = await one<{ f: string }>('SELECT pg_walfile_name($1::pg_lsn) AS f', [stop.lsn]);
      // The WAL from the start to the stop segment, and the timeline histories: the copy needs nothing else.
      const wal = (await fsp.readdir(path.join(pgDir, 'pg_wal'))).filter(
        (n) => (WAL_SEGMENT.test(n) && n >= startWalFile && n <= stopWalFile) || WAL_HISTORY.test(n),
      );
      const segs = wal.filter((n) => WAL_SEGMENT.test(n));
      const expected = segNo(stopWalFile, walSegmentSize) - segNo(startWalFile, walSegmentSize) + 1;
      if (segs.length !== expected)
        throw new Error(
          `WAL segments missing from pg_wal: found ${segs.length} of ${expected} (${startWalFile}…${stopWalFile})`,
        );
      for (const n of wal) {
        const rel = path.join('pg_wal', n);
        files.push({ path: rel, ...(await copyHashed(path.join(pgDir, rel), path.join(dest, rel))) });
      }
      return {
        files,
        dirs: [...walked.dirs, path.join('pg_wal', 'archive_status')],
        consistentAt: at.toISOString(),
        pg: {
          version,
          timeline: Number(tl[1]),
          startLsn: m[1]!,
          stopLsn: stop.lsn,
          startWalFile,
          stopWalFile,
          walSegmentSize,
        },
      };
    } finally {
      if (!stopped) await client.query('SELECT pg_backup_stop(false)').catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

function segNo(walFile: string, segSize: number): number {
  const perId = 0x100000000 / segSize;
  return parseInt(walFile.slice(8, 16), 16) * perId + parseInt(walFile.slice(16, 24), 16);
}

/** Keeps the newest `keep` backups; WAL archived before the oldest kept one's start can no longer be used. */
export async function pruneBackups(
  root: string,
  keep: number,
  walArchive: string | null | undefined,
  log: (m: string) => void = log0,
) {
  const all = await listBackups(root);
  const removed: string[] = [];
  for (const b of all.slice(0, Math.max(0, all.length - keep))) {
    await fsp.rm(b.dir, { recursive: true, force: true });
    removed.push(path.basename(b.dir));
  }
  // Leftovers of interrupted backups.
  for (const n of await fsp.readdir(root).catch(() => [] as string[])) {
    if (!n.endsWith('.partial')) continue;
    const st = await fsp.stat(path.join(root, n)).catch(() => null);
    if (st && Date.now() - st.mtimeMs > 24 * 3600_000)
      await fsp.rm(path.join(root, n), { recursive: true, force: true });
  }
  let walRemoved = 0;
  const oldest = all.slice(-keep)[0]?.manifest.pg?.startWalFile;
  if (walArchive && oldest) {
    // As pg_archivecleanup: segments before the oldest backup's first one, whatever their timeline.
    for (const n of await fsp.readdir(walArchive).catch(() => [] as string[])) {
      const base = n.slice(0, 24);
      if (WAL_SEGMENT.test(base) && base.slice(8) < oldest.slice(8)) {
        await fsp.rm(path.join(walArchive, n), { force: true });
        walRemoved++;
      }
    }
  }
  if (removed.length || walRemoved) log(`pruned ${removed.length} backups, ${walRemoved} WAL segments`);
  return { removed, walRemoved };
}

export interface RestoreOptions {
  /** A backup (a directory with manifest.json) or a backup directory holding several (the newest fitting one). */
  from: string;
  /** The new data directory: must be empty or absent. */
  dataDir: string;
  /** Recover to this moment (ISO 8601 with its zone) instead of the backup's own end. */
  to?: string;
  /** The WAL archive for point-in-time recovery (default: wal/ beside the backups, else the one in the manifest). */
  walArchive?: string;
  /** Where the restored server will archive its own WAL. */
  newWalArchive?: string | null;
  log?: (m: string) => void;
}

export interface RestoreResult {
  backup: string;
  manifest: Manifest;
  recoveredTo: string | null;
  files: number;
  bytes: number;
  missingAttachments: number;
  seconds: number;
}

async function chooseBackup(from: string, to?: string): Promise<BackupEntry> {
  const abs = path.resolve(from);
  if (!fs.existsSync(abs)) throw new BackupError(`备份目录不存在：${abs}`, `no such backup directory: ${abs}`);
  if (fs.existsSync(path.join(abs, 'manifest.json'))) {
    const manifest = await readManifest(abs);
    if (!manifest)
      throw new BackupError(
        `备份清单无法读取：${abs}/manifest.json`,
        `the backup manifest cannot be read: ${abs}/manifest.json`,
      );
    return { dir: abs, manifest };
  }
  const all = await listBackups(abs);
  if (!all.length) {
    throw new BackupError(
      `${abs} 中没有备份（缺少 manifest.json 清单）`,
      `no backup in ${abs} (manifest.json missing)`,
    );
  }
  if (!to) return all.at(-1)!;
  const fit = all.filter((b) => b.manifest.consistentAt && b.manifest.consistentAt <= to);
  if (!fit.length) {
    throw new BackupError(
      `没有早于 ${to} 完成的备份（最早的备份完成于 ${all[0]!.manifest.consistentAt ?? all[0]!.manifest.finishedAt}）`,
      `no backup finished before ${to}`,
    );
  }
  return fit.at(-1)!;
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await fsp.readdir(dir)).length === 0;
  } catch (e) {
    if (errno(e) === 'ENOENT') return true;
    throw e;
  }
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? log0;
  const t0 = Date.now();
  const dataDir = path.resolve(opts.dataDir);
  if (!(await isEmptyDir(dataDir))) {
    throw new BackupError(
      `目标数据目录 ${dataDir} 不是空的；恢复只写入空目录（请另设 LUOSHI_DATA_DIR）`,
      `the target data directory ${dataDir} is not empty; restore writes into an empty one only (set LUOSHI_DATA_DIR)`,
    );
  }
  const { dir, manifest } = await chooseBackup(opts.from, opts.to);
  if (opts.to && manifest.kind !== 'embedded') {
    throw new BackupError(
      '这是仅含文件的备份（外部数据库），不能按时间点恢复数据库',
      'a files-only backup (external database) cannot be recovered to a point in time',
    );
  }
  if (opts.to && manifest.consistentAt && opts.to < manifest.consistentAt) {
    throw new BackupError(
      `所选备份在 ${manifest.consistentAt} 才完成，不能恢复到更早的 ${opts.to}`,
      `the backup finished at ${manifest.consistentAt}, after the requested ${opts.to}`,
    );
  }
  log(`restoring ${dir}`);
  await fsp.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // As root, PostgreSQL runs as postgres and must reach pg/ through the data directory (as startEmbedded's own).
  if (isRoot()) await fsp.chmod(dataDir, 0o755);
  const created = await fsp.readdir(dataDir);
  try {
    for (const d of manifest.dirs) await fsp.mkdir(path.join(dataDir, d), { recursive: true, mode: 0o700 });
    await eachLimited(manifest.files, 4, async (f) => {
      const src = path.join(dir, f.path);
      const dest = path.join(dataDir, f.path);
      await fsp.mkdir(path.dirname(dest), { recursive: true, mode: 0o700 });
      let got: Awaited<ReturnType<typeof copyHashed>>;
      try {
        got = await copyHashed(src, dest);
      } catch (e) {
        if (errno(e) === 'ENOENT') throw new BackupError(`备份缺少文件 ${f.path}`, `the backup lacks ${f.path}`);
        throw e;
      }
      if (got.sha256 !== f.sha256 || got.size !== f.size) {
        throw new BackupError(
          `备份文件校验失败（sha256 不符）：${f.path}`,
          `checksum mismatch in the backup: ${f.path}`,
        );
      }
    });
    let recoveredTo: string | null = null;
    let missingAttachments = 0;
    if (manifest.kind === 'embedded') {
      const r = await recover(dir, dataDir, manifest, opts, log);
      recoveredTo = r.recoveredTo;
      missingAttachments = r.missingAttachments;
    }
    return {
      backup: dir,
      manifest,
      recoveredTo,
      files: manifest.files.length,
      bytes: manifest.bytes,
      missingAttachments,
      seconds: (Date.now() - t0) / 1000,
    };
  } catch (e) {
    // Leave the target as empty as we found it.
    for (const n of await fsp.readdir(dataDir).catch(() => [] as string[])) {
      if (!created.includes(n)) await fsp.rm(path.join(dataDir, n), { recursive: true, force: true });
    }
    throw e;
  }
}

async function recover(
  backupDir: string,
  dataDir: string,
  manifest: Manifest,
  opts: RestoreOptions,
  log: (m: string) => void,
) {
  const pgDir = path.join(dataDir, 'pg');
  await fsp.chmod(pgDir, 0o700);
  // The WAL copied with the backup has been archived already (or belongs to the backup only): never archive it again.
  for (const n of await fsp.readdir(path.join(pgDir, 'pg_wal'))) {
    if (WAL_SEGMENT.test(n) || WAL_HISTORY.test(n))
      await fsp.writeFile(path.join(pgDir, 'pg_wal', 'archive_status', `${n}.done`), '');
  }
  // restore_command reads from a folder inside the data directory: PostgreSQL (the postgres user when we are root)
  // may not be allowed into the backup's folders.
  const staging = path.join(pgDir, 'luoshi_restore_wal');
  await fsp.mkdir(staging, { mode: 0o700 });
  const archive = opts.walArchive
    ? path.resolve(opts.walArchive)
    : [path.join(path.dirname(backupDir), 'wal'), manifest.walArchive].find((d) => d && fs.existsSync(d));
  if (opts.to && (!archive || !fs.existsSync(archive))) {
    throw new BackupError(
      '找不到 WAL 归档，无法按时间点恢复（用 --wal 指定归档目录）',
      'no WAL archive found for point-in-time recovery (give it with --wal)',
    );
  }
  let staged = 0;
  if (archive && fs.existsSync(archive)) {
    for (const n of await fsp.readdir(archive)) {
      // Timeline histories always (a new timeline must not reuse a number); segments from the backup's start on.
      const wanted =
        WAL_HISTORY.test(n) || (opts.to && WAL_SEGMENT.test(n) && n.slice(8) >= manifest.pg!.startWalFile.slice(8));
      if (!wanted) continue;
      await fsp.copyFile(path.join(archive, n), path.join(staging, n));
      staged++;
    }
    log(`staged ${staged} files from the WAL archive ${archive}`);
  }
  const conf = [
    '',
    '# luoshi restore (removed once recovery has finished)',
    `restore_command = 'cp "${staging}/%f" "%p"'`,
    // PostgreSQL's check of this setting takes a numeric zone only.
    opts.to
      ? `recovery_target_time = '${opts.to.replace('T', ' ').replace('Z', '+00')}'`
      : `recovery_target = 'immediate'`,
    `recovery_target_action = 'promote'`,
    '',
  ].join('\n');
  await fsp.appendFile(path.join(pgDir, 'postgresql.auto.conf'), conf);
  await fsp.writeFile(path.join(pgDir, 'recovery.signal'), '');

  const pgLog: string[] = [];
  let handle: Awaited<ReturnType<typeof startEmbedded>>;
  try {
    handle = await startEmbedded({
      dataDir,
      mode: 'own',
      walArchiveDir: opts.newWalArchive ?? undefined,
      log: (m) => pgLog.push(m),
    });
  } catch (e) {
    const fatal = pgLog
      .join('\n')
      .split('\n')
      .filter((l) => /FATAL|PANIC|ERROR|invalid|must/.test(l))
      .slice(-5)
      .join('\n');
    const reason = fatal || (e instanceof Error ? e.message : '') || pgLog.slice(-5).join('\n');
    const hint = /before configured recovery target|recovery ended before/.test(reason)
      ? `\n归档中的 WAL 未到达 ${opts.to}（该时刻之后尚无已归档的提交）/ the archived WAL does not reach ${opts.to} (no archived commit after it yet)`
      : '';
    throw new BackupError(`数据库恢复失败 / recovery failed:\n${reason}${hint}`, '');
  }
  let recoveredTo: string | null = null;
  let missingAttachments = 0;
  try {
    const client = new pg.Client({ connectionString: handle.url });
    client.on('error', () => {}); // a lost connection fails the query in hand, which reports it
    await client.connect();
    try {
      const { rows } = await client.query('SELECT pg_is_in_recovery() AS r');
      if (rows[0].r) throw new BackupError('恢复后数据库仍处于恢复状态', 'the database is still in recovery');
      for (const s of ['restore_command', 'recovery_target', 'recovery_target_time', 'recovery_target_action'])
        await client.query(`ALTER SYSTEM RESET ${s}`);
      recoveredTo = opts.to ?? manifest.consistentAt;
      // Every attachment row must find its file (files come from the backup; a point in time after it may lack some).
      const hasTable = await client.query("SELECT to_regclass('public.attachments') IS NOT NULL AS t");
      if (hasTable.rows[0].t) {
        const { rows: shas } = await client.query<{ sha256: string }>('SELECT DISTINCT sha256 FROM attachments');
        for (const { sha256 } of shas) {
          if (!fs.existsSync(path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256)))
            missingAttachments++;
        }
      }
    } finally {
      await client.end();
    }
  } finally {
    await handle.stop();
    await fsp.rm(staging, { recursive: true, force: true });
  }
  return { recoveredTo, missingAttachments };
}

/**
 * "2026-12-06 15:30" is Asia/Shanghai time (UTC+8, no daylight saving); a time with its own zone (Z, +08:00)
 * keeps it. Returns ISO 8601 in UTC, or undefined when the text is not a time.
 */
export function parseRecoveryTime(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  let offset = '+08:00';
  if (zone)
    offset =
      zone.toUpperCase() === 'Z'
        ? 'Z'
        : zone.length === 3
          ? `${zone}:00`
          : zone.includes(':')
            ? zone
            : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h!.padStart(2, '0')}:${mi}:${s}${frac}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

/** Lets the caller chown what PostgreSQL must write when we run as root. */
export function chownToPostgres(dir: string) {
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:', dir]);
}

/** The most recent `HH:MM` Asia/Shanghai (UTC+8 all year) at or before `now`. */
export function lastScheduled(now: Date, at: string): Date {
  const [h, m] = at.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + 8 * 3600_000);
  let t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), h, m) - 8 * 3600_000;
  if (t > now.getTime()) t -= 24 * 3600_000;
  return new Date(t);
}

/** When the newest finished backup under `root` was written (its manifest is written last), or null. */
export async function latestBackupTime(root: string): Promise<Date | null> {
  let names: string[];
  try {
    names = (await fsp.readdir(root)).filter((n) => n.startsWith('luoshi-')).sort();
  } catch {
    return null;
  }
  for (const n of names.reverse()) {
    const st = await fsp.stat(path.join(root, n, 'manifest.json')).catch(() => null);
    if (st) return st.mtime;
  }
  return null;
}

export interface ScheduleOptions {
  dataDir: string;
  root: string;
  keep: number;
  at: string | null;
  /** The superuser URL of the embedded server (read when the job runs); undefined with DATABASE_URL. */
  adminUrl: () => string | undefined;
  walArchive: string | null | undefined;
  now?: () => Date;
  log?: (m: string) => void;
}

/**
 * The daily backup, run by the job runner (one instance at a time): due once the day's `at` has passed and the
 * newest backup is older than it (so a server started after a missed time backs up at once, and a fresh
 * installation has its first backup, the base of point-in-time recovery, within minutes). Then retention.
 */
export function createBackupSchedule(opts: ScheduleOptions) {
  let failedAt = 0;
  return async function runScheduledBackup(): Promise<Record<string, unknown>> {
    if (!opts.at) return { skipped: 'off' };
    const now = (opts.now ?? (() => new Date()))();
    const due = lastScheduled(now, opts.at);
    const latest = await latestBackupTime(opts.root);
    if (latest && latest >= due) return { skipped: 'done', latest: latest.toISOString() };
    // After a failure, try again in a quarter of an hour rather than at every tick.
    if (now.getTime() - failedAt < 15 * 60_000) return { skipped: 'failed recently' };
    try {
      const r = await takeBackup({
        dataDir: opts.dataDir,
        root: opts.root,
        adminUrl: opts.adminUrl(),
        walArchive: opts.walArchive,
        log: opts.log,
      });
      const pruned = await pruneBackups(opts.root, opts.keep, opts.walArchive, opts.log);
      return {
        backup: r.dir,
        bytes: r.manifest.bytes,
        seconds: r.seconds,
        pruned: pruned.removed.length,
        walPruned: pruned.walRemoved,
      };
    } catch (e) {
      failedAt = now.getTime();
      throw e;
    }
  };
}
