// What the window may save: only the broadcast choices, strictly typed and bounded; the sensitive settings are refused.

import { z } from 'zod';
import { ALERT_KINDS, type AlertSwitches } from './alerts';
import { BROADCAST_MODES, OVERLAY_CORNERS, type BroadcastConfig } from './broadcastTypes';

/** The source/encoder choices saved under the `broadcast` key: a broadcast config minus its target, plus the alert switches. */
export type BroadcastChoices = Omit<BroadcastConfig, 'target'> & { alerts?: AlertSwitches };

/** What `saveSettings` accepts from the window. */
export interface SettingsPatch {
  broadcast: BroadcastChoices;
}

/**
 * Settings the window must never write, with the dedicated call that changes each one in main (after a native dialog
 * the user answers). The API address decides where the keychain token is sent; the ffmpeg path which program runs.
 */
export const SENSITIVE_SETTINGS = {
  apiBaseUrl: 'setApiBaseUrl, which asks you to confirm the host your API token will be sent to',
  ffmpegPath: 'chooseFfmpegPath, which opens a file dialog and checks the program first',
  sourceFile: 'chooseSourceFile, which opens a file dialog and checks the video file first',
} as const;

/** The Result code of a saveSettings call that carries a sensitive setting. */
export const SETTING_NOT_ALLOWED = 'setting_not_allowed';

const device = z.string().min(1).max(512);
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const captureMode = z.strictObject({
  width: int(16, 8192),
  height: int(16, 8192),
  fps: z.number().positive().max(240),
  format: z.string().regex(/^[A-Za-z0-9_]{1,32}$/).optional(),
});

const region = z.strictObject({ x: int(-65535, 65535), y: int(-65535, 65535), width: int(16, 16384), height: int(16, 16384) });

const input = z.discriminatedUnion('kind', [
  // No fontFile here: a path the encoder would open is not the window's to choose.
  z.strictObject({ kind: z.literal('testsrc') }),
  z.strictObject({
    kind: z.literal('desktop'),
    display: z.string().max(64).optional(),
    region: region.optional(),
    showCursor: z.boolean().optional(),
    overlayCamera: z
      .strictObject({ device, captureMode: captureMode.optional(), corner: z.enum(OVERLAY_CORNERS).optional(), widthPercent: int(10, 50).optional() })
      .optional(),
  }),
  z.strictObject({ kind: z.literal('camera'), device, captureMode: captureMode.optional() }),
  // Saved only when it is the file main remembers from its own dialog (saveSettings checks that).
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1).max(4096), loop: z.boolean() }),
]);

const audio = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('silence') }),
  z.strictObject({ kind: z.literal('tone') }),
  z.strictObject({ kind: z.literal('device'), device }),
]);

const alertGroup = z.strictObject(Object.fromEntries(ALERT_KINDS.map((k) => [k, z.boolean()])) as Record<(typeof ALERT_KINDS)[number], z.ZodBoolean>);
const alerts = z.strictObject({ sound: alertGroup, notification: alertGroup });

/** Bounds are the widest the form can produce; the engine checks a broadcast's own ranges when it starts. */
export const BroadcastChoicesSchema = z.strictObject({
  input,
  audio,
  width: int(16, 8192),
  height: int(16, 8192),
  fps: int(1, 240),
  bitrateKbps: int(100, 50_000),
  keyintSeconds: z.number().min(0.5).max(10),
  encoder: z.string().regex(/^[a-z0-9_]{1,64}$/),
  latencyMs: int(20, 2999),
  mode: z.enum(BROADCAST_MODES),
  alerts: alerts.optional(),
}) satisfies z.ZodType<BroadcastChoices>;

/**
 * `saveSettings`' payload. A sensitive key is refused first with its own code and a sentence naming the call that
 * changes it (the issue's `params.resultCode`); any other unknown key is refused by the strict object.
 */
export const SettingsPatchSchema = z
  .record(z.string(), z.unknown())
  .superRefine((patch, ctx) => {
    for (const [key, how] of Object.entries(SENSITIVE_SETTINGS)) {
      if (Object.hasOwn(patch, key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          params: { resultCode: SETTING_NOT_ALLOWED },
          message: `The app window cannot change ${key}: it changes only through ${how}.`,
        });
      }
    }
  })
  .pipe(z.strictObject({ broadcast: BroadcastChoicesSchema })) satisfies z.ZodType<SettingsPatch>;
