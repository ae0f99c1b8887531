import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dgram from 'node:dgram';

/**
 * Anchors: the chain's newest seq and hash, written outside the database (a file in the data directory, the log,
 * optionally a syslog server and a webhook) at an interval and at every export. Someone who deletes the newest rows
 * leaves a chain that is whole but shorter than an anchor says, and `luoshi audit verify` names that anchor.
 */
export const ANCHOR_FILE = 'audit-anchors.jsonl';

export type AnchorReason = 'interval' | 'export' | 'start';

export interface Anchor {
  at: string;
  seq: number;
  hash: string;
  why: AnchorReason;
}

export function anchorFile(dataDir: string) {
  return path.join(dataDir, ANCHOR_FILE);
}

/** Reads every anchor; a line that does not parse is counted (it is reported, not silently skipped). */
export function readAnchors(dataDir: string): { anchors: Anchor[]; unreadable: number } {
  let text: string;
  try {
    text = fs.readFileSync(anchorFile(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: [], unreadable: 0 };
    throw e;
  }
  const anchors: Anchor[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const a = JSON.parse(line) as Anchor;
      if (Number.isSafeInteger(a.seq) && typeof a.hash === 'string' && typeof a.at === 'string') anchors.push(a);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { anchors, unreadable };
}

/** Appends one line (O_APPEND: the file only grows); fsync, as an anchor lost in a crash anchors nothing. */
export function appendAnchor(dataDir: string, a: Anchor): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const fd = fs.openSync(anchorFile(dataDir), 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(a)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface AnchorTargets {
  webhook: string;
  /** host:port of a syslog server (UDP, RFC 5424). */
  syslog: string;
  fetch?: typeof fetch;
}

export function anchorText(a: Anchor) {
  return `luoshi audit anchor seq=${a.seq} hash=${a.hash} at=${a.at} why=${a.why}`;
}

function sendSyslog(target: string, a: Anchor): Promise<void> {
  const i = target.lastIndexOf(':');
  const host = target.slice(0, i);
  const port = Number(target.slice(i + 1));
  // <110>: facility 13 (log audit), severity 6 (informational).
  const msg = Buffer.from(`<110>1 ${a.at} ${os.hostname()} luoshi ${process.pid} audit-anchor - ${anchorText(a)}`);
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    sock.send(msg, port, host, (e) => {
      sock.close();
      if (e) reject(e);
      else resolve();
    });
  });
}

/** Sends an anchor to the configured targets; returns what failed (an anchor in the file stands regardless). */
export async function sendAnchor(a: Anchor, t: AnchorTargets): Promise<string[]> {
  const failed: string[] = [];
  if (t.syslog) await sendSyslog(t.syslog, a).catch((e: Error) => failed.push(`syslog: ${e.message}`));
  if (t.webhook) {
    const f = t.fetch ?? fetch;
    await f(t.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'luoshi.audit.anchor', ...a }),
      signal: AbortSignal.timeout(10_000),
    })
      .then((r) => {
        if (!r.ok) failed.push(`webhook: HTTP ${r.status}`);
      })
      .catch((e: Error) => failed.push(`webhook: ${e.message}`));
  }
  return failed;
}
