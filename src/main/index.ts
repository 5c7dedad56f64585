// Electron entry: app lifecycle, single-instance lock, permission denial, window and IPC. All real work is in plain Node.

import { app, BrowserWindow, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCloseGuard } from './app/closeGuard';
import { createAppBackend } from './app/createAppBackend';
import { registerAppScheme, serveRendererBundle } from './electron/appProtocol';
import { createMainWindow, hardenWebContents, preloadPathFrom } from './electron/createMainWindow';
import { createNativeDialogs } from './electron/nativeDialogs';
import { makeDownloadsPrivate } from './electron/privateDownloads';
import { registerIpc } from './electron/registerIpc';
import { showSystemNotice } from './electron/systemNotifier';
import { contentSecurityPolicy } from './electron/securityPolicy';
import { createSystemClipboard } from './electron/systemClipboard';
import { stopAllManagedProcesses } from './process/managedProcess';

const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Crash paths must not leave ffmpeg children behind (they would keep pushing to the ingest).
process.on('uncaughtException', (err) => {
  console.error('SRT Companion crashed:', err.message);
  void stopAllManagedProcesses();
  app.exit(1);
});

// SIGTERM/SIGHUP skip Node's exit hooks: stop the children first, then leave.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void stopAllManagedProcesses().finally(() => app.exit(0));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let window: BrowserWindow | null = null;
  const dialogs = createNativeDialogs(() => window);
  const backend = createAppBackend({
    env: process.env,
    platform: process.platform,
    configDir: app.getPath('userData'),
    openExternal: (url) => shell.openExternal(url),
    dialogs,
    notify: showSystemNotice,
    clipboard: createSystemClipboard(),
  });
  const askToStop = createCloseGuard({ status: () => backend.broadcastStatus(), dialogs });
  // One "Stop and close" answers both the window's close and the quit that follows it.
  let stopAgreed = false;
  const confirmClose = async (): Promise<boolean> => {
    if (!stopAgreed) stopAgreed = await askToStop();
    return stopAgreed;
  };

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl));

  void app.whenReady().then(async () => {
    // ffmpeg does all capturing, so the renderer needs no camera, microphone or screen permission.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    makeDownloadsPrivate(session.defaultSession);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(devServerUrl)] } });
    });
    serveRendererBundle(join(mainDir, '../renderer'));
    registerIpc(backend, () => window?.webContents ?? null, devServerUrl);
    window = await createMainWindow({ preloadPath: preloadPathFrom(mainDir), devServerUrl, confirmClose });
    window.on('closed', () => {
      window = null;
    });
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // Quitting (Cmd+Q, the dock) while a broadcast runs asks first, like closing the window does.
    void confirmClose()
      .catch(() => true)
      .then((ok) => {
        if (ok) void backend.shutdown().finally(() => app.quit());
        else quitting = false;
      });
  });
  app.on('window-all-closed', () => app.quit());
  process.on('exit', () => void stopAllManagedProcesses());
}
