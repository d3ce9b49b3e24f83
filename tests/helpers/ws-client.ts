/**
 * A Node WebSocket client for tests and benchmarks: the contract's API client over the wire transport
 * (src-shared/ipc/api-client.ts, wire-transport.ts), as the browser's client is, without the
 * browser's reconnecting. Failed requests reject with a ContractError ('forbidden', 'invalid-arguments', …).
 */
import { WebSocket } from 'ws';
import { createApiClient } from '../../src-shared/ipc/api-client';
import type { StationwatchApi } from '../../src-shared/ipc/contract';
import { ContractError } from '../../src-shared/ipc/contract-error';
import { decodeWire } from '../../src-shared/ipc/wire';
import type { ServerMessage } from '../../src-shared/ipc/wire';
import { createWireTransport } from '../../src-shared/ipc/wire-transport';

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
  const wire = createWireTransport({
    write(text) {
      if (socket.readyState !== socket.OPEN) return false;
      socket.send(text);
      return true;
    },
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      wire.abandonPending('The connection to the server closed.');
      resolve({ code, reason: reason.toString() });
    }),
  );
  const role = await new Promise<'viewer' | 'operator'>((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => reject(new ContractError(response.statusCode === 401 ? 'unauthorized' : 'failed', `Server refused the connection: HTTP ${response.statusCode}`)));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = decodeWire<ServerMessage>(data.toString());
      if (message.t === 'hello') resolve(message.role);
      else wire.receive(message);
    });
  });
  socket.on('error', () => undefined);

  return {
    ...createApiClient(wire),
    role,
    closed,
    async close() {
      if (socket.readyState !== socket.CLOSED) socket.close(1000);
      await closed;
    },
  };
}
