// Loads the captured SRT vectors and sessions of test/fixtures/srt (see SOURCE.md there for how they were captured).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/srt');

interface Vector {
  name: string;
  capture: string;
  dir: 'c2i' | 'i2c';
  hex: string;
  note: string;
}

const vectors: Vector[] = JSON.parse(readFileSync(join(DIR, 'vectors.json'), 'utf8')) as Vector[];

/** The datagram of a named vector (vectors.json), exactly as captured. */
export function vector(name: string): Buffer {
  const v = vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no SRT vector named ${name}`);
  return Buffer.from(v.hex, 'hex');
}

export interface SessionDatagram {
  /** Relay clock, µs since the capture started. */
  tUs: number;
  /** c2i = caller (ffmpeg) → ingest, i2c = ingest → caller. */
  dir: 'c2i' | 'i2c';
  /** True when the capture relay dropped this datagram (it was still seen at the tap's position). */
  droppedByRelay: boolean;
  datagram: Buffer;
}

/** A captured session; data payloads were cut to their header and are zero-filled back to the original length. */
export function session(file: string): SessionDatagram[] {
  return readFileSync(join(DIR, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { tUs: number; dir: 'c2i' | 'i2c'; droppedByRelay?: boolean; len: number; hex: string })
    .map((l) => {
      const datagram = Buffer.alloc(l.len);
      Buffer.from(l.hex, 'hex').copy(datagram);
      return { tUs: l.tUs, dir: l.dir, droppedByRelay: l.droppedByRelay ?? false, datagram };
    });
}
