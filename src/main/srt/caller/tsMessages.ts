// Cuts the fan-out's MPEG-TS into SRT messages: 7 TS packets (1316 bytes) each, what every SRT MPEG-TS sender sends,
// and on request the remainder as one short message of whole TS packets. Pure.

export const TS_PACKET_BYTES = 188;
export const SRT_MESSAGE_BYTES = 7 * TS_PACKET_BYTES;

export class TsMessages {
  /** Bytes after the last whole message (copied: a view would keep the whole chunk alive). */
  private pending: Buffer | null = null;

  /** Bytes held for the next message. */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  /** The whole messages that `chunk` completes, as views; what is left waits for the next chunk or {@link flush}. */
  push(chunk: Buffer): Buffer[] {
    let data = chunk;
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const whole = data.length - (data.length % SRT_MESSAGE_BYTES);
    const messages: Buffer[] = [];
    for (let at = 0; at < whole; at += SRT_MESSAGE_BYTES) messages.push(data.subarray(at, at + SRT_MESSAGE_BYTES));
    if (whole < data.length) this.pending = Buffer.from(data.subarray(whole));
    return messages;
  }

  /** The whole TS packets held, as one short message (null when there is none); a fragment of a packet stays. */
  flush(): Buffer | null {
    const pending = this.pending;
    if (!pending) return null;
    const whole = pending.length - (pending.length % TS_PACKET_BYTES);
    if (whole === 0) return null;
    this.pending = whole < pending.length ? Buffer.from(pending.subarray(whole)) : null;
    return pending.subarray(0, whole);
  }
}
