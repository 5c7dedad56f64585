// What the tap's SRT encryption costs per data packet (AES-CTR in Node, the code the tap runs for a stream with a
// passphrase), against copying the same payload in the same run, and what that makes per second at broadcast bitrates.

import { randomBytes } from 'node:crypto';
import { cryptPayload } from '../../src/main/srt/crypto/srtCipher';
import { median, round } from './benchMath';

const PAYLOAD_BYTES = 1316;
const PACKETS = 100_000;
const ROUNDS = 5;

function cpuMicros(work: (seq: number) => unknown): number {
  const before = process.cpuUsage();
  for (let seq = 0; seq < PACKETS; seq++) work(seq);
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/** AES-128 and AES-256 per packet (µs), the baseline copy per packet, and the share of one core at 6/20/50 Mbit/s. */
export function runCipherCost() {
  const payload = randomBytes(PAYLOAD_BYTES);
  const salt = randomBytes(16);
  const rows = ([16, 32] as const).map((keyBytes) => {
    const sek = randomBytes(keyBytes);
    const cipherUs: number[] = [];
    const copyUs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      cipherUs.push(cpuMicros((seq) => cryptPayload(sek, salt, seq, payload)) / PACKETS);
      copyUs.push(cpuMicros(() => Buffer.from(payload)) / PACKETS);
    }
    const perPacketUs = median(cipherUs);
    const pctAt = (mbps: number): number => round(((mbps * 1e6) / (PAYLOAD_BYTES * 8)) * perPacketUs / 1e4, 2);
    return {
      aes: keyBytes * 8,
      perPacketUs: round(perPacketUs, 2),
      copyPerPacketUs: round(median(copyUs), 2),
      ratioToCopy: round(perPacketUs / median(copyUs), 1),
      pctOfOneCore: { at6Mbps: pctAt(6), at20Mbps: pctAt(20), at50Mbps: pctAt(50) },
    };
  });
  return {
    method: `cryptPayload (the tap's AES-CTR, a new cipher per packet as SRT's per-packet IV wants) over ${PACKETS} packets of ${PAYLOAD_BYTES} bytes, ${ROUNDS} rounds, CPU time of this process; baseline: copying the same payload; the share of one core is the per-packet cost times the data packets a second at that bitrate`,
    rows,
  };
}
