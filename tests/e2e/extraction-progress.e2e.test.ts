import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeBrowser, pageProblems, startBrowserEnv } from './harness';

// A PDF is read by poppler's pdftotext, which on a 60-page report takes a while. Here a stand-in for it waits
// until the test has looked at the page (a file appears; at most 60 s), then runs the real one: the page must
// show where the document is meanwhile, not a frozen screen.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-slow-pdf-'));
const gate = path.join(dir, 'go');
const standIn = path.join(dir, 'pdftotext');
fs.writeFileSync(
  standIn,
  `#!/bin/sh\ni=0\nwhile [ ! -e '${gate}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\nexec pdftotext "$@"\n`,
  { mode: 0o755 },
);
const before = process.env.LUOSHI_PDFTOTEXT;
process.env.LUOSHI_PDFTOTEXT = standIn;
afterAll(() => {
  if (before === undefined) delete process.env.LUOSHI_PDFTOTEXT;
  else process.env.LUOSHI_PDFTOTEXT = before;
  fs.rmSync(dir, { recursive: true, force: true });
});
const PDF = fs.readFileSync(new URL('../fixtures/extract/files/水利讲话.pdf', import.meta.url));

describeBrowser(
  'speech to ledger: a document on its way shows where it is (upload → read and extract → review)',
  () => {
    const envP = startBrowserEnv();

    for (const phone of [false, true])
      it(`shows the steps and the time taken while the server reads a PDF, then opens the review${phone ? ' (phone)' : ''}`, async () => {
        const env = await envP;
        fs.rmSync(gate, { force: true });
        const p = await env.signedIn('sunli', undefined, { phone });
        await p.goto(`${env.baseUrl}/extractions`);
        await p
          .locator('[data-testid="extraction-upload"] input[type=file]')
          .setInputFiles({ name: '水利讲话.pdf', mimeType: 'application/pdf', buffer: PDF });
        await p.getByTestId('extraction-submit').click();
        await expect
          .poll(() => p.getByTestId('extraction-progress-reading').textContent(), { timeout: 20_000 })
          .toContain('请勿关闭页面');
        expect(await p.getByTestId('extraction-progress').textContent()).toContain('读取并分解');
        // the form cannot be sent twice meanwhile
        expect(await p.getByTestId('extraction-submit').isDisabled()).toBe(true);
        const shot = process.env[phone ? 'EXTRACTION_PROGRESS_PHONE_SCREENSHOT' : 'EXTRACTION_PROGRESS_SCREENSHOT'];
        if (shot) await p.screenshot({ path: shot });
        fs.writeFileSync(gate, '');
        await p.waitForURL((u) => /^\/extractions\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 60_000 });
        expect(pageProblems(p)).toEqual([]);
      });
  },
);
