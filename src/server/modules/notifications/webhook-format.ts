import crypto from 'node:crypto';

/**
 * Message formats and signing of the group robots county offices use. Pure apart from the clock and HMAC.
 * - DingTalk (钉钉自定义机器人, 加签): `timestamp` in ms and `sign` = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))
 *   appended to the URL; markdown message.
 * - WeCom (企业微信群机器人): the key is part of the URL, the robot has no signing; markdown message.
 * - Generic: our JSON, with `X-Luoshi-Timestamp` and `X-Luoshi-Signature: sha256=<hex HMAC(secret, "<timestamp>.<body>")>`.
 */
export type WebhookFormat = 'dingtalk' | 'wecom' | 'generic';

export interface OutboundMessage {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

/**
 * A message's link as the group robot must carry it: the app's links are paths (`/tasks/…`), which DingTalk or WeCom
 * on a phone cannot open, so they are made absolute on the address people use (LUOSHI_PUBLIC_URL). Without that
 * address a path stays a path; a link already absolute is kept.
 */
export function absoluteLink(link: string | null, publicUrl: string | null): string | null {
  if (!link || !publicUrl || !link.startsWith('/') || link.startsWith('//')) return link;
  return new URL(link, publicUrl).toString();
}

export function dingtalkSign(secret: string, timestamp: number): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function genericSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function buildRequest(
  format: WebhookFormat,
  url: string,
  secret: string | null,
  msg: OutboundMessage,
  now = Date.now(),
): { url: string; headers: Record<string, string>; body: string } {
  const markdown = `### ${msg.title}\n\n${msg.body}${msg.link ? `\n\n[查看详情](${msg.link})` : ''}`;
  if (format === 'dingtalk') {
    let target = url;
    if (secret) {
      const u = new URL(url);
      u.searchParams.set('timestamp', String(now));
      u.searchParams.set('sign', dingtalkSign(secret, now));
      target = u.toString();
    }
    return {
      url: target,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { title: msg.title, text: markdown } }),
    };
  }
  if (format === 'wecom') {
    return {
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown } }),
    };
  }
  const body = JSON.stringify({ event: msg.kind, ...msg });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-luoshi-timestamp': String(now),
    'x-luoshi-delivery': msg.id,
  };
  if (secret) headers['x-luoshi-signature'] = genericSignature(secret, now, body);
  return { url, headers, body };
}

/** Whether a robot's answer means success: DingTalk and WeCom answer 200 with errcode 0. */
export function accepted(format: WebhookFormat, status: number, text: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (format === 'generic') return true;
  try {
    return (JSON.parse(text) as { errcode?: number }).errcode === 0;
  } catch {
    return false;
  }
}

/**
 * The error recorded for a delivery that could not reach its receiver. Node's fetch says only "fetch failed" and
 * keeps the reason (ECONNREFUSED, ENOTFOUND, a certificate problem…) in `cause`, which is what an administrator
 * needs to fix the URL.
 */
export function describeFailure(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const parts = [e.message];
  for (let c: unknown = e.cause, depth = 0; c instanceof Error && depth < 3; c = c.cause, depth++)
    if (c.message && !parts.includes(c.message)) parts.push(c.message);
  return parts.join(': ').slice(0, 500);
}

/** Retry schedule: 1 min, 5 min, 30 min, 2 h, 12 h, then give up. */
export const BACKOFF_SECONDS = [60, 300, 1800, 7200, 43200];
