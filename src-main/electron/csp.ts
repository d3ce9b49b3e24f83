/**
 * The renderer's Content-Security-Policy, built from settings: everything from the app itself, plus
 * exactly the map tile host when one is configured. No 'unsafe-eval', no inline scripts.
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
import type { Settings } from '../../src-shared/settings/schema';

/** The origin (scheme://host[:port]) of a tile URL template, or null when unset or not http(s). */
export function tileOrigin(tileUrl: string | null): string | null {
  if (tileUrl === null) return null;
  // Templates look like https://{s}.tile.example.org/{z}/{x}/{y}.png; braces are not valid in a host.
  const withoutSubdomainTemplate = tileUrl.replace('{s}.', 'a.');
  let url: URL;
  try {
    url = new URL(withoutSubdomainTemplate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (/[{}]/.test(decodeURIComponent(url.host))) return null;
  // A '{s}' subdomain template allows exactly the rotated hosts of that one domain, nothing wider.
  return tileUrl.includes('{s}.') ? `${url.protocol}//*.${url.host.slice(2)}` : url.origin;
}

/** The CSP header value for the main window. */
export function buildCsp(settings: Settings): string {
  const tiles = tileOrigin(settings.ui.tileUrl);
  const extra = tiles === null ? '' : ` ${tiles}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and uPlot set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${extra}`,
    `connect-src 'self'${extra}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self'",
  ].join('; ');
}

/** Response headers with our CSP set, replacing any CSP the response carried (header names vary in case). */
export function withCsp(headers: Readonly<Record<string, string[] | string>> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
