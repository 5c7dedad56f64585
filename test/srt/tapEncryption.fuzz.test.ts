// Property-based checks (fast-check) that the KM codec, the handshake block reader and the tap encryption never throw on
// hostile datagrams. Each run prints its seed; replay a failure with FC_SEED=<seed>.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTapEncryption, type TapEncryption } from '../../src/main/srt/crypto/tapEncryption';
import { readHandshakeBlocks } from '../../src/main/srt/packets/handshakeBlocks';
import { decodeKmMessage } from '../../src/main/srt/packets/kmMessage';
import { vector } from './srtFixtures';

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`tapEncryption.fuzz: FC_SEED=${seed}`);
const runs = { seed, numRuns: 1000 };

const REAL = ['induction_caller', 'induction_listener', 'conclusion_caller_sid', 'conclusion_listener', 'conclusion_caller_encrypted',
  'conclusion_listener_encrypted', 'rejection_badsecret', 'data_first', 'data_encrypted', 'ack_full', 'nak_long', 'keepalive_caller'];

/** Arbitrary bytes, or a real datagram with a few bytes overwritten, a few cut off and a few appended. */
const hostileDatagram = fc.oneof(
  fc.uint8Array({ maxLength: 1600 }).map((b) => Buffer.from(b)),
  fc.tuple(
    fc.constantFrom(...REAL),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.uint8Array({ maxLength: 4 }),
  ).map(([name, edits, trimBytes, extra]) => {
    const b = Buffer.from(vector(name));
    for (const [at, value] of edits) b[at % b.length] = value;
    return Buffer.concat([b.subarray(0, b.length - trimBytes), extra]);
  }),
);

function connectedModule(): TapEncryption {
  const enc = createTapEncryption({ passphrase: 'fuzz-passphrase-1' });
  enc.fromCaller(vector('induction_caller'));
  enc.fromIngest(vector('induction_listener'));
  enc.fromCaller(vector('conclusion_caller_sid'));
  return enc;
}

describe('tap encryption parsers under hostile input', () => {
  it('decodeKmMessage and readHandshakeBlocks return results, never throw', () => {
    fc.assert(fc.property(hostileDatagram, (bytes) => {
      expect(typeof decodeKmMessage(bytes).ok).toBe('boolean');
      expect(typeof decodeKmMessage(bytes.subarray(Math.min(68, bytes.length))).ok).toBe('boolean');
      expect(typeof readHandshakeBlocks(bytes).ok).toBe('boolean');
    }), runs);
  });

  it('fromCaller and fromIngest return a datagram or null for any sequence of hostile datagrams', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), hostileDatagram), { maxLength: 12 }), (sequence) => {
      const enc = connectedModule();
      for (const [fromCaller, datagram] of sequence) {
        const out = fromCaller ? enc.fromCaller(datagram) : enc.fromIngest(datagram);
        expect(out === null || Buffer.isBuffer(out)).toBe(true);
      }
      const status = enc.status();
      expect(status === 'pending' || status === 'ok' || typeof status.refused === 'string').toBe(true);
    }), { ...runs, numRuns: 300 });
  });
});
