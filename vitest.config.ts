import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in, so the two workers end together. Vitest runs the files that took longest last time
 * first; without that record (a fresh checkout, as in CI's first pass) it goes by file size, which ranks a short
 * browser test file behind pages of pure unit tests that take a second each — and a browser file of a minute left
 * for the end keeps one worker busy while the other waits. So, unless every file has a record: the demo county
 * (minutes of loading and the screen tour), then the browser and process tests, then the rest, each largest first.
 * With a record for every file (a rerun, CI's second pass) Vitest's own order stands.
 */
const HEAVY = [/^src\/server\/demo\/demo\.test\.ts$/, /^tests\/(e2e|process)\//];
class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rel = (f: TestSpecification) => path.relative(this.ctx.config.root, f.moduleId).split(path.sep).join('/');
    if (sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${rel(f)}`))) return sorted;
    const rank = (f: TestSpecification) => {
      const i = HEAVY.findIndex((re) => re.test(rel(f)));
      return i < 0 ? HEAVY.length : i;
    };
    // Stable: within a rank the base order (largest first) stays.
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

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
    // A worker runs file after file and keeps what it imported: the server's modules load once per worker, not once
    // per file (that was seconds of CPU per file: bench/RESULTS.md, "CI duration, continued"). Each file still gets
    // its own database and app and closes them; a test that changes process-wide state (process.env, TZ) restores it.
    isolate: false,
    maxWorkers: 2,
    // Long files first, so the two workers end together (above).
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
