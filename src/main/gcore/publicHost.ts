// Pure check of whether a URL host can be reached from Gcore's pull servers (public internet), and if not, why.

import { BlockList, isIPv4 } from 'node:net';
import { embeddedIpv4, ipv6Bytes } from './ipv6Embedded';

interface Range {
  subnet: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  why: string;
}

/** Non-public ranges (RFC 6890 special-purpose registry, the ones a user is likely to type). Most specific first. */
const RANGES: readonly Range[] = [
  { subnet: '0.0.0.0', prefix: 8, family: 'ipv4', why: 'an unspecified address (0.0.0.0/8)' },
  { subnet: '127.0.0.0', prefix: 8, family: 'ipv4', why: 'a loopback address (this computer)' },
  { subnet: '10.0.0.0', prefix: 8, family: 'ipv4', why: 'a private network address (10.0.0.0/8)' },
  { subnet: '172.16.0.0', prefix: 12, family: 'ipv4', why: 'a private network address (172.16.0.0/12)' },
  { subnet: '192.168.0.0', prefix: 16, family: 'ipv4', why: 'a private network address (192.168.0.0/16)' },
  { subnet: '169.254.0.0', prefix: 16, family: 'ipv4', why: 'a link-local address (169.254.0.0/16)' },
  { subnet: '100.64.0.0', prefix: 10, family: 'ipv4', why: 'a carrier-grade NAT address (100.64.0.0/10)' },
  { subnet: '192.0.2.0', prefix: 24, family: 'ipv4', why: 'a documentation address (192.0.2.0/24)' },
  { subnet: '198.51.100.0', prefix: 24, family: 'ipv4', why: 'a documentation address (198.51.100.0/24)' },
  { subnet: '203.0.113.0', prefix: 24, family: 'ipv4', why: 'a documentation address (203.0.113.0/24)' },
  { subnet: '198.18.0.0', prefix: 15, family: 'ipv4', why: 'a benchmarking address (198.18.0.0/15)' },
  { subnet: '224.0.0.0', prefix: 4, family: 'ipv4', why: 'a multicast address (multicast pull needs Gcore support to set up)' },
  { subnet: '240.0.0.0', prefix: 4, family: 'ipv4', why: 'a reserved or broadcast address (240.0.0.0/4)' },
  { subnet: '::', prefix: 128, family: 'ipv6', why: 'the unspecified address (::)' },
  { subnet: '::1', prefix: 128, family: 'ipv6', why: 'a loopback address (this computer)' },
  { subnet: 'fc00::', prefix: 7, family: 'ipv6', why: 'a unique-local IPv6 address (fc00::/7)' },
  { subnet: 'fe80::', prefix: 10, family: 'ipv6', why: 'a link-local IPv6 address (fe80::/10)' },
  { subnet: 'ff00::', prefix: 8, family: 'ipv6', why: 'a multicast IPv6 address (ff00::/8)' },
  { subnet: '2001:db8::', prefix: 32, family: 'ipv6', why: 'a documentation IPv6 address (2001:db8::/32)' },
  { subnet: '3fff::', prefix: 20, family: 'ipv6', why: 'a documentation IPv6 address (3fff::/20)' },
  { subnet: '100::', prefix: 64, family: 'ipv6', why: 'a discard-only IPv6 address (100::/64)' },
  { subnet: '64:ff9b:1::', prefix: 48, family: 'ipv6', why: 'a local-use NAT64 address (64:ff9b:1::/48)' },
];

// One BlockList per range so the refusal can say which range matched. BlockList also matches IPv4-mapped IPv6
// addresses (::ffff:10.0.0.1) against the IPv4 ranges.
const LISTS = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.subnet, range.prefix, range.family);
  return { list, why: range.why };
});

/** Reserved names that never resolve on the public internet (RFC 6761, RFC 6762, RFC 8375, ICANN `.internal`). */
const PRIVATE_SUFFIXES: ReadonlyArray<[suffix: string, why: string]> = [
  ['.localhost', 'a name for this computer'],
  ['.local', 'an mDNS (.local) name that only resolves on the local network'],
  ['.internal', 'a private-use (.internal) name'],
  ['.home.arpa', 'a home-network (.home.arpa) name'],
];

/**
 * Normalises a host as it appears in a URL authority (`Example.COM`, `0x7f.1`, `[::FFFF:10.0.0.1]`) the way a
 * WHATWG URL parser does (lower case, IPv4 shorthand expanded, IPv6 compressed). Returns null if it is not a valid host.
 */
export function normaliseHost(host: string): string | null {
  try {
    const hostname = new URL(`http://${host}/`).hostname;
    return hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** An IPv6 address that carries a non-public IPv4 address (`[64:ff9b::7f00:1]` is 127.0.0.1 through NAT64). */
function whyEmbeddedNotPublic(ipv6: string): string | null {
  const bytes = ipv6Bytes(ipv6);
  if (!bytes) return null;
  for (const { ipv4, form } of embeddedIpv4(bytes)) {
    for (const { list, why } of LISTS) if (list.check(ipv4, 'ipv4')) return `${form} for ${ipv4}, ${why}`;
  }
  return null;
}

/**
 * Why a (normalised) host cannot be reached from Gcore's servers, or null when it looks public.
 * Names are judged by their form only; no DNS lookup is made (a public name pointing at a private address passes).
 */
export function whyNotPublic(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIPv4(bare) ? 'ipv4' : bare.includes(':') ? 'ipv6' : null;
  if (family) {
    for (const { list, why } of LISTS) if (list.check(bare, family)) return why;
    if (family === 'ipv6') return whyEmbeddedNotPublic(bare);
    return null;
  }
  const name = bare.toLowerCase();
  if (name === 'localhost') return 'a name for this computer';
  for (const [suffix, why] of PRIVATE_SUFFIXES) if (name.endsWith(suffix)) return why;
  if (!name.includes('.')) return 'a single-label name that only resolves on a local network';
  return null;
}
