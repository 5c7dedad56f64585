// Pure parsers for ffmpeg's informational output (-version, -protocols, -devices, -filters) and its error lines.

/** A release parsed from `ffmpeg -version`. */
export interface FfmpegVersion {
  /** Release without distro or build suffix ('5.1.9'), or the git describe of a master build ('N-118448-g43be8d0728'). */
  version: string;
  /** Major release; for master builds inferred from libavformat's major; null when unknown. */
  major: number | null;
  minor: number | null;
  /** True for a build from FFmpeg's git master ('N-…'). */
  gitBuild: boolean;
}

/** Protocol names from `ffmpeg -protocols`. */
export interface FfmpegProtocols {
  input: string[];
  output: string[];
}

/** Device names from `ffmpeg -devices`; aliases ('video4linux2,v4l2') are listed one by one. */
export interface FfmpegDevices {
  /** Devices that can demux: capture inputs such as x11grab, dshow, avfoundation. */
  inputs: string[];
  /** Devices that can mux: outputs such as alsa, sdl. */
  outputs: string[];
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * libavformat's major number moves in lockstep with ffmpeg's since 3.x (57 → 3, 58 → 4, … 62 → 8),
 * which dates a master build that prints no release number.
 */
function majorFromLibavformat(text: string): number | null {
  // `[^\S\r\n]` is whitespace within the line: `\s*` after a multiline `^` would span lines and backtrack quadratically.
  const match = /^[^\S\r\n]*libavformat[^\S\r\n]+(\d+)\.[^\S\r\n]*\d+\.[^\S\r\n]*\d+/m.exec(text);
  if (!match) return null;
  const lavfMajor = Number(match[1]);
  return lavfMajor >= 57 ? lavfMajor - 54 : null;
}

/**
 * Reads the release from `ffmpeg -version` output. Handles distro builds ("5.1.9-0+deb12u1"),
 * static builds ("7.1.1-static", "7.1-full_build-www.gyan.dev"), git tags ("n6.1.2") and master
 * builds ("N-118448-g43be8d0728-20250209"). Returns null when the text is not ffmpeg's.
 */
export function parseVersion(text: string): FfmpegVersion | null {
  const line = /^[^\S\r\n]*ffmpeg version (\S+)/m.exec(text);
  if (!line) return null;
  const raw = line[1];
  const release = /^n?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw);
  if (release) {
    return { version: release[0].replace(/^n/, ''), major: Number(release[1]), minor: Number(release[2]), gitBuild: false };
  }
  const master = /^N-\d+-g[0-9a-f]+/.exec(raw);
  return {
    version: master ? master[0] : raw,
    major: majorFromLibavformat(text),
    minor: null,
    gitBuild: master !== null,
  };
}

/** Reads `ffmpeg -protocols`: the names under "Input:" and under "Output:". */
export function parseProtocols(text: string): FfmpegProtocols {
  const result: FfmpegProtocols = { input: [], output: [] };
  let section: 'input' | 'output' | null = null;
  for (const line of lines(text)) {
    const trimmed = line.trim();
    if (/^input:$/i.test(trimmed)) section = 'input';
    else if (/^output:$/i.test(trimmed)) section = 'output';
    else if (section && /^\s+[\w.-]+\s*$/.test(line)) result[section].push(trimmed);
  }
  return result;
}

/** Reads `ffmpeg -devices` (rows like " DE alsa   ALSA audio output" after the dashed separator). */
export function parseDevices(text: string): FfmpegDevices {
  const result: FfmpegDevices = { inputs: [], outputs: [] };
  let inRows = false;
  for (const line of lines(text)) {
    if (!inRows) {
      inRows = /^\s*-{2,}\s*$/.test(line);
      continue;
    }
    // Flag columns are a space when unset; newer -formats style rows may add a third ('d') column.
    const row = /^ ([D ])([E ])[d ]?\s+(\S+)/.exec(line);
    if (!row) continue;
    const names = row[3].split(',').filter((n) => n.length > 0);
    if (row[1] === 'D') result.inputs.push(...names);
    if (row[2] === 'E') result.outputs.push(...names);
  }
  return result;
}

/** Reads `ffmpeg -filters`: the filter names (rows like " ... ddagrab   |->V   Grab Windows Desktop…"). */
export function parseFilterNames(text: string): string[] {
  const names: string[] = [];
  for (const line of lines(text)) {
    const row = /^\s*[A-Z.]{2,4}\s+([\w-]+)\s+\S*->\S*(?:\s|$)/.exec(line);
    if (row) names.push(row[1]);
  }
  return names;
}

/** ffmpeg lines that only say *that* something failed, never *why*. */
const GENERIC_ERROR_LINES: readonly RegExp[] = [
  /^Error initializing output stream/i,
  /maybe incorrect parameters such as bit_rate/i,
  /^Error while opening encoder/i,
  /^Conversion failed!?$/i,
  /^Error parsing global options/i,
  /^Error opening output files?/i,
  /^Device creation failed/i,
  /^Failed to set value .* for option/i,
  /^Nothing was written into output file/i,
  /^Error sending frames to consumers/i,
  /^Error while filtering/i,
  /^Task finished with error code/i,
  /^Terminating thread with return code/i,
];

function isGeneric(message: string): boolean {
  return GENERIC_ERROR_LINES.some((re) => re.test(message));
}

/**
 * Picks the one stderr line that best says why an ffmpeg run failed: the first line tagged by a
 * component (`[hevc_nvenc @ 0x…] Cannot load libcuda.so.1`) that is not a generic wrapper message,
 * else the first non-generic line, else the first line. Pointer addresses and the trailing period
 * are dropped and the result is cut to `maxChars`. Redact secrets separately before showing it.
 */
export function summariseFailure(stderr: string, maxChars = 160): string {
  const candidates = lines(stderr)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      // The tag excludes `@` and the rest is taken whole, so no two parts compete for the same characters (no backtracking).
      const tagged = /^\[[^\]@]+(?:@\s*0x[0-9a-f]+)?\]([\s\S]*)$/i.exec(line);
      return tagged ? { tagged: true, message: tagged[1].trim() } : { tagged: false, message: line };
    })
    .filter((c) => c.message.length > 0);
  const pick =
    candidates.find((c) => c.tagged && !isGeneric(c.message)) ??
    candidates.find((c) => !isGeneric(c.message)) ??
    candidates[0];
  if (!pick) return 'no error output';
  // The trailing period goes, unless it is all there is (a line of just "." would become an empty reason).
  const message = pick.message.replace(/\s+/g, ' ').replace(/(.)\.$/, '$1');
  return message.length > maxChars ? `${message.slice(0, maxChars - 1)}…` : message;
}
