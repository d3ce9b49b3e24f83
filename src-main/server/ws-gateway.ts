/**
 * The IPC contract over WebSocket: enforces the viewer/operator split, validates every request with
 * the contract's validator, forwards it to the engine, answers in the contract's envelope, and pushes
 * events to every client. Frames and status to a slow client are dropped (its socket buffer is full)
 * rather than queued without bound; alarm events are always sent. Nothing is buffered without bound
 * either: a socket may have only so many requests in flight (more are answered 'busy'), and a socket
 * whose unread output passes a hard limit is cut off.
 */
import type { WebSocket } from 'ws';
import { EVENT_NAMES } from '../../src-shared/ipc/contract';
import type { EventName } from '../../src-shared/ipc/contract';
import { ContractError } from '../../src-shared/ipc/contract-error';
import { toEnvelope, toErrorBody } from '../../src-shared/ipc/envelope';
import { validateRequest } from '../../src-shared/ipc/validate-request';
import { decodeWire, encodeWire } from '../../src-shared/ipc/wire';
import type { ClientMessage, ServerMessage } from '../../src-shared/ipc/wire';
import type { EngineHandle } from '../engine/engine-api';
import { MUTATING_REQUESTS } from './access';
import type { Caller } from './access';

/** Events that may be skipped for a slow client: the next one supersedes them. */
const DROPPABLE: ReadonlySet<EventName> = new Set<EventName>(['stream:frame', 'status:changed']);

/** How much one client may ask for and leave unread. */
export interface GatewayLimits {
  /** A client whose socket holds more than this is skipped for frames and status. */
  readonly skipFramesAboveBytes: number;
  /** A client whose socket holds more than this when a message is due is disconnected. */
  readonly disconnectAboveBytes: number;
  /** Requests one socket may have awaiting an answer; the next ones are answered 'busy'. */
  readonly maxInFlightRequests: number;
}

/** Live connections plus counters for /metrics. */
export interface WsGateway {
  /** Serve one authorised socket until it closes; a named operator's requests carry their name to the audit trail. */
  accept(socket: WebSocket, caller: Caller): void;
  readonly clientCount: number;
  readonly framesDropped: number;
  close(): void;
}

/**
 * Wire the engine's events to clients and their requests to `engine.request` (in the server, the
 * settings router in front of the engine), within `limits`.
 */
export function createWsGateway(engine: Pick<EngineHandle, 'request' | 'subscribe'>, limits: GatewayLimits): WsGateway {
  const clients = new Set<WebSocket>();
  let framesDropped = 0;
  const unsubscribes = EVENT_NAMES.map((name) =>
    engine.subscribe(name, (payload) => {
      if (clients.size === 0) return;
      const text = encodeWire({ t: 'evt', name, payload } as ServerMessage);
      for (const socket of clients) {
        if (socket.readyState !== socket.OPEN) continue;
        if (DROPPABLE.has(name) && socket.bufferedAmount > limits.skipFramesAboveBytes) {
          framesDropped++;
          continue;
        }
        send(socket, text);
      }
    }),
  );

  /**
   * Send unless the client has stopped reading: past the hard limit it is terminated, not closed, since
   * a close frame would only queue behind what it does not read (ws would wait 30 s before giving up).
   */
  function send(socket: WebSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.disconnectAboveBytes) return void socket.terminate();
    socket.send(text);
  }

  function accept(socket: WebSocket, caller: Caller): void {
    let inFlight = 0;
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
      if (inFlight >= limits.maxInFlightRequests) return void send(socket, encodeWire(busy(message.id)));
      inFlight++;
      void answer(message, caller).then((reply) => {
        inFlight--;
        send(socket, encodeWire(reply));
      });
    });
    socket.send(encodeWire(caller.person === null ? { t: 'hello', role: caller.role } : { t: 'hello', role: caller.role, person: caller.person }));
  }

  async function answer(message: ClientMessage, caller: Caller): Promise<ServerMessage> {
    const { id, name, args } = message;
    const envelope = await toEnvelope(() => {
      // An unknown name is no mutating request: validateRequest refuses it.
      if (caller.role === 'viewer' && MUTATING_REQUESTS.has(name)) throw new ContractError('forbidden', `A viewer token cannot ${name}; use an operator token.`);
      return caller.person === null ? engine.request(name, validateRequest(name, args)) : engine.request(name, validateRequest(name, args), caller.person);
    });
    return { t: 'res', id, ...envelope };
  }

  function busy(id: number): ServerMessage {
    const message = `Too many requests at once: ${limits.maxInFlightRequests} requests are still awaiting an answer on this connection; try again when they are answered.`;
    return { t: 'res', id, ok: false, error: toErrorBody(new ContractError('busy', message)) };
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
