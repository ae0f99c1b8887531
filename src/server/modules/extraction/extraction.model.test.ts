import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * The optional model: a stand-in OpenAI-compatible endpoint on loopback. It refines the rules' draft when it
 * answers as asked; when it answers nonsense or not in time the rules' draft stands and the document says why;
 * with no model configured no request leaves.
 */
type Mode = 'refine' | 'garbage' | 'silent';
let mode: Mode = 'refine';
const seen: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
const server = http.createServer((req, res) => {
  let data = '';
  req.on('data', (d) => (data += d));
  req.on('end', () => {
    const body = JSON.parse(data);
    seen.push({ auth: req.headers.authorization, body });
    if (mode === 'silent') return; // never answers
    const drafts = JSON.parse(body.messages[1].content).candidates as { index: number; quote: string }[];
    const content =
      mode === 'garbage'
        ? '好的，我来看看这些任务。'
        : '```json\n' +
          JSON.stringify({
            candidates: drafts.map((d) =>
              d.quote.includes('数据资源中心')
                ? { index: d.index, leadUnits: ['科技局'], title: '建成政务数据共享平台' }
                : d.quote.includes('老旧小区')
                  ? { index: d.index, title: '老旧小区改造', deadline: '9月底' }
                  : { index: d.index, isTask: false },
            ),
          }) +
          '\n```';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const port = (server.address() as { port: number }).port;
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const SPEECH = [
  '2026年城市工作会议讲话',
  '住建局要在第三季度完成城区老旧小区改造30个，改造率达到80%以上。',
  '县数据资源中心要在年底前建成政务数据共享平台，接入单位不少于40家。',
  '交通运输局要在上半年完成农村公路改造100公里。',
].join('\n');

const t = await createTestApp(
  { extractModel: { url: `http://127.0.0.1:${port}/v1`, model: 'county-model', key: 'secret-key', timeoutMs: 4000 } },
  { today: () => '2026-03-02' },
);
const office = await t.login('sunli');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
type Cand = {
  quote: string;
  title: string;
  status: string;
  leadUnitId: string | null;
  deadline: string | null;
  deadlineText: string | null;
};

describe('the optional model', () => {
  it('refines titles, units and deadlines of the rules’ candidates, and sets aside what it says is no task', async () => {
    mode = 'refine';
    const d = (await office.post('/api/v1/extractions', { text: SPEECH })).json() as {
      draftedBy: string;
      modelNote: string | null;
      candidates: Cand[];
    };
    expect(d).toMatchObject({ draftedBy: 'model', modelNote: null });
    expect(seen.at(-1)).toMatchObject({ auth: 'Bearer secret-key', body: { model: 'county-model' } });
    expect(seen.at(-1)!.body.messages[1]!.content).toContain('老旧小区');
    const housing = d.candidates.find((c) => c.quote.includes('老旧小区'))!;
    expect(housing).toMatchObject({
      title: '老旧小区改造',
      deadline: '2026-09-30',
      deadlineText: '9月底',
      status: 'pending',
    });
    const data = d.candidates.find((c) => c.quote.includes('数据资源中心'))!;
    expect(data).toMatchObject({
      title: '建成政务数据共享平台',
      leadUnitId: units.find((u) => u.shortName === '科技局')!.id,
    });
    // quotes stay the rules' own; the one the model rejected is dropped, not deleted
    expect(d.candidates.find((c) => c.quote.includes('农村公路'))!.status).toBe('dropped');
  });

  it('keeps the rules’ draft when the reply is not the JSON asked for, and says so', async () => {
    mode = 'garbage';
    const d = (await office.post('/api/v1/extractions', { text: SPEECH })).json() as {
      draftedBy: string;
      modelNote: string;
      candidates: Cand[];
    };
    expect(d.draftedBy).toBe('rules_fallback');
    expect(d.modelNote).toContain('JSON');
    expect(d.candidates.length).toBeGreaterThanOrEqual(3);
    expect(d.candidates.every((c) => c.status === 'pending')).toBe(true);
    expect(d.candidates.find((c) => c.quote.includes('老旧小区'))!.deadline).toBe('2026-09-30');
  });

  it('keeps the rules’ draft when the model does not answer in time', async () => {
    mode = 'silent';
    const d = (await office.post('/api/v1/extractions', { text: SPEECH })).json() as {
      draftedBy: string;
      modelNote: string;
      candidates: Cand[];
    };
    expect(d.draftedBy).toBe('rules_fallback');
    expect(d.modelNote).toContain('未答复');
    expect(d.candidates.length).toBeGreaterThanOrEqual(3);
  });

  it('sends nothing anywhere when no model is configured', async () => {
    const plain = await createTestApp({}, { today: () => '2026-03-02' });
    const before = seen.length;
    const c = await plain.login('sunli');
    const d = (await c.post('/api/v1/extractions', { text: SPEECH })).json();
    expect(d.draftedBy).toBe('rules');
    expect(seen.length).toBe(before);
  });
});
