/**
 * The renderer's Content-Security-Policy, built from settings: everything from the app itself, plus
 * exactly the map tile origin when one is configured. No 'unsafe-eval', no inline scripts. Electron's
 * app:// protocol and headless mode's HTTP server both send it as the document's header, so the policy
 * a page runs under always matches the settings it was loaded with.
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
import type { Settings } from '../settings/schema';

/** A host name or bracketed IPv6 address, then an optional port: what a CSP source may name. */
const HOST_AND_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * The origin (scheme://host[:port]) of a tile URL template, or null when unset, not http(s), or its
 * host is not a plain name or address. Parsed here rather than with URL, which src-shared's
 * environment-free lib does not declare; user info is dropped and a default port left out, as URL does.
 */
export function tileOrigin(tileUrl: string | null): string | null {
  if (tileUrl === null) return null;
  const match = /^(https?):\/\/([^/?#\\]*)/i.exec(tileUrl.trim());
  if (match === null) return null;
  const scheme = (match[1] as string).toLowerCase();
  let authority = (match[2] as string).toLowerCase();
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  // Templates look like https://{s}.tile.example.org/{z}/{x}/{y}.png: a '{s}' subdomain template allows
  // exactly the rotated hosts of that one domain, nothing wider.
  const isRotated = authority.startsWith('{s}.');
  if (isRotated) authority = authority.slice(4);
  const host = HOST_AND_PORT.exec(authority);
  const port = host?.[6];
  if (host === null || Number(port ?? 0) > 65_535) return null;
  const origin = `${host[1] as string}${port === undefined || port === DEFAULT_PORTS[scheme] ? '' : `:${port}`}`;
  return `${scheme}://${isRotated ? '*.' : ''}${origin}`;
}

/** The CSP header value for the renderer's document under `settings`. */
export function buildCsp(settings: Settings): string {
  const tiles = tileOrigin(settings.ui.tileUrl);
  const extra = tiles === null ? '' : ` ${tiles}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and uPlot set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${extra}`,
    // 'self' covers the headless WebSocket on the page's own host and port (CSP3 matches ws/wss to http/https).
    `connect-src 'self'${extra}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self'",
  ].join('; ');
}
