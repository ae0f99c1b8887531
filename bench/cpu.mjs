/**
 * CPU time read from /proc, for the benches: on a shared machine req/s moves with whatever else runs, while the
 * CPU a request costs the server (node) and its database (PostgreSQL) moves much less.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const HZ = 100; // USER_HZ: /proc counts CPU time in these ticks

/** A process and its direct children (PostgreSQL's postmaster and its backends). */
export function withChildren(pid) {
  let pids = [String(pid)];
  try {
    pids = pids.concat(
      execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  } catch {}
  return pids;
}

/**
 * User + system ticks of these processes so far; with `reaped`, also those of their children that have exited (a
 * PostgreSQL backend that closed during a run took its CPU with it, but the postmaster counts it on reaping it).
 */
export function ticksOf(pids, { reaped = false } = {}) {
  let t = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      t += Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
    } catch {}
  }
  return t;
}

/** Ticks of a Luoshi instance: its node process and the embedded PostgreSQL under its data directory. */
export function luoshiTicks(appPid, dataDir) {
  let master = null;
  try {
    master = fs
      .readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
      .split('\n')[0]
      .trim();
  } catch {}
  // The postmaster with its exited backends, plus the backends alive now.
  return {
    app: ticksOf([appPid]),
    db: master ? ticksOf([master], { reaped: true }) + ticksOf(withChildren(master).slice(1)) : 0,
  };
}

/** The whole machine's busy and total ticks (from the first line of /proc/stat). */
export function machineTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return {
    busy: f[0] + f[1] + f[2] + f[5] + f[6] + f[7],
    total: f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7],
  };
}
