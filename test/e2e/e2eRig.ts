// The e2e rig: real backend, fake Gcore API, libsrt test listeners, Chromium page bridged to the backend; disposed
// in reverse order even when a step fails. Plus page checks that read what the user sees (text, canvas pixels).

import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { AppBackend } from '../../src/main/app/appBackend';
import { createAppBackend, type AppBackendOptions } from '../../src/main/app/createAppBackend';
import { bridgeBackend, type BackendBridge } from './browserBridge';

export const SHOTS_DIR = join('test-results', 'e2e');
export const DOCS_SHOTS_DIR = join('docs', 'screenshots');
/** Screenshots committed under docs/ stay small (the live screens with their event log are about 330 kB). */
const DOCS_SHOT_MAX_BYTES = 400 * 1024;

/** Things to undo, last registered first. */
export class Disposer {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> }> = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  /** Runs every step even if some fail; throws one error naming those that failed. */
  async disposeAll(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      await step.run().catch((err: unknown) => failures.push(`${step.what}: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join('\n')}`);
  }
}

/** Polls a Node-side condition (listener bytes, process lists) with a bound and a message saying what was awaited. */
export { until } from '../support/waitUntil';

export interface AppWindow {
  backend: AppBackend;
  page: Page;
  bridge: BackendBridge;
  configDir: string;
}

/** A fresh backend (own config dir and keychain entry) and a fresh page on the served renderer. */
export async function openAppWindow(options: {
  browser: Browser;
  siteOrigin: string;
  env: NodeJS.ProcessEnv;
  backend: Omit<AppBackendOptions, 'env' | 'platform' | 'configDir'>;
  disposer: Disposer;
}): Promise<AppWindow> {
  const configDir = await mkdtemp(join(tmpdir(), 'srtc-e2e-'));
  options.disposer.add('config dir', () => rm(configDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    SRT_COMPANION_CONFIG_DIR: configDir,
    SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-e2e-${process.pid}-${Date.now()}`,
  };
  const backend = createAppBackend({ env, platform: 'linux', configDir, ...options.backend });
  // Stop the broadcast and every child, then drop the keychain entry this run made.
  options.disposer.add('backend', async () => {
    await backend.shutdown();
    await backend.signOut();
  });
  const context: BrowserContext = await options.browser.newContext({ viewport: { width: 1280, height: 820 }, colorScheme: 'dark' });
  options.disposer.add('browser context', () => context.close());
  const page = await context.newPage();
  const bridge = await bridgeBackend(page, backend, options.siteOrigin);
  options.disposer.add('bridge', async () => bridge.dispose());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  options.disposer.add('page errors', async () => {
    if (pageErrors.length > 0) throw new Error(`the page threw: ${pageErrors.join('; ')}`);
  });
  await page.goto(`${options.siteOrigin}/`);
  return { backend, page, bridge, configDir };
}

/** Waits until `locator` is visible; the failure says what the user was expected to see and what the page shows. */
export async function see(page: Page, locator: Locator, what: string, timeoutMs = 15_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = (await page.locator('main').innerText().catch(() => '(page gone)')).slice(0, 1500);
    throw new Error(`expected to see ${what} within ${timeoutMs} ms; the window shows:\n${shown}`);
  }
}

/** Text of the big "Active ingest" number. */
export function activeIngest(page: Page): Locator {
  return page.locator('.big-stat', { hasText: 'Active ingest' }).locator('.big-stat-value');
}

/** The broadcast state badge next to Go live / Stop. */
export function stateBadge(page: Page): Locator {
  return page.locator('.state-badge');
}

/** Texts of the big live numbers that do not fit their card (should be none). */
export async function overflowingBigStats(page: Page): Promise<string[]> {
  const fn = `[...document.querySelectorAll('.big-stat')]
    .filter((card) => card.scrollWidth > card.clientWidth + 1)
    .map((card) => card.textContent)`;
  return page.evaluate(fn) as Promise<string[]>;
}

/** Counts canvas pixels of one chart drawn in a theme colour (`--series-…`): > 0 means the line is really drawn. */
export async function chartPixels(page: Page, chartTitle: string, colorVar: string): Promise<number> {
  // A string, so none of the test's transpiled helpers are serialised into the page.
  const fn = `(([title, cssVar]) => {
    const fig = [...document.querySelectorAll('figure.chart')].find((f) => f.querySelector('figcaption')?.textContent === title);
    const canvas = fig?.querySelector('canvas');
    if (!canvas) return -1;
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(cssVar).trim();
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) n++;
    }
    return n;
  })(${JSON.stringify([chartTitle, colorVar])})`;
  return page.evaluate(fn) as Promise<number>;
}

/**
 * Saves a screenshot to test-results/e2e/NAME.png: the viewport, the whole page, or the whole content column (the
 * page without the menu, which keeps tall live screens under 400 kB). With SRTC_UPDATE_SCREENSHOTS=1 one with a
 * `docsName` is also copied to docs/screenshots/ (off by default, so test runs never touch tracked files).
 */
export async function screenshot(page: Page, name: string, options: { area?: 'viewport' | 'page' | 'content'; docsName?: string } = {}): Promise<string> {
  await mkdir(SHOTS_DIR, { recursive: true });
  const file = join(SHOTS_DIR, `${name}.png`);
  const shot = { path: file, animations: 'disabled', caret: 'hide' } as const;
  const area = options.area ?? 'viewport';
  if (area === 'content') await page.locator('main').screenshot(shot);
  else await page.screenshot({ ...shot, fullPage: area === 'page' });
  if (options.docsName !== undefined && process.env.SRTC_UPDATE_SCREENSHOTS === '1') {
    const sizeBytes = (await stat(file)).size;
    if (sizeBytes > DOCS_SHOT_MAX_BYTES) throw new Error(`${file} is ${sizeBytes} bytes; docs screenshots must stay under ${DOCS_SHOT_MAX_BYTES}`);
    await mkdir(DOCS_SHOTS_DIR, { recursive: true });
    await copyFile(file, join(DOCS_SHOTS_DIR, `${options.docsName}.png`));
  }
  return file;
}
