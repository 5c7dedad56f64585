// Which links may leave the app for the system browser: Gcore's portal and docs over https, nothing else.

/** Gcore's portal and docs open in the system browser; nothing else does. Compared with a URL parser, not prefixes. */
const EXTERNAL_HOSTS = new Set(['gcore.com', 'portal.gcore.com', 'api.gcore.com', 'accounts.gcore.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && EXTERNAL_HOSTS.has(url.hostname);
}
