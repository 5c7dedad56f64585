// Remembers ffmpeg probe results per binary (path + size + mtime), in memory and optionally in a JSON file.
import { promises as fs } from 'node:fs';
import nodePath from 'node:path';
import { z } from 'zod';
import { HEVC_ENCODERS, type FfmpegProbe } from '../../shared/ffmpegCapabilities';
import { writePrivateFileAtomic } from '../privateFiles';

/** File name of the on-disk cache inside the `cacheDir` the caller gives. */
export const PROBE_CACHE_FILE = 'ffmpeg-probe-cache.json';
const MAX_DISK_ENTRIES = 8;

const probeSchema = z.object({
  path: z.string(),
  source: z.enum(['user setting', 'FFMPEG_PATH', 'bundled ffmpeg-static', 'PATH']).nullable(),
  ffprobePath: z.string().nullable(),
  platform: z.enum(['linux', 'darwin', 'win32']),
  version: z.string(),
  major: z.number().nullable(),
  minor: z.number().nullable(),
  gitBuild: z.boolean(),
  srtOutput: z.boolean(),
  mpegtsMuxer: z.boolean(),
  aacEncoder: z.boolean(),
  hevcEncoders: z.array(
    z.object({
      name: z.enum(HEVC_ENCODERS),
      hardware: z.boolean(),
      works: z.boolean(),
      reason: z.string().optional(),
      testMs: z.number(),
    }),
  ),
  captureBackends: z.array(z.enum(['x11grab', 'kmsgrab', 'v4l2', 'pulse', 'alsa', 'lavfi', 'avfoundation', 'dshow', 'gdigrab', 'ddagrab'])),
  probedAtMs: z.number(),
  probeDurationMs: z.number(),
});
const fileSchema = z.object({ schema: z.literal(1), entries: z.record(z.string(), probeSchema) });

/**
 * Identifies one build of one binary: replacing or upgrading the file changes its size or mtime,
 * which makes the old entry unreachable. Throws the `fs.stat` error when the file is missing.
 */
export async function probeCacheKey(ffmpegPath: string, platform: string): Promise<string> {
  const stat = await fs.stat(ffmpegPath);
  return `${PROBE_VERSION}|${platform}|${ffmpegPath}|${stat.size}|${Math.trunc(stat.mtimeMs)}`;
}

/** Bumped when the probe itself changes (v2: test encodes use the broadcast's encoder flags), so old verdicts expire. */
const PROBE_VERSION = 'v2';

/** Where and how long probe results are kept. */
export interface ProbeCacheOptions {
  /** Folder for the JSON file; without it results live in memory only. */
  cacheDir?: string;
  /** Entries older than this are probed again (drivers change without the binary changing). */
  maxAgeMs: number;
  nowMs: number;
}

/** A probe cache; `createProbeCache()` makes an empty one, `sharedProbeCache` is the process-wide default. */
export interface ProbeCache {
  get(key: string, options: ProbeCacheOptions): Promise<FfmpegProbe | null>;
  set(key: string, probe: FfmpegProbe, options: ProbeCacheOptions): Promise<void>;
  /** Probes in flight, so two callers asking about one binary at once share one probe. */
  inFlight: Map<string, Promise<FfmpegProbe>>;
}

async function readFileEntries(cacheDir: string): Promise<Record<string, FfmpegProbe>> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await fs.readFile(nodePath.join(cacheDir, PROBE_CACHE_FILE), 'utf8')));
    // A file from another version or a damaged one is ignored and rewritten on the next probe.
    return parsed.success ? (parsed.data.entries as Record<string, FfmpegProbe>) : {};
  } catch {
    return {};
  }
}

async function writeFileEntries(cacheDir: string, entries: Record<string, FfmpegProbe>): Promise<void> {
  const newest = Object.entries(entries)
    .sort(([, a], [, b]) => b.probedAtMs - a.probedAtMs)
    .slice(0, MAX_DISK_ENTRIES);
  // 0600 in a 0700 folder: the cache names the user's ffmpeg path and its build, which is nobody else's business.
  await writePrivateFileAtomic(cacheDir, PROBE_CACHE_FILE, `${JSON.stringify({ schema: 1, entries: Object.fromEntries(newest) }, null, 2)}\n`);
}

/** A new, empty cache (memory first, then the JSON file when `cacheDir` is given). */
export function createProbeCache(): ProbeCache {
  const memory = new Map<string, FfmpegProbe>();
  const fresh = (probe: FfmpegProbe, options: ProbeCacheOptions): boolean => options.nowMs - probe.probedAtMs < options.maxAgeMs;
  return {
    inFlight: new Map(),
    async get(key, options) {
      const remembered = memory.get(key);
      if (remembered && fresh(remembered, options)) return remembered;
      if (!options.cacheDir) return null;
      const stored = (await readFileEntries(options.cacheDir))[key];
      if (!stored || !fresh(stored, options)) return null;
      memory.set(key, stored);
      return stored;
    },
    async set(key, probe, options) {
      memory.set(key, probe);
      if (!options.cacheDir) return;
      const entries = await readFileEntries(options.cacheDir);
      entries[key] = probe;
      try {
        await writeFileEntries(options.cacheDir, entries);
      } catch {
        // The file cache only saves time; a read-only or full disk must not fail the probe.
      }
    },
  };
}

/** The process-wide cache `probeFfmpeg` uses unless given another. */
export const sharedProbeCache: ProbeCache = createProbeCache();
