/**
 * The IPC contract over WebSocket: validates every request with REQUEST_SCHEMAS, enforces the
 * viewer/operator split, forwards to the engine, and pushes events to every client. Frames and
 * status to a slow client are dropped (its socket buffer is full) rather than queued without bound;
 * alarm events are always sent.
 */
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { EVENT_NAMES, REQUEST_SCHEMAS } from '../../src-shared/ipc/contract';
import type { EventName, RequestName } from '../../src-shared/ipc/contract';
import { decodeWire, encodeWire } from '../../src-shared/ipc/wire';
import type { ClientMessage, ServerMessage, WireError } from '../../src-shared/ipc/wire';
import type { EngineHandle } from '../engine/engine-api';
import { MUTATING_REQUESTS } from './access';
import type { Role } from './access';

/** Events that may be skipped for a slow client: the next one supersedes them. */
const DROPPABLE: ReadonlySet<EventName> = new Set<EventName>(['stream:frame', 'status:changed']);

/** Host-level engine failures the client should retry, whatever the engine called them. */
const UNAVAILABLE_CODES = new Set(['unavailable', 'engine-restarted', 'engine-stopped', 'timeout', 'init-failed', 'init-timeout', 'engine-exited']);

/** Live connections plus counters for /metrics. */
export interface WsGateway {
  /** Serve one authorised socket until it closes. */
  accept(socket: WebSocket, role: Role): void;
  readonly clientCount: number;
  readonly framesDropped: number;
  close(): void;
}

/** Wire the engine's events to clients; `maxBufferedBytes` is the slow-client threshold. */
export function createWsGateway(engine: EngineHandle, maxBufferedBytes: number): WsGateway {
  const clients = new Set<WebSocket>();
  let framesDropped = 0;
  const unsubscribes = EVENT_NAMES.map((name) =>
    engine.subscribe(name, (payload) => {
      if (clients.size === 0) return;
      const text = encodeWire({ t: 'evt', name, payload } as ServerMessage);
      for (const socket of clients) {
        if (socket.readyState !== socket.OPEN) continue;
        if (DROPPABLE.has(name) && socket.bufferedAmount > maxBufferedBytes) {
          framesDropped++;
          continue;
        }
        socket.send(text);
      }
    }),
  );

  function accept(socket: WebSocket, role: Role): void {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) return void socket.close(1003, 'Text messages only');
      let message: ClientMessage;
      try {
        message = decodeWire<ClientMessage>(data.toString());
      } catch {
        return void socket.close(1007, 'Malformed message');
      }
      if (typeof message !== 'object' || message === null || message.t !== 'req' || typeof message.id !== 'number') return void socket.close(1008, 'Expected a request');
      void answer(message, role).then((reply) => socket.readyState === socket.OPEN && socket.send(encodeWire(reply)));
    });
    socket.send(encodeWire({ t: 'hello', role }));
  }

  async function answer(message: ClientMessage, role: Role): Promise<ServerMessage> {
    const fail = (error: WireError): ServerMessage => ({ t: 'res', id: message.id, ok: false, error });
    if (!Object.hasOwn(REQUEST_SCHEMAS, message.name)) return fail({ code: 'invalid-arguments', message: `Unknown request ${JSON.stringify(message.name)}.` });
    const name: RequestName = message.name;
    if (role === 'viewer' && MUTATING_REQUESTS.has(name)) return fail({ code: 'forbidden', message: `A viewer token cannot ${name}; use an operator token.` });
    const parsed = REQUEST_SCHEMAS[name].safeParse(message.args ?? {});
    if (!parsed.success) return fail({ code: 'invalid-arguments', message: `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}` });
    try {
      const result = await engine.request(name, parsed.data as never);
      return { t: 'res', id: message.id, ok: true, result };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const text = error instanceof Error ? error.message : String(error);
      return fail({ code: typeof code === 'string' && UNAVAILABLE_CODES.has(code) ? 'unavailable' : typeof code === 'string' ? code : 'failed', message: text });
    }
  }

  return {
    accept,
    get clientCount() {
      return clients.size;
    },
    get framesDropped() {
      return framesDropped;
    },
    close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const socket of clients) socket.close(1001, 'Server shutting down');
      clients.clear();
    },
  };
}
