// Finds an IPv4 address carried inside an IPv6 address (NAT64, IPv4-compatible, 6to4, Teredo, SIIT), so a private
// IPv4 range cannot be reached through its IPv6 spelling. Pure.

/** The 16 bytes of an IPv6 address (`::` compression and a trailing dotted quad allowed), or null if it is not one. */
export function ipv6Bytes(text: string): Uint8Array | null {
  let rest = text;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(rest);
  if (dotted) {
    const quad = dotted.slice(2, 6).map(Number);
    if (quad.some((n) => n > 255)) return null;
    tail.push(((quad[0]! << 8) | quad[1]!) >>> 0, ((quad[2]! << 8) | quad[3]!) >>> 0);
    rest = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
  };
  const head = parse(halves[0]!);
  const after = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !after) return null;
  const known = head.length + after.length + tail.length;
  if (halves.length === 2 ? known > 7 : known !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - known).fill(0), ...after, ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** How an IPv6 address carries an IPv4 address, and which one. */
export interface EmbeddedIpv4 {
  ipv4: string;
  /** `a NAT64 IPv6 address (64:ff9b::/96)` and the like, for the refusal sentence. */
  form: string;
}

function dottedAt(bytes: Uint8Array, offset: number, xorMask = 0): string {
  return Array.from(bytes.subarray(offset, offset + 4), (b) => String(b ^ xorMask)).join('.');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * The IPv4 addresses an IPv6 address embeds (RFC 6052 NAT64 well-known prefix, RFC 4291 IPv4-compatible, RFC 3056
 * 6to4, RFC 4380 Teredo server and obfuscated client, RFC 6145 IPv4-translated). IPv4-mapped (`::ffff:a.b.c.d`) is
 * left to the caller's block list, which already matches it (as it matches `::` and `::1` before this is asked).
 */
export function embeddedIpv4(bytes: Uint8Array): EmbeddedIpv4[] {
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b]) && zeros(4, 12)) return [{ ipv4: dottedAt(bytes, 12), form: 'a NAT64 IPv6 address (64:ff9b::/96)' }];
  if (zeros(0, 12)) return [{ ipv4: dottedAt(bytes, 12), form: 'an IPv4-compatible IPv6 address (::/96, deprecated)' }];
  if (zeros(0, 8) && startsWith(bytes.subarray(8), [0xff, 0xff, 0, 0])) return [{ ipv4: dottedAt(bytes, 12), form: 'an IPv4-translated IPv6 address (::ffff:0:0/96)' }];
  if (startsWith(bytes, [0x20, 0x02])) return [{ ipv4: dottedAt(bytes, 2), form: 'a 6to4 IPv6 address (2002::/16)' }];
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00])) {
    return [
      { ipv4: dottedAt(bytes, 4), form: 'a Teredo IPv6 address (2001::/32, server part)' },
      { ipv4: dottedAt(bytes, 12, 0xff), form: 'a Teredo IPv6 address (2001::/32, client part)' },
    ];
  }
  return [];
}
