// zod schemas for every IPC payload: main validates each message against these before acting on it.

import { z } from 'zod';
import { BROADCAST_MODES, INGEST_ROLES, OVERLAY_CORNERS, type BroadcastConfig } from './broadcastTypes';
import type { InvokeMethod } from './ipcChannels';
import { REHEARSAL_FAULT_KINDS } from './rehearsalTypes';
import { REPORT_FORMATS } from './sessionReportTypes';
import { SettingsPatchSchema } from './settingsSchemas';

const streamId = z.number().int().positive();
// Ranges are checked by the engine (validateEncodeSettings) with a sentence per bound; here only the shapes.
const captureMode = z.object({ width: z.number().int(), height: z.number().int(), fps: z.number(), format: z.string().max(32).optional() });
const region = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() });

export const BroadcastConfigSchema = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('stream'), gcoreStreamId: streamId }),
    z.object({ kind: z.literal('urls'), primary: z.string().max(2048), backup: z.string().max(2048).optional() }),
    z.object({ kind: z.literal('local') }),
  ]),
  input: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('testsrc') }),
    z.object({
      kind: z.literal('desktop'),
      display: z.string().max(64).optional(),
      region: region.optional(),
      showCursor: z.boolean().optional(),
      overlayCamera: z
        .object({
          device: z.string().min(1).max(512),
          captureMode: captureMode.optional(),
          corner: z.enum(OVERLAY_CORNERS).optional(),
          widthPercent: z.number().int().optional(),
        })
        .optional(),
    }),
    z.object({ kind: z.literal('camera'), device: z.string().min(1).max(512), captureMode: captureMode.optional() }),
    // main plays it only when it is the file the user picked in main's own dialog (chooseSourceFile).
    z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096), loop: z.boolean() }),
  ]),
  audio: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('tone') }),
    z.object({ kind: z.literal('device'), device: z.string().min(1).max(512) }),
  ]),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number().int(),
  bitrateKbps: z.number().int(),
  keyintSeconds: z.number(),
  encoder: z.string().min(1).max(64),
  latencyMs: z.number().int(),
  mode: z.enum(BROADCAST_MODES),
}) satisfies z.ZodType<BroadcastConfig>;

/** Argument tuples per invoke method; main validates every payload against these before acting. */
export const INVOKE_ARGS = {
  accountStatus: z.tuple([]),
  signIn: z.tuple([z.string().min(1).max(4096)]),
  signOut: z.tuple([]),
  listStreams: z.tuple([]),
  getStream: z.tuple([streamId]),
  createStream: z.tuple([z.string().trim().min(1).max(255)]),
  setPull: z.tuple([streamId, z.array(z.string().max(2048)).min(1).max(16)]),
  pullOff: z.tuple([streamId]),
  setStreamActive: z.tuple([streamId, z.boolean()]),
  resetStreamKey: z.tuple([streamId]),
  // Only the shape here: main checks 10–79 printable characters with a sentence that never repeats the value.
  setStreamPassphrase: z.tuple([streamId, z.string().min(1).max(256).nullable()]),
  copyPushUrl: z.tuple([streamId, z.enum(INGEST_ROLES)]),
  deleteStream: z.tuple([streamId]),
  doctor: z.tuple([]),
  exportLogs: z.tuple([]),
  loadSettings: z.tuple([]),
  saveSettings: z.tuple([SettingsPatchSchema]),
  // No argument: main opens the file dialog itself, so the window can never name a program to run.
  chooseFfmpegPath: z.tuple([]),
  // No argument either: main opens the dialog, and plays only the file the user picked there (see sourceFileCalls).
  chooseSourceFile: z.tuple([]),
  describeSourceFile: z.tuple([]),
  setApiBaseUrl: z.tuple([z.string().max(2048)]),
  resetApiBaseUrl: z.tuple([]),
  startBroadcast: z.tuple([BroadcastConfigSchema]),
  stopBroadcast: z.tuple([]),
  // Only the shape here: main checks durations and shares (faultProblem) with a sentence.
  simulateFault: z.tuple([z.object({ kind: z.enum(REHEARSAL_FAULT_KINDS), target: z.enum([...INGEST_ROLES, 'both']),
    durationMs: z.number().optional(), lossPct: z.number().optional() }).strict()]),
  broadcastStatus: z.tuple([]),
  broadcastHistory: z.tuple([]),
  sessionReport: z.tuple([]),
  exportSessionReport: z.tuple([z.enum(REPORT_FORMATS)]),
  openExternal: z.tuple([z.string().max(2048)]),
} satisfies Record<InvokeMethod, z.ZodTypeAny>;

/**
 * The Result code and sentence for a payload that failed its schema: a schema may name its own code in a custom
 * issue's `params.resultCode` (a sensitive setting is `setting_not_allowed`); anything else is `bad_request`.
 */
export function describeInvalidPayload(method: string, error: z.ZodError): { code: string; message: string } {
  const issue = error.issues[0];
  const resultCode: unknown = issue?.code === 'custom' ? issue.params?.resultCode : undefined;
  if (issue && typeof resultCode === 'string') return { code: resultCode, message: issue.message };
  return { code: 'bad_request', message: `Invalid ${method} request: ${issue?.message ?? 'bad payload'}.` };
}
