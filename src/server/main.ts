import { loadConfig } from './config';
import { openDatabase } from './db/open';
import { DataDirInUseError } from './db/embedded';
import { buildApp, createServices, jobsOf } from './app';
import { startJobs } from './jobs/runner';
import { seedDemo } from './demo/seed';
import { connect } from './db/client';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/county';
import { sql } from 'drizzle-orm';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { todayInShanghai } from '../shared/domain/dates';

/** Wires config, database, demo data and the HTTP server; stops both cleanly on Ctrl-C / SIGTERM. */
export async function main(argv = process.argv.slice(2)) {
  const started = Date.now();
  const config = loadConfig(process.env, argv.includes('--no-demo') ? { demo: false } : {});
  // A busy port is found before the database starts and the demo loads (minutes), and said in words, not a stack.
  if (config.port !== 0 && !(await portFree(config.port, config.host))) {
    console.error(portBusy(config.port));
    process.exit(1);
  }
  const pgLog: string[] = [];
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(config, 'own', (m) => pgLog.push(m) > 200 && pgLog.shift());
  } catch (e) {
    if (e instanceof DataDirInUseError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error('数据库启动失败 / the database failed to start:', e instanceof Error ? e.message : e);
    if (pgLog.length) console.error(pgLog.slice(-20).join('\n'));
    process.exit(1);
  }
  const { database } = opened;
  for (const w of opened.warnings) console.warn(w);
  const demo = { enabled: config.demo, accounts: DEMO_ACCOUNTS };
  const deps = createServices(config, database, demo);
  // The audit chain is keyed with this key (a wrong key refuses to start rather than write rows none verifies).
  await deps.audit.ensureKeyed().catch(async (e: Error) => {
    console.error(e.message);
    await opened.close().catch(() => {});
    process.exit(1);
  });
  await deps.calendar.ensureOfficial();
  let seeded = false;
  if (config.demo) {
    // The demo's year of history is thousands of small transactions: on its own connections they commit without
    // waiting for the disk (a crash while loading loses demo data only; the app's own writes stay synchronous).
    const loading = connect(opened.appUrl, 4, '-c synchronous_commit=off');
    try {
      seeded = await seedDemo(createServices(config, loading, demo), {
        forcePasswordChange: config.demoForcePasswordChange,
        ledger: config.demoHistory ? { today: todayInShanghai(), log: (m) => console.log(m) } : undefined,
      });
    } finally {
      await loading.close();
    }
  }

  // In an interactive terminal the request log goes to a file, so it does not scroll the banner away; warnings and
  // errors still show. Asked for (LUOSHI_LOG_LEVEL set), or under a service manager (no terminal), it stays on stdout.
  const logFile =
    process.stdout.isTTY && process.env.LUOSHI_LOG_LEVEL === undefined ? path.join(config.dataDir, 'luoshi.log') : null;
  const logStream = logFile
    ? pino.multistream([
        { level: 'info', stream: pino.destination({ dest: logFile, mkdir: true, sync: false }) },
        { level: 'warn', stream: process.stderr },
      ])
    : undefined;
  const { app } = await buildApp(deps, { logStream });
  const stopJobs = config.jobs ? startJobs(database.pool, jobsOf(deps), app.log) : () => {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止… / stopping…`);
    stopJobs();
    // Requests in flight get 10 s to finish; then the database is closed under any that remain.
    await Promise.race([app.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
    await opened.close().catch((e) => console.error(e));
    console.log('已停止 / stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // Taken in the meantime by another program: stop what was started and say what to do.
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    console.error(portBusy(config.port));
    stopJobs();
    await opened.close().catch(() => {});
    process.exit(1);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const [people] = (await database.db.execute(sql`SELECT count(*)::int AS n FROM people WHERE system IS NULL`))
    .rows as { n: number }[];

  const lines = [
    '',
    `落实 Luoshi 已启动 / is running: ${url}   (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `数据库 / database: ${opened.handle.embedded ? `内置 PostgreSQL，数据目录 ${config.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (config.demo) {
    lines.push(seeded ? '已载入演示县“云溪县（演示）” / demo county loaded' : '演示县已存在 / demo county present');
    lines.push(`演示账户（密码均为 ${DEMO_PASSWORD}）/ demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.username.padEnd(14)} ${a.label}`);
  } else if ((people?.n ?? 0) === 0) {
    lines.push('尚无账户，请创建系统管理员 / no accounts yet, create one:');
    lines.push('  npx luoshi create-admin --username admin --password <密码> --jurisdiction <县名>');
  }
  if (logFile)
    lines.push(
      `请求日志 / request log: ${logFile}（设置 LUOSHI_LOG_LEVEL 则显示在终端 / set LUOSHI_LOG_LEVEL to see it here)`,
    );
  lines.push('按 Ctrl-C 停止 / press Ctrl-C to stop', '');
  console.log(lines.join('\n'));
  return { app, url };
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRINUSE'));
    probe.once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, host);
  });
}

function portBusy(port: number): string {
  return [
    `端口 ${port} 已被占用（可能是另一个正在运行的落实或其他程序）。请先停止它，或换一个端口：PORT=${port + 1} npm start`,
    `Port ${port} is already in use (another Luoshi or another program). Stop it, or choose another port: ` +
      `PORT=${port + 1} npm start`,
  ].join('\n');
}

if (process.argv[1] && /main\.(ts|js)$/.test(process.argv[1])) void main();
