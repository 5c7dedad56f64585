// Browser e2e harness: builds the production renderer, serves it on 127.0.0.1, and bridges `window.srtCompanion` in a
// playwright page to a real AppBackend.
//
// This stands in for Electron's preload (contextBridge) and ipcMain, which cannot run here: the Electron binary cannot be
// downloaded on these machines. It goes through the same contract and the same checks: the page gets one function
// per INVOKE_METHODS entry plus onStats/onBroadcastEvent (as src/preload/index.ts exposes them), and every call goes
// through registerIpc's handleInvoke, which checks the sender frame and validates the payload against
// src/shared/ipcSchemas.ts before the backend sees it. Pushes (stats at 1 Hz, broadcast events) come from the
// backend's `subscribe`, as registerIpc forwards them to the window.
//
// registerIpc.ts imports `electron`; a test that uses this module must mock it (`vi.mock('electron', …)`).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { AppBackend } from '../../src/main/app/appBackend';
import { handleInvoke } from '../../src/main/electron/registerIpc';
import { APP_ORIGIN } from '../../src/main/electron/securityPolicy';
import { INVOKE_METHODS, type InvokeMethod } from '../../src/shared/ipcChannels';
import { fail, type Result } from '../../src/shared/result';

/** DOM event names the init script listens on for main → renderer pushes. */
const STATS_EVENT = 'srtc:stats';
const BROADCAST_EVENT = 'srtc:event';
const MONITOR_EVENT = 'srtc:monitor';
/** The page-side binding the generated `window.srtCompanion` calls. */
const INVOKE_BINDING = '__srtcInvoke';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Builds src/renderer for production (Vite's JS API, no config file) into `outDir`; returns `outDir`. */
export async function buildRenderer(outDir: string): Promise<string> {
  await build({
    root: resolve('src/renderer'),
    // One chunk is what the Electron build ships too; its size is not this harness's concern.
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2048 },
    plugins: [react()],
    logLevel: 'warn',
    configFile: false,
  });
  return outDir;
}

/** A static file server on 127.0.0.1. */
export interface StaticSite {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `dir` read-only on 127.0.0.1 (GET/HEAD, no directory listings, no traversal). Always `close()` it. */
export async function serveDirectory(dir: string): Promise<StaticSite> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (info === null || !info.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/**
 * The preload's job, as page JavaScript: a frozen `window.srtCompanion` with one function per invoke method (each a
 * call through the binding) and the two subscriptions, each returning its unsubscribe. A string, not a function,
 * so nothing of the test's transpiled code is serialised into the page.
 */
function preloadScript(): string {
  return `(() => {
  const methods = ${JSON.stringify(INVOKE_METHODS)};
  const subscribe = (type, listener) => {
    const wrapped = (e) => listener(e.detail);
    window.addEventListener(type, wrapped);
    return () => window.removeEventListener(type, wrapped);
  };
  const api = {
    onStats: (listener) => subscribe(${JSON.stringify(STATS_EVENT)}, listener),
    onBroadcastEvent: (listener) => subscribe(${JSON.stringify(BROADCAST_EVENT)}, listener),
    onMonitor: (listener) => subscribe(${JSON.stringify(MONITOR_EVENT)}, listener),
  };
  // Looked up per call: Playwright may install the binding after this script has run.
  for (const method of methods) api[method] = (...args) => window[${JSON.stringify(INVOKE_BINDING)}](method, args);
  Object.defineProperty(window, 'srtCompanion', { value: Object.freeze(api), writable: false, configurable: false });
})();`;
}

/**
 * The frame URL ipcMain would report: our renderer is served from `siteOrigin` here but from app://srt-companion/ in
 * the packaged app, so pages of the site are mapped onto the app scheme. Any other frame keeps its own URL and is
 * refused by the sender check.
 */
export function senderFrameUrl(frameUrl: string, siteOrigin: string): string {
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return frameUrl;
  }
  return url.origin === siteOrigin ? `${APP_ORIGIN}${url.pathname}` : frameUrl;
}

function isInvokeMethod(method: unknown): method is InvokeMethod {
  return typeof method === 'string' && (INVOKE_METHODS as readonly string[]).includes(method);
}

/** Pushed values are plain data (StatsSnapshot, BroadcastEvent); JSON is what Electron's structured clone keeps of them. */
function dispatchExpression(type: string, detail: unknown): string {
  return `window.dispatchEvent(new CustomEvent(${JSON.stringify(type)}, { detail: ${JSON.stringify(detail)} }))`;
}

/** The live bridge of one page; `dispose()` stops the pushes (the page binding dies with the page). */
export interface BackendBridge {
  /** Invokes seen from the page, by method (for assertions that a call went through the contract). */
  readonly calls: ReadonlyMap<InvokeMethod, number>;
  /** Pushes sent to the page so far. */
  readonly pushed: { readonly stats: number; readonly events: number };
  dispose(): void;
}

/**
 * Installs `window.srtCompanion` in `page` (call before the first `goto`): invokes go through handleInvoke against
 * `backend`, stats and events are pushed to the page as they come.
 */
export async function bridgeBackend(page: Page, backend: AppBackend, siteOrigin: string): Promise<BackendBridge> {
  const calls = new Map<InvokeMethod, number>();
  await page.exposeBinding(INVOKE_BINDING, async (source, method: unknown, args: unknown): Promise<Result<unknown>> => {
    // ipcMain only routes the channels registerIpc registered; anything else never reaches a handler.
    if (!isInvokeMethod(method)) return fail('bad_request', 'Unknown request.');
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const senderFrame = { url: senderFrameUrl(source.frame.url(), siteOrigin) };
    return handleInvoke(backend, method, { senderFrame } as Parameters<typeof handleInvoke>[2], Array.isArray(args) ? args : []);
  });
  await page.addInitScript({ content: preloadScript() });

  let disposed = false;
  const pushed = { stats: 0, events: 0 };
  const push = (type: string, detail: unknown): void => {
    if (disposed || page.isClosed()) return;
    if (type === STATS_EVENT) pushed.stats += 1;
    else if (type === BROADCAST_EVENT) pushed.events += 1;
    // A push that races a navigation or the page closing is lost, as webContents.send's would be.
    page.evaluate(dispatchExpression(type, detail)).catch(() => undefined);
  };
  const unsubscribe = backend.subscribe({
    stats: (snapshot) => push(STATS_EVENT, snapshot),
    event: (event) => push(BROADCAST_EVENT, event),
    monitor: (frame) => push(MONITOR_EVENT, frame),
  });
  return {
    calls,
    pushed,
    dispose() {
      disposed = true;
      unsubscribe();
    },
  };
}

/** Where the built renderer goes by default: a cache folder that is rebuilt on every run. */
export const DEFAULT_RENDERER_OUT_DIR = join('node_modules', '.cache', 'e2e-renderer');
