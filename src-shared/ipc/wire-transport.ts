/**
 * The WebSocket wire as an ApiTransport: request ids, answers matched to their request, time-outs, and
 * events handed on. The socket stays with its owner (the browser's reconnecting client, the tests' Node
 * client), which writes what this encodes and feeds in what it decodes.
 */
import type { ApiTransport } from './api-client';
import type { EventName, RequestName } from './contract';
import { ContractError } from './contract-error';
import type { Envelope } from './envelope';
import { encodeWire } from './wire';
import type { ServerMessage } from './wire';

export interface WireTransportOptions {
  /** Sends one text message; false, and nothing sent, when the connection is not open. */
  readonly write: (text: string) => boolean;
  /** A request without an answer after this long is rejected with 'timeout'. */
  readonly requestTimeoutMs: number;
  // The environment's timers: src-shared has none of its own.
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

/** The transport, plus what the socket's owner tells it. */
export interface WireTransport extends ApiTransport {
  /** One decoded message from the server other than hello: an answer or an event. */
  receive(message: Exclude<ServerMessage, { t: 'hello' }>): void;
  /** The connection dropped: every request still waiting is rejected as 'unavailable' with `reason`. */
  abandonPending(reason: string): void;
}

interface Pending {
  readonly resolve: (envelope: Envelope) => void;
  readonly reject: (error: ContractError) => void;
  timer: unknown;
}

/** Requests and answers over the wire protocol of src-shared/ipc/wire.ts. */
export function createWireTransport(options: WireTransportOptions): WireTransport {
  const pending = new Map<number, Pending>();
  let deliver: (name: EventName, payload: unknown) => void = () => undefined;
  let nextId = 1;

  function send(name: RequestName, args: unknown): Promise<Envelope> {
    const id = nextId++;
    return new Promise<Envelope>((resolve, reject) => {
      const entry: Pending = { resolve, reject, timer: undefined };
      pending.set(id, entry);
      if (!options.write(encodeWire({ t: 'req', id, name, args }))) {
        pending.delete(id);
        return reject(new ContractError('unavailable', 'Not connected to the server.'));
      }
      if (!pending.has(id)) return; // answered while being written (an in-memory socket)
      entry.timer = options.setTimer(() => {
        if (pending.delete(id)) reject(new ContractError('timeout', `The server did not answer ${name} within ${options.requestTimeoutMs / 1000} s.`));
      }, options.requestTimeoutMs);
    });
  }

  function receive(message: Exclude<ServerMessage, { t: 'hello' }>): void {
    if (message.t === 'evt') return deliver(message.name, message.payload);
    const entry = pending.get(message.id);
    if (entry === undefined) return;
    pending.delete(message.id);
    if (entry.timer !== undefined) options.clearTimer(entry.timer);
    entry.resolve(message);
  }

  function abandonPending(reason: string): void {
    const entries = [...pending.values()];
    pending.clear();
    for (const entry of entries) {
      if (entry.timer !== undefined) options.clearTimer(entry.timer);
      entry.reject(new ContractError('unavailable', reason));
    }
  }

  return {
    send,
    onEvent(listener) {
      deliver = listener;
    },
    receive,
    abandonPending,
  };
}
