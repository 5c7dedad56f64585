// The desktop UI end to end: the production renderer in Debian's Chromium, bridged to the real backend (keychain,
// fake Gcore API over HTTP, real ffmpeg pushing SRT to libsrt listeners), driven as a user would, with screenshots.
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isTrustedRendererUrl } from '../../src/main/electron/securityPolicy';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { SrtTestListener } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { DEFAULT_RENDERER_OUT_DIR, buildRenderer, senderFrameUrl, serveDirectory, type StaticSite } from './browserBridge';
import { Disposer, activeIngest, chartPixels, overflowingBigStats, openAppWindow, screenshot, see, stateBadge, until, type AppWindow } from './e2eRig';

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

/** An entry of the event log whose text (time, kind, role, detail) matches. */
function logEntry(page: Page, pattern: RegExp): Locator {
  return page.getByRole('log', { name: 'Broadcast events' }).getByRole('listitem').filter({ hasText: pattern });
}

/** A figure of the rehearsal's "What viewers would see" panel. */
function viewerStat(page: Page, label: string): Locator {
  return page.getByRole('region', { name: 'What viewers would see' }).locator('.big-stat', { has: page.locator('.big-stat-label', { hasText: label }) })
    .locator('.big-stat-value');
}

/** Opens a screen from the menu and waits until the menu marks it current. */
async function goTo(w: AppWindow, screen: string): Promise<void> {
  const nav = w.page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: screen }).click();
  await see(w.page, nav.locator('button[aria-current="page"]', { hasText: screen }), `the ${screen} screen`);
}

describe('desktop UI in Chromium against the real backend', () => {
  it('maps only the served renderer onto the app scheme, so other frames fail the sender check', () => {
    expect(senderFrameUrl(`${site.origin}/index.html`, site.origin)).toBe('app://srt-companion/index.html');
    expect(isTrustedRendererUrl(senderFrameUrl(`${site.origin}/`, site.origin))).toBe(true);
    const foreign = senderFrameUrl('http://127.0.0.1:9/index.html', site.origin);
    expect(isTrustedRendererUrl(foreign)).toBe(false);
    expect(isTrustedRendererUrl(senderFrameUrl('about:blank', site.origin))).toBe(false);
  });

  it('signs in, picks a stream, goes live, fails over to the backup when the primary path dies, and stops', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run with `npm test` (scripts/with-keyring.sh) for a keychain').toBeTruthy();
    const { primary, backup, primaryPath, api } = await srtRig();
    api.addStream({ name: 'Morning show', active: true });
    const studio = api.addStream({ name: 'Studio A', active: true });
    api.addStream({ name: 'Weekend match', active: true });
    const w = await openAppWindow({
      browser, siteOrigin: site.origin, disposer: perTest,
      env: { ...process.env, GCORE_API_URL: api.baseUrl },
      backend: { tuning: TUNING, x265Preset: 'ultrafast' },
    });
    const { page } = w;

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

    // Streams: the account's streams; the picked one shows its SRT endpoints with the key masked.
    await goTo(w, 'Streams');
    const list = page.getByRole('list', { name: 'Streams' });
    await see(page, list.getByRole('button', { name: /Weekend match/ }), 'the stream list');
    expect(await list.getByRole('button').count()).toBe(3);
    await list.getByRole('button', { name: /Studio A/ }).click();
    await see(page, page.getByRole('heading', { name: `Studio A #${studio.id}` }), 'the picked stream');
    await see(page, page.getByText(`srt://127.0.0.1:${primaryPath.port}`), 'the primary SRT endpoint');
    await screenshot(page, '01-streams-signed-in', { docsName: 'streams' });

    // Broadcast: 640x360, 30 fps, 800 kbps, libx265 (offered once the ffmpeg probe has run).
    await goTo(w, 'Broadcast');
    await see(page, page.getByText('Stream: Studio A'), 'the picked stream on the Broadcast screen');
    await page.getByLabel('HEVC encoder').selectOption('libx265', { timeout: 60_000 });
    await page.getByLabel('Size').selectOption('640x360');
    await page.getByLabel('Frame rate (fps)').selectOption('30');
    await page.getByLabel('Video bitrate (kbps)').fill('800');
    await page.getByRole('button', { name: 'Go live' }).click();
    await see(page, stateBadge(page).filter({ hasText: /^live$/ }), 'the broadcast state "live"', 30_000);

    // Live: the primary ingest receives the stream and the charts fill with several seconds of 1 Hz stats.
    await until(() => primary.bytesReceived > 300_000, 30_000, () => `the primary listener to receive 300 kB (got ${primary.bytesReceived})`);
    expect(primary.acceptedStreamIds).toEqual([`${studio.id}#${studio.token}`]);
    await until(() => w.bridge.pushed.stats >= 8, 20_000, () => `8 stats pushes (got ${w.bridge.pushed.stats})`);
    await see(page, page.getByRole('row', { name: /primary \(active\)\s+live/ }), 'the primary uplink live in the table');
    await see(page, activeIngest(page).filter({ hasText: 'Primary' }), 'Primary as the active ingest');
    expect(await chartPixels(page, 'Encoder bitrate', '--series-encoder')).toBeGreaterThan(20);
    expect(await chartPixels(page, 'Send bitrate per ingest', '--series-primary')).toBeGreaterThan(20);
    expect(await chartPixels(page, 'Round-trip time per ingest', '--series-primary')).toBeGreaterThan(20);
    expect(await overflowingBigStats(page), 'big numbers wider than their cards').toEqual([]);
    await screenshot(page, '02-live-charts', { area: 'content' });

    // The primary's network path dies: the tap notices the silence and the backup takes over.
    primaryPath.blackhole(true);
    await see(page, logEntry(page, /failover\s*primary — primary went silent/), 'a failover in the event log', 20_000);
    await see(page, activeIngest(page).filter({ hasText: 'Backup' }), 'Backup as the active ingest', 15_000);
    await see(page, page.getByRole('list', { name: 'Warnings' }).getByText('The primary uplink is down; the stream continues on the backup.'), 'the warning');
    await until(() => backup.bytesReceived > 50_000, 20_000, () => `the backup listener to receive 50 kB (got ${backup.bytesReceived})`);
    expect(backup.acceptedStreamIds).toEqual([`${studio.id}b#${studio.token}`]);
    await until(() => w.bridge.pushed.stats >= 12, 20_000, () => 'a few stats after the failover');
    expect(await chartPixels(page, 'Send bitrate per ingest', '--series-backup')).toBeGreaterThan(5);
    expect(await overflowingBigStats(page), 'big numbers wider than their cards').toEqual([]);
    await screenshot(page, '03-failover-event-log', { area: 'content', docsName: 'broadcast-failover' });

    // Stop: the state says so, the menu drops its live mark, and no ffmpeg is left running.
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Stop the broadcast' }).click(); // Stop asks first
    await see(page, stateBadge(page).filter({ hasText: /^stopped$/ }), 'the broadcast state "stopped"', 30_000);
    await see(page, logEntry(page, /stopped — broadcast stopped/), 'a "stopped" event');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByText('● live').count()).toBe(0);
    await until(() => listManagedProcesses().length === 0, 10_000, () => `no managed processes (left: ${JSON.stringify(listManagedProcesses())})`);

    // Diagnostics: ffmpeg with libsrt and libx265, the keychain holding the token, the API reachable.
    await goTo(w, 'Diagnostics');
    await see(page, page.getByRole('row', { name: /libx265\s+software\s+yes/ }), 'libx265 working in the encoder table', 60_000);
    await see(page, page.getByText('Working; API token stored: yes.'), 'the keychain check');
    await see(page, page.getByText('Reachable; 3 streams on the account.'), 'the API check');
    await screenshot(page, '04-diagnostics', { area: 'page', docsName: 'diagnostics' });

    // The token and the stream key never reached the window.
    const html = await page.content();
    expect(html).not.toContain(api.token);
    expect(html).not.toContain(studio.token);
  }, 240_000);

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
    await screenshot(page, '06-rehearsal-failback', { docsName: 'rehearsal-failback' }); // the viewport: what the streamer sees at a glance

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Stop the broadcast' }).click(); // Stop asks first
    await see(page, stateBadge(page).filter({ hasText: /^stopped$/ }), 'the broadcast state "stopped"', 30_000);
    await until(() => listManagedProcesses().length === 0, 10_000, () => `no managed processes (left: ${JSON.stringify(listManagedProcesses())})`);
  }, 180_000);
});
