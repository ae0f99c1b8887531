import { z } from 'zod';

/**
 * The optional refinement of the offline draft by a model behind an OpenAI-compatible chat-completions endpoint
 * the administrator configured. The model sees the rules' candidates (their quotes and fields) and may only
 * improve fields of those candidates or mark one as not a task: quotes and offsets always come from the rules,
 * so nothing the model says can point outside the text. Any failure — network, timeout, HTTP error, a reply
 * that is not the JSON asked for — leaves the rules' draft as it was, with the reason.
 */
export interface ModelConfig {
  url: string;
  model: string;
  key: string;
  timeoutMs: number;
}

export interface DraftForModel {
  quote: string;
  title: string;
  leadLeader: string | null;
  leadUnits: string[];
  coUnits: string[];
  deadline: string | null;
  targets: string[];
}

const Refined = z.object({
  index: z.number().int().min(0),
  isTask: z.boolean().default(true),
  title: z.string().trim().min(1).max(200).optional(),
  leadLeader: z.string().trim().max(20).nullable().optional(),
  leadUnits: z.array(z.string().trim().min(1).max(50)).max(10).optional(),
  coUnits: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  deadline: z.string().trim().max(50).nullable().optional(),
  targets: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
});
export type Refinement = z.infer<typeof Refined>;
const Reply = z.object({ candidates: z.array(Refined).max(5000) });

const SYSTEM = [
  '你是县政府督查室的助手。下面是从领导讲话或工作报告中按规则初步识别出的候选督办任务（带原文引文）。',
  '请逐条校对：任务名称（简短，动宾结构，不超过30字）、牵头领导（原文写明的人名）、牵头单位、配合单位（按原文写法）、完成时限（按原文写法，如“上半年”“6月底”）、可量化的目标。',
  '不是交办事项的（形势分析、过去成绩、号召口号）标 isTask=false。不要新增候选，不要改动引文。',
  '只输出 JSON：{"candidates":[{"index":0,"isTask":true,"title":"…","leadLeader":null,"leadUnits":["…"],' +
    '"coUnits":[],"deadline":"…","targets":["…"]}]}',
].join('\n');

/** Pulls the JSON object out of a chat reply (models sometimes wrap it in a ``` fence). */
function jsonOf(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  const raw = (fenced ? fenced[1]! : content).trim();
  const start = raw.indexOf('{');
  const end = raw.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the reply holds no JSON object');
  return JSON.parse(raw.slice(start, end + 1));
}

export async function refineWithModel(
  cfg: ModelConfig,
  title: string,
  drafts: DraftForModel[],
  fetchImpl: typeof fetch = fetch,
): Promise<{ ok: true; refinements: Refinement[] } | { ok: false; reason: string }> {
  if (!drafts.length) return { ok: true, refinements: [] };
  const user = JSON.stringify({ document: title, candidates: drafts.map((d, index) => ({ index, ...d })) });
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), cfg.timeoutMs);
  try {
    const res = await fetchImpl(`${cfg.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cfg.key ? { authorization: `Bearer ${cfg.key}` } : {}) },
      body: JSON.stringify({
        model: cfg.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: user },
        ],
      }),
      signal: ctrl.signal,
    });
    if (!res.ok) return { ok: false, reason: `模型服务返回 HTTP ${res.status}` };
    const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return { ok: false, reason: '模型服务的回复不是对话补全格式' };
    const parsed = Reply.safeParse(jsonOf(content));
    if (!parsed.success) return { ok: false, reason: '模型回复不符合约定的 JSON 格式' };
    return { ok: true, refinements: parsed.data.candidates.filter((r) => r.index < drafts.length) };
  } catch (e) {
    return {
      ok: false,
      reason: ctrl.signal.aborted
        ? `模型服务 ${Math.round(cfg.timeoutMs / 1000)} 秒内未答复`
        : `无法使用模型服务：${(e as Error).message.slice(0, 200)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
