import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * Two database roles: the owner, who migrates and owns every table, and the app's role, which owns nothing. The
 * app's role reads and writes the business tables, may only insert into and read the audit trail, and, not being
 * a superuser or an owner, cannot turn the audit triggers off (`session_replication_role`, `ALTER TABLE`) or
 * change the table. The grants are applied after every migration, so new tables are covered.
 */
export const APP_ROLE = 'luoshi_app';

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_$]*$/i.test(name))
    throw new Error(`数据库角色名不合规 / unsupported database role name: ${name}`);
  return `"${name}"`;
};

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>;

/** Creates the app's login role if missing (embedded mode and tests); sets its password when asked to. */
export async function ensureAppRole(
  owner: Queryable,
  role: string,
  password: string,
  setPassword: boolean,
): Promise<void> {
  const r = ident(role);
  const { rowCount } = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const pw = `'${password.replace(/'/g, "''")}'`;
  try {
    if (!rowCount)
      await owner.query(
        `CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pw}`,
      );
    else if (setPassword) await owner.query(`ALTER ROLE ${r} PASSWORD ${pw}`);
  } catch (e) {
    // Another process (a CLI beside the server, a second test run on the same server) did it at the same moment.
    const code = (e as { code?: string }).code;
    if (code !== '42710' && code !== '23505' && code !== 'XX000') throw e;
  }
}

/** Gives the app's role what it needs on the migrated schema, as the owner; idempotent. */
export async function grantAppRole(owner: pg.Pool, role: string): Promise<void> {
  const r = ident(role);
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    // One granter at a time: concurrent GRANTs on the same objects fail with "tuple concurrently updated".
    await client.query('SELECT pg_advisory_xact_lock(7351004)');
    const db = (await client.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    await client.query(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${r}`);
    // PostgreSQL 14 and older let every role create tables in public; the app's role must own nothing.
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM ${r}`);
    // Events not yet chained: written by the writers, read and removed by the chainer, never changed.
    await client.query(`REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON audit_pending FROM ${r}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** What the app's role may do that it must not: the warnings printed at start (empty: all is well). */
export async function roleWarnings(app: Queryable): Promise<string[]> {
  const { rows } = await app.query<{ who: string; sup: boolean; owns: boolean; upd: boolean }>(`
    SELECT current_user AS who, r.rolsuper AS sup,
           pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass), 'USAGE') AS owns,
           has_table_privilege('audit_events', 'UPDATE') OR has_table_privilege('audit_events', 'DELETE') AS upd
      FROM pg_roles r WHERE r.rolname = current_user`);
  const w = rows[0];
  if (!w) return [];
  if (w.sup || w.owns || w.upd) {
    return [
      `应用以数据库角色 ${w.who} 连接，它${w.sup ? '是超级用户' : w.owns ? '拥有数据表' : '可改动审计表'}，能关闭审计日志的保护；` +
        `请为应用另建一个不拥有表的角色，设 DATABASE_URL 为该角色、LUOSHI_MIGRATION_DATABASE_URL 为表的所有者（见 README）。\n` +
        `The app connects as the database role ${w.who}, which ${
          w.sup ? 'is a superuser' : w.owns ? 'owns the tables' : 'may change the audit table'
        } ` +
        `and can switch the audit trail's protection off; give the app a role that owns nothing: DATABASE_URL for it, ` +
        `LUOSHI_MIGRATION_DATABASE_URL for the tables' owner (see README).`,
    ];
  }
  return [];
}

/** The app role's password in the embedded server's data directory (mode 600); `created` when made just now. */
export function appPasswordFor(dataDir: string): { password: string; created: boolean } {
  const file = path.join(dataDir, 'pg-app-password');
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), created: false };
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { password, created: true };
}

/** The same server and database as `url`, as another role. */
export function urlAs(url: string, role: string, password?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = password === undefined ? '' : encodeURIComponent(password);
  return u.toString();
}
