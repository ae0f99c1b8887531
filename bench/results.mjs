/**
 * Appends a section to bench/RESULTS.md and formats the file as the linter expects (Biome formats Markdown tables:
 * a table appended as written failed `npm run lint`, and so CI, twice). Every bench writes through this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = path.join(root, 'bench/RESULTS.md');

export function appendResults(section) {
  fs.appendFileSync(RESULTS, section);
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', RESULTS],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
  } catch {
    console.warn('bench/RESULTS.md appended but not formatted: run `npx biome format --write bench/RESULTS.md`');
  }
}
