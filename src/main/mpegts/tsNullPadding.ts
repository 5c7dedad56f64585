// MPEG-TS null packets (PID 0x1FFF) that round a byte count up to a whole number of fixed-size messages.

import { TS_PACKET_BYTES } from './tsPacketizer';

/**
 * The null packets that bring `bytesSoFar` (a multiple of 188) up to the next multiple of `messageBytes` (a multiple
 * of 188, e.g. 1316 for SRT): a receiver skips them, and a sender that reads whole messages gets its last one.
 */
export function tsNullPadding(bytesSoFar: number, messageBytes: number): Buffer {
  const missing = (messageBytes - (bytesSoFar % messageBytes)) % messageBytes;
  const packets = Math.floor(missing / TS_PACKET_BYTES);
  const out = Buffer.alloc(packets * TS_PACKET_BYTES, 0xff);
  for (let i = 0; i < packets; i++) {
    const off = i * TS_PACKET_BYTES;
    out[off] = 0x47;
    out[off + 1] = 0x1f; // no PUSI, PID 0x1FFF (high bits)
    out[off + 2] = 0xff; // PID 0x1FFF (low bits)
    out[off + 3] = 0x10; // payload only, continuity counter 0 (not checked for null packets)
  }
  return out;
}
