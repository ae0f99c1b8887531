#!/usr/bin/env node
// `npm start`: build the web app when its sources are newer than the build, then run the server in this
// process (TypeScript through tsx), so Ctrl-C and SIGTERM reach it directly.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export function ensureWebBuilt() {
  const index = path.join(root, 'dist/web/index.html');
  const srcTime = Math.max(newest(path.join(root, 'src/web')), newest(path.join(root, 'src/shared')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= srcTime) return;
  console.log('正在构建前端… / building the web app…');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--no-build')) ensureWebBuilt();
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(path.join(root, 'src/server/main.ts')).href);
  await main(process.argv.slice(2));
}
