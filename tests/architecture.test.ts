import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture, checked (STYLE.md habits 1 and 10): no import cycles; src/shared imports neither server
 * nor web; a feature module reaches another only through its service (schemas may reference others' tables
 * for foreign keys; a ledger's routes mount the core's loop routes); the web app never imports server code.
 */
const root = path.resolve(import.meta.dirname, '..');
const SRC = path.join(root, 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

const graph = new Map<string, string[]>();
for (const f of files(SRC)) {
  const text = fs.readFileSync(f, 'utf8');
  // Type-only imports do not create run-time cycles, but they still count for layering.
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]!);
  graph.set(
    f,
    specs.map((s) => resolveImport(f, s)).filter((x): x is string => !!x),
  );
}
const rel = (p: string) => path.relative(root, p);

describe('architecture', () => {
  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 1);
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps the layers apart', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      const r = rel(f);
      for (const d of deps.map(rel)) {
        if (r.startsWith('src/shared/') && !d.startsWith('src/shared/'))
          bad.push(`${r} → ${d} (shared imports neither server nor web)`);
        if (r.startsWith('src/web/') && d.startsWith('src/server/')) bad.push(`${r} → ${d} (web imports server)`);
        const m1 = /^src\/server\/modules\/([^/]+)\//.exec(r);
        const m2 = /^src\/server\/modules\/([^/]+)\/(.+)$/.exec(d);
        if (m1 && m2 && m1[1] !== m2[1]) {
          const target = m2[2]!;
          // A ledger's routes mount the supervision core's loop routes on their path (one flow for every ledger).
          const loopRoutes = r.endsWith('.routes.ts') && d === 'src/server/modules/supervision/loop.routes.ts';
          const ok =
            target.endsWith('.service.ts') || (r.endsWith('.schema.ts') && target.endsWith('.schema.ts')) || loopRoutes;
          if (!ok) bad.push(`${r} → ${d} (modules talk through services)`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('reads the county’s day in the web app, not the browser’s zone', () => {
    // A browser in UTC is still on yesterday for the first eight hours of a Beijing day: default periods and
    // "not after today" limits go through src/web/lib/time.ts (countyNow, countyToday, countyYear).
    const bad: string[] = [];
    for (const f of graph.keys()) {
      const r = rel(f);
      if (!r.startsWith('src/web/') || r === 'src/web/lib/time.ts') continue;
      const text = fs.readFileSync(f, 'utf8');
      if (/\bdayjs\(\)|new Date\(\)\.(getFullYear|getMonth|getDate)\(|new Date\(\)\.toISOString\(\)/.test(text))
        bad.push(r);
    }
    expect(bad).toEqual([]);
  });

  it('keeps lines short enough to read side by side (at most 140 characters)', () => {
    // Biome formats code at 120 columns but leaves long strings, templates and comments alone; this catches those.
    // Split a long string with + (or a template with a backslash-newline, which adds nothing to the string), SQL at
    // its whitespace, a comment over more lines.
    const LIMIT = 140;
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
        return /\.(ts|tsx|mjs)$/.test(e.name) ? [p] : [];
      });
    const all = [
      ...['src', 'tests', 'bench', 'scripts', 'bin'].flatMap((d) => sources(path.join(root, d))),
      ...fs
        .readdirSync(root)
        .filter((n) => /\.(ts|mjs)$/.test(n))
        .map((n) => path.join(root, n)),
    ];
    const long: string[] = [];
    for (const f of all) {
      fs.readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.length > LIMIT) long.push(`${rel(f)}:${i + 1} (${line.length})`);
        });
    }
    expect(long).toEqual([]);
  });
});
