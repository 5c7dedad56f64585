// Property-based tests of the MPEG-TS input path (packetizer, PSI, keyframe finder, GOP cache, fan-out) on a real
// HEVC capture made with ffmpeg at 640x360: chunking and garbage never move a keyframe, hostile bytes never throw.

import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TsFanout } from '../../src/main/mpegts/tsFanout';
import { GopCache, TS_PACKET_BYTES, TsPacketizer, type KeyframeInfo } from '../../src/main/mpegts/tsGopCache';
import { crc32Mpeg2, TsProgramTracker, tsPid } from '../../src/main/mpegts/tsPsi';
import { probeVideoKeyframes, scratchDir } from '../mpegts/tsTestFixture';
import { chunked, fuzzParams } from './fuzzConfig';

let scratch: ReturnType<typeof scratchDir>;
let capture: Buffer;
let keyframeOffsets: number[];

/** Keyframe stream offsets the fan-out input (packetizer + GOP cache) reports for `chunks`. */
function keyframesOf(chunks: readonly Buffer[]): number[] {
  const found: KeyframeInfo[] = [];
  const fanout = new TsFanout({ onKeyframe: (k) => found.push(k), nowMs: () => 0 });
  for (const c of chunks) fanout.push(c);
  return found.map((k) => k.streamOffset);
}

beforeAll(() => {
  scratch = scratchDir('srtc-fuzz-ts-');
  const path = join(scratch.dir, 'capture.ts');
  // The app's encoder settings in small: HEVC, closed GOP every second at 25 fps, no B-frames, headers on keyframes.
  execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine',
      '-t', '3', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=25:min-keyint=25:scenecut=0:bframes=0:repeat-headers=1:log-level=error',
      '-c:a', 'aac', '-f', 'mpegts', path],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  capture = readFileSync(path);
  keyframeOffsets = keyframesOf([capture]);
  // The unchunked reference agrees with ffprobe, so the properties below compare against the truth.
  expect(keyframeOffsets).toEqual(probeVideoKeyframes(path));
  expect(keyframeOffsets.length).toBeGreaterThanOrEqual(3);
});
afterAll(() => scratch?.cleanup());

const cuts = fc.array(fc.nat(), { maxLength: 40 });

describe('keyframe finder and fan-out input', () => {
  it('report the same keyframe positions for any chunking of the capture, 1-byte pieces included', () => {
    fc.assert(
      fc.property(cuts, fc.integer({ min: 0, max: 600 }), (points, tinyPieces) => {
        // Besides arbitrary cut points, a stretch of single-byte chunks somewhere in the stream.
        const start = points[0] ?? 0;
        const tiny = Array.from({ length: tinyPieces }, (_, i) => start + i);
        expect(keyframesOf(chunked(capture, [...points, ...tiny]))).toEqual(keyframeOffsets);
      }),
      fuzzParams(25),
    );
  });

  it('skip garbage (without sync bytes) inserted between packets, and every keyframe moves by the garbage before it', () => {
    const garbage = fc.uint8Array({ minLength: 1, maxLength: 700 }).map((g) => Buffer.from(g.map((b) => (b === 0x47 ? 0x48 : b))));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), garbage), { minLength: 1, maxLength: 5 }), cuts, (inserts, points) => {
        const packets = capture.length / TS_PACKET_BYTES;
        // After garbage (and at the start) the packetizer trusts a sync byte only when 3 aligned packets confirm it, so
        // insertions are at least 3 packets apart, from the start too, and not among the last 3 packets; closer garbage
        // costs packets by design.
        const at: Array<readonly [number, Buffer]> = [];
        let previous = 0;
        for (const [p, g] of [...inserts].map(([p, g]) => [p % (packets - 3), g] as const).sort((a, b) => a[0] - b[0])) {
          if (p !== 0 && p - previous < 3) continue;
          at.push([p * TS_PACKET_BYTES, g]);
          previous = p;
        }
        const pieces: Buffer[] = [];
        let prev = 0;
        for (const [offset, g] of at) {
          pieces.push(capture.subarray(prev, offset), g);
          prev = offset;
        }
        pieces.push(capture.subarray(prev));
        const dirty = Buffer.concat(pieces);
        const shifted = keyframeOffsets.map((k) => k + at.filter(([offset]) => offset <= k).reduce((sum, [, g]) => sum + g.length, 0));
        expect(keyframesOf(chunked(dirty, points))).toEqual(shifted);
      }),
      fuzzParams<[Array<[number, Buffer]>, number[]]>(20, [
        [[[2, Buffer.from([0])], [0, Buffer.from([0])]], []],
      ]),
    );
  });

  it('never throw on a damaged capture, and a GOP snapshot is always whole packets starting with the PAT', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 60 }), cuts, (edits, points) => {
        const damaged = Buffer.from(capture);
        for (const [at, byte] of edits) damaged[at % damaged.length] = byte;
        const fanout = new TsFanout({ nowMs: () => 0 });
        for (const c of chunked(damaged, points)) fanout.push(c);
        const snapshot = fanout.snapshot();
        if (snapshot) {
          expect(snapshot.length % TS_PACKET_BYTES).toBe(0);
          expect(tsPid(snapshot, 0)).toBe(0);
        }
      }),
      fuzzParams(20),
    );
  });

  it('deliver to a live sink exactly the bytes pushed, and to a late GOP sink PAT + PMT + a GOP that starts at a keyframe', () => {
    fc.assert(
      fc.property(cuts, fc.nat(), (points, lateAt) => {
        const live: Buffer[] = [];
        const late: Buffer[] = [];
        const fanout = new TsFanout({ nowMs: () => 0 });
        fanout.addSink('live', (b) => live.push(b) > 0, { fromGop: false });
        let pushed = 0;
        const attachAfter = (lateAt % (capture.length - keyframeOffsets[0]!)) + keyframeOffsets[0]! + TS_PACKET_BYTES;
        for (const c of chunked(capture, points)) {
          fanout.push(c);
          pushed += c.length;
          if (pushed >= attachAfter && fanout.sinkStats('late') === undefined) fanout.addSink('late', (b) => late.push(b) > 0, { fromGop: true });
        }
        fanout.flush();
        expect(Buffer.concat(live).equals(capture)).toBe(true);
        const first = late[0];
        expect(first).toBeDefined();
        expect(tsPid(first!, 0)).toBe(0);
        // After the table packets comes a GOP: it is the capture's bytes from one of its keyframes on.
        let gopStart = 0;
        while (gopStart < first!.length && [0, 0x1000].includes(tsPid(first!, gopStart))) gopStart += TS_PACKET_BYTES;
        const gop = first!.subarray(gopStart);
        expect(keyframeOffsets.some((k) => capture.subarray(k, k + gop.length).equals(gop))).toBe(true);
      }),
      fuzzParams(15),
    );
  });
});

describe('packetizer on arbitrary bytes', () => {
  it('emits only aligned runs of the input, at their true offsets, and accounts for every byte', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
      // Mostly sync bytes at packet spacing, with random damage: the hard case for resynchronisation.
      fc.tuple(fc.integer({ min: 1, max: 20 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }), fc.nat(187)).map(([n, edits, lead]) => {
        const b = Buffer.alloc(lead + n * TS_PACKET_BYTES, 0xff);
        for (let i = 0; i < n; i++) b[lead + i * TS_PACKET_BYTES] = 0x47;
        for (const [at, v] of edits) b[at % b.length] = v;
        return b;
      }),
    );
    fc.assert(
      fc.property(bytes, cuts, (input, points) => {
        const runs: Array<[Buffer, number]> = [];
        const p = new TsPacketizer((run, off) => runs.push([run, off]));
        for (const c of chunked(input, points)) p.push(c);
        let end = 0;
        for (const [run, off] of runs) {
          expect(run.length % TS_PACKET_BYTES).toBe(0);
          expect(off).toBeGreaterThanOrEqual(end);
          expect(run.equals(input.subarray(off, off + run.length))).toBe(true);
          for (let k = 0; k < run.length; k += TS_PACKET_BYTES) expect(run[k]).toBe(0x47);
          end = off + run.length;
        }
        const s = p.stats();
        expect(s.bytesIn).toBe(input.length);
        expect(s.packets * TS_PACKET_BYTES + s.discardedBytes + s.pendingBytes).toBe(input.length);
      }),
      fuzzParams(400),
    );
  });
});

/** One PSI section (§2.4.4) with its CRC, split over TS packets of `pid` with pointer_field and 0xFF stuffing. */
function psiPackets(pid: number, tableId: number, body: Buffer): Buffer {
  const length = 5 + body.length + 4; // table_id_extension…last_section_number, body, CRC
  const head = Buffer.from([tableId, 0xb0 | (length >> 8), length & 0xff, 0x00, 0x01, 0xc1, 0x00, 0x00]);
  const section = Buffer.concat([head, body, Buffer.alloc(4)]);
  section.writeUInt32BE(crc32Mpeg2(section, 0, section.length - 4), section.length - 4);
  const payload = Buffer.concat([Buffer.from([0]), section]);
  const packets: Buffer[] = [];
  for (let at = 0, cc = 0; at < payload.length; at += 184, cc++) {
    const pkt = Buffer.alloc(TS_PACKET_BYTES, 0xff);
    pkt.set([0x47, (at === 0 ? 0x40 : 0) | (pid >> 8), pid & 0xff, 0x10 | (cc & 0xf)]);
    payload.copy(pkt, 4, at, Math.min(payload.length, at + 184));
    packets.push(pkt);
  }
  return Buffer.concat(packets);
}

describe('PSI: PAT and PMT round-trip', () => {
  it('finds the program, the first HEVC/H.264 stream and its codec in any valid PAT + PMT', () => {
    const pidArb = fc.integer({ min: 0x10, max: 0x1ffe });
    const stream = fc.record({ type: fc.constantFrom(0x0f, 0x03, 0x06, 0x24, 0x1b, 0x86), pid: pidArb, descriptors: fc.uint8Array({ maxLength: 30 }) });
    fc.assert(
      fc.property(pidArb, fc.uint8Array({ maxLength: 40 }), fc.array(stream, { maxLength: 25 }), fc.boolean(), (pmtPid, programInfo, streams, networkFirst) => {
        const programs = [...(networkFirst ? [[0, 0x10]] : []), [1, pmtPid]];
        const pat = Buffer.concat(programs.map(([n, pid]) => Buffer.from([n! >> 8, n! & 0xff, 0xe0 | (pid! >> 8), pid! & 0xff])));
        const es = streams.map((s) => Buffer.concat([Buffer.from([s.type, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0 | (s.descriptors.length >> 8), s.descriptors.length & 0xff]), Buffer.from(s.descriptors)]));
        const pmtBody = Buffer.concat([Buffer.from([0xe1, 0x00, 0xf0 | (programInfo.length >> 8), programInfo.length & 0xff]), Buffer.from(programInfo), ...es]);
        if (pmtBody.length + 9 > 1021) return; // longer than a PSI section may be
        const tracker = new TsProgramTracker();
        const ts = Buffer.concat([psiPackets(0, 0x00, pat), psiPackets(pmtPid, 0x02, pmtBody)]);
        for (let off = 0; off < ts.length; off += TS_PACKET_BYTES) {
          const pid = tsPid(ts, off);
          if (tracker.isTablePid(pid)) tracker.inspect(ts, off, pid);
        }
        const video = streams.find((s) => s.type === 0x24 || s.type === 0x1b);
        expect(tracker.pmtPid).toBe(pmtPid);
        expect(tracker.videoPid).toBe(video?.pid ?? -1);
        expect(tracker.codec).toBe(video ? (video.type === 0x24 ? 'hevc' : 'h264') : null);
        expect(tracker.crcErrors()).toBe(0);
      }),
      fuzzParams(300),
    );
  });

  it('never throws on random table packets, and counts what fails its CRC', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ minLength: 184, maxLength: 184 })), { maxLength: 30 }), (packets) => {
        const cache = new GopCache();
        const run = Buffer.concat(
          packets.map(([pusi, payload]) => Buffer.concat([Buffer.from([0x47, pusi ? 0x40 : 0x00, 0x00, 0x10]), Buffer.from(payload)])),
        );
        cache.ingest(run, 0);
        expect(cache.stats().psiCrcErrors).toBeGreaterThanOrEqual(0);
        expect(cache.snapshot()).toBeNull();
      }),
      fuzzParams(150),
    );
  });
});
