/**
 * A Node WebSocket client implementing StationwatchApi over the wire format of
 * src-shared/ipc/wire.ts — for tests and benchmarks. (The browser client lives in src-renderer/api/.)
 */
import { WebSocket } from 'ws';
import type { EventName, EventPayloads, RequestArgs, RequestName, RequestResult, StationwatchApi, Unsubscribe } from '../../src-shared/ipc/contract';
import { decodeWire, encodeWire } from '../../src-shared/ipc/wire';
import type { ServerMessage } from '../../src-shared/ipc/wire';

/** A request the server answered with an error; `code` is the wire code ('forbidden', 'invalid-arguments', …). */
export class WireRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WireRequestError';
  }
}

export interface WsClientOptions {
  /** Bearer token, when the server requires one. */
  readonly token?: string;
  readonly requestTimeoutMs?: number;
  /** Extra TLS options, e.g. `ca` for a self-signed test certificate. */
  readonly ca?: string | Buffer;
}

/** A connected client; `role` is what the server's hello granted. */
export interface WsClient extends StationwatchApi {
  readonly role: 'viewer' | 'operator';
  close(): Promise<void>;
  /** Resolves when the connection closes, for whatever reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Connect to `<server url>/ws` (http(s) URLs are accepted) and wait for the server's hello. */
export async function connectWsClient(serverUrl: string, options: WsClientOptions = {}): Promise<WsClient> {
  const url = new URL('/ws', serverUrl.replace(/^http/, 'ws'));
  const socket = new WebSocket(url, { headers: options.token ? { Authorization: `Bearer ${options.token}` } : {}, ...(options.ca ? { ca: options.ca } : {}) });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let nextId = 1;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new WireRequestError('unavailable', 'The connection to the server closed.'));
      }
      pending.clear();
      resolve({ code, reason: reason.toString() });
    }),
  );
  const role = await new Promise<'viewer' | 'operator'>((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => reject(new WireRequestError(response.statusCode === 401 ? 'unauthorized' : 'failed', `Server refused the connection: HTTP ${response.statusCode}`)));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = decodeWire<ServerMessage>(data.toString());
      if (message.t === 'hello') resolve(message.role);
      else if (message.t === 'evt') for (const listener of listeners.get(message.name) ?? []) listener(message.payload as never);
      else {
        const entry = pending.get(message.id);
        if (entry === undefined) return;
        pending.delete(message.id);
        clearTimeout(entry.timer);
        if (message.ok) entry.resolve(message.result);
        else entry.reject(new WireRequestError(message.error.code, message.error.message));
      }
    });
  });
  socket.on('error', () => undefined);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;

  return {
    role,
    closed,
    request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
      if (socket.readyState !== socket.OPEN) return Promise.reject(new WireRequestError('unavailable', 'Not connected to the server.'));
      const id = nextId++;
      return new Promise<RequestResult<N>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new WireRequestError('timeout', `The server did not answer ${name} within ${timeoutMs / 1000} s.`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        socket.send(encodeWire({ t: 'req', id, name, args }));
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    async close() {
      if (socket.readyState !== socket.CLOSED) socket.close(1000);
      await closed;
    },
  };
}
