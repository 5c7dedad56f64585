// The single application window with Electron's security settings on, and navigation/new windows refused.

import { BrowserWindow, app, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { externalUrlToOpen } from '../externalLinks';
import { APP_ORIGIN, isTrustedRendererUrl } from './securityPolicy';

export interface WindowOptions {
  preloadPath: string;
  devServerUrl?: string;
  /** Asked when the user closes the window; false keeps it open (a broadcast runs and the user cancelled). */
  confirmClose?: () => Promise<boolean>;
}

/** Holds the window's `close` until `confirmClose` agrees, then closes it for real; one question at a time. */
export function guardClose(win: Pick<BrowserWindow, 'on' | 'close'>, confirmClose: () => Promise<boolean>): void {
  let confirmed = false;
  let asking = false;
  win.on('close', (event) => {
    if (confirmed) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    // A guard that fails must not trap the user in the window: it then lets the close go ahead.
    void confirmClose()
      .catch(() => true)
      .then((ok) => {
        asking = false;
        if (!ok) return;
        confirmed = true;
        win.close();
      });
  });
}

/** Refuses navigation away from the app, new windows and webviews; allowlisted Gcore links open in the browser. */
export function hardenWebContents(contents: WebContents, devServerUrl?: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedRendererUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const checked = externalUrlToOpen(url);
    // The checked, normalised URL goes to the OS, never the raw string the renderer gave.
    if (checked !== null) void shell.openExternal(checked);
    return { action: 'deny' };
  });
}

export async function createMainWindow(options: WindowOptions): Promise<BrowserWindow> {
  // The options are written out here, literally, so static scanners (electronegativity) can see every flag.
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#111418',
    title: 'SRT Companion',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) must not open links in new windows either.
      disableBlinkFeatures: 'Auxclick',
      // Off in packaged builds: DevTools would let anyone at the keyboard run code in the renderer and call the preload API.
      devTools: !app.isPackaged && !process.env.SRT_COMPANION_NO_DEVTOOLS,
    },
  });
  hardenWebContents(win.webContents, options.devServerUrl);
  if (options.confirmClose) guardClose(win, options.confirmClose);
  win.once('ready-to-show', () => win.show());
  if (options.devServerUrl) await win.loadURL(options.devServerUrl);
  else await win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function preloadPathFrom(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
