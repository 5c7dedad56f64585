// The one-line Diagnostics verdict: each blocker in the order it has to be fixed, in the app's words.

import { describe, expect, it } from 'vitest';
import { readinessVerdict } from '../../src/renderer/src/logic/readinessVerdict';
import type { AccountStatus, DoctorReport } from '../../src/shared/ipcContract';
import { fail, ok } from '../../src/shared/result';
import { fakeEncoder, fakeProbe } from './fixtures';

const signedIn: AccountStatus = { signedIn: true, apiBaseUrl: 'https://api.gcore.com' };
const signedOut: AccountStatus = { signedIn: false, apiBaseUrl: 'https://api.gcore.com' };
const healthy: DoctorReport = { ffmpeg: ok(fakeProbe()), keychain: ok({ tokenStored: true }), api: ok({ reachable: true, streams: 1 }) };

describe('readinessVerdict', () => {
  it('is ready when ffmpeg, an HEVC encoder, the keychain, the sign-in and the API all work', () => {
    expect(readinessVerdict(healthy, signedIn)).toEqual({ kind: 'ready', sentence: 'Ready to go live.' });
  });

  it.each([
    [{ ...healthy, ffmpeg: fail('ffmpeg_not_found', 'No ffmpeg found.') }, signedIn, 'Not ready to go live: no usable ffmpeg. Choose one under Settings below.'],
    [{ ...healthy, ffmpeg: ok(fakeProbe({ srtOutput: false })) }, signedIn, 'Not ready to go live: this ffmpeg cannot send SRT. Choose an ffmpeg built with libsrt under Settings below.'],
    [{ ...healthy, ffmpeg: ok(fakeProbe({ aacEncoder: false })) }, signedIn, 'Not ready to go live: this ffmpeg lacks MPEG-TS or AAC. Choose a full ffmpeg build under Settings below.'],
    [
      { ...healthy, ffmpeg: ok(fakeProbe({ hevcEncoders: [fakeEncoder('libx265', false, 'x265 failed'), fakeEncoder('hevc_nvenc', false)] })) },
      signedIn,
      'Not ready to go live: no HEVC encoder works with this ffmpeg. Choose an ffmpeg with libx265 under Settings below.',
    ],
    [{ ...healthy, keychain: fail('keychain', 'locked') }, signedIn, 'Not ready to go live: the system keychain does not work, so the API token cannot be kept (details below).'],
    [{ ...healthy, api: null }, signedOut, 'Not ready to go live: not signed in. Sign in under Account (a rehearsal works without it).'],
    [{ ...healthy, api: fail('network_unreachable', 'Cannot reach') }, signedIn, 'Not ready to go live: the Gcore API cannot be reached (details below).'],
  ] as const)('names the first blocker (%#)', (report, account, sentence) => {
    expect(readinessVerdict(report, account)).toEqual({ kind: 'blocked', sentence });
  });

  it('says it is checking when signed in but the report predates the sign-in', () => {
    expect(readinessVerdict({ ...healthy, api: null }, signedIn)).toEqual({ kind: 'checking', sentence: 'Checking the Gcore API…' });
  });

  it('a GPU encoder that is missing does not block when libx265 works', () => {
    const probe = fakeProbe({ hevcEncoders: [fakeEncoder('libx265', true), fakeEncoder('hevc_nvenc', false, 'Cannot load libcuda.so.1')] });
    expect(readinessVerdict({ ...healthy, ffmpeg: ok(probe) }, signedIn).kind).toBe('ready');
  });
});
