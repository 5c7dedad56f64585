// Keeps one sink's MPEG-TS continuity counters running across a splice (an encoder restart, a resume after a drop).

import { TS_PACKET_BYTES } from './tsPacketizer';
import { tsPid } from './tsPsi';

const NULL_PID = 0x1fff;
const PID_COUNT = 0x2000;

/**
 * The senders pass our bytes to the ingest unparsed, so whatever a sink receives is what the ingest's demuxer checks.
 * Where a sink's bytes jump (a restarted encoder numbers every PID from 0 again; a sink that dropped packets resumes at
 * a later keyframe), the ingest would see a continuity-counter break on every PID and flag the next PES as corrupt.
 * After {@link splice}, each PID's counters are shifted by the constant that makes its first new packet follow the
 * last one this sink sent; the shift then stays until the next splice, so the stream stays continuous.
 *
 * Hot path: one pass over the packets of each run; no allocation until a restart shifts a counter, then one copy
 * of each run that needs a change (a pushed chunk is never modified: runs may be views into the caller's buffers).
 */
export class TsContinuityStitcher {
  /** Last counter written per PID, -1 before any. */
  private readonly lastCc = new Int8Array(PID_COUNT).fill(-1);
  /** Added to each PID's counters (0..15). */
  private readonly shift = new Uint8Array(PID_COUNT);
  /** PIDs whose shift is decided by their next packet (set by splice). */
  private readonly pending = new Uint8Array(PID_COUNT);
  private splices = 0;
  private shiftedPids = 0;

  /** `run` (whole, aligned 188-byte packets) with its continuity counters continued: itself, or a changed copy. */
  stitch(run: Buffer): Buffer {
    let out = run;
    for (let off = 0; off + TS_PACKET_BYTES <= run.length; off += TS_PACKET_BYTES) {
      const pid = tsPid(run, off);
      if (pid === NULL_PID) continue; // null packets carry no meaningful counter
      const flags = run[off + 3]!;
      const cc = flags & 0x0f;
      const hasPayload = (flags & 0x10) !== 0;
      if (this.pending[pid] === 1) {
        this.pending[pid] = 0;
        const last = this.lastCc[pid]!;
        // The counter grows only with packets that carry a payload; one without repeats the previous value.
        const wanted = last < 0 ? cc : (last + (hasPayload ? 1 : 0)) & 0x0f;
        this.shift[pid] = (wanted - cc + 16) & 0x0f;
        if (this.shift[pid] !== 0) this.shiftedPids++;
      }
      const stitched = (cc + this.shift[pid]!) & 0x0f;
      if (stitched !== cc) {
        if (out === run) out = Buffer.from(run);
        out[off + 3] = (flags & 0xf0) | stitched;
      }
      this.lastCc[pid] = stitched;
    }
    return out;
  }

  /** The next bytes do not follow the previous ones: each PID's next packet continues from the last one written. */
  splice(): void {
    this.pending.fill(1);
    this.splices++;
  }

  stats(): { splices: number; shiftedPids: number } {
    return { splices: this.splices, shiftedPids: this.shiftedPids };
  }
}
