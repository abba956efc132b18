import { isIP } from 'node:net';

/** IPv4 ranges a flow may not reach: this host, private networks, link-local (cloud metadata), shared, multicast, reserved. */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4ToNumber(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inV4Range(address: string, [base, bits]: [string, number]): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(v4ToNumber(address) / size) === Math.floor(v4ToNumber(base) / size);
}

/** The 16 bytes of an IPv6 address (with an embedded IPv4 tail). */
function v6Bytes(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const n = v4ToNumber(tail[1]!);
    text = text.slice(0, -tail[1]!.length) + `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((group) => {
    const value = parseInt(group || '0', 16);
    return [value >> 8, value & 0xff];
  });
}

/**
 * Whether an IP address is one a flow must not call unless allowed: loopback, private,
 * link-local (169.254.169.254, the cloud metadata service), unique-local, multicast or
 * reserved; IPv4-mapped and NAT64 IPv6 forms are judged by their IPv4 address.
 *
 * @example isBlockedAddress('169.254.169.254') // true
 * @example isBlockedAddress('93.184.216.34') // false
 */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address.split('%')[0]!);
  if (version === 4) return BLOCKED_V4.some((range) => inV4Range(address, range));
  if (version !== 6) return true;
  const bytes = v6Bytes(address);
  const isZeroPrefix = (length: number) => bytes.slice(0, length).every((byte) => byte === 0);
  // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address.
  if ((isZeroPrefix(10) && bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && bytes.slice(4, 12).every((b) => b === 0))) {
    return isBlockedAddress(bytes.slice(12).join('.'));
  }
  if (isZeroPrefix(15) && (bytes[15] === 0 || bytes[15] === 1)) return true; // :: and ::1
  if ((bytes[0]! & 0xfe) === 0xfc) return true; // fc00::/7 unique local
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (bytes[0] === 0xff) return true; // multicast
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0x0d && bytes[3] === 0xb8) return true; // documentation
  return false;
}

/**
 * Whether `host` (a name or an address, no port) is on the workspace's allow list. An entry
 * matches the host exactly, `*.example.com` matches its subdomains, and an entry may be an
 * address or `host:port` (then only that port).
 *
 * @example isAllowedHost('crm.internal', 8080, ['crm.internal']) // true
 */
export function isAllowedHost(host: string, port: number, allowed: readonly string[]): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return allowed.some((entry) => {
    const [pattern, entryPort] = splitPort(entry.trim().toLowerCase());
    if (entryPort !== undefined && entryPort !== port) return false;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1));
    return name === pattern;
  });
}

function splitPort(entry: string): [string, number | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2] ? Number(bracketed[2]) : undefined];
  const match = /^([^:]+):(\d+)$/.exec(entry);
  return match ? [match[1]!, Number(match[2])] : [entry, undefined];
}
