import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig, type Config } from '../server/config';
import { openDatabase, walArchiveOf } from '../server/db/open';
import { DataDirInUseError, embeddedAdminUrl, startEmbedded } from '../server/db/embedded';
import { BackupError, parseRecoveryTime, restoreBackup, takeBackup } from '../server/modules/backup/backup.service';
import { createServices } from '../server/app';
import { seedDemo, systemActor } from '../server/demo/seed';
import { DEMO_ACCOUNTS } from '../server/demo/county';
import { checkPassword } from '../shared/domain/password-policy';
import { FIELD_MESSAGES, formatMessage } from '../shared/errors';
import { todayInShanghai } from '../shared/domain/dates';
import { AppError } from '../server/http/errors';
import { extractCommand } from './extract';

/**
 * `npx luoshi <command>`: administration from the shell. Honours LUOSHI_DATA_DIR and DATABASE_URL like the
 * server, and works whether the server runs (it borrows the running embedded database) or not.
 */
const HELP = `落实 Luoshi 命令行 / command line

用法 / usage: npx luoshi <command> [options]

  migrate                                执行数据库迁移 / apply database migrations
  create-admin --username U --password P [--display-name 名字] [--jurisdiction 县名] [--unit 单位名] [--no-force-change]
                                         创建系统管理员（默认首次登录须改密）/ create a system administrator
  reset-password --username U --password P
                                         重置密码、解除锁定、结束会话（下次登录须改密）/ reset a password
  audit verify                           校验审计日志哈希链及锚点（不完整时退出码 1）/ verify the audit chain and its anchors
  seed-demo                              载入演示县（已存在则跳过）/ load the demo county
  backup [--out DIR]                     在线备份数据库与附件（默认 LUOSHI_BACKUP_DIR）/ online backup of database and files
  restore --from DIR [--to "2026-12-06 15:30"] [--wal DIR]
                                         恢复到空的 LUOSHI_DATA_DIR；--to 按时间点恢复（北京时间，可带时区）
                                         / restore into an empty data directory; --to: point in time (Asia/Shanghai)
  extract FILE… [--units units.xlsx] [--year YYYY] [--json|--pretty]
                                         讲话任务分解：每条候选任务一行 JSON（.txt/.docx；无 --units 时用演示县单位）
                                         / speech to candidate tasks, one JSON object per line (offline)
  help                                   显示本帮助 / this help

环境变量 / environment: LUOSHI_DATA_DIR (默认 ./data，含审计密钥 audit-key 与锚点), DATABASE_URL,
  LUOSHI_MIGRATION_DATABASE_URL (表的所有者 / the tables' owner), LUOSHI_AUDIT_KEY, LUOSHI_BACKUP_DIR (默认 <数据目录>/backups)
`;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function policyProblems(password: string, username: string, min: number): string[] {
  return checkPassword(password, { minLength: min, minClasses: 3 }, username).map((p) => {
    const m = FIELD_MESSAGES[p];
    return m ? `${formatMessage(m['zh-CN'], { min, max: 128 })} / ${formatMessage(m['en-US'], { min, max: 128 })}` : p;
  });
}

export async function run(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  // Offline: reads files, opens no database.
  if (command === 'extract') return extractCommand(argv.slice(1));
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(HELP);
    return command ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(command === 'audit' ? 2 : 1),
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        'display-name': { type: 'string' },
        jurisdiction: { type: 'string' },
        unit: { type: 'string' },
        'no-force-change': { type: 'boolean' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        wal: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    err(`参数错误 / bad arguments: ${(e as Error).message}`);
    return 2;
  }
  const known = ['migrate', 'create-admin', 'reset-password', 'audit', 'seed-demo', 'backup', 'restore'];
  if (!known.includes(command) || (command === 'audit' && sub !== 'verify')) {
    err(`未知命令 / unknown command: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const config = loadConfig();
  if (command === 'backup' || command === 'restore') return backupCommand(command, config, values);
  const need = (k: 'username' | 'password') => {
    const v = values[k];
    if (typeof v !== 'string' || !v) throw new UsageError(`缺少 --${k} / --${k} is required`);
    return v;
  };

  let opened: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    if (command === 'create-admin' || command === 'reset-password') {
      const problems = policyProblems(need('password'), need('username'), config.passwordPolicy.minLength);
      if (problems.length) {
        err(`密码不符合要求 / weak password:\n  ${problems.join('\n  ')}`);
        return 1;
      }
    }
    opened = await openDatabase(config, 'borrow-or-own');
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    if (e instanceof DataDirInUseError) err(e.message);
    else err(`无法打开数据库 / cannot open the database: ${(e as Error).message}`);
    return 1;
  }
  const deps = createServices(config, opened.database, { enabled: false, accounts: [] });
  try {
    // As the server at start: the chain is keyed with this key (a chain from before the key is sealed by it).
    await deps.audit.ensureKeyed();
    if (command !== 'audit') await deps.calendar.ensureOfficial();
    switch (command) {
      case 'migrate':
        out('数据库已是最新 / the database is migrated');
        return 0;
      case 'seed-demo': {
        const loaded = await seedDemo(deps, {
          forcePasswordChange: config.demoForcePasswordChange,
          ledger: config.demoHistory ? { today: todayInShanghai(), log: out } : undefined,
        });
        out(
          loaded
            ? `已载入演示县 / demo county loaded; accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`
            : '演示县已存在 / demo county already present',
        );
        return 0;
      }
      case 'audit': {
        const r = await deps.audit.verify();
        const anchors = `${r.anchorsChecked} 个锚点 / anchors`;
        if (r.ok) {
          out(
            `审计日志完整：已校验 ${r.checked} 条、${anchors}；最新第 ${r.head?.seq ?? 0} 条 / audit chain intact: ${r.checked} rows checked`,
          );
          return 0;
        }
        err(
          `审计日志不完整：第 ${r.brokenAtSeq} 条 / audit chain broken at seq ${r.brokenAtSeq} (${r.checked} rows, ${anchors}):`,
        );
        for (const p of r.problems) err(`  ${p.message['zh-CN']}\n  ${p.message['en-US']}`);
        return 1;
      }
      case 'create-admin': {
        const username = need('username');
        const jurisdictionName = (values.jurisdiction as string | undefined) ?? '本县';
        const existing = await deps.org.accountByUsername(username);
        if (existing) {
          err(`用户名已存在 / username exists: ${username}`);
          return 1;
        }
        const meta = { requestId: 'cli-create-admin' };
        await opened.database.db.transaction(async (tx) => {
          const jurisdictions = await deps.org.jurisdictionIds();
          const j = jurisdictions[0]
            ? (await deps.org.getJurisdiction(jurisdictions[0]))!
            : await deps.org.ensureJurisdiction(tx, 'county', jurisdictionName);
          const actor = systemActor(j.id);
          const units = await deps.org.listUnits(actor, tx);
          const unitName =
            (values.unit as string | undefined) ?? units.find((u) => u.active)?.name ?? `${j.name}人民政府办公室`;
          const unit =
            units.find((u) => u.name === unitName && u.active) ??
            (await deps.org.createUnit(
              actor,
              { name: unitName, kind: 'government_office', aliases: [], sortOrder: 0 },
              meta,
              tx,
            ));
          const person = await deps.org.createPerson(
            actor,
            {
              username,
              displayName: (values['display-name'] as string | undefined) ?? '系统管理员',
              unitId: unit.id,
              initialPassword: need('password'),
            },
            meta,
            tx,
          );
          await deps.org.setRoles(
            actor,
            person.id,
            person.version,
            { roles: ['system_admin'], leaderUnitIds: [] },
            meta,
            tx,
          );
          await deps.auth.markPasswordState(tx, person.id, { mustChange: !values['no-force-change'] });
          out(
            `已创建系统管理员 ${username}（${j.name} · ${unit.name}）/ system administrator \
created${values['no-force-change'] ? '' : '；首次登录须修改密码 / must change the password at first sign-in'}`,
          );
        });
        return 0;
      }
      case 'reset-password': {
        const username = need('username');
        const acct = await deps.org.accountByUsername(username);
        if (!acct) {
          err(`没有该用户 / no such user: ${username}`);
          return 1;
        }
        await opened.database.db.transaction(async (tx) => {
          await deps.auth.setPasswordDirect(tx, acct.id, need('password'), username, true);
          await deps.audit.record(
            {
              jurisdictionId: acct.jurisdictionId,
              username: 'cli',
              action: 'auth.password.reset',
              objectType: 'person',
              objectId: acct.id,
              result: 'success',
              requestId: 'cli-reset-password',
            },
            tx,
          );
        });
        await deps.auth.clearLockouts(username);
        out(`已重置 ${username} 的密码，下次登录须修改 / password reset; must change at next sign-in`);
        return 0;
      }
    }
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    if (e instanceof AppError) {
      err(`${e.code}: ${JSON.stringify(e.errors.length ? e.errors : e.params)}`);
      return 1;
    }
    err(`失败 / failed: ${(e as Error).message}`);
    return 1;
  } finally {
    // The events this command wrote wait in audit_pending until chained: chained before the connections close.
    await deps.audit.stop().catch((e: Error) => err(`审计链 / audit chain: ${e.message}`));
    await opened.close();
  }
}

class UsageError extends Error {}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function backupCommand(
  command: 'backup' | 'restore',
  config: Config,
  values: Record<string, string | boolean | undefined>,
): Promise<number> {
  try {
    if (command === 'restore') {
      if (typeof values.from !== 'string') throw new UsageError('缺少 --from / --from is required');
      let to: string | undefined;
      if (typeof values.to === 'string') {
        to = parseRecoveryTime(values.to);
        if (!to)
          throw new UsageError(
            `--to 的时间无法识别：${values.to}（例 "2026-12-06 15:30"）/ --to is not a time (e.g. "2026-12-06 15:30")`,
          );
      }
      const r = await restoreBackup({
        from: values.from,
        dataDir: config.dataDir,
        to,
        walArchive: values.wal as string | undefined,
        newWalArchive: walArchiveOf(config),
        log: () => {},
      });
      out(
        `已从 ${r.backup} 恢复到 ${config.dataDir}：${r.files} 个文件 ${mb(r.bytes)}，用时 ${r.seconds.toFixed(1)} 秒 / restored`,
      );
      if (r.manifest.kind === 'files-only')
        out(
          "此备份只含附件等文件；数据库（DATABASE_URL）由运维恢复 / a files-only backup: the database (DATABASE_URL) is the operator's to restore",
        );
      if (r.recoveredTo)
        out(
          `数据库恢复至 / database recovered to: ${r.recoveredTo}${to ? '' : '（备份完成时 / the end of the backup）'}`,
        );
      if (r.missingAttachments)
        err(
          `警告：${r.missingAttachments} 个附件的文件不在备份中 / warning: ${r.missingAttachments} attachments have no file in the backup`,
        );
      return 0;
    }
    const root = path.resolve(typeof values.out === 'string' ? values.out : config.backup.dir);
    let adminUrl: string | undefined;
    let close = async () => {};
    if (config.databaseUrl) {
      out(
        '使用 DATABASE_URL：数据库由运维备份（pg_dump / pgBackRest / 云厂商备份），此处只备份附件等文件 / ' +
          "DATABASE_URL: the database is the operator's to back up; saving the files only",
      );
    } else {
      adminUrl = embeddedAdminUrl(config.dataDir);
      if (!adminUrl) {
        // Not running: start the embedded server for the copy (it is consistent either way).
        const handle = await startEmbedded({
          dataDir: config.dataDir,
          pgPort: config.pgPort,
          mode: 'borrow-or-own',
          walArchiveDir: walArchiveOf(config),
        });
        adminUrl = handle.url;
        close = () => handle.stop();
      }
    }
    try {
      const r = await takeBackup({ dataDir: config.dataDir, root, adminUrl, walArchive: walArchiveOf(config) });
      out(
        `已备份到 ${r.dir}：${r.manifest.files.length} 个文件 ${mb(r.manifest.bytes)}，用时 ${r.seconds.toFixed(1)} 秒 / backup written`,
      );
      if (r.manifest.consistentAt) out(`一致时间点 / consistent at: ${r.manifest.consistentAt}`);
      return 0;
    } finally {
      await close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    if (e instanceof BackupError || e instanceof DataDirInUseError) err(e.message);
    else
      err(
        `${command === 'backup' ? '备份失败 / backup failed' : '恢复失败 / restore failed'}: ${(e as Error).message ?? String(e)}`,
      );
    return 1;
  }
}
