/**
 * Which `Host` and `Origin` headers the headless server answers: the defence against DNS rebinding (a
 * hostile name that resolves to 127.0.0.1 makes the browser send that name as Host) and against
 * cross-site WebSocket hijacking (a page on another site opening our /ws; the browser sends its own
 * Origin and cannot forge it). See the OWASP WebSocket Security Cheat Sheet, "Origin validation".
 *
 * A request without Origin is not from a page in a browser (browsers send it on every WebSocket
 * handshake), so it cannot be a hijack: it is let through to the token check like any other client.
 */

/** Host header values the server accepts; null accepts any (a wildcard bind with no public name given). */
export type AllowedHosts = ReadonlySet<string> | null;

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

/**
 * The Host values for a server bound to `bindHost` on `port`: the loopback names and the bind address
 * with the port, and each public name (as a reverse proxy forwards it: bare, or with the port; an entry
 * that carries its own port is taken as is). On a wildcard bind without public names every Host passes:
 * the server cannot know its names, and such a bind always requires tokens, which a rebinding page lacks.
 */
export function allowedHosts(bindHost: string, port: number, publicHosts: readonly string[]): AllowedHosts {
  const isWildcard = WILDCARD_BINDS.has(bindHost);
  if (isWildcard && publicHosts.length === 0) return null;
  const names = [...LOOPBACK_NAMES, ...(isWildcard ? [] : [bindHost.includes(':') ? `[${bindHost}]` : bindHost])];
  const hosts = new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
  for (const name of publicHosts) {
    const entry = name.toLowerCase();
    hosts.add(entry);
    if (!/:\d+$/.test(entry)) hosts.add(`${entry}:${port}`);
  }
  return hosts;
}

/** True when the Host header names this server. A request without Host is refused unless any Host passes. */
export function isAllowedHost(allowed: AllowedHosts, host: string | undefined): boolean {
  if (allowed === null) return true;
  return host !== undefined && allowed.has(host.toLowerCase());
}

/**
 * True when there is no Origin (not a browser page), or it is the origin the request was sent to: an
 * http(s) origin whose host and port equal the Host header. The scheme is not compared, so a page
 * served through a TLS-terminating proxy (https outside, http here) still matches.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (host === undefined) return false;
  try {
    const page = new URL(origin);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
    // Parsing the Host with the page's scheme drops a default port the same way on both sides.
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    // 'null' (a sandboxed frame, a file) and anything malformed.
    return false;
  }
}
