// Security decisions of the Electron shell as plain functions: CSP, trusted IPC senders, allowed external links.

export { externalUrlToOpen } from '../externalLinks';

/** The app's own scheme: the packaged renderer is served from app://srt-companion/ (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'srt-companion';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Hosts the renderer may load images from besides itself: Gcore's playback domains, where the API's `screenshot` (the
 * platform's last picture of the stream) lives. Images only: nothing else of the renderer reaches the network.
 */
export const PLATFORM_IMAGE_SOURCES = ['https://*.gvideo.io', 'https://*.gvideo.co'] as const;

/**
 * Content-Security-Policy of the renderer. No remote scripts, no eval, no plugins, no framing; connect only to
 * itself (all network I/O happens in main); images also from Gcore's playback hosts (the platform's screenshot). In
 * development the Vite dev server's origin and websocket are added.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const self = dev ? `'self' ${dev.origin}` : "'self'";
  const connect = dev ? `${self} ws://${dev.host}` : "'self'";
  // Development only: Vite's React plugin injects an inline fast-refresh preamble into index.html. The packaged
  // app loads its built bundle from the app scheme and never allows inline scripts.
  const script = dev ? `${self} 'unsafe-inline'` : self;
  return [
    "default-src 'none'",
    `script-src ${script}`,
    // React's style props set inline styles; no inline <style> from untrusted sources exists in this app.
    `style-src ${self} 'unsafe-inline'`,
    `img-src ${self} data: ${PLATFORM_IMAGE_SOURCES.join(' ')}`,
    `font-src ${self}`,
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Is this frame URL our own renderer (the app scheme, or the dev server while developing)? */
export function isTrustedRendererUrl(frameUrl: string | undefined, devServerUrl?: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return url.origin === dev.origin;
  }
  return false;
}

/** Resolves a request path under the renderer bundle directory, refusing traversal (also percent-encoded). */
export function resolveBundlePath(bundleDir: string, requestUrl: string, join: (...p: string[]) => string): string | null {
  let pathname: string;
  try {
    const url = new URL(requestUrl);
    if (url.host !== APP_HOST) return null;
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const parts = pathname.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.includes('\0'))) return null;
  return join(bundleDir, ...(parts.length > 0 ? parts : ['index.html']));
}
