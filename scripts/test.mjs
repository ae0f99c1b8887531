#!/usr/bin/env node
// `npm test`: build the web app (the browser tests use it), then run every test with Vitest, and end with
// one plain summary line ("N passed, N failed, N skipped") that any CI can read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './start.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureWebBuilt();
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-vitest-')), 'report.json');
const args = [
  path.join(root, 'node_modules/vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
let summary = '';
let failed = r.status !== 0;
try {
  const j = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  summary = `${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`;
  // Judge by the report too: a failed test or a failed file fails the run whatever the runner's exit code.
  if (j.numFailedTests > 0 || j.numFailedTestSuites > 0 || j.success === false) failed = true;
  const browserSkipped = j.testResults
    .flatMap((f) => f.assertionResults)
    .filter(
      (a) =>
        (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo') && a.fullName?.includes('[browser]'),
    );
  if (browserSkipped.length && process.env.LUOSHI_BROWSER_TESTS === '0')
    console.log(
      `${browserSkipped.length} 个浏览器测试按要求未运行（LUOSHI_BROWSER_TESTS=0）/ ${browserSkipped.length} browser tests left \
out as asked (LUOSHI_BROWSER_TESTS=0)`,
    );
  else if (browserSkipped.length)
    console.log(
      `注意：${browserSkipped.length} 个浏览器测试未运行（未找到 Chromium）/ ${browserSkipped.length} browser tests did not run (no Chromium found)`,
    );
} catch {
  failed = true;
  summary = '0 passed, 1 failed';
  console.error('vitest wrote no report');
}
console.log(`\ntests: ${summary}`);
process.exit(failed ? 1 : 0);
