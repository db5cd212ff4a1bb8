/**
 * Outbound URL checks (SSRF). A webhook may point at an intranet receiver (government networks often have one),
 * so private and loopback addresses are allowed; link-local addresses, the cloud metadata services and other
 * non-unicast ranges are refused — at save time for literal addresses and known names, and again before every
 * request for the addresses the name resolves to. Redirects are not followed.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { BlockedUrlError } from './notifications.errors.ts';

const blocked = new BlockList();
blocked.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network"
blocked.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local: AWS / 华为云 / 腾讯云 metadata (169.254.169.254, 169.254.0.23)
blocked.addAddress('100.100.100.200', 'ipv4'); // 阿里云 metadata service
blocked.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
blocked.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
blocked.addSubnet('fe80::', 10, 'ipv6'); // link-local
blocked.addSubnet('ff00::', 8, 'ipv6'); // multicast
blocked.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
blocked.addAddress('::', 'ipv6');

const BLOCKED_NAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.tencentyun.com', 'instance-data', 'instance-data.ec2.internal']);

/** Whether an IP address literal is refused. IPv4-mapped IPv6 addresses are checked as IPv4. */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  const kind = isIP(address);
  if (kind === 4) return blocked.check(address, 'ipv4');
  if (kind === 6) return blocked.check(address, 'ipv6');
  return false;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Save-time check: null when acceptable, otherwise why not (literal blocked address or known metadata name). */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https are allowed';
  if (u.username || u.password) return 'credentials in the URL are not allowed';
  const host = hostOf(u);
  if (BLOCKED_NAMES.has(host)) return 'cloud metadata addresses are not allowed';
  if (isBlockedAddress(host)) return 'link-local, metadata and multicast addresses are not allowed';
  return null;
}

/** Send-time check: resolves the name and refuses if any address is blocked (throws with the reason). */
export async function assertSendable(raw: string): Promise<void> {
  const problem = urlProblem(raw);
  if (problem) throw new BlockedUrlError(problem);
  const host = hostOf(new URL(raw));
  if (isIP(host)) return;
  const addrs = await lookup(host, { all: true });
  if (addrs.some((a) => isBlockedAddress(a.address))) throw new BlockedUrlError(`${host} resolves to a blocked address`);
}

/** The URL with its query values of robot keys and tokens masked (`key=ab12****`), for showing in lists. */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    for (const k of [...u.searchParams.keys()]) {
      if (/key|token|secret|sign|access/i.test(k)) {
        const v = u.searchParams.get(k) ?? '';
        u.searchParams.set(k, `${v.slice(0, 4)}****`);
      }
    }
    return u.toString().replace(/%2A/g, '*');
  } catch {
    return '****';
  }
}
