// What SRT encryption costs per data packet (AES-CTR in Node, the code the tap and the engine's sender run for a stream
// with a passphrase), against copying the same payload in the same run, and what that makes per second at broadcast
// bitrates.

import { randomBytes } from 'node:crypto';
import { cryptPayload, SrtPayloadCipher } from '../../src/main/srt/crypto/srtCipher';
import { median, round } from './benchMath';
import { selfCpuSeconds } from './procCpu';

const PAYLOAD_BYTES = 1316;
const PACKETS = 100_000;
const ROUNDS = 5;

function cpuMicros(work: (seq: number) => unknown): number {
  const before = selfCpuSeconds();
  for (let seq = 0; seq < PACKETS; seq++) work(seq);
  return (selfCpuSeconds() - before) * 1e6;
}

/** AES-128 and AES-256 per packet (µs), the baseline copy per packet, and the share of one core at 6/20/50 Mbit/s. */
export function runCipherCost() {
  const payload = randomBytes(PAYLOAD_BYTES);
  const salt = randomBytes(16);
  const rows = ([16, 32] as const).map((keyBytes) => {
    const sek = randomBytes(keyBytes);
    const cipherUs: number[] = [];
    const perPacketCipherUs: number[] = [];
    const copyUs: number[] = [];
    const cipher = new SrtPayloadCipher(sek, salt);
    for (let r = 0; r < ROUNDS; r++) {
      cipherUs.push(cpuMicros((seq) => cipher.crypt(seq, payload)) / PACKETS);
      perPacketCipherUs.push(cpuMicros((seq) => cryptPayload(sek, salt, seq, payload)) / PACKETS);
      copyUs.push(cpuMicros(() => Buffer.from(payload)) / PACKETS);
    }
    const perPacketUs = median(cipherUs);
    const pctAt = (mbps: number): number => round(((mbps * 1e6) / (PAYLOAD_BYTES * 8)) * perPacketUs / 1e4, 2);
    return {
      aes: keyBytes * 8,
      perPacketUs: round(perPacketUs, 2),
      copyPerPacketUs: round(median(copyUs), 2),
      ratioToCopy: round(perPacketUs / median(copyUs), 1),
      /** The reference implementation (a new AES-CTR cipher per packet), which the tap used before. */
      newCipherPerPacketUs: round(median(perPacketCipherUs), 2),
      pctOfOneCore: { at6Mbps: pctAt(6), at20Mbps: pctAt(20), at50Mbps: pctAt(50) },
    };
  });
  return {
    method: `SrtPayloadCipher (the AES-CTR of the tap and the engine's sender: one AES-ECB cipher per key makes each packet's keystream from its counter blocks; newCipherPerPacketUs is cryptPayload, a new CTR cipher per packet, for comparison) over ${PACKETS} packets of ${PAYLOAD_BYTES} bytes, ${ROUNDS} rounds, CPU time of this process; baseline: copying the same payload; the share of one core is the per-packet cost times the data packets a second at that bitrate`,
    rows,
  };
}
