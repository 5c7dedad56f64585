// Test helper: MPEG-TS continuity-counter breaks per PID, and bytes compared with the counters masked out.

const TS = 188;

/** Every place where a PID's counter does not follow its previous packet: `pid@offset expected→got`. */
export function continuityBreaks(buf: Buffer): string[] {
  const last = new Map<number, number>();
  const breaks: string[] = [];
  for (let off = 0; off + TS <= buf.length; off += TS) {
    const pid = ((buf[off + 1]! & 0x1f) << 8) | buf[off + 2]!;
    if (pid === 0x1fff) continue;
    const cc = buf[off + 3]! & 0x0f;
    const hasPayload = (buf[off + 3]! & 0x10) !== 0;
    const prev = last.get(pid);
    if (prev !== undefined) {
      const expected = hasPayload ? (prev + 1) & 0x0f : prev;
      if (cc !== expected) breaks.push(`${pid}@${off} ${expected}→${cc}`);
    }
    last.set(pid, cc);
  }
  return breaks;
}

/** A copy with every packet's continuity counter set to 0. */
export function withoutContinuity(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let off = 0; off + TS <= out.length; off += TS) out[off + 3] = out[off + 3]! & 0xf0;
  return out;
}
