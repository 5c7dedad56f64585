// Pure: the one-line answer Diagnostics opens with — "Ready to go live", or the first thing that blocks it, in the
// words of the screen where it is fixed.

import type { AccountStatus, DoctorReport } from '../../../shared/ipcContract';
import { workingHevcEncoders } from '../../../shared/ffmpegCapabilities';

export interface ReadinessVerdict {
  /** `checking`: signed in, but the report predates it (Diagnostics runs the checks again). */
  kind: 'ready' | 'blocked' | 'checking';
  /** One sentence: "Ready to go live." or "Not ready to go live: …". */
  sentence: string;
}

function blocked(why: string): ReadinessVerdict {
  return { kind: 'blocked', sentence: `Not ready to go live: ${why}` };
}

/** What blocks a broadcast, most basic first (no ffmpeg before no sign-in); `account` null while it is being read. */
export function readinessVerdict(report: DoctorReport, account: AccountStatus | null): ReadinessVerdict {
  if (!report.ffmpeg.ok) return blocked('no usable ffmpeg. Choose one under Settings below.');
  const probe = report.ffmpeg.value;
  if (!probe.srtOutput) return blocked('this ffmpeg cannot send SRT. Choose an ffmpeg built with libsrt under Settings below.');
  if (!probe.mpegtsMuxer || !probe.aacEncoder) return blocked('this ffmpeg lacks MPEG-TS or AAC. Choose a full ffmpeg build under Settings below.');
  if (workingHevcEncoders(probe).length === 0) return blocked('no HEVC encoder works with this ffmpeg. Choose an ffmpeg with libx265 under Settings below.');
  if (!report.keychain.ok) return blocked('the system keychain does not work, so the API token cannot be kept (details below).');
  if (account?.signedIn !== true) return blocked('not signed in. Sign in under Account (a rehearsal works without it).');
  if (report.api === null) return { kind: 'checking', sentence: 'Checking the Gcore API…' };
  if (!report.api.ok) return blocked('the Gcore API cannot be reached (details below).');
  return { kind: 'ready', sentence: 'Ready to go live.' };
}
