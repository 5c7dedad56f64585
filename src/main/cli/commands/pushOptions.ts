// Parses `srt-companion push` options into a BroadcastConfig (pure; validation of ranges happens in the engine).

import { parseArgs } from 'node:util';
import { AppError } from '../../appError';
import type { AudioSource, BroadcastConfig, BroadcastTarget, CaptureMode, InputSource, CaptureRegion } from '../../../shared/broadcastTypes';
import { usageError } from '../usage';
import { FAULT_SPEC_HELP, parseFaultSpec, type ScheduledFault } from './faultSpec';
import { parseStreamId } from './parseStreamId';

/** Where `push` takes its explicit SRT URLs from when they are not on the command line (read by pushUrlSources.ts). */
export type PushUrlTarget =
  | { kind: 'urlFiles'; primary: PushUrlSource; backup: PushUrlSource | null }
  | { kind: 'urlsFromStdin' };

/** One explicit URL: given on the command line (visible in the process list), or the path of a file holding it. */
export type PushUrlSource = { from: 'argv'; url: string } | { from: 'file'; path: string; option: '--primary-file' | '--backup-file' };

/** The broadcast settings, with a target whose URLs may still have to be read from a file or stdin. */
export type PushConfig = Omit<BroadcastConfig, 'target'> & { target: BroadcastTarget | PushUrlTarget };

/** Printed (stderr) when a push URL with a stream key or passphrase was given as an argument. */
export const KEY_ON_COMMAND_LINE_WARNING =
  'srt-companion: warning: the stream key in --primary/--backup is visible to every local user in the process list; use --primary-file FILE, --urls-from-stdin or --stream ID instead.';

export interface PushOptions {
  config: PushConfig;
  /** Stop after this many seconds; null = until SIGINT/SIGTERM. */
  durationS: number | null;
  json: boolean;
  /** --enable: switch the Gcore stream on through the API before going live (only with --stream). */
  enable: boolean;
  /** --fault (with --local): rehearsal faults to inject, in the order given. */
  faults: ScheduledFault[];
  /** True when --primary or --backup carried a stream key or passphrase in this process's own argv. */
  keyOnCommandLine: boolean;
  /** --report FILE: where the session report goes as JSON (0600) at the end; null = not written. */
  reportPath: string | null;
}

export const PUSH_HELP = `srt-companion push — go live: capture, encode H.265, push MPEG-TS over SRT with backup failover

Usage:
  srt-companion push (--stream ID | --primary-file FILE [--backup-file FILE] | --urls-from-stdin
                      | --primary SRT_URL [--backup SRT_URL] | --local) [options]

Target (one of):
  --stream ID            a Gcore stream: its primary and backup SRT URLs come from the API (token in the keychain)
  --enable               with --stream: if the stream is inactive, enable it through the API before going live
  --primary-file FILE    explicit ingest: FILE holds its SRT URL, e.g. srt://host:5001?streamid=123#key (one line;
                         readable by you alone: chmod 600 FILE)
  --backup-file FILE     explicit backup ingest, from a file the same way
  --urls-from-stdin      read the primary URL, and optionally the backup URL on a second line, from stdin
                         (piped, or typed at a hidden prompt)
  --primary SRT_URL      explicit ingest on the command line (quote it: # starts a shell comment); its stream key
                         is visible to every local user in the process list, prefer the two options above
  --backup SRT_URL       explicit backup ingest on the command line
  --local                rehearse against a local model of Gcore's ingest (two SRT ingests on 127.0.0.1 with the
                         platform's rules); no account needed. While it runs press o (outage, or SIGUSR1),
                         g (glitch, or SIGUSR2), l (loss burst), k (key refused by both); at the end it says what
                         viewers would have seen (seconds without picture, switches between ingests)
  --fault SPEC           with --local, repeatable: inject a fault at a set time,
                         ${FAULT_SPEC_HELP}

Options:
  --input testsrc|desktop[:N]|camera:NAME|file:PATH
                         source (default testsrc: colour bars, tone and a running clock);
                         \`srt-companion devices\` prints the value for each camera and screen.
                         file:PATH plays a video file in real time: HEVC + AAC with keyframes at most 4 s apart is
                         sent as it is (--size, --fps, --bitrate and --keyint do not apply), anything else is encoded
  --loop                 with file:PATH, play the file again and again until stopped (a "starting soon" loop)
  --once                 with file:PATH, play it once: the broadcast ends when the file does (the default)
  --region WxH+X+Y       desktop only: capture this rectangle (one monitor), e.g. 1920x1080+1920+0
  --camera-mode WxH@FPS[:FORMAT]
                         ask the camera for a native mode, e.g. 1920x1080@30:mjpeg (see \`devices\`)
  --pip CAMERA           desktop only: draw this camera in the bottom-right corner (picture-in-picture)
  --audio none|tone|DEVICE                  audio (default: tone for testsrc, none otherwise); with file:PATH the
                         file's own sound is sent, and this (default silence) only when the file has none
  --size WxH             picture size (default 1280x720)
  --fps N                frames per second (default 30)
  --bitrate KBPS         video bitrate, constant (default 2500)
  --keyint SECONDS       keyframe interval (default 2)
  --encoder auto|NAME    HEVC encoder: auto picks the best working one, hardware first (default auto)
  --latency MS           SRT latency (default 2000; Gcore refuses 3000 and more)
  --mode failover|redundant
                         failover (default): one uplink, switch to backup on failure and back;
                         redundant: push both at all times (twice the upload)
  --duration SECONDS     stop after this long (default: until Ctrl-C)
  --json                 JSON lines on stdout: stats (state, encoder, uplinks, warnings) once a second,
                         and every event (state changes, connections, failovers, retries, encoder restarts)
  --report FILE          at the end, write the session report (duration, time on air, per ingest min/avg/max,
                         every event, the rehearsal's viewer report, the recordings) to FILE as JSON (0600)`;

function intOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new AppError('input', 'bad_option', `--${name} must be a whole number, not "${raw}".`);
  return Number(raw);
}

function numberOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new AppError('input', 'bad_option', `--${name} must be a positive number, not "${raw}".`);
  return value;
}

export function parseInput(raw: string | undefined): InputSource {
  const value = raw ?? 'testsrc';
  if (value === 'testsrc') return { kind: 'testsrc' };
  if (value === 'desktop') return { kind: 'desktop' };
  if (value.startsWith('desktop:')) return { kind: 'desktop', display: value.slice('desktop:'.length) };
  if (value.startsWith('camera:') && value.length > 'camera:'.length) return { kind: 'camera', device: value.slice('camera:'.length) };
  // Everything after `file:` is the path, colons included; a file is played once unless --loop says otherwise.
  if (value.startsWith('file:') && value.length > 'file:'.length) return { kind: 'file', path: value.slice('file:'.length), loop: false };
  throw new AppError('input', 'bad_input_source', `Unknown --input "${value}"; use testsrc, desktop, desktop:N, camera:NAME or file:PATH (see \`srt-companion doctor\`).`);
}

function parseRegion(raw: string): CaptureRegion {
  const m = /^(\d{2,5})x(\d{2,5})([+-]\d{1,5})([+-]\d{1,5})$/.exec(raw.trim());
  if (!m) throw new AppError('input', 'bad_region', `--region must look like 1920x1080+0+0 (size, then x and y offsets), not "${raw}".`);
  return { width: Number(m[1]), height: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
}

function parseCameraMode(raw: string): CaptureMode {
  const m = /^(\d{2,5})x(\d{2,5})@(\d+(?:\.\d+)?)(?::([A-Za-z0-9_]+))?$/.exec(raw.trim());
  if (!m) throw new AppError('input', 'bad_camera_mode', `--camera-mode must look like 1280x720@30 or 1920x1080@30:mjpeg, not "${raw}".`);
  return { width: Number(m[1]), height: Number(m[2]), fps: Number(m[3]), ...(m[4] ? { format: m[4] } : {}) };
}

/** Applies --region, --camera-mode and --pip to the parsed source; each refuses a source it does not fit. */
export function refineInput(input: InputSource, raw: { region?: string; cameraMode?: string; pip?: string }): InputSource {
  const mode = raw.cameraMode !== undefined ? parseCameraMode(raw.cameraMode) : undefined;
  if (input.kind === 'camera') {
    if (raw.region !== undefined || raw.pip !== undefined) throw new AppError('input', 'bad_option', '--region and --pip go with --input desktop, not a camera.');
    return mode ? { ...input, captureMode: mode } : input;
  }
  if (input.kind === 'testsrc' || input.kind === 'file') {
    if (raw.region !== undefined || raw.cameraMode !== undefined || raw.pip !== undefined) {
      throw new AppError('input', 'bad_option', '--region, --camera-mode and --pip need --input desktop or camera:NAME.');
    }
    return input;
  }
  if (mode && raw.pip === undefined) throw new AppError('input', 'bad_option', '--camera-mode with a desktop source needs --pip CAMERA.');
  return {
    ...input,
    ...(raw.region !== undefined ? { region: parseRegion(raw.region) } : {}),
    ...(raw.pip !== undefined ? { overlayCamera: { device: raw.pip, ...(mode ? { captureMode: mode } : {}) } } : {}),
  };
}

export function parseAudio(raw: string | undefined, input: InputSource): AudioSource {
  if (raw === undefined) return input.kind === 'testsrc' ? { kind: 'tone' } : input.kind === 'file' ? { kind: 'silence' } : { kind: 'none' };
  if (raw === 'none' || raw === 'tone') return { kind: raw };
  if (raw.trim() === '') throw new AppError('input', 'bad_audio', '--audio needs none, tone or a device name.');
  return { kind: 'device', device: raw };
}

function parseSize(raw: string | undefined): { width: number; height: number } {
  if (raw === undefined) return { width: 1280, height: 720 };
  const m = /^(\d{2,5})x(\d{2,5})$/i.exec(raw.trim());
  if (!m) throw new AppError('input', 'bad_size', `--size must look like 1280x720, not "${raw}".`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

export function parsePushOptions(argv: string[]): PushOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      stream: { type: 'string' },
      primary: { type: 'string' },
      backup: { type: 'string' },
      'primary-file': { type: 'string' },
      'backup-file': { type: 'string' },
      'urls-from-stdin': { type: 'boolean' },
      local: { type: 'boolean' },
      input: { type: 'string' },
      region: { type: 'string' },
      'camera-mode': { type: 'string' },
      pip: { type: 'string' },
      audio: { type: 'string' },
      size: { type: 'string' },
      fps: { type: 'string' },
      bitrate: { type: 'string' },
      keyint: { type: 'string' },
      encoder: { type: 'string' },
      latency: { type: 'string' },
      mode: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean' },
      enable: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
      report: { type: 'string' },
      loop: { type: 'boolean' },
      once: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}" (quote SRT URLs: the shell cuts them at #).`);
  const primary = urlSource(values.primary, values['primary-file'], '--primary');
  const backup = urlSource(values.backup, values['backup-file'], '--backup');
  if (backup !== null && values['urls-from-stdin']) throw usageError('--urls-from-stdin reads the backup URL from the second line of stdin: drop --backup/--backup-file.');
  if (backup !== null && primary === null) throw usageError('--backup and --backup-file go with --primary or --primary-file.');
  const targets = [values.stream !== undefined, primary !== null, Boolean(values['urls-from-stdin']), Boolean(values.local)].filter(Boolean).length;
  if (targets !== 1) throw usageError('push needs exactly one of --stream ID, --primary-file FILE, --urls-from-stdin, --primary SRT_URL or --local.');
  if (values.enable && values.stream === undefined) throw usageError('--enable goes with --stream ID: it switches that Gcore stream on.');
  if (values.fault !== undefined && !values.local) throw usageError('--fault goes with --local: faults are injected into the local rehearsal ingests.');

  let target: BroadcastTarget | PushUrlTarget;
  if (values.stream !== undefined) target = { kind: 'stream', gcoreStreamId: parseStreamId(values.stream) };
  else if (values['urls-from-stdin']) target = { kind: 'urlsFromStdin' };
  else if (primary?.from === 'argv' && (backup === null || backup.from === 'argv')) {
    target = { kind: 'urls', primary: primary.url, ...(backup !== null ? { backup: backup.url } : {}) };
  } else if (primary !== null) target = { kind: 'urlFiles', primary, backup };
  else target = { kind: 'local' };

  const mode = values.mode ?? 'failover';
  if (mode !== 'failover' && mode !== 'redundant') throw new AppError('input', 'bad_mode', `--mode must be failover or redundant, not "${mode}".`);
  const input = withPlayback(refineInput(parseInput(values.input), { region: values.region, cameraMode: values['camera-mode'], pip: values.pip }), values);
  const durationS = values.duration === undefined ? null : numberOption('duration', values.duration, 0);
  return {
    config: {
      target,
      input,
      audio: parseAudio(values.audio, input),
      ...parseSize(values.size),
      fps: intOption('fps', values.fps, 30),
      bitrateKbps: intOption('bitrate', values.bitrate, 2500),
      keyintSeconds: numberOption('keyint', values.keyint, 2),
      encoder: values.encoder ?? 'auto',
      latencyMs: intOption('latency', values.latency, 2000),
      mode,
    },
    durationS,
    json: Boolean(values.json),
    enable: Boolean(values.enable),
    faults: (values.fault ?? []).map(parseFaultSpec),
    keyOnCommandLine: [values.primary, values.backup].some((url) => url !== undefined && carriesSecret(url)),
    reportPath: reportPath(values.report),
  };
}

/** --loop / --once: how a file source is played (once by default); neither goes with another source, nor both at once. */
function withPlayback(input: InputSource, values: { loop?: boolean | undefined; once?: boolean | undefined }): InputSource {
  if (values.loop && values.once) throw usageError('--loop and --once contradict each other: use one.');
  if (input.kind !== 'file') {
    if (values.loop || values.once) throw usageError('--loop and --once go with --input file:PATH.');
    return input;
  }
  return { ...input, loop: Boolean(values.loop) };
}

function reportPath(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.trim() === '') throw usageError('--report needs a file name.');
  return raw;
}

/** A URL option or its file twin (never both). */
function urlSource(url: string | undefined, path: string | undefined, option: '--primary' | '--backup'): PushUrlSource | null {
  if (url !== undefined && path !== undefined) throw usageError(`${option} and ${option}-file are two ways to give one URL: use one.`);
  if (url !== undefined) return { from: 'argv', url };
  return path !== undefined ? { from: 'file', path, option: `${option}-file` } : null;
}

/** A Gcore stream key (after `#` in the stream id) or a passphrase in a push URL. */
function carriesSecret(url: string): boolean {
  return /streamid=[^&]*#|passphrase=/i.test(url);
}
