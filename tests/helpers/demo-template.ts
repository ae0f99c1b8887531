import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/server/config';
import { connect } from '../../src/server/db/client';
import { createServices } from '../../src/server/app';
import { seedDemo } from '../../src/server/demo/seed';
import { DEMO_ACCOUNTS } from '../../src/server/demo/county';
import { AUDIT_KEY_FILE } from '../../src/server/modules/audit/audit.key';

/** The configuration of an app in the tests (tests/helpers/app.ts), and of the one that loads the demo template. */
export function testConfig(databaseUrl: string, dataDir: string, overrides: Partial<Config> = {}): Config {
  return loadConfig(
    { LUOSHI_LOG_LEVEL: 'error' },
    {
      databaseUrl,
      dataDir,
      rateLimitPerMinute: 100000,
      loginRateLimitPerMinute: 100000,
      argon2: { memoryCost: 19456, timeCost: 2 },
      ...overrides,
    },
  );
}

/**
 * Settings that do not change what loading the demo county writes: an app whose overrides are all among them may
 * start from the demo template. Any other (the password hash's cost, the audit key or its anchors, the data
 * directory) and the app loads the county itself, as before.
 */
const SEED_NEUTRAL = new Set<string>([
  'trustProxy',
  'publicUrl',
  'lockout',
  'totpRequiredRoles',
  'bodyLimitBytes',
  'webhookAllow',
  'rateLimitPerMinute',
  'loginRateLimitPerMinute',
  'publicRateLimitPerMinute',
  'addressRateLimitPerMinute',
  'extractModel',
]);
export function seedsLikeTemplate(overrides: Partial<Config>): boolean {
  return Object.keys(overrides).every((k) => SEED_NEUTRAL.has(k));
}

/** Gives a fresh data directory the audit key the demo template's chain was written with. */
export function writeAuditKey(dataDir: string, key: string) {
  fs.writeFileSync(path.join(dataDir, AUDIT_KEY_FILE), `${key}\n`, { mode: 0o600, flag: 'wx' });
}

/**
 * Loads the demo county's units and people (what createTestApp's seedDemo does) into `databaseUrl`, connected as
 * `appUrl` (the app's role, as in a test), under a new audit key; returns the key. Each test app cloned from this
 * database gets the key in its data directory, so the audit chain verifies and continues as if it had loaded the
 * county itself. Loading it once per run instead of once per test app saves seconds of CPU per file.
 */
export async function loadDemoTemplate(appUrl: string): Promise<string> {
  const key = randomBytes(32).toString('base64url');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-files-'));
  try {
    writeAuditKey(dataDir, key);
    const database = connect(appUrl, 5, '', true);
    try {
      const deps = createServices(testConfig(appUrl, dataDir), database, { enabled: true, accounts: DEMO_ACCOUNTS });
      await deps.calendar.ensureOfficial();
      await seedDemo(deps, { forcePasswordChange: false });
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return key;
}
