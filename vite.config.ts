import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Precompressed copies of the built files (name.js.br, name.js.gz beside name.js), made once at build time at the
 * highest levels, so the server sends a phone a third of the bytes without compressing per request
 * (@fastify/static's preCompressed picks the copy by Accept-Encoding, src/server/app.ts). Text files only, above
 * 1 KiB, and only where the copy is smaller; index.html stays as it is (small, and the answer to every page path).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'luoshi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/\.(js|mjs|css|svg|json|webmanifest)$/.test(e.name) && fs.statSync(p).size > 1024) files.push(p);
        }
      };
      walk(outDir);
      for (const file of files) {
        const raw = fs.readFileSync(file);
        const [br, gz] = await Promise.all([
          brotli(raw, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
          gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
        ]);
        if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

// The web app is built into dist/web and served by the Fastify server on the same port (no CDN, strict CSP:
// script-src 'self', so no inline scripts; Vite emits only external module scripts).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      output: {
        // Libraries the first page needs go in named vendor chunks (their cache survives our releases); those only
        // lazy pages use (antd's table, tree, date picker…) stay split, so the sign-in page does not load them.
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|@tanstack)[\\/]/,
              priority: 2,
            },
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
