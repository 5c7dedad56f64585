// tsNullPadding: whole null packets up to the next message boundary, nothing when already on one.

import { describe, expect, it } from 'vitest';
import { tsNullPadding } from '../../src/main/mpegts/tsNullPadding';

describe('tsNullPadding', () => {
  it.each([
    [0, 0],
    [188, 6],
    [1316, 0],
    [1316 * 5 + 188 * 3, 4],
  ])('after %i bytes adds %i null packets', (bytes, packets) => {
    const pad = tsNullPadding(bytes, 1316);
    expect(pad.length).toBe(packets * 188);
    expect((bytes + pad.length) % 1316).toBe(0);
    for (let off = 0; off < pad.length; off += 188) {
      expect(pad[off]).toBe(0x47);
      expect(((pad[off + 1]! & 0x1f) << 8) | pad[off + 2]!).toBe(0x1fff);
      expect(pad[off + 1]! & 0x40).toBe(0); // no payload unit start
    }
  });
});
