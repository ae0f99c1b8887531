import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/helpers/app';
import { seedDemoExtraction } from './extraction';

const sharedDir = path.resolve(import.meta.dirname, '../../../../shared');
const haveCorpus = fs.existsSync(path.join(sharedDir, 'corpus'));
if (!haveCorpus) console.warn(`[luoshi tests] ${sharedDir}/corpus 不存在，跳过演示讲话分解测试 / skipping the demo extraction test`);

describe.skipIf(!haveCorpus)('demo speeches drafted for review', () => {
  it('the office finds each corpus speech with its candidate tasks, none issued yet', async () => {
    const t = await createTestApp();
    const n = await seedDemoExtraction(t.deps, { sharedDir });
    const files = fs.readdirSync(path.join(sharedDir, 'corpus')).filter((f) => f.endsWith('.txt'));
    expect(n).toBe(files.length);
    const office = await t.login('sunli');
    const list = (await office.get('/api/v1/extractions')).json();
    expect(list.total).toBe(files.length);
    for (const d of list.items as { id: string }[]) {
      const doc = (await office.get(`/api/v1/extractions/${d.id}`)).json();
      expect(doc.candidates.length, d.id).toBeGreaterThan(5);
      expect(new Set(doc.candidates.map((c: { status: string }) => c.status))).toEqual(new Set(['pending']));
    }
  });
});
