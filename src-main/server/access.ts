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
  /**
   * Operators with a token of their own (operators.ts): each is an operator whom the audit trail names.
   * The shared operator token stays valid; its actions are recorded under the operator on duty.
   */
  readonly named?: readonly NamedOperator[];
  /**
   * The ingest token: the only one that may POST to /ingest*, and it grants nothing else (no page, no
   * WebSocket), so a phone or a gateway holding it can add readings but never read or change anything.
   */
  readonly ingest?: string;
}

/** One person's operator token. */
export interface NamedOperator {
  readonly name: string;
  readonly token: string;
}

/** Who presented a token: the role it grants and, for a named operator token, the person. */
export interface Caller {
  readonly role: Role;
  readonly person: string | null;
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
  return { viewer: given.viewer ?? generateToken(), operator: given.operator ?? generateToken(), ...(given.named !== undefined ? { named: given.named } : {}), ingest: given.ingest ?? generateToken() };
}

/** True when a request may push readings: it presents the ingest token, or no tokens are in force (a loopback bind). */
export function mayIngest(tokens: ServerTokens | null, presented: string | null): boolean {
  if (tokens === null) return true;
  return presented !== null && tokens.ingest !== undefined && sameSecret(presented, tokens.ingest);
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
  return callerFor(tokens, presented)?.role ?? null;
}

/**
 * Who a presented token belongs to; null when it grants nothing. Every token is compared (no early exit),
 * so the time taken does not tell which kind of token, if any, was close.
 */
export function callerFor(tokens: ServerTokens | null, presented: string | null): Caller | null {
  if (tokens === null) return { role: 'operator', person: null };
  if (presented === null) return null;
  let caller: Caller | null = null;
  for (const named of tokens.named ?? []) if (sameSecret(presented, named.token)) caller ??= { role: 'operator', person: named.name };
  if (sameSecret(presented, tokens.operator)) caller ??= { role: 'operator', person: null };
  if (sameSecret(presented, tokens.viewer)) caller ??= { role: 'viewer', person: null };
  return caller;
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
