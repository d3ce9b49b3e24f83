/**
 * Who may use the headless server. The rule: binding 127.0.0.1, ::1 or localhost needs no token;
 * any other host — even another loopback address such as 127.0.0.2 — requires tokens on every HTTP
 * request and WebSocket upgrade, because we cannot tell who else can reach it.
 */
import { STATE_CHANGING_REQUESTS } from '../../src-shared/ipc/contract';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Role = 'viewer' | 'operator';

/** Viewer (read-only wall displays) and operator (may also acknowledge, shelve, change settings). */
export interface ServerTokens {
  readonly viewer: string;
  readonly operator: string;
}

/** Requests that change state; a viewer gets 'forbidden'. */
export const MUTATING_REQUESTS: ReadonlySet<string> = STATE_CHANGING_REQUESTS;

/** Name of the cookie set when a browser presents ?token=, so its assets and socket carry it too. */
export const TOKEN_COOKIE = 'sw_token';

const DEFAULT_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for any bind address other than the default loopback names. */
export function requiresTokens(host: string): boolean {
  return !DEFAULT_HOSTS.has(host.toLowerCase());
}

/** A fresh random token (32 bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Fill in whichever tokens were not given. */
export function completeTokens(given: Partial<ServerTokens>): ServerTokens {
  return { viewer: given.viewer ?? generateToken(), operator: given.operator ?? generateToken() };
}

/**
 * The path and query a request names, or null when its target is not a plain path: HTTP's origin form
 * (RFC 9112 §3.2.1) starts with one '/'. '//x' would make the URL parser read a host, and absolute or
 * malformed targets have no business here, so the caller answers 400 instead of throwing.
 */
export function requestTarget(rawUrl: string | undefined): URL | null {
  if (rawUrl === undefined || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return null;
  try {
    return new URL(rawUrl, 'http://localhost');
  } catch {
    return null;
  }
}

/** The token a request presents: Authorization: Bearer, then ?token=, then the cookie. Never throws. */
export function presentedToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const query = requestTarget(request.url)?.searchParams.get('token') ?? null;
  if (query !== null && query.length > 0) return query;
  return cookieValue(request.headers.cookie, TOKEN_COOKIE);
}

/** The role a presented token grants; null when it grants nothing. With no tokens configured, everyone is operator. */
export function roleFor(tokens: ServerTokens | null, presented: string | null): Role | null {
  if (tokens === null) return 'operator';
  if (presented === null) return null;
  if (sameSecret(presented, tokens.operator)) return 'operator';
  if (sameSecret(presented, tokens.viewer)) return 'viewer';
  return null;
}

// Compare digests so neither the length nor the content leaks through timing.
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return safeDecode(rest.join('='));
  }
  return null;
}

/** A broken escape (a cookie anyone can send) reads as no value, never as an exception. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
