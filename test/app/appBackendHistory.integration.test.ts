// The desktop backend keeps what a reloaded window needs and what the session report is made of: a real local rehearsal
// (real ffmpeg, the local ingests) read back through broadcastHistory, sessionReport and exportSessionReport.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBackend } from '../../src/main/app/appBackend';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import { CSV_COLUMNS } from '../../src/main/broadcast/sessionReportCsv';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import type { SessionReport } from '../../src/shared/sessionReportTypes';

let backend: AppBackend;

const REHEARSAL: BroadcastConfig = {
  target: { kind: 'local' }, input: { kind: 'testsrc' }, audio: { kind: 'tone' }, width: 640, height: 360, fps: 30,
  bitrateKbps: 600, keyintSeconds: 2, encoder: 'libx265', latencyMs: 2000, mode: 'failover',
};

beforeAll(async () => {
  const configDir = await mkdtemp(join(tmpdir(), 'srtc-history-'));
  backend = createAppBackend({ env: { ...process.env, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-history-${process.pid}` }, platform: 'linux', configDir, x265Preset: 'ultrafast' });
});

afterAll(async () => {
  await backend.shutdown();
});

describe('history and session report', () => {
  it('has no report before any broadcast', async () => {
    expect(await backend.sessionReport()).toMatchObject({ ok: false, code: 'no_broadcast' });
    expect(await backend.broadcastHistory()).toMatchObject({ ok: true, value: { status: { state: 'idle' }, stats: [], events: [] } });
  });

  it('gives a reloaded window the running broadcast with its stats and events, then the report and its files after Stop', async () => {
    const started = await backend.startBroadcast(REHEARSAL);
    expect(started.ok, started.ok ? '' : started.message).toBe(true);
    let statsKept = 0;
    // Polled through the call a reloaded window makes.
    for (let i = 0; i < 120 && statsKept < 4; i += 1) {
      const h = await backend.broadcastHistory();
      statsKept = h.ok ? h.value.stats.filter((s) => s.onAir).length : 0;
      await new Promise((r) => setTimeout(r, 250));
    }
    const history = await backend.broadcastHistory();
    if (!history.ok) throw new Error(history.message);
    expect(history.value.status.state).toBe('live');
    expect(history.value.stats.filter((s) => s.onAir).length).toBeGreaterThanOrEqual(4);
    expect(history.value.events.some((e) => e.kind === 'connected' && e.role === 'primary')).toBe(true);

    await backend.stopBroadcast();
    const report = await backend.sessionReport();
    if (!report.ok) throw new Error(report.message);
    expect(report.value).toMatchObject({ type: 'session-report', finalState: 'stopped', target: 'local' });
    expect(report.value.onAirS).toBeGreaterThanOrEqual(4);
    expect(report.value.ingests.find((i) => i.role === 'primary')?.sendKbps?.avg).toBeGreaterThan(0);
    expect(report.value.viewerStory).not.toBeNull();
    expect(report.value.recordings.files.length).toBeGreaterThan(0);

    const json = await backend.exportSessionReport('json');
    if (!json.ok) throw new Error(json.message);
    expect(json.value.fileName).toMatch(/^srt-companion-session-\d{8}-\d{6}Z\.json$/);
    expect((JSON.parse(json.value.text) as SessionReport).secondsRecorded).toBe(report.value.secondsRecorded);
    const csv = await backend.exportSessionReport('csv');
    if (!csv.ok) throw new Error(csv.message);
    const rows = csv.value.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(report.value.secondsRecorded + 1);
  }, 60_000);
});
