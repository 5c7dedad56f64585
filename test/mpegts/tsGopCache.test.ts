// MPEG-TS awareness against real ffmpeg captures: packet re-alignment, PSI, keyframe detection and the bounded GOP cache.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GopCache, TsPacketizer, type KeyframeInfo } from '../../src/main/mpegts/tsGopCache';
import { classifyNal } from '../../src/main/mpegts/tsKeyframe';
import { crc32Mpeg2, parsePat, parsePmt, SectionAssembler } from '../../src/main/mpegts/tsPsi';
import { makeCapture, pidAt, randomChunks, scratchDir, seeded, type Capture } from './tsTestFixture';

let scratch: ReturnType<typeof scratchDir>;
let hevc: Capture;
let h264: Capture;

beforeAll(() => {
  scratch = scratchDir('srtc-gop-');
  hevc = makeCapture(scratch.dir, 'hevc', 7);
  h264 = makeCapture(scratch.dir, 'h264', 5);
});
afterAll(() => scratch?.cleanup());

/** Runs `data` through a packetizer in the given chunks; returns the concatenated output and its runs. */
function realign(chunks: Buffer[]): { out: Buffer; runs: Array<[Buffer, number]>; p: TsPacketizer } {
  const runs: Array<[Buffer, number]> = [];
  const p = new TsPacketizer((run, off) => runs.push([run, off]));
  for (const c of chunks) p.push(c);
  return { out: Buffer.concat(runs.map(([r]) => r)), runs, p };
}

/** Feeds a capture through packetizer + cache in random chunks and collects the keyframes reported. */
function detect(bytes: Buffer, seed: number, maxBytes?: number): { cache: GopCache; keyframes: KeyframeInfo[] } {
  const keyframes: KeyframeInfo[] = [];
  const cache = new GopCache({ maxBytes, onKeyframe: (k) => keyframes.push(k) });
  const p = new TsPacketizer((run, off) => cache.ingest(run, off));
  for (const c of randomChunks(bytes, 9_000, seeded(seed))) p.push(c);
  return { cache, keyframes };
}

/** Garbage that never contains a sync byte, so the expected output is exact. */
function garbage(n: number, rnd: () => number): Buffer {
  const g = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rnd() * 255);
    g[i] = b >= 0x47 ? b + 1 : b;
  }
  return g;
}

describe('TsPacketizer', () => {
  it.each([1, 2, 7])('re-aligns random chunk sizes exactly (seed %d)', (seed) => {
    const { out, runs, p } = realign(randomChunks(hevc.bytes, seed === 1 ? 5 : 4_000, seeded(seed)));
    expect(out.equals(hevc.bytes)).toBe(true);
    let expected = 0;
    for (const [run, off] of runs) {
      expect(run.length % 188).toBe(0);
      expect(off).toBe(expected); // stream offsets are contiguous without garbage
      expected += run.length;
    }
    expect(p.stats()).toMatchObject({ bytesIn: hevc.bytes.length, packets: hevc.bytes.length / 188, discardedBytes: 0, syncLosses: 0, pendingBytes: 0 });
  });

  it('passes whole aligned chunks through as views, without copying', () => {
    const runs: Buffer[] = [];
    const p = new TsPacketizer((run) => runs.push(run));
    const chunk = hevc.bytes.subarray(0, 188 * 50);
    p.push(chunk);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.buffer).toBe(chunk.buffer);
    expect(runs[0]!.byteOffset).toBe(chunk.byteOffset);
  });

  it('resyncs after garbage between packets and counts every discarded byte', () => {
    const rnd = seeded(42);
    const pieces: Buffer[] = [];
    let injected = 0;
    const at = [0, 17, 20, 500, 1_203, 1_206]; // ≥ 3 packets apart: a position is trusted once 3 sync bytes line up
    for (let i = 0; i < hevc.bytes.length / 188; i++) {
      if (at.includes(i)) {
        const g = garbage(1 + Math.floor(rnd() * 600), rnd);
        injected += g.length;
        pieces.push(g);
      }
      pieces.push(hevc.bytes.subarray(i * 188, (i + 1) * 188));
    }
    const dirty = Buffer.concat(pieces);
    const { out, p } = realign(randomChunks(dirty, 3_000, seeded(43)));
    expect(out.equals(hevc.bytes)).toBe(true);
    expect(p.stats().discardedBytes).toBe(injected);
    expect(p.stats().syncLosses).toBe(at.filter((i) => i > 0).length); // garbage at the very start is not a loss of sync
  });

  it('loses only the packet that garbage landed in, and reports offsets in the dirty stream', () => {
    const cut = 300 * 188 + 50; // inside packet 300
    const g = garbage(77, seeded(7));
    const dirty = Buffer.concat([hevc.bytes.subarray(0, cut), g, hevc.bytes.subarray(cut)]);
    const { out, runs, p } = realign(randomChunks(dirty, 2_000, seeded(8)));
    const total = hevc.bytes.length / 188;
    // Packet 300 is emitted with garbage inside (it still starts with 0x47); the bytes up to the next real packet are discarded.
    expect(out.length / 188).toBe(total);
    expect(out.subarray(0, 300 * 188).equals(hevc.bytes.subarray(0, 300 * 188))).toBe(true);
    expect(out.subarray(301 * 188).equals(hevc.bytes.subarray(301 * 188))).toBe(true);
    expect(p.stats().discardedBytes).toBe(77);
    const after = runs.find(([, off]) => off > cut);
    expect(after?.[1]).toBe(301 * 188 + 77);
  });

  it('discards a lone packet squeezed between two garbage bursts (it cannot be confirmed)', () => {
    const g1 = garbage(50, seeded(1));
    const g2 = garbage(60, seeded(2));
    const pk = (i: number): Buffer => hevc.bytes.subarray(i * 188, (i + 1) * 188);
    const dirty = Buffer.concat([pk(0), pk(1), pk(2), g1, pk(3), g2, pk(4), pk(5), pk(6), pk(7)]);
    const { out, p } = realign([dirty]);
    expect(out.equals(Buffer.concat([pk(0), pk(1), pk(2), pk(4), pk(5), pk(6), pk(7)]))).toBe(true);
    expect(p.stats()).toMatchObject({ discardedBytes: 50 + 188 + 60, syncLosses: 1 });
  });

  it('drops a leading partial packet and a truncated tail', () => {
    const { out, p } = realign([hevc.bytes.subarray(100, 188 * 20 + 60)]);
    expect(out.equals(hevc.bytes.subarray(188, 188 * 20))).toBe(true);
    expect(p.stats()).toMatchObject({ discardedBytes: 88, pendingBytes: 60 });
  });
});

describe('PSI', () => {
  it('computes CRC-32/MPEG-2 (check value of "123456789")', () => {
    expect(crc32Mpeg2(Buffer.from('123456789'), 0, 9)).toBe(0x0376e6e7);
  });

  it('finds the PMT and the HEVC video PID in the capture, and rejects a corrupted PAT', () => {
    const pats: number[] = [];
    const pat = new SectionAssembler((s, l) => pats.push(parsePat(s, l)));
    const first = hevc.bytes.subarray(0, 188 * 3);
    const patOff = [0, 188, 376].find((o) => pidAt(first, o) === 0)!;
    pat.pushPacket(first, patOff);
    expect(pats).toEqual([4096]);
    const bad = Buffer.from(first.subarray(patOff, patOff + 188));
    bad[15] = bad[15]! ^ 0x01; // flip one bit inside the section
    pat.pushPacket(bad, 0);
    expect(pats).toEqual([4096]);
    expect(pat.crcErrors).toBe(1);

    const pmts: Array<ReturnType<typeof parsePmt>> = [];
    const pmt = new SectionAssembler((s, l) => pmts.push(parsePmt(s, l)));
    const pmtOff = [0, 188, 376].find((o) => pidAt(first, o) === 4096)!;
    pmt.pushPacket(first, pmtOff);
    expect(pmts).toEqual([{ videoPid: 256, codec: 'hevc' }]);
  });

  it.each([
    ['hevc', 0x40, true], // VPS
    ['hevc', 0x26, true], // IDR_W_RADL (19)
    ['hevc', 0x2a, true], // CRA (21)
    ['hevc', 0x02, false], // TRAIL_R
    ['hevc', 0x46, null], // AUD (35): keep looking
    ['hevc', 0x4e, null], // prefix SEI (39)
    ['h264', 0x65, true], // IDR
    ['h264', 0x67, true], // SPS
    ['h264', 0x41, false], // non-IDR slice
    ['h264', 0x09, null], // AUD
  ] as const)('classifies %s NAL header byte %d', (codec, header, verdict) => {
    expect(classifyNal(codec, header)).toBe(verdict);
  });
});

describe('keyframe detection', () => {
  it('finds the keyframes ffprobe flags, at the same positions, with both signals (HEVC)', () => {
    expect(hevc.videoKeyframePositions.length).toBeGreaterThanOrEqual(4);
    for (const seed of [1, 2, 3]) {
      const { cache, keyframes } = detect(hevc.bytes, seed);
      expect(keyframes.map((k) => k.streamOffset)).toEqual(hevc.videoKeyframePositions);
      // ffmpeg's muxer sets random_access_indicator, and every flagged PES opens with VPS/IRAP: the signals agree.
      expect(keyframes.every((k) => k.rai && k.irapNal === true)).toBe(true);
      expect(cache.stats()).toMatchObject({ videoPid: 256, codec: 'hevc', keyframes: keyframes.length, psiCrcErrors: 0 });
    }
  });

  it('finds the same keyframes (H.264 capture)', () => {
    const { cache, keyframes } = detect(h264.bytes, 5);
    expect(keyframes.map((k) => k.streamOffset)).toEqual(h264.videoKeyframePositions);
    expect(keyframes.every((k) => k.rai && k.irapNal === true)).toBe(true);
    expect(cache.stats().codec).toBe('h264');
  });

  it('falls back on the NAL units when random_access_indicator is absent', () => {
    const noRai = Buffer.from(hevc.bytes);
    let cleared = 0;
    for (let off = 0; off < noRai.length; off += 188) {
      if ((noRai[off + 3]! & 0x20) !== 0 && noRai[off + 4]! > 0 && (noRai[off + 5]! & 0x40) !== 0) {
        noRai[off + 5] = noRai[off + 5]! & ~0x40;
        cleared++;
      }
    }
    expect(cleared).toBeGreaterThan(0);
    const { cache, keyframes } = detect(noRai, 11);
    expect(keyframes.map((k) => k.streamOffset)).toEqual(hevc.videoKeyframePositions);
    expect(keyframes.every((k) => !k.rai && k.irapNal === true)).toBe(true);
    // The belated decision still makes the GOP start at the keyframe's first packet.
    const last = hevc.videoKeyframePositions.at(-1)!;
    const snap = cache.snapshot()!;
    expect(snap.subarray(376).equals(noRai.subarray(last))).toBe(true);
  });

  it('relies on random_access_indicator when the PES cannot be parsed', () => {
    const broken = Buffer.from(hevc.bytes);
    for (const pos of hevc.videoKeyframePositions) {
      const pay = pos + 5 + broken[pos + 4]!;
      broken[pay + 2] = 0x02; // PES start code 00 00 01 → 00 00 02
    }
    const { keyframes } = detect(broken, 12);
    expect(keyframes.map((k) => k.streamOffset)).toEqual(hevc.videoKeyframePositions);
    expect(keyframes.every((k) => k.rai && k.irapNal === null)).toBe(true);
  });
});

describe('GopCache', () => {
  it('snapshots PAT + PMT + the packets since the last keyframe, at any cut point', () => {
    const rnd = seeded(99);
    for (let trial = 0; trial < 6; trial++) {
      const cutPacket = 700 + Math.floor(rnd() * (hevc.bytes.length / 188 - 700));
      const fed = hevc.bytes.subarray(0, cutPacket * 188);
      const { cache } = detect(fed, trial);
      const lastKf = hevc.videoKeyframePositions.filter((p) => p < fed.length).at(-1)!;
      const snap = cache.snapshot()!;
      expect(pidAt(snap, 0)).toBe(0);
      expect(pidAt(snap, 188)).toBe(4096);
      expect(snap.subarray(376).equals(fed.subarray(lastKf))).toBe(true);
      expect(cache.stats().gopBytes).toBe(fed.length - lastKf);
    }
  });

  it('is empty before the first keyframe', () => {
    const { cache } = detect(hevc.bytes.subarray(0, hevc.videoKeyframePositions[0]!), 1);
    expect(cache.snapshot()).toBeNull();
    expect(cache.stats().ready).toBe(false);
  });

  it('gives the table copies continuity counters that lead into the GOP', () => {
    const { cache } = detect(hevc.bytes, 4);
    const snap = cache.snapshot()!;
    for (const pid of [0, 4096]) {
      const ccs: number[] = [];
      for (let off = 0; off < snap.length; off += 188) if (pidAt(snap, off) === pid) ccs.push(snap[off + 3]! & 0x0f);
      for (let i = 1; i < ccs.length; i++) expect(ccs[i]).toBe((ccs[i - 1]! + 1) & 0x0f);
    }
  });

  it('stays within maxBytes: drops an oversized GOP and waits for the next keyframe', () => {
    const kfs = hevc.videoKeyframePositions;
    const gopSizes = kfs.slice(1).map((p, i) => p - kfs[i]!);
    const maxBytes = Math.floor((Math.min(...gopSizes) * 2) / 3);
    // Cut 10 packets after the second keyframe: that GOP so far fits, the full one before it did not.
    const fed = hevc.bytes.subarray(0, kfs[1]! + 10 * 188);
    const { cache } = detect(fed, 21, maxBytes);
    expect(cache.stats().overflows).toBeGreaterThanOrEqual(1);
    expect(cache.snapshot()!.subarray(376).equals(fed.subarray(kfs[1]!))).toBe(true);

    const midGop = hevc.bytes.subarray(0, kfs[1]! + maxBytes + 188 * 20);
    const over = detect(midGop, 22, maxBytes).cache;
    expect(over.snapshot()).toBeNull();
    expect(over.stats()).toMatchObject({ ready: false, gopBytes: 0 });
  });
});
