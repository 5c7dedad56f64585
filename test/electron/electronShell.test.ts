// The Electron layer with a mocked `electron` module (the Electron binary cannot be downloaded on these machines).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn(async () => undefined);
/** Electron's `app.isPackaged`: false under electron-vite dev, true in an installed build. */
const fakeApp = { isPackaged: false };
const handlers = new Map<string, (...a: unknown[]) => unknown>();
const windows: Array<{ options: Record<string, unknown>; loaded: string[] }> = [];
class FakeBrowserWindow {
  readonly loaded: string[] = [];
  readonly webContents = { on: () => undefined, setWindowOpenHandler: () => undefined };
  constructor(readonly options: Record<string, unknown>) {
    windows.push(this);
  }
  once(): void {}
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
}
vi.mock('electron', () => ({
  app: fakeApp,
  shell: { openExternal },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: (channel: string, fn: (...a: unknown[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { createMainWindow, hardenWebContents } = await import('../../src/main/electron/createMainWindow');
const { handleInvoke, registerIpc } = await import('../../src/main/electron/registerIpc');
const security = await import('../../src/main/electron/securityPolicy');
const { INVOKE_METHODS, invokeChannel } = await import('../../src/shared/ipcChannels');

type Listener = (event: { preventDefault: () => void }, url: string) => void;

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    on: (name: string, fn: Listener) => listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => {
      openHandler = fn;
    },
    fire(name: string, url = ''): boolean {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

function fakeBackend() {
  const calls: Array<[string, unknown[]]> = [];
  const backend = new Proxy(
    {},
    {
      get: (_t, prop: string) =>
        prop === 'subscribe'
          ? () => () => undefined
          : async (...args: unknown[]) => {
              calls.push([prop, args]);
              return { ok: true, value: prop };
            },
    },
  );
  return { backend: backend as never, calls };
}

const trusted = { senderFrame: { url: 'app://srt-companion/index.html' } } as never;

beforeEach(() => {
  openExternal.mockClear();
  handlers.clear();
});

describe('window options', () => {
  it('turns on context isolation and the sandbox and turns off node integration', async () => {
    await createMainWindow({ preloadPath: '/x/preload/index.cjs' });
    const win = windows.at(-1)!;
    expect(win.loaded).toEqual(['app://srt-companion/index.html']);
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/x/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('turns DevTools off in a packaged build and leaves them on in development', async () => {
    vi.stubEnv('SRT_COMPANION_NO_DEVTOOLS', '');
    try {
      fakeApp.isPackaged = true;
      await createMainWindow({ preloadPath: '/x/preload/index.cjs' });
      expect(windows.at(-1)!.options.webPreferences).toMatchObject({ devTools: false });
      fakeApp.isPackaged = false;
      await createMainWindow({ preloadPath: '/x/preload/index.cjs', devServerUrl: 'http://localhost:5173/' });
      expect(windows.at(-1)!.options.webPreferences).toMatchObject({ devTools: true });
    } finally {
      fakeApp.isPackaged = false;
      vi.unstubAllEnvs();
    }
  });
});

describe('content security policy', () => {
  it('allows only the app itself: no eval, no remote code, no plugins, no framing', () => {
    const csp = security.contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    // Only images may come from elsewhere: Gcore's playback hosts, where the platform's screenshot of the stream lives.
    const directives = csp.split('; ');
    expect(directives.find((d) => d.startsWith('img-src'))).toBe("img-src 'self' data: https://*.gvideo.io https://*.gvideo.co");
    for (const d of directives.filter((d) => !d.startsWith('img-src'))) expect(d, d).not.toMatch(/\*|https?:/);
  });

  it('the page’s own CSP (index.html) lets the platform’s screenshot in too: a browser enforces both policies', async () => {
    const html = await readFile(join(process.cwd(), 'src/renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const imgSrc = (policy: string) => policy.split(/;\s*/).find((d) => d.startsWith('img-src'));
    expect(imgSrc(meta ?? '')).toBe(imgSrc(security.contentSecurityPolicy()));
  });

  it('adds the dev server origin and its websocket only in development', () => {
    const csp = security.contentSecurityPolicy('http://localhost:5173/');
    expect(csp).toContain("script-src 'self' http://localhost:5173 'unsafe-inline'"); // Vite's inline refresh preamble
    expect(csp).toContain('ws://localhost:5173');
  });
});

describe('navigation and new windows', () => {
  it('refuses navigation away from the app and webviews', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never);
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-redirect', 'https://portal.gcore.com/')).toBe(true);
    expect(wc.fire('will-attach-webview')).toBe(true);
    expect(wc.fire('will-navigate', 'app://srt-companion/index.html')).toBe(false);
  });

  it('denies every new window and opens only allowlisted Gcore https links in the system browser', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never);
    expect(wc.open('https://portal.gcore.com/streaming/streaming/list')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://portal.gcore.com/streaming/streaming/list');
    for (const url of ['https://gcore.com.attacker.com/', 'http://gcore.com/docs', 'file:///bin/sh', 'https://user@gcore.com/', 'javascript:alert(1)']) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('hands the OS the normalised URL it checked, and refuses backslashes and newlines', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never);
    wc.open('https://PORTAL.gcore.com/a/../streaming');
    for (const url of ['https://gcore.com\\@evil.example/', 'https://gcore.com/\nhttps://evil.example/', 'https://portal.gcore.com/x\r\n']) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://portal.gcore.com/streaming']]);
  });
});

describe('IPC', () => {
  it('registers every method of the contract in one place, and unregisters them', () => {
    const { backend } = fakeBackend();
    const unregister = registerIpc(backend, () => null);
    expect([...handlers.keys()].sort()).toEqual(INVOKE_METHODS.map(invokeChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses senders that are not the app window, including a missing frame', async () => {
    const { backend, calls } = fakeBackend();
    for (const event of [{ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: null }, { senderFrame: { url: 'file:///x/index.html' } }]) {
      expect(await handleInvoke(backend, 'listStreams', event as never, [])).toMatchObject({ ok: false, code: 'untrusted_sender' });
    }
    expect(calls).toEqual([]);
  });

  it('accepts the dev server only when one is configured', async () => {
    const { backend } = fakeBackend();
    const dev = { senderFrame: { url: 'http://localhost:5173/' } } as never;
    expect(await handleInvoke(backend, 'listStreams', dev, [])).toMatchObject({ ok: false });
    expect(await handleInvoke(backend, 'listStreams', dev, [], 'http://localhost:5173')).toMatchObject({ ok: true });
  });

  it('validates payloads against the shared contract before calling the backend', async () => {
    const { backend, calls } = fakeBackend();
    expect(await handleInvoke(backend, 'getStream', trusted, ['12'])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'getStream', trusted, [-1])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'simulateFault', trusted, [{ kind: 'outage', target: 'sideways' }])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'simulateFault', trusted, [{ kind: 'meteor', target: 'primary' }])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'simulateFault', trusted, [{ kind: 'glitch', target: 'primary', extra: 1 }])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'getStream', trusted, [12, 'extra'])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await handleInvoke(backend, 'getStream', trusted, [12])).toEqual({ ok: true, value: 'getStream' });
    expect(calls).toEqual([['getStream', [12]]]);
  });
});

describe('app scheme file serving', () => {
  it('serves files under the bundle directory only', () => {
    const resolve = (u: string) => security.resolveBundlePath('/bundle', u, join);
    expect(resolve('app://srt-companion/')).toBe('/bundle/index.html');
    expect(resolve('app://srt-companion/assets/index-abc.js')).toBe('/bundle/assets/index-abc.js');
    expect(resolve('app://srt-companion/../../etc/passwd')).toBe('/bundle/etc/passwd');
    // The URL parser resolves dot segments (also percent-encoded ones) first: the result stays inside the bundle.
    expect(resolve('app://srt-companion/assets/%2e%2e/%2e%2e/etc/passwd')).toBe('/bundle/etc/passwd');
    expect(resolve('app://srt-companion/a%5c..%5c..%5csecret')).toBeNull();
    expect(resolve('app://other-host/index.html')).toBeNull();
  });
});
