// TsContinuityStitcher: counters carried on across a splice, packets without payload, untouched input buffers.

import { describe, expect, it } from 'vitest';
import { TsContinuityStitcher } from '../../src/main/mpegts/tsContinuity';
import { continuityBreaks } from '../support/tsContinuityCheck';

/** One 188-byte packet of `pid` with counter `cc`; `payload` false makes it adaptation-field only. */
function packet(pid: number, cc: number, payload = true): Buffer {
  const p = Buffer.alloc(188, 0xff);
  p[0] = 0x47;
  p[1] = (pid >> 8) & 0x1f;
  p[2] = pid & 0xff;
  p[3] = (payload ? 0x10 : 0x20) | (cc & 0x0f);
  return p;
}

function ccs(buf: Buffer): number[] {
  const out: number[] = [];
  for (let off = 0; off < buf.length; off += 188) out.push(buf[off + 3]! & 0x0f);
  return out;
}

describe('TsContinuityStitcher', () => {
  it('passes a stream through unchanged (the same buffer) until a splice', () => {
    const st = new TsContinuityStitcher();
    const run = Buffer.concat([packet(256, 5), packet(256, 6), packet(257, 0)]);
    expect(st.stitch(run)).toBe(run);
  });

  it('continues every PID from its last counter after a splice, and keeps the shift for the packets after', () => {
    const st = new TsContinuityStitcher();
    st.stitch(Buffer.concat([packet(0, 3), packet(256, 9), packet(257, 14)]));
    st.splice();
    const input = Buffer.concat([packet(0, 0), packet(256, 0), packet(256, 1), packet(257, 0), packet(257, 1), packet(300, 7)]);
    const copy = Buffer.from(input);
    const out = st.stitch(input);
    expect(ccs(out)).toEqual([4, 10, 11, 15, 0, 7]); // PID 300 is new: its own counters stand
    expect(input.equals(copy)).toBe(true); // the caller's buffer is not modified
    expect(ccs(st.stitch(Buffer.concat([packet(256, 2), packet(257, 2)])))).toEqual([12, 1]);
    expect(st.stats()).toEqual({ splices: 1, shiftedPids: 3 });
  });

  it('repeats the last counter for a first packet without payload, as the standard wants', () => {
    const st = new TsContinuityStitcher();
    st.stitch(packet(256, 7));
    st.splice();
    const out = st.stitch(Buffer.concat([packet(256, 0, false), packet(256, 1), packet(256, 2)]));
    expect(ccs(out)).toEqual([7, 8, 9]);
    expect(continuityBreaks(Buffer.concat([packet(256, 7), out]))).toEqual([]);
  });

  it('leaves null packets alone', () => {
    const st = new TsContinuityStitcher();
    st.stitch(packet(0x1fff, 3));
    st.splice();
    expect(ccs(st.stitch(packet(0x1fff, 9)))).toEqual([9]);
  });
});
