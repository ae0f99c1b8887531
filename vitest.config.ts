import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    // Browser tests walk several screens; on a busy shared machine one can take a minute (never a timing assertion).
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Polling assertions wait for the browser and the server on a busy CI machine; never a timing assertion.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Each file gets its own database cloned from a migrated template; files run in parallel.
    pool: 'forks',
    maxWorkers: 2,
  },
});
