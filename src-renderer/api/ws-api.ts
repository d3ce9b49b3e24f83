import type { EventName, EventPayloads, RequestArgs, RequestName, RequestResult, StationwatchApi, Unsubscribe } from '../../src-shared/ipc/contract';
import { decodeWire, encodeWire } from '../../src-shared/ipc/wire';
import type { ClientMessage, ServerMessage } from '../../src-shared/ipc/wire';

/** Transport state of the browser client, shown in the header. */
export type TransportState = 'connecting' | 'open' | 'closed';

/** The part of the DOM WebSocket this client uses, so tests can pass a fake. */
export type SocketLike = Pick<WebSocket, 'readyState' | 'onopen' | 'onclose' | 'onerror' | 'onmessage' | 'send' | 'close'>;

/** The contract API plus what only a network client has: a connection state and a role. */
export interface WsApi extends StationwatchApi {
  state(): TransportState;
  /** 'viewer' servers refuse operator actions; null until the server said hello. */
  role(): 'viewer' | 'operator' | null;
  onState(listener: (state: TransportState) => void): Unsubscribe;
  /** Stop reconnecting and close. */
  close(): void;
}

export interface WsApiOptions {
  readonly createSocket: (url: string) => SocketLike;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** First reconnect delay; doubles up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A request without an answer after this long is rejected. */
  readonly requestTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: unknown;
}

const OPEN = 1;

/**
 * The browser's StationwatchApi over the headless server's WebSocket (src-shared/ipc/wire.ts).
 * Reconnects with exponential backoff; requests pending when the socket drops are rejected, so no
 * caller waits forever; a request made while disconnected is rejected at once.
 */
export function createWsApi(url: string, options: WsApiOptions): WsApi {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const stateListeners = new Set<(state: TransportState) => void>();
  let socket: SocketLike | null = null;
  let state: TransportState = 'connecting';
  let role: 'viewer' | 'operator' | null = null;
  let nextId = 1;
  let attempt = 0;
  let closed = false;

  function setState(next: TransportState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function rejectAll(reason: string): void {
    for (const [id, p] of pending) {
      clearTimer(p.timer);
      p.reject(new Error(reason));
      pending.delete(id);
    }
  }

  function connect(): void {
    setState('connecting');
    const ws = options.createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') handle(decodeWire<ServerMessage>(ev.data));
    };
    ws.onerror = () => {
      // The close event that follows does the work.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      role = null;
      rejectAll('Connection to the server was lost');
      setState('closed');
      if (closed) return;
      const delay = Math.min(maxDelay, baseDelay * 2 ** attempt);
      attempt++;
      setTimer(connect, delay);
    };
  }

  function handle(message: ServerMessage): void {
    if (message.t === 'hello') {
      role = message.role;
      return;
    }
    if (message.t === 'evt') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload as never);
      return;
    }
    const p = pending.get(message.id);
    if (p === undefined) return;
    pending.delete(message.id);
    clearTimer(p.timer);
    if (message.ok) p.resolve(message.result);
    else p.reject(new Error(message.error.message || message.error.code));
  }

  connect();

  return {
    request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
      const ws = socket;
      if (ws === null || ws.readyState !== OPEN) return Promise.reject(new Error('Not connected to the server'));
      const id = nextId++;
      return new Promise<RequestResult<N>>((resolve, reject) => {
        const timer = setTimer(() => {
          if (pending.delete(id)) reject(new Error(`${name} timed out`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        const message: ClientMessage = { t: 'req', id, name, args };
        ws.send(encodeWire(message));
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    state: () => state,
    role: () => role,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}

/** ws(s)://<host>/ws for this page, carrying the page's ?token= if it has one. */
export function serverSocketUrl(location: { readonly protocol: string; readonly host: string; readonly search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return token === null ? base : `${base}?token=${encodeURIComponent(token)}`;
}
