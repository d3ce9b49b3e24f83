/**
 * Random HTTP requests and WebSocket handshakes for fuzzing the headless server: request targets with
 * `//`, `..`, broken escapes and huge lengths, odd methods, foreign or missing Host and Origin headers,
 * tokens in every place and form, malformed cookies. Hostile names are `.example`/`.invalid` strings in
 * headers only: every request goes to 127.0.0.1.
 */
import { chance, integer, NASTY_PIECES, pick, randomString } from './fuzz-values';
import type { Random } from './fuzz-values';
import { requestText } from './raw-http';

/** The server under test, as the generators need it. */
export interface FuzzServer {
  readonly port: number;
  readonly viewerToken: string;
  readonly operatorToken: string;
  /** A --public-host name the server accepts as Host. */
  readonly publicHost: string;
}

/** A request to send and what it claimed, for the checks on its answer. */
export interface FuzzRequest {
  readonly text: string;
  readonly method: string;
  /** The first Host header as sent, undefined when none was. */
  readonly host: string | undefined;
  /** The Origin header as sent, undefined when none was. */
  readonly origin: string | undefined;
  /** Asks for a protocol switch (Connection: upgrade and a non-empty Upgrade), which Node hands to the server's 'upgrade' handler. */
  readonly isUpgrade: boolean;
}

const SEGMENTS = ['', '.', '..', '%2e%2e', '%2E%2e%2F', '.%2e', 'ws', 'WS', 'healthz', 'metrics', 'index.html', 'assets', 'app.js', 'secret.txt', 'etc', 'passwd', '..%2f..%2f', '..\\..\\', '%00', '~', ';x', 'a?b', '%zz', '%E0%A4%A', 'stations', 'st-01', 'ingest', 'sensor-logger'];

/** A request target: mostly origin-form paths, often broken; sometimes absolute, asterisk or empty; now and then huge. */
export function randomTarget(random: Random, query: string): string {
  const prefix = chance(random, 0.5) ? '/' : pick(random, ['/', '//', '///', '/./', '/../', '', '*', 'http://evil.example/', 'ws://localhost/', '\\', '%2f']);
  const parts = Array.from({ length: integer(random, 0, 6) }, () => (chance(random, 0.2) ? randomString(random, 12) : chance(random, 0.2) ? pick(random, NASTY_PIECES) : pick(random, SEGMENTS)));
  let path = prefix + parts.join(pick(random, ['/', '/', '/', '//', '\\', '/./']));
  if (chance(random, 0.04)) path += pick(random, ['a', '%41', '/..', '%']).repeat(integer(random, 1_000, 20_000));
  // Node's parser refuses raw controls, spaces, backslashes and non-ASCII in a target (400 before the server sees it):
  // most targets escape them as a browser would, so that the server's own checks get the work.
  if (!chance(random, 0.15)) path = path.replace(/[^\x21-\x5b\x5d-\x7e]/gu, (c) => escapeLoosely(c));
  return path + query;
}

/** A token presented somewhere (or nowhere): valid, wrong, empty or malformed; as header, query or cookie. */
function tokenParts(random: Random, server: FuzzServer): { query: string; headers: [string, string][] } {
  const token = chance(random, 0.5) ? pick(random, [server.viewerToken, server.operatorToken]) : pick(random, [server.operatorToken.toUpperCase(), 'wrong', '', ' ', '%E0%A4%A', randomString(random, 30), server.viewerToken + 'x']);
  switch (integer(random, 0, 6)) {
    case 0:
      return { query: '', headers: [] };
    case 1:
      return { query: '', headers: [['Authorization', `Bearer ${token}`]] };
    case 2:
      return { query: '', headers: [['Authorization', pick(random, ['Bearer', 'Bearer ', `Basic ${token}`, `bearer ${token}`, token])]] };
    case 3:
      return { query: `?token=${chance(random, 0.7) ? escapeLoosely(token) : token}`, headers: [] };
    case 4:
      return { query: `?token=${pick(random, ['%', '%zz', '%E0%A4%A', '', '&token=x'])}`, headers: [] };
    case 5:
      return { query: '', headers: [['Cookie', `sw_token=${chance(random, 0.5) ? escapeLoosely(token) : pick(random, ['%E0%A4%A', '%', '=', '%00', '"x"'])}`]] };
    default:
      return { query: '', headers: [['Cookie', pick(random, [';;;', '=;=', 'sw_token', 'sw_token=;sw_token=x', `a=b; sw_token=${escapeLoosely(token)}; c`, 'x'.repeat(integer(random, 100, 9_000))])]] };
  }
}

/** Percent-encoded as a browser would; a lone surrogate (which encodeURIComponent refuses) becomes a broken escape. */
function escapeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^\x21-\x7e]/g, '%ED%A0');
  }
}

/** A Host header value: mostly the server's own, else foreign, malformed, empty, another port. */
function randomHost(random: Random, server: FuzzServer): string | undefined {
  const own = [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`, server.publicHost];
  if (chance(random, 0.6)) return pick(random, own);
  return pick(random, [undefined, '', 'evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `${server.publicHost}.evil.example`, 'localhost:0', '[::1', ':::', `127.0.0.1:${server.port}.evil.example`, randomString(random, 20)]);
}

/** An Origin header value: none, same-origin, foreign, 'null', or malformed. */
function randomOrigin(random: Random, server: FuzzServer, host: string | undefined): string | undefined {
  return pick(random, [undefined, undefined, `http://${host ?? ''}`, `https://${host ?? ''}`, 'https://evil.example', 'null', `http://evil.example:${server.port}`, `file://`, 'chrome-extension://abc', `http://127.0.0.1:${server.port + 1}`, randomString(random, 20)]);
}

const ODD_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Length', 'abc'],
  ['Content-Length', '-1'],
  ['Transfer-Encoding', 'chunked'],
  ['Transfer-Encoding', 'gzip, chunked'],
  ['Expect', '100-continue'],
  ['Upgrade', 'h2c'],
  ['X-Forwarded-Host', 'evil.example'],
  ['X-Forwarded-For', 'evil.example'],
  ['Accept', '*/*'.repeat(200)],
  ['Range', 'bytes=0-1,1-2,2-3'],
  ['If-None-Match', '*'],
  ['Bad Header', 'x'],
  ['X-Ctl', 'a\u0001b'],
  ['X-Long', 'y'.repeat(10_000)],
];

/** A random request for the plain HTTP routes (no WebSocket handshake), closing after its answer. */
export function randomHttpRequest(random: Random, server: FuzzServer): FuzzRequest {
  const method = chance(random, 0.7) ? pick(random, ['GET', 'GET', 'HEAD']) : pick(random, ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'get', 'FOO', 'G_T', 'M-SEARCH']);
  const token = tokenParts(random, server);
  const host = randomHost(random, server);
  const headers: [string, string][] = [];
  if (host !== undefined) headers.push(['Host', host]);
  if (chance(random, 0.05)) headers.push(['Host', pick(random, ['evil.example', `127.0.0.1:${server.port}`])]);
  headers.push(...token.headers);
  for (let i = integer(random, 0, 2); i > 0; i--) if (chance(random, 0.3)) headers.push([...pick(random, ODD_HEADERS)]);
  headers.push(['Connection', 'close']);
  const body = method === 'POST' || method === 'PUT' ? randomString(random, 200) : '';
  if (body !== '' && chance(random, 0.7)) headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return { text: requestText(method, randomTarget(random, token.query), headers, body), method, host, origin: undefined, isUpgrade: false };
}

/** The parts of a WebSocket handshake the server or ws checks; the fuzz spoils a few of them at a time. */
const HANDSHAKE_PARTS = ['method', 'token', 'host', 'origin', 'path', 'upgrade', 'version', 'key', 'extras'] as const;

/**
 * A random WebSocket handshake: a valid one with none, one or several of its parts spoiled (the method,
 * the token, Host, Origin, the path, the Upgrade, version and key headers, odd protocol and extension
 * offers), so that both the handshakes that must open and each single refusal are exercised.
 */
export function randomUpgradeRequest(random: Random, server: FuzzServer): FuzzRequest {
  const spoiled = new Set(HANDSHAKE_PARTS.filter(() => chance(random, 0.2)));
  const method = spoiled.has('method') ? pick(random, ['POST', 'HEAD', 'OPTIONS', 'get', 'PUT']) : 'GET';
  const validToken = pick(random, [server.viewerToken, server.operatorToken]);
  const token = spoiled.has('token') ? tokenParts(random, server) : pick(random, [{ query: '', headers: [['Authorization', `Bearer ${validToken}`]] as [string, string][] }, { query: `?token=${validToken}`, headers: [] }, { query: '', headers: [['Cookie', `sw_token=${validToken}`]] as [string, string][] }]);
  const host = spoiled.has('host') ? randomHost(random, server) : pick(random, [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, server.publicHost]);
  const origin = spoiled.has('origin') ? randomOrigin(random, server, host) : pick(random, [undefined, `http://${host ?? ''}`]);
  const separator = pick(random, ['?', '&']);
  const path = spoiled.has('path') ? (chance(random, 0.5) ? pick(random, ['/ws/', '/WS', '/ws?x=1', '/%77s', '//ws', '/./ws', '/ws/..', '/ws#x', '/healthz', '/']) + token.query.replace('?', separator) : randomTarget(random, token.query)) : `/ws${token.query}`;
  const headers: [string, string][] = [];
  if (host !== undefined) headers.push(['Host', host]);
  // Sec-WebSocket-Origin is what old (version 8) clients sent; browsers send Origin.
  const originHeader = spoiled.has('origin') && chance(random, 0.1) ? 'Sec-WebSocket-Origin' : 'Origin';
  if (origin !== undefined) headers.push([originHeader, origin]);
  headers.push(...token.headers);
  headers.push(['Connection', pick(random, ['Upgrade', 'Upgrade', 'keep-alive, Upgrade', 'upgrade'])]);
  const upgrade = spoiled.has('upgrade') ? pick(random, ['WebSocket', 'h2c', '', 'websocket, h2c', 'websocket2']) : 'websocket';
  headers.push(['Upgrade', upgrade]);
  if (!spoiled.has('version') || chance(random, 0.8)) headers.push(['Sec-WebSocket-Version', spoiled.has('version') ? pick(random, ['8', '12', '', 'x', '13, 8', '0x0d']) : '13']);
  if (!spoiled.has('key') || chance(random, 0.8)) headers.push(['Sec-WebSocket-Key', spoiled.has('key') ? pick(random, ['short', '', 'dGhlIHNhbXBsZSBub25jZQ', randomString(random, 30)]) : 'dGhlIHNhbXBsZSBub25jZQ==']);
  if (spoiled.has('extras')) headers.push(pick(random, [['Sec-WebSocket-Protocol', pick(random, ['a, b', ',,', 'a b', randomString(random, 10)])], ['Sec-WebSocket-Extensions', pick(random, ['permessage-deflate', 'x; y=', ';;;'])], ['Host', 'evil.example']]));
  return { text: requestText(method, path, headers), method, host, origin: originHeader === 'Origin' ? origin : undefined, isUpgrade: upgrade !== '' };
}

/** Bytes to write once a handshake succeeded: broken WebSocket frames (unmasked, reserved bits, bad opcodes, truncated, oversized lengths). */
export function randomRawFrames(random: Random): Buffer {
  const choices = [
    Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]), // unmasked text frame
    Buffer.from([0xf1, 0x80, 0, 0, 0, 0]), // reserved bits set
    Buffer.from([0x83, 0x80, 0, 0, 0, 0]), // reserved opcode
    Buffer.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // 2^63 - 1 byte length
    Buffer.from([0x89, 0xfe, 0x01, 0x00]), // control frame longer than 125
    Buffer.from([0x01, 0x80, 0, 0, 0, 0, 0x09, 0x80, 0, 0, 0, 0]), // fragment then ping (fine) never finished
    Buffer.from(Array.from({ length: integer(random, 1, 64) }, () => integer(random, 0, 255))),
  ];
  return pick(random, choices);
}
