// The IPv6 parser and the IPv4 addresses found inside IPv6 addresses, checked against Node's own parser and the RFCs' examples.
import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import { embeddedIpv4, ipv6Bytes } from '../../src/main/gcore/ipv6Embedded';

function hex(bytes: Uint8Array | null): string | null {
  return bytes ? Buffer.from(bytes).toString('hex') : null;
}

describe('ipv6Bytes', () => {
  it.each(['::', '::1', '2001:db8::8:800:200c:417a', '64:ff9b::7f00:1', '::127.0.0.1', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8', 'fe80::', '2002:7f00:1::'])(
    'reads %s as the URL parser serialises it',
    (text) => {
      const bytes = ipv6Bytes(text);
      expect(bytes).not.toBeNull();
      // Back through the WHATWG serialiser: 16 bytes as 8 groups must give the same address.
      const groups = Array.from({ length: 8 }, (_, i) => ((bytes![2 * i]! << 8) | bytes![2 * i + 1]!).toString(16)).join(':');
      expect(new URL(`http://[${groups}]/`).hostname).toBe(new URL(`http://[${text}]/`).hostname);
      expect(new SocketAddress({ address: text, family: 'ipv6' }).address).toBeTruthy();
    },
  );

  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '::1.2.3.256', 'g::', ':::', '1:2:3:4:5:6:7'])('refuses %s', (text) => {
    expect(hex(ipv6Bytes(text))).toBeNull();
  });
});

describe('embeddedIpv4', () => {
  it('finds the IPv4 address of each embedding form', () => {
    const find = (text: string) => embeddedIpv4(ipv6Bytes(text)!).map((e) => e.ipv4);
    expect(find('64:ff9b::7f00:1')).toEqual(['127.0.0.1']);
    expect(find('::127.0.0.1')).toEqual(['127.0.0.1']);
    expect(find('2002:7f00:1::')).toEqual(['127.0.0.1']);
    expect(find('::ffff:0:a00:1')).toEqual(['10.0.0.1']);
    // RFC 4380 §4's example: server 65.54.227.120, client 192.0.2.45 (stored inverted).
    expect(find('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toEqual(['65.54.227.120', '192.0.2.45']);
    expect(find('2606:4700::1111')).toEqual([]);
  });
});
