// The desktop UI end to end: the production renderer in Debian's Chromium, bridged to the real backend (keychain,
// fake Gcore API over HTTP, real ffmpeg pushing SRT to libsrt listeners), driven as a user would, with screenshots.
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SystemNotice } from '../../src/main/app/alertNotifier';
import { isTrustedRendererUrl } from '../../src/main/electron/securityPolicy';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { SrtTestListener } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { DEFAULT_RENDERER_OUT_DIR, buildRenderer, senderFrameUrl, serveDirectory, type StaticSite } from './browserBridge';
import {
  SMALL_VIEWPORT, answerPlatformScreenshots, backupBanner, waitForPlatformPicture, bannerUntilFailback, bigStat, chooseSmallEncode, goTo, logEntry, onAirBar, onAirLabel, pickStream, screenshotsAtBothSizes,
  scrollToBottom, sentPicture, sessionReport, wholeInViewport,
} from './cockpit';
import { Disposer, activeIngest, chartPixels, overflowingBigStats, openAppWindow, screenshot, see, stateBadge, until } from './e2eRig';

// registerIpc.ts (whose handleInvoke the bridge calls) imports electron, whose binary cannot be installed here.
vi.mock('electron', () => ({ ipcMain: { handle: () => undefined, removeHandler: () => undefined } }));

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];
/** Short failover timings (the defaults follow Gcore's 10 s / 60 s rules), as in the engine integration test. */
const TUNING = {
  failover: {
    primaryRetryMinIntervalMs: 3000,
    retryBackoff: { initialMs: 3000, factor: 1.5, maxMs: 6000, jitterRatio: 0 },
    failbackStableMs: 4000,
    failbackMarginMs: 1000,
    connectTimeoutMs: 4000,
  },
};

let browser: Browser;
let site: StaticSite;
const suite = new Disposer();
const perTest = new Disposer();

beforeAll(async () => {
  const outDir = await buildRenderer(join(process.cwd(), DEFAULT_RENDERER_OUT_DIR));
  site = await serveDirectory(outDir);
  suite.add('static site', () => site.close());
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  suite.add('browser', () => browser.close());
}, 120_000);
afterAll(() => suite.disposeAll(), 60_000);
afterEach(() => perTest.disposeAll(), 60_000);

async function srtRig() {
  const primary = await SrtTestListener.start({ latencyMs: 200 });
  perTest.add('primary listener', () => primary.stop());
  const backup = await SrtTestListener.start({ latencyMs: 200 });
  perTest.add('backup listener', () => backup.stop());
  const primaryPath = await UdpImpairProxy.start({ targetPort: primary.port });
  perTest.add('primary proxy', () => primaryPath.close());
  const api: FakeGcoreApi = await startFakeGcoreApi({ srtPrimaryPort: primaryPath.port, srtBackupPort: backup.port });
  perTest.add('fake Gcore API', () => api.close());
  return { primary, backup, primaryPath, api };
}

/** A primary and a backup ingest that refuse every caller (libsrt's listen callback, SRT_REJX_FORBIDDEN). */
async function refusingIngests() {
  const primary = await SrtTestListener.start({ latencyMs: 200, rejectStreamId: '*' });
  perTest.add('refusing primary listener', () => primary.stop());
  const backup = await SrtTestListener.start({ latencyMs: 200, rejectStreamId: '*' });
  perTest.add('refusing backup listener', () => backup.stop());
  return { primary, backup };
}

/** The "Gcore receives" panel's line about the two ingests, when it matches. */
function gcoreReceives(page: Page, pattern: RegExp): Locator {
  return page.getByRole('region', { name: 'Gcore receives' }).locator('.platform-state', { hasText: pattern });
}

/** A figure of the rehearsal's "What viewers would see" panel. */
function viewerStat(page: Page, label: string): Locator {
  return page.getByRole('region', { name: 'What viewers would see' }).locator('.big-stat', { has: page.locator('.big-stat-label', { hasText: label }) })
    .locator('.big-stat-value');
}

describe('desktop UI in Chromium against the real backend', () => {
  it('maps only the served renderer onto the app scheme, so other frames fail the sender check', () => {
    expect(senderFrameUrl(`${site.origin}/index.html`, site.origin)).toBe('app://srt-companion/index.html');
    expect(isTrustedRendererUrl(senderFrameUrl(`${site.origin}/`, site.origin))).toBe(true);
    const foreign = senderFrameUrl('http://127.0.0.1:9/index.html', site.origin);
    expect(isTrustedRendererUrl(foreign)).toBe(false);
    expect(isTrustedRendererUrl(senderFrameUrl('about:blank', site.origin))).toBe(false);
  });

  it('refused key → NOT ON AIR with the reason; live at 1024x700 with the bar in view and a changing picture; the backup banner from failover to failback; a reload keeps the history; Stop shows the report', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run with `npm test` (scripts/with-keyring.sh) for a keychain').toBeTruthy();
    const { primary, backup, primaryPath, api } = await srtRig();
    // "Old key show" goes to two ingests that refuse every caller in libsrt's listen callback (SRT_REJX_FORBIDDEN), as
    // Gcore's do once the key was reset elsewhere; the other streams go to the working pair.
    const refusing = await refusingIngests();
    api.srtPrimaryPort = refusing.primary.port;
    api.srtBackupPort = refusing.backup.port;
    const oldKey = api.addStream({ name: 'Old key show', active: true });
    api.srtPrimaryPort = primaryPath.port;
    api.srtBackupPort = backup.port;
    const studio = api.addStream({ name: 'Studio A', active: true });
    api.addStream({ name: 'Weekend match', active: true });
    // Electron's Notification cannot run here (no Electron binary): the backend's notify port (what
    // src/main/electron/systemNotifier.ts implements in the app) records the requests instead.
    const notices: SystemNotice[] = [];
    const w = await openAppWindow({
      browser, siteOrigin: site.origin, disposer: perTest,
      env: { ...process.env, GCORE_API_URL: api.baseUrl },
      backend: { tuning: TUNING, x265Preset: 'ultrafast', notify: (notice) => notices.push(notice) },
    });
    const { page } = w;
    await page.setViewportSize(SMALL_VIEWPORT);
    const stopAnswering = await answerPlatformScreenshots(page, w.backend);
    perTest.add('platform screenshots', async () => stopAnswering());
    const noticeTitles = (): string[] => notices.map((n) => n.title);

    // Account: a wrong token is refused and cleared from the field; the right one signs in and the form goes away.
    const tokenField = page.getByLabel('Gcore API token');
    await see(page, tokenField, 'the token field (not signed in yet)');
    await tokenField.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page, page.getByRole('alert'), 'the refusal of a wrong token');
    expect(await tokenField.inputValue()).toBe('');
    await tokenField.fill(api.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page, page.getByText(`Signed in to ${api.baseUrl}`), 'the signed-in status');
    await see(page, page.locator('.nav-status', { hasText: /^Signed in$/ }), '"Signed in" under the menu');
    expect(await page.locator('input').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).not.toContain(api.token);
    expect(w.bridge.calls.get('signIn')).toBe(2);
    // The page's calls go through the contract's payload validation, as they would over Electron's IPC.
    expect(await page.evaluate('window.srtCompanion.getStream(-1)')).toMatchObject({ ok: false, code: 'bad_request' });

    // A stream whose key both ingests refuse: never on air, and the bar says why and what to do.
    await pickStream(w, 'Old key show', oldKey.id);
    expect(await page.getByRole('list', { name: 'Streams' }).getByRole('button').count()).toBe(3);
    await goTo(w, 'Broadcast');
    await see(page, page.getByText('Stream: Old key show'), 'the picked stream on the Broadcast screen');
    await chooseSmallEncode(page);
    await page.getByRole('button', { name: 'Go live' }).click();
    await see(page, onAirBar(page).filter({ hasText: /NOT ON AIR\s*every ingest refused the stream.*Check the stream key/ }), 'NOT ON AIR with the refusal and its fix', 60_000);
    expect(await onAirLabel(page).innerText()).toBe('NOT ON AIR');
    expect(refusing.primary.rejectedStreamIds[0]).toBe(`${oldKey.id}#${oldKey.token}`);
    expect(refusing.backup.rejectedStreamIds[0]).toBe(`${oldKey.id}b#${oldKey.token}`);
    expect(noticeTitles()).toContain('SRT Companion: Key refused');
    await screenshotsAtBothSizes(page, 'not-on-air');

    // Live to Studio A at 1024x700: ON AIR on the primary, the bar on screen even scrolled to the event log.
    await pickStream(w, 'Studio A', studio.id);
    await see(page, page.getByText(`srt://127.0.0.1:${primaryPath.port}`), 'the primary SRT endpoint');
    await screenshot(page, '01-streams-signed-in');
    await goTo(w, 'Broadcast');
    await see(page, page.getByText('Stream: Studio A'), 'the picked stream on the Broadcast screen');
    await chooseSmallEncode(page);
    await page.getByRole('button', { name: 'Go live' }).click();
    await see(page, onAirLabel(page).filter({ hasText: /^ON AIR$/ }), 'ON AIR in the bar', 30_000);
    await until(() => primary.bytesReceived > 300_000, 30_000, () => `the primary listener to receive 300 kB (got ${primary.bytesReceived})`);
    expect(primary.acceptedStreamIds).toEqual([`${studio.id}#${studio.token}`]);
    api.setLive(studio.id, { live: true }); // what Gcore reports while its primary ingest receives
    await until(() => w.bridge.pushed.stats >= 8, 20_000, () => `8 stats pushes (got ${w.bridge.pushed.stats})`);
    await see(page, page.getByTestId('on-air-ingest').filter({ hasText: /^Primary$/ }), 'Primary in the bar');
    await see(page, page.getByRole('row', { name: /primary \(active\)\s+live/ }), 'the primary uplink live in the table');
    expect(await wholeInViewport(page, onAirBar(page)), 'the on-air bar at the top of the 1024x700 window').toBe(true);
    await scrollToBottom(page);
    await see(page, page.getByRole('log', { name: 'Broadcast events' }), 'the event log at the bottom');
    expect(await wholeInViewport(page, onAirBar(page)), 'the on-air bar pinned while scrolled to the event log').toBe(true);
    expect(await page.getByRole('button', { name: 'Go live' }).count(), 'Go live offered while live').toBe(0);
    await see(page, gcoreReceives(page, /^Primary: receiving/), 'Gcore receiving on the primary', 10_000);
    await waitForPlatformPicture(page);

    // What viewers get: the thumbnail decoded from what is sent changes over time (testsrc2 moves).
    await see(page, sentPicture(page), 'the picture sent', 20_000);
    const firstPicture = await sentPicture(page).getAttribute('src');
    expect(firstPicture).toMatch(/^data:image\/jpeg;base64,/);
    let laterPicture = firstPicture;
    for (let i = 0; i < 30 && laterPicture === firstPicture; i++) {
      await page.waitForTimeout(500);
      laterPicture = await sentPicture(page).getAttribute('src');
    }
    expect(laterPicture, 'a newer sent picture within 15 s').not.toBe(firstPicture);
    expect(await chartPixels(page, 'Encoder bitrate', '--series-encoder')).toBeGreaterThan(20);
    expect(await chartPixels(page, 'Send bitrate per ingest', '--series-primary')).toBeGreaterThan(20);
    expect(await chartPixels(page, 'Round-trip time per ingest', '--series-primary')).toBeGreaterThan(20);
    expect(await overflowingBigStats(page), 'big numbers wider than their cards').toEqual([]);
    await screenshotsAtBothSizes(page, 'on-air-primary');
    await screenshot(page, '02-live-charts', { area: 'content' });

    // The primary's network path dies: the backup takes over, the banner says so and a notification is requested.
    primaryPath.blackhole(true);
    await see(page, logEntry(page, /failover\s*primary — primary went silent/), 'a failover in the event log', 20_000);
    api.setLive(studio.id, { live: false, backup_live: true });
    await see(page, backupBanner(page).filter({ hasText: /ON BACKUP.*Why: primary went silent/s }), 'the backup banner with the reason');
    await see(page, page.getByTestId('on-air-ingest').filter({ hasText: /^Backup$/ }), 'Backup in the bar', 15_000);
    await until(() => noticeTitles().includes('SRT Companion: Switched to the backup'), 5000, () => `a failover notification (requested: ${JSON.stringify(noticeTitles())})`);
    expect(notices.find((n) => n.title === 'SRT Companion: Switched to the backup')?.body).toMatch(/primary went silent/);
    await see(page, gcoreReceives(page, /^Primary: not receiving · Backup: receiving/), 'Gcore receiving on the backup', 10_000);
    await until(() => backup.bytesReceived > 50_000, 20_000, () => `the backup listener to receive 50 kB (got ${backup.bytesReceived})`);
    expect(backup.acceptedStreamIds).toEqual([`${studio.id}b#${studio.token}`]);
    expect(await overflowingBigStats(page), 'big numbers wider than their cards').toEqual([]);
    await screenshotsAtBothSizes(page, 'on-backup');
    await screenshot(page, '03-failover-event-log', { area: 'content' });

    // The path comes back: the banner stays through the primary's reconnect and the overlap, gone after the failback.
    primaryPath.blackhole(false);
    const bannerTexts = await bannerUntilFailback(page);
    expect(bannerTexts.length, 'moments the banner was checked between failover and failback').toBeGreaterThanOrEqual(4);
    expect(bannerTexts.some((t) => /back to primary in \d+ s/.test(t)), `a "back to primary in N s" countdown in ${JSON.stringify(bannerTexts)}`).toBe(true);
    api.setLive(studio.id, { live: true, backup_live: false });
    await see(page, page.getByTestId('on-air-ingest').filter({ hasText: /^Primary$/ }), 'Primary in the bar again', 15_000);
    expect(await backupBanner(page).count(), 'the backup banner after the failback').toBe(0);
    await until(() => noticeTitles().includes('SRT Companion: Back on the primary'), 5000, () => `a failback notification (requested: ${JSON.stringify(noticeTitles())})`);

    // A reload while live comes back to the live screen with what came before it: the events and the charts' history.
    await page.reload();
    await see(page, page.getByRole('navigation', { name: 'Main' }).locator('button[aria-current="page"]', { hasText: 'Broadcast' }), 'the Broadcast screen after the reload');
    await see(page, onAirLabel(page).filter({ hasText: /^ON AIR$/ }), 'ON AIR after the reload');
    await see(page, logEntry(page, /failover\s*primary — primary went silent/), 'the failover (before the reload) in the event log');
    await see(page, logEntry(page, /failback/), 'the failback (before the reload) in the event log');
    await see(page, page.locator('figure.chart', { hasText: 'Send bitrate per ingest' }).locator('.chart-marks', { hasText: /Failover.*Failback/ }), 'the failover and failback marked on the bitrate chart');
    // The backup carried the stream only before the reload: its line can only come from main's kept history.
    expect(await chartPixels(page, 'Send bitrate per ingest', '--series-backup'), 'the backup line drawn after the reload').toBeGreaterThan(5);
    expect(await chartPixels(page, 'Send bitrate per ingest', '--series-primary')).toBeGreaterThan(20);

    // Stop (it asks first): STOPPED, the session report with the failover and the failback, no ffmpeg left.
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Stop the broadcast' }).click();
    await see(page, onAirLabel(page).filter({ hasText: /^STOPPED$/ }), 'STOPPED in the bar', 30_000);
    await see(page, sessionReport(page), 'the session report', 15_000);
    expect(await bigStat(sessionReport(page), 'Failovers / failbacks').innerText()).toBe('1 / 1');
    const onAirShare = /(\d+) %$/.exec(await bigStat(sessionReport(page), 'On air').innerText());
    expect(Number(onAirShare?.[1]), 'share of the session on air').toBeGreaterThan(50);
    expect(await sessionReport(page).getByRole('row', { name: /^Backup/ }).count()).toBe(1);
    expect(await overflowingBigStats(page), 'report figures wider than their cards at 1024 px').toEqual([]);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByText('● live').count()).toBe(0);
    await until(() => listManagedProcesses().length === 0, 10_000, () => `no managed processes (left: ${JSON.stringify(listManagedProcesses())})`);
    await screenshotsAtBothSizes(page, 'session-report', '.session-report');

    // Diagnostics: ffmpeg with libsrt and libx265, the keychain holding the token, the API reachable.
    await goTo(w, 'Diagnostics');
    await see(page, page.getByRole('row', { name: /libx265\s+software\s+yes/ }), 'libx265 working in the encoder table', 60_000);
    await see(page, page.getByText('Working; API token stored: yes.'), 'the keychain check');
    await see(page, page.getByText('Reachable; 3 streams on the account.'), 'the API check');
    await screenshotsAtBothSizes(page, 'diagnostics');

    // The token and the stream keys never reached the window.
    const html = await page.content();
    expect(html).not.toContain(api.token);
    expect(html).not.toContain(studio.token);
    expect(html).not.toContain(oldKey.token);
  }, 300_000);

  it('rehearses locally without an account: a simulated primary outage fails over to the backup and back', async () => {
    const w = await openAppWindow({
      browser, siteOrigin: site.origin, disposer: perTest, env: { ...process.env },
      backend: { tuning: TUNING, x265Preset: 'ultrafast', rehearsalOutageMs: 10_000 },
    });
    const { page } = w;
    await goTo(w, 'Rehearsal');
    await page.getByLabel('HEVC encoder').selectOption('libx265', { timeout: 60_000 });
    await page.getByLabel('Size').selectOption('640x360');
    await page.getByRole('button', { name: 'Go live' }).click();
    await see(page, logEntry(page, /connected\s+primary/), 'the primary connected', 30_000);
    await see(page, activeIngest(page).filter({ hasText: 'Primary' }), 'Primary as the active ingest');

    // The local primary ingest goes down for 10 s (the backend's rehearsalOutageMs), longer than the 2.5 s grace after
    // the suspicion: a real failover, then back once the primary has been stable.
    await see(page, viewerStat(page, 'Viewers').filter({ hasText: /^Primary$/ }), 'viewers with a picture from the primary', 30_000);
    await page.getByRole('button', { name: 'Outage 20 s' }).click();
    await see(page, logEntry(page, /fault\s+primary/), 'the injected fault in the event log', 10_000);
    await see(page, logEntry(page, /failover\s+primary/), 'a failover in the event log', 20_000);
    // The model of Gcore's ingest: the primary missing 3 s with the backup online moves viewers to the backup.
    await see(page, viewerStat(page, 'Switches').filter({ hasText: /^[1-9]/ }), 'the platform switch in "What viewers would see"', 15_000);
    await see(page, activeIngest(page).filter({ hasText: 'Backup' }), 'Backup as the active ingest', 15_000);
    await see(page, page.getByRole('row', { name: /backup \(active\)\s+live/ }), 'the backup uplink live in the table', 15_000);
    await screenshot(page, '05-rehearsal-failover');
    await see(page, logEntry(page, /failback/), 'the failback to the primary in the event log', 60_000);
    await see(page, activeIngest(page).filter({ hasText: 'Primary' }), 'Primary active again', 15_000);
    await screenshot(page, '06-rehearsal-failback'); // the viewport: what the streamer sees at a glance

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Stop the broadcast' }).click(); // Stop asks first
    await see(page, stateBadge(page).filter({ hasText: /^stopped$/ }), 'the broadcast state "stopped"', 30_000);
    await until(() => listManagedProcesses().length === 0, 10_000, () => `no managed processes (left: ${JSON.stringify(listManagedProcesses())})`);
  }, 180_000);
});
