// What the e2e reads off the cockpit as a streamer would: the on-air bar and its words, the backup banner, the sent
// picture, the session report; and the docs screenshots of one state at the two window sizes the README shows.

import { performance } from 'node:perf_hooks';
import type { Locator, Page } from 'playwright-core';
import type { AppBackend } from '../../src/main/app/appBackend';
import { screenshot, see, type AppWindow } from './e2eRig';

/** The small screen the cockpit must work on (a laptop with the taskbar), and a full-HD desk monitor. */
export const SMALL_VIEWPORT = { width: 1024, height: 700 } as const;
export const LARGE_VIEWPORT = { width: 1920, height: 1080 } as const;

/** The bar pinned at the top of every screen. */
export function onAirBar(page: Page): Locator {
  return page.getByRole('status', { name: 'Broadcast status' });
}

/** The bar's big verdict (ON AIR, NOT ON AIR, STARTING, STOPPED). */
export function onAirLabel(page: Page): Locator {
  return page.getByTestId('on-air-label');
}

/** The amber banner shown from a failover until the failback. */
export function backupBanner(page: Page): Locator {
  return page.getByRole('status', { name: 'On the backup ingest' });
}

/** The "Picture sent" thumbnail (the latest keyframe the monitor decoded from what is sent). */
export function sentPicture(page: Page): Locator {
  return page.getByRole('figure', { name: 'Picture sent' }).locator('img');
}

/** The session report shown after a broadcast ended. */
export function sessionReport(page: Page): Locator {
  return page.getByRole('region', { name: 'Session report' });
}

/** A figure of a big-number card inside `scope`, by its label. */
export function bigStat(scope: Locator, label: string): Locator {
  return scope.locator('.big-stat', { has: scope.page().locator('.big-stat-label', { hasText: label }) }).locator('.big-stat-value');
}

/** Whether the whole element lies inside the viewport as it is scrolled now (not hidden above, below or beside it). */
export async function wholeInViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  if (box === null || viewport === null) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

/** Scrolls the document to its end, as a streamer reading the event log at the bottom would. */
export async function scrollToBottom(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
}

/** Lets a resize settle: the charts redraw from a ResizeObserver, and the next two frames are painted. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))');
  await page.waitForTimeout(150);
}

/** Scrolls the element matching `cssSelector` to the top of the window, just under the pinned on-air bar. */
async function scrollUnderBar(page: Page, cssSelector: string): Promise<void> {
  await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(cssSelector)});
    const bar = document.querySelector('.on-air-sticky');
    if (!el) return;
    window.scrollBy(0, el.getBoundingClientRect().top - (bar ? bar.getBoundingClientRect().height : 0) - 16);
  })()`);
}

/**
 * Screenshots of what the window shows now, at 1024x700 and 1920x1080 (test-results/e2e/NAME-1024.png, …-1920.png;
 * with SRTC_UPDATE_SCREENSHOTS=1 also docs/screenshots/NAME-1024.png, …). `focusSelector`, when given, is scrolled up
 * to just under the pinned on-air bar at each size first; otherwise the top of the screen is shown. The window is left
 * at 1024x700.
 */
export async function screenshotsAtBothSizes(page: Page, name: string, focusSelector?: string): Promise<void> {
  for (const viewport of [SMALL_VIEWPORT, LARGE_VIEWPORT]) {
    await page.setViewportSize(viewport);
    await page.evaluate('window.scrollTo(0, 0)');
    if (focusSelector !== undefined) await scrollUnderBar(page, focusSelector);
    await settle(page);
    await screenshot(page, `${name}-${viewport.width}`, { docsName: `${name}-${viewport.width}` });
  }
  await page.setViewportSize(SMALL_VIEWPORT);
  await settle(page);
}

/** An entry of the event log whose text (time, kind, role, detail) matches. */
export function logEntry(page: Page, pattern: RegExp): Locator {
  return page.getByRole('log', { name: 'Broadcast events' }).getByRole('listitem').filter({ hasText: pattern });
}

/** The kind word of event log entries of exactly this kind (`failover`, `failback`…). */
export function loggedKind(page: Page, kind: string): Locator {
  return page.getByRole('log', { name: 'Broadcast events' }).locator('.event-kind', { hasText: new RegExp(`^${kind}$`) });
}

/** Opens a screen from the menu and waits until the menu marks it current. */
export async function goTo(w: AppWindow, screen: string): Promise<void> {
  const nav = w.page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: screen }).click();
  await see(w.page, nav.locator('button[aria-current="page"]', { hasText: screen }), `the ${screen} screen`);
}

/** Picks a stream on the Streams screen and waits for its details. */
export async function pickStream(w: AppWindow, name: string, id: number): Promise<void> {
  await goTo(w, 'Streams');
  const list = w.page.getByRole('list', { name: 'Streams' });
  await see(w.page, list.getByRole('button', { name: new RegExp(name) }), 'the stream list');
  await list.getByRole('button', { name: new RegExp(name) }).click();
  await see(w.page, w.page.getByRole('heading', { name: `${name} #${id}` }), `the picked stream ${name}`);
}

/** The tests' small encode on the Broadcast screen: libx265 (offered once the ffmpeg probe has run), 640x360, 30 fps, 800 kbps. */
export async function chooseSmallEncode(page: Page): Promise<void> {
  await page.getByLabel('HEVC encoder').selectOption('libx265', { timeout: 60_000 });
  await page.getByLabel('Size').selectOption('640x360');
  await page.getByLabel('Frame rate (fps)').selectOption('30');
  await page.getByLabel('Video bitrate (kbps)').fill('800');
}

/**
 * Reads the backup banner every 500 ms until a failback is in the event log and returns its text at each moment. Fails
 * when the banner goes away with no failback logged: it must stay through the primary's reconnect and the overlap.
 */
export async function bannerUntilFailback(page: Page, timeoutMs = 60_000): Promise<string[]> {
  const texts: string[] = [];
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    // count() looks once (no waiting), so a slow round trip on a loaded machine never reads as "gone".
    if ((await backupBanner(page).count()) === 0) {
      // Gone: right only for a failback (its event and the stats that end the banner arrive within a second).
      const failedBack = await loggedKind(page, 'failback').first().waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
      if (!failedBack) {
        const bar = await page.locator('.on-air-sticky').innerText().catch(() => '(unreadable)');
        const log = await page.getByRole('log', { name: 'Broadcast events' }).innerText().catch(() => '(unreadable)');
        throw new Error(`the backup banner went away with no failback logged; it said: ${JSON.stringify(texts)}; the bar now: ${bar}; the log: ${log.slice(0, 800)}`);
      }
      return texts;
    }
    const text = await backupBanner(page).innerText({ timeout: 5000 }).catch(() => null); // null: it went while being read
    if (text !== null) texts.push(text);
    await page.waitForTimeout(500);
  }
  throw new Error(`no failback within ${timeoutMs} ms; the banner said: ${JSON.stringify(texts.slice(-3))}`);
}

/**
 * Gcore's screenshot of the stream, for the "Gcore receives" panel: requests to its playback hosts are answered inside
 * the browser (nothing leaves it) with the latest picture the monitor decoded from what is sent, which is what the
 * platform's own screenshot would show. Returns the unsubscribe from the backend.
 */
export async function answerPlatformScreenshots(page: Page, backend: AppBackend): Promise<() => void> {
  let latest: Buffer | null = null;
  const off = backend.subscribe({
    stats: () => undefined,
    event: () => undefined,
    monitor: (frame) => {
      if (frame.kind === 'thumbnail') latest = Buffer.from(frame.dataUrl.slice(frame.dataUrl.indexOf(',') + 1), 'base64');
    },
  });
  await page.route(/^https:\/\/[\w.-]+\.gvideo\.(io|co)\//, async (route) => {
    const deadline = performance.now() + 10_000;
    while (latest === null && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await (latest === null ? route.fulfill({ status: 404 }) : route.fulfill({ status: 200, contentType: 'image/jpeg', body: latest }));
  });
  return off;
}

/** Waits until the "Gcore receives" panel shows the platform's picture (loaded, not a broken image). */
export async function waitForPlatformPicture(page: Page, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  // page.evaluate of an expression, not waitForFunction: the page's CSP forbids the eval the latter needs.
  const loadedWidth = (): Promise<number> => page.evaluate("document.querySelector('img.platform-screenshot')?.naturalWidth ?? 0") as Promise<number>;
  while ((await loadedWidth()) === 0) {
    if (performance.now() > deadline) throw new Error(`no picture from Gcore in the "Gcore receives" panel within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}
