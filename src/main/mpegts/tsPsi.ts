// MPEG-TS program tables (ISO/IEC 13818-1 §2.4.4): PAT and PMT section assembly with CRC check, and the video PID lookup.

/** Video codecs whose random-access points the GOP cache understands (PMT stream_type 0x24 / 0x1B). */
export type TsVideoCodec = 'hevc' | 'h264';

export const PAT_PID = 0x0000;
export const NULL_PID = 0x1fff;
const STREAM_TYPE_HEVC = 0x24;
const STREAM_TYPE_H264 = 0x1b;
/** Largest PSI section: 3 header bytes + section_length ≤ 1021 (§2.4.4.4). */
const MAX_SECTION_BYTES = 1024;

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32/MPEG-2 (poly 0x04C11DB7, init ~0, no reflection); a whole section including its CRC field gives 0. */
export function crc32Mpeg2(buf: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ buf[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

/** PID of a TS packet at `off`. */
export function tsPid(buf: Buffer, off: number): number {
  return ((buf[off + 1]! & 0x1f) << 8) | buf[off + 2]!;
}

/** Offset of the payload inside the packet at `off`, or -1 when it has none (adaptation field only or malformed). */
export function tsPayloadOffset(buf: Buffer, off: number): number {
  const afc = (buf[off + 3]! >> 4) & 0x3;
  if ((afc & 0x1) === 0) return -1;
  if ((afc & 0x2) === 0) return off + 4;
  const p = off + 5 + buf[off + 4]!;
  return p < off + 188 ? p : -1;
}

/** Collects one PSI table's sections from its packets and hands each CRC-valid section to `onSection`. */
export class SectionAssembler {
  private readonly buf = Buffer.alloc(MAX_SECTION_BYTES);
  private len = 0;
  private need = 0; // total section bytes once the header is known; 0 = not collecting
  private collecting = false;
  crcErrors = 0;

  constructor(private readonly onSection: (section: Buffer, length: number) => void) {}

  /** Feeds the packet at `off` (already known to belong to this table's PID). */
  pushPacket(pkt: Buffer, off: number): void {
    const pay = tsPayloadOffset(pkt, off);
    if (pay < 0) return;
    const end = off + 188;
    const pusi = (pkt[off + 1]! & 0x40) !== 0;
    if (!pusi) {
      if (this.collecting) this.append(pkt, pay, end);
      return;
    }
    const pointer = pkt[pay]!;
    let p = pay + 1;
    if (this.collecting) this.append(pkt, p, Math.min(end, p + pointer)); // tail of the previous section
    p += pointer;
    // One packet may start several sections; 0xFF is stuffing after the last one.
    while (p < end && pkt[p] !== 0xff) {
      this.collecting = true;
      this.len = 0;
      this.need = 0;
      const before = p;
      p = this.append(pkt, p, end);
      if (this.collecting || p === before) break; // section continues in the next packet
    }
  }

  /** Appends bytes; completes the section when enough arrived. Returns where consumption stopped. */
  private append(src: Buffer, from: number, to: number): number {
    let p = from;
    while (p < to && this.collecting) {
      if (this.need === 0) {
        this.buf[this.len++] = src[p++]!;
        if (this.len === 3) {
          this.need = 3 + (((this.buf[1]! & 0x0f) << 8) | this.buf[2]!);
          if (this.need > MAX_SECTION_BYTES || this.need < 3 + 9) this.collecting = false; // malformed
        }
        continue;
      }
      const n = Math.min(to - p, this.need - this.len);
      src.copy(this.buf, this.len, p, p + n);
      this.len += n;
      p += n;
      if (this.len === this.need) {
        this.collecting = false;
        if (crc32Mpeg2(this.buf, 0, this.len) === 0) this.onSection(this.buf, this.len);
        else this.crcErrors += 1;
      }
    }
    return p;
  }
}

/** PMT PID of the first program in a PAT section, or -1. */
export function parsePat(section: Buffer, length: number): number {
  if (section[0] !== 0x00) return -1;
  for (let p = 8; p + 4 <= length - 4; p += 4) {
    const program = (section[p]! << 8) | section[p + 1]!;
    const pid = ((section[p + 2]! & 0x1f) << 8) | section[p + 3]!;
    if (program !== 0) return pid; // program 0 points to the network PID
  }
  return -1;
}

/** The first HEVC or H.264 stream listed in a PMT section, or null. */
export function parsePmt(section: Buffer, length: number): { videoPid: number; codec: TsVideoCodec } | null {
  if (section[0] !== 0x02) return null;
  const programInfoLength = ((section[10]! & 0x0f) << 8) | section[11]!;
  for (let p = 12 + programInfoLength; p + 5 <= length - 4; ) {
    const streamType = section[p]!;
    const pid = ((section[p + 1]! & 0x1f) << 8) | section[p + 2]!;
    const esInfoLength = ((section[p + 3]! & 0x0f) << 8) | section[p + 4]!;
    if (streamType === STREAM_TYPE_HEVC) return { videoPid: pid, codec: 'hevc' };
    if (streamType === STREAM_TYPE_H264) return { videoPid: pid, codec: 'h264' };
    p += 5 + esInfoLength;
  }
  return null;
}

const MAX_TABLE_PACKETS = 8;

/** The raw packets that carried the latest valid section of one table, kept to prefix a cached GOP. */
class TablePackets {
  private readonly pending = Buffer.alloc(MAX_TABLE_PACKETS * 188);
  private pendingCount = 0;
  private readonly current = Buffer.alloc(MAX_TABLE_PACKETS * 188);
  private currentCount = 0;

  add(pkt: Buffer, off: number): void {
    if ((pkt[off + 1]! & 0x40) !== 0) this.pendingCount = 0;
    if (this.pendingCount >= MAX_TABLE_PACKETS) return;
    pkt.copy(this.pending, this.pendingCount * 188, off, off + 188);
    this.pendingCount += 1;
  }

  commit(): void {
    this.pending.copy(this.current, 0, 0, this.pendingCount * 188);
    this.currentCount = this.pendingCount;
  }

  clear(): void {
    this.pendingCount = 0;
    this.currentCount = 0;
  }

  /** A view of the committed packets (valid until the next commit), or null. */
  view(): Buffer | null {
    return this.currentCount === 0 ? null : this.current.subarray(0, this.currentCount * 188);
  }
}

/** Follows PAT → PMT → video PID as packets go by, and keeps the latest PAT and PMT packets. */
export class TsProgramTracker {
  pmtPid = -1;
  videoPid = -1;
  codec: TsVideoCodec | null = null;
  /** Bumps whenever the video PID or codec changes: anything cached before belongs to another stream. */
  programVersion = 0;
  private readonly patPackets = new TablePackets();
  private readonly pmtPackets = new TablePackets();
  private readonly pat = new SectionAssembler((s, l) => this.onPat(s, l));
  private pmt = new SectionAssembler((s, l) => this.onPmt(s, l));

  /** True for PIDs this tracker consumes (PAT and the current PMT). */
  isTablePid(pid: number): boolean {
    return pid === PAT_PID || (pid === this.pmtPid && pid >= 0);
  }

  /** Feeds a PAT or PMT packet (check isTablePid first). */
  inspect(pkt: Buffer, off: number, pid: number): void {
    if (pid === PAT_PID) {
      this.patPackets.add(pkt, off);
      this.pat.pushPacket(pkt, off);
    } else if (pid === this.pmtPid) {
      this.pmtPackets.add(pkt, off);
      this.pmt.pushPacket(pkt, off);
    }
  }

  /** Latest PAT and PMT packets (views, valid until the next packet is inspected), or null before both were seen. */
  tables(): { pat: Buffer; pmt: Buffer } | null {
    const pat = this.patPackets.view();
    const pmt = this.pmtPackets.view();
    return pat && pmt && this.videoPid >= 0 ? { pat, pmt } : null;
  }

  crcErrors(): number {
    return this.pat.crcErrors + this.pmt.crcErrors;
  }

  private onPat(section: Buffer, length: number): void {
    const pmtPid = parsePat(section, length);
    if (pmtPid < 0) return;
    this.patPackets.commit();
    if (pmtPid === this.pmtPid) return;
    this.pmtPid = pmtPid;
    this.pmt = new SectionAssembler((s, l) => this.onPmt(s, l));
    this.pmtPackets.clear();
    this.setVideo(-1, null);
  }

  private onPmt(section: Buffer, length: number): void {
    const found = parsePmt(section, length);
    this.pmtPackets.commit();
    this.setVideo(found?.videoPid ?? -1, found?.codec ?? null);
  }

  private setVideo(pid: number, codec: TsVideoCodec | null): void {
    if (pid === this.videoPid && codec === this.codec) return;
    this.videoPid = pid;
    this.codec = codec;
    this.programVersion += 1;
  }
}
