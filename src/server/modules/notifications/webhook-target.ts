import dns from 'node:dns/promises';
import net from 'node:net';

/**
 * Where a webhook may deliver. The system administrator types the address; without this check it could point the
 * server at itself, the database, the cloud's metadata service or any intranet host (SSRF). Refused: loopback,
 * private, shared (CGNAT), link-local, multicast and reserved addresses, in IPv4 and IPv6, including IPv4 written
 * inside IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16). A host name is
 * resolved and every address it has is checked. Hosts on `LUOSHI_WEBHOOK_ALLOW` (a county system on the
 * intranet) are let through as written.
 */

/** IPv4 ranges never delivered to: [first octets as a number, prefix length]. */
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function blockedV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return n >= start && n < start + size;
  });
}

/** The 8 groups of an IPv6 address (with a dotted IPv4 tail converted), or null when it does not parse. */
function v6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase().split('%')[0]!; // a zone id (fe80::1%eth0) says nothing about the range
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    if (net.isIPv4(tail[1]!) === false) return null;
    const n = v4ToInt(tail[1]!);
    s = `${s.slice(0, -tail[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const a = head ? head.split(':') : [];
  const b = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest !== undefined ? 8 - a.length - b.length : 0;
  if (fill < 0) return null;
  const groups = [...a, ...Array<string>(fill).fill('0'), ...b].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

const v4Of = (hi: number, lo: number) => `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;

/** Whether an address (IPv4 or IPv6, as DNS or a URL gives it) is one a webhook may not reach. */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) return blockedV4(bare);
  const g = v6Groups(bare);
  if (!g) return true; // not an address we understand: refuse rather than guess
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && g[7] === 1) return true; // ::1
  if (zeros(0, 5) && g[5] === 0xffff) return blockedV4(v4Of(g[6]!, g[7]!)); // ::ffff:a.b.c.d (mapped)
  if (zeros(0, 6)) return blockedV4(v4Of(g[6]!, g[7]!)); // ::a.b.c.d (compatible, deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return blockedV4(v4Of(g[6]!, g[7]!)); // NAT64
  if (g[0] === 0x2002) return blockedV4(v4Of(g[1]!, g[2]!)); // 6to4 carries the IPv4 in groups 1-2
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x0100 && zeros(1, 4)) return true; // 100::/64 discard
  return false;
}

export type TargetProblem =
  | { code: 'webhook_target_private'; address: string }
  | { code: 'webhook_target_unresolved'; address: string };

export type Lookup = (host: string) => Promise<string[]>;
const systemLookup: Lookup = async (host) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Checks a webhook URL's host; null when it may be delivered to. */
export async function checkWebhookTarget(
  url: string,
  allow: readonly string[],
  lookup: Lookup = systemLookup,
): Promise<TargetProblem | null> {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return { code: 'webhook_target_unresolved', address: url.slice(0, 100) };
  }
  if (allow.includes(host)) return null;
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      return { code: 'webhook_target_unresolved', address: host };
    }
    if (addresses.length === 0) return { code: 'webhook_target_unresolved', address: host };
  }
  const bad = addresses.find(isForbiddenAddress);
  return bad ? { code: 'webhook_target_private', address: bad === host ? host : `${host} → ${bad}` } : null;
}
