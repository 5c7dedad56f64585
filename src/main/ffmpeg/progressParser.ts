// Pure, incremental parser for ffmpeg's `-progress` output: key=value lines grouped in blocks ending with `progress=`.

/**
 * One `-progress` block. Numbers are null when ffmpeg reported `N/A` or left the key out
 * (early blocks often have `bitrate=N/A`, `out_time_us=N/A`, `speed=N/A`).
 */
export interface EncoderProgress {
  /** Frames encoded so far. */
  frame: number | null;
  /** Encoding frame rate, frames per second. */
  fps: number | null;
  /** Average output bitrate since the start, kilobits per second (ffmpeg's `bitrate=1539.2kbits/s`). */
  bitrateKbps: number | null;
  /** Bytes written to the output so far. */
  totalBytes: number | null;
  /** Output timestamp, microseconds. */
  outTimeUs: number | null;
  dupFrames: number | null;
  dropFrames: number | null;
  /** Encoding speed relative to real time (1 = real time), from `speed=0.974x`. */
  speed: number | null;
  /** True for the final block (`progress=end`). */
  ended: boolean;
}

/** Feeds chunks of `-progress` output; returns the blocks completed by each chunk. */
export interface ProgressParser {
  push(chunk: string | Uint8Array): EncoderProgress[];
}

/**
 * A `-progress` line is under 100 characters; a longer unfinished line is not progress output (a garbage pipe). It is
 * dropped up to its end, so a stream that never sends a newline costs neither memory nor time per chunk.
 */
const MAX_LINE_CHARS = 4096;

const decoder = new TextDecoder();

/** Creates an incremental parser: chunks may split lines anywhere. */
export function createProgressParser(): ProgressParser {
  let pending = '';
  let discardingLine = false;
  let fields = new Map<string, string>();
  return {
    push(chunk: string | Uint8Array): EncoderProgress[] {
      // The output is ASCII, so a chunk boundary cannot split a multi-byte character that matters.
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk);
      // Only a chunk with a line ending completes lines: anything else is appended, never re-split (that was
      // quadratic in the length of an unfinished line).
      if (!text.includes('\n')) {
        if (!discardingLine) pending += text;
        if (pending.length > MAX_LINE_CHARS) {
          pending = '';
          discardingLine = true;
        }
        return [];
      }
      const lines = (discardingLine ? text.slice(text.indexOf('\n') + 1) : pending + text).split(/\r?\n/);
      discardingLine = false;
      pending = lines.pop() ?? '';
      const blocks: EncoderProgress[] = [];
      for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq <= 0) continue;
        const key = line.slice(0, eq).trim();
        const value = line.slice(eq + 1).trim();
        fields.set(key, value);
        if (key === 'progress') {
          blocks.push(progressFromFields(fields));
          fields = new Map();
        }
      }
      return blocks;
    },
  };
}

/** Converts one block's key=value pairs into EncoderProgress. */
export function progressFromFields(fields: ReadonlyMap<string, string>): EncoderProgress {
  return {
    frame: intOrNull(fields.get('frame')),
    fps: numberOrNull(fields.get('fps')),
    bitrateKbps: bitrateKbps(fields.get('bitrate')),
    totalBytes: intOrNull(fields.get('total_size')),
    // ffmpeg ≤ 6 also prints out_time_ms, which is (despite its name) microseconds; prefer out_time_us.
    outTimeUs: intOrNull(fields.get('out_time_us') ?? fields.get('out_time_ms')),
    dupFrames: intOrNull(fields.get('dup_frames')),
    dropFrames: intOrNull(fields.get('drop_frames')),
    speed: numberOrNull(fields.get('speed')?.replace(/x$/, '')),
    ended: fields.get('progress') === 'end',
  };
}

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function intOrNull(value: string | undefined): number | null {
  const n = numberOrNull(value);
  return n === null ? null : Math.trunc(n);
}

function bitrateKbps(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(-?[\d.]+)\s*(k|M)?bits\/s$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  return m[2] === 'M' ? n * 1000 : m[2] === 'k' ? n : n / 1000;
}
