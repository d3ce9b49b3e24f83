/**
 * HTTP/1.1 over a raw socket to 127.0.0.1, for requests no well-behaved client sends (malformed targets,
 * broken cookies, odd methods, WebSocket handshakes), and the parts of the answer a test checks.
 */
import { connect } from 'node:net';

/** What came back: the first final (non-1xx) status, its headers and body; status 0 when the server closed without answering. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** The bytes as received, for a failure's report. */
  readonly raw: string;
}

/** How long to wait, and what to send once a WebSocket handshake succeeded. */
export interface RawExchangeOptions {
  /** Default 5 s. */
  readonly timeoutMs?: number;
  /** Bytes written after a 101 (e.g. broken WebSocket frames); the socket is then kept `lingerMs` longer. */
  readonly afterUpgrade?: Buffer;
  /** Default 100 ms. */
  readonly lingerMs?: number;
}

/**
 * Send `request` (bytes as given) and collect the answer: up to the close, the end of a 101's headers
 * (the socket is then destroyed, after `afterUpgrade` if given), or the time-out (the answer so far;
 * status 0 if nothing came).
 */
export function rawExchange(port: number, request: string | Buffer, options: RawExchangeOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let isUpgraded = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(received));
    };
    let timer = setTimeout(finish, options.timeoutMs ?? 5_000);
    const isHead = (typeof request === 'string' ? request : request.toString('latin1')).startsWith('HEAD ');
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!isUpgraded && isComplete(received, isHead)) return finish();
      if (isUpgraded || !/^HTTP\/1\.1 101 /.test(received) || !received.includes('\r\n\r\n')) return;
      isUpgraded = true;
      if (options.afterUpgrade === undefined) return finish();
      socket.write(options.afterUpgrade);
      clearTimeout(timer);
      timer = setTimeout(finish, options.lingerMs ?? 100);
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(request);
  });
}

/** Build a request from a method, a target and header lines (in order; duplicates allowed), ending the headers. */
export function requestText(method: string, target: string, headers: readonly (readonly [string, string])[], body = ''): string {
  return `${method} ${target} HTTP/1.1\r\n${headers.map(([key, value]) => `${key}: ${value}\r\n`).join('')}\r\n${body}`;
}

/** True once a final answer other than 101 arrived whole, so a connection the server keeps alive need not time out. */
function isComplete(received: string, isHead: boolean): boolean {
  const answer = parseAnswer(received);
  if (answer.status === 0 || answer.status === 101 || !answer.raw.includes('\r\n\r\n')) return false;
  if (isHead || answer.status === 204 || answer.status === 304) return true;
  const length = answer.headers.get('content-length');
  if (length !== undefined) return Buffer.byteLength(answer.body, 'latin1') >= Number(length);
  return answer.headers.get('transfer-encoding')?.toLowerCase() === 'chunked' && received.endsWith('0\r\n\r\n');
}

function parseAnswer(received: string): RawAnswer {
  let rest = received;
  // Skip interim answers (100 Continue) to the final one.
  while (/^HTTP\/1\.1 1\d\d /.test(rest) && !rest.startsWith('HTTP/1.1 101 ') && rest.includes('\r\n\r\n')) rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(rest);
  if (match === null) return { status: 0, headers: new Map(), body: '', raw: received };
  const end = rest.indexOf('\r\n\r\n');
  const head = end < 0 ? rest : rest.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const payload = end < 0 ? '' : rest.slice(end + 4);
  const body = headers.get('transfer-encoding')?.toLowerCase() === 'chunked' ? dechunk(payload) : payload;
  return { status: Number(match[1]), headers, body, raw: received };
}

function dechunk(payload: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = payload.indexOf('\r\n', at);
    if (lineEnd < 0) return out;
    const size = Number.parseInt(payload.slice(at, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += payload.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
