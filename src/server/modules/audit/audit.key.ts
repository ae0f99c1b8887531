import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The audit chain's key lives outside the database: `LUOSHI_AUDIT_KEY`, or the file `audit-key` in the data
 * directory, made with mode 600 on first start. Whoever can only reach the database cannot compute a row's hash.
 * Back the file up with the data directory: without it the chain can no longer be verified.
 */
export const AUDIT_KEY_FILE = 'audit-key';

export function loadAuditKey(opts: { dataDir: string; key?: string }): Buffer {
  if (opts.key) return Buffer.from(opts.key, 'utf8');
  const file = path.join(opts.dataDir, AUDIT_KEY_FILE);
  const read = () => {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.length < 32) {
      throw new Error(
        `审计密钥文件 ${file} 已损坏（应为 32 字节以上的 base64url）；请从备份恢复 / ` +
          `the audit key file ${file} is damaged (expected 32+ bytes of base64url); restore it from the backup`,
      );
    }
    return key;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // wx: two processes starting at once must end up with one key.
    fs.writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw e;
  }
  return key;
}
