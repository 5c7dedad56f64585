// `push --report FILE` as a subprocess: a short local rehearsal (real ffmpeg, the local ingests) writes its session
// report as JSON readable by the user alone, and prints the same summary before the viewer story.

import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionReport } from '../../src/shared/sessionReportTypes';
import { runCliProcess } from './runCliProcess';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-report-'));
  env = { ...process.env, SRT_COMPANION_CONFIG_DIR: join(dir, 'config'), SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-report-${process.pid}`, SRT_COMPANION_X265_PRESET: 'ultrafast' };
});

describe('push --report FILE', () => {
  it('writes the session report (0600) and prints the summary before what viewers would have seen', async () => {
    const file = join(dir, 'session.json');
    // A file already there with a looser mode is replaced, not reused.
    await writeFile(file, 'old', { mode: 0o644 });
    const run = await runCliProcess(['push', '--local', '--size', '640x360', '--bitrate', '600', '--duration', '8', '--report', file], { env });
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const report = JSON.parse(await readFile(file, 'utf8')) as SessionReport;
    expect(report).toMatchObject({ type: 'session-report', target: 'local', mode: 'failover', targetKbps: 600, finalState: 'stopped', failovers: 0 });
    expect(report.durationS).toBeGreaterThanOrEqual(8);
    expect(report.durationS).toBeLessThan(20);
    expect(report.onAirS).toBeGreaterThan(0);
    const primary = report.ingests.find((i) => i.role === 'primary');
    expect(primary?.carriedS).toBeGreaterThan(0);
    expect(primary?.rttMs?.max).toBeGreaterThanOrEqual(primary?.rttMs?.min ?? Infinity);
    expect(primary?.sendKbps?.avg).toBeGreaterThan(0);
    expect(report.events.some((e) => e.kind === 'connected' && e.role === 'primary')).toBe(true);
    expect(report.events.at(-1)).toMatchObject({ kind: 'state', state: 'stopped' });
    expect(report.viewerStory?.summary.firstPictureAfterS).not.toBeNull();
    expect(report.recordings.files.length).toBeGreaterThan(0);
    expect(report.recordings.folder).toContain(join(dir, 'config', 'recordings'));

    const summaryAt = run.stdout.indexOf('Session: ');
    expect(summaryAt).toBeGreaterThanOrEqual(0);
    expect(run.stdout.indexOf("What viewers would have seen")).toBeGreaterThan(summaryAt);
    expect(run.stdout).toMatch(/ {2}primary +carried \d+:\d\d {2}send [\d.]+\/[\d.]+\/[\d.]+ kbps {2}rtt /);
    expect(run.stdout).toContain(`Session report written to ${file}.`);
  }, 60_000);

  it('refuses a report file in a folder that does not exist before anything starts (exit 3)', async () => {
    const run = await runCliProcess(['push', '--local', '--size', '640x360', '--duration', '8', '--report', join(dir, 'missing', 'r.json')], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--report: the folder of');
    expect(run.stdout).toBe('');
  });
});
