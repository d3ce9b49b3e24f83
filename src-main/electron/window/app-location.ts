/**
 * Where the renderer is loaded from: the built bundle on app://stationwatch/ (app-protocol.ts) or, in
 * development, the Vite dev server. Sender checks and the navigation guard both ask "is this URL our
 * app?" through here.
 */
import { APP_HOST, APP_SCHEME } from './app-protocol';

export type AppLocation = { readonly kind: 'bundle'; readonly rootDir: string } | { readonly kind: 'dev'; readonly origin: string };

/** The URL to load into the main window. */
export function appUrl(location: AppLocation): string {
  return location.kind === 'bundle' ? `${APP_SCHEME}://${APP_HOST}/index.html` : `${location.origin}/`;
}

/**
 * True when `url` is our app: exactly the bundle's index page (any query or hash, which the router may
 * use), or any path on the dev server's origin. Everything else — other files, other hosts — is foreign.
 */
export function isAppUrl(url: string, location: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (location.kind === 'bundle') return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.pathname === '/index.html';
  return parsed.origin === new URL(location.origin).origin;
}

/** The dev server origin from VITE_DEV_SERVER_URL, when it is a loopback http URL; else null. */
export function devServerOrigin(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  try {
    const url = new URL(value);
    const isLoopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'http:' && isLoopback ? url.origin : null;
  } catch {
    return null;
  }
}
