// The one module that imports fluent-ffmpeg: lists a binary's encoders and formats through it, promisified.
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { AppError } from '../appError';

/** An encoder as `ffmpeg -encoders` lists it. */
export interface EncoderInfo {
  type: 'video' | 'audio' | 'subtitle';
  description: string;
  experimental: boolean;
}

/** A container format as `ffmpeg -formats` lists it. */
export interface FormatInfo {
  description: string;
  canDemux: boolean;
  canMux: boolean;
}

/** What the probe needs from a capability lister; fluent-ffmpeg is the default implementation. */
export interface CapabilityLister {
  encoders(ffmpegPath: string, timeoutMs: number): Promise<Map<string, EncoderInfo>>;
  formats(ffmpegPath: string, timeoutMs: number): Promise<Map<string, FormatInfo>>;
}

type Callback<T> = (err: Error | null, data: T) => void;
interface FluentCommand {
  setFfmpegPath(path: string): FluentCommand;
  availableEncoders(cb: Callback<Record<string, EncoderInfo>>): void;
  availableFormats(cb: Callback<Record<string, FormatInfo>>): void;
}
type FluentFactory = () => FluentCommand;

const require = createRequire(import.meta.url);

/**
 * A fresh copy of fluent-ffmpeg. Why not import it once: fluent keeps the ffmpeg path AND the
 * results of -encoders/-formats in one module-level cache with no way to clear it, so the second
 * binary asked about would get the first binary's answers (measured with fluent-ffmpeg 2.1.3).
 * Dropping its files from the CommonJS cache gives every call its own cache; a reload costs ~5 ms.
 */
function freshFluent(): FluentFactory {
  const root = nodePath.dirname(require.resolve('fluent-ffmpeg'));
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(root + nodePath.sep)) delete require.cache[key];
  }
  return require('fluent-ffmpeg') as FluentFactory;
}

// Calls run one at a time: fluent's path setting is process-global even through the instance API.
let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * fluent-ffmpeg 2.1.3 reads `-formats` with `if (!(name in data)) data[name] = …; data[name].canMux = true`: a format
 * the binary lists as `__proto__` (or `toString`, `constructor`…) is found on the prototype chain, so `canDemux` and
 * `canMux` land on Object.prototype (every object in the process) or on a built-in function. Removed again in the same
 * tick, before any other code runs.
 */
function undoFormatListPollution(): void {
  const proto = Object.prototype as Record<string, unknown>;
  const builtins = Object.getOwnPropertyNames(proto).map((key) => Object.getOwnPropertyDescriptor(proto, key)?.value as unknown);
  for (const target of [proto, Object, ...builtins]) {
    if ((typeof target !== 'object' && typeof target !== 'function') || target === null) continue;
    for (const key of ['canDemux', 'canMux']) if (Object.hasOwn(target, key)) delete (target as Record<string, unknown>)[key];
  }
}

/**
 * Runs one fluent capability query with a bound. fluent spawns ffmpeg itself and exposes no handle,
 * so a timeout cannot kill that child; callers run `-version` with their own bounded runner first,
 * which rules out the binaries that hang.
 */
function query<T>(ffmpegPath: string, timeoutMs: number, what: string, ask: (cmd: FluentCommand, cb: Callback<T>) => void): Promise<T> {
  return serialised(
    () =>
      new Promise<T>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          reject(new AppError('ffmpeg', 'ffmpeg_unusable', `ffmpeg at ${ffmpegPath} did not list its ${what} within ${timeoutMs} ms: check that it runs from a terminal.`));
        }, timeoutMs);
        // fluent may call back twice (spawn 'error' and then exit); only the first answer counts.
        ask(freshFluent()().setFfmpegPath(ffmpegPath), (err, data) => {
          undoFormatListPollution();
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err) {
            reject(new AppError('ffmpeg', 'ffmpeg_unusable', `ffmpeg at ${ffmpegPath} could not list its ${what} (${err.message.split('\n')[0]}): check that it runs from a terminal.`, { cause: err }));
          } else resolve(data);
        });
      }),
  );
}

/** The encoders a binary lists (`ffmpeg -encoders`), by name. */
export async function listEncoders(ffmpegPath: string, timeoutMs: number): Promise<Map<string, EncoderInfo>> {
  const data = await query<Record<string, EncoderInfo>>(ffmpegPath, timeoutMs, 'encoders', (cmd, cb) => cmd.availableEncoders(cb));
  return new Map(
    Object.entries(data).map(([name, e]) => [name, { type: e.type, description: e.description, experimental: e.experimental }]),
  );
}

/** The container formats a binary lists (`ffmpeg -formats`), by name. */
export async function listFormats(ffmpegPath: string, timeoutMs: number): Promise<Map<string, FormatInfo>> {
  const data = await query<Record<string, FormatInfo>>(ffmpegPath, timeoutMs, 'formats', (cmd, cb) => cmd.availableFormats(cb));
  return new Map(
    Object.entries(data).map(([name, f]) => [name, { description: f.description, canDemux: f.canDemux, canMux: f.canMux }]),
  );
}

/** The default lister, backed by fluent-ffmpeg. */
export const fluentCapabilityLister: CapabilityLister = { encoders: listEncoders, formats: listFormats };
