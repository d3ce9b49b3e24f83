import { createApiClient } from '../../src-shared/ipc/api-client';
import type { StationwatchApi, Unsubscribe } from '../../src-shared/ipc/contract';
import { decodeWire } from '../../src-shared/ipc/wire';
import type { ServerMessage } from '../../src-shared/ipc/wire';
import { createWireTransport } from '../../src-shared/ipc/wire-transport';

/** Transport state of the browser client, shown in the header. */
export type TransportState = 'connecting' | 'open' | 'closed';

/** The part of the DOM WebSocket this client uses, so tests can pass a fake. */
export type SocketLike = Pick<WebSocket, 'readyState' | 'onopen' | 'onclose' | 'onerror' | 'onmessage' | 'send' | 'close'>;

/** The contract API plus what only a network client has: a connection state and a role. */
export interface WsApi extends StationwatchApi {
  state(): TransportState;
  /** 'viewer' servers refuse operator actions; null until the server said hello. */
  role(): 'viewer' | 'operator' | null;
  /** The named operator whose token this page uses (the server's hello says so), else null. */
  person(): string | null;
  /** Called after every hello: the role and person it granted. */
  onHello(listener: () => void): Unsubscribe;
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
  /**
   * An open socket that brings nothing for this long counts as lost (default 20 s; the server pushes
   * status every second): a cut network cable or a sleeping laptop leaves a half-open socket that
   * never closes by itself.
   */
  readonly silenceTimeoutMs?: number;
  readonly now?: () => number;
}

const OPEN = 1;

/**
 * The browser's StationwatchApi over the headless server's WebSocket: the contract's API client over
 * the wire transport (src-shared/ipc/wire-transport.ts), on a socket this client keeps open. Reconnects
 * with exponential backoff; requests pending when the socket drops are rejected, so no caller waits
 * forever; a request made while disconnected is rejected at once. An open socket silent for longer than
 * silenceTimeoutMs is treated as dropped.
 */
export function createWsApi(url: string, options: WsApiOptions): WsApi {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const silenceMs = options.silenceTimeoutMs ?? 20_000;
  const now = options.now ?? Date.now;
  let lastHeardAt = 0;
  const stateListeners = new Set<(state: TransportState) => void>();
  let socket: SocketLike | null = null;
  let state: TransportState = 'connecting';
  let role: 'viewer' | 'operator' | null = null;
  let person: string | null = null;
  const helloListeners = new Set<() => void>();
  let attempt = 0;
  let closed = false;

  const wire = createWireTransport({
    write(text) {
      if (socket === null || socket.readyState !== OPEN) return false;
      socket.send(text);
      return true;
    },
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    setTimer,
    clearTimer,
  });

  function setState(next: TransportState): void {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(): void {
    setState('connecting');
    const ws = options.createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      lastHeardAt = now();
      setState('open');
      watchSilence(ws);
    };
    ws.onmessage = (ev) => {
      lastHeardAt = now();
      if (typeof ev.data !== 'string') return;
      const message = decodeWire<ServerMessage>(ev.data);
      if (message.t === 'hello') {
        role = message.role;
        person = message.person ?? null;
        for (const listener of helloListeners) listener();
      } else wire.receive(message);
    };
    ws.onerror = () => {
      // The close event that follows does the work.
    };
    ws.onclose = () => lose(ws);
  }

  /** The socket is gone (closed, or silent too long): reject what waits, say so, and try again with backoff. */
  function lose(ws: SocketLike): void {
    if (socket !== ws) return;
    socket = null;
    role = null;
    person = null;
    wire.abandonPending('The connection to the server was lost.');
    setState('closed');
    if (closed) return;
    const delay = Math.min(maxDelay, baseDelay * 2 ** attempt);
    attempt++;
    setTimer(connect, delay);
  }

  /** Check a few times per silence limit whether the open socket still brings anything. */
  function watchSilence(ws: SocketLike): void {
    setTimer(() => {
      if (socket !== ws) return;
      if (now() - lastHeardAt <= silenceMs) return watchSilence(ws);
      lose(ws);
      ws.close();
    }, Math.max(1000, silenceMs / 3));
  }

  connect();

  return {
    ...createApiClient(wire),
    state: () => state,
    role: () => role,
    person: () => person,
    onHello(listener) {
      helloListeners.add(listener);
      return () => helloListeners.delete(listener);
    },
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

/**
 * This page's path, query and fragment without ?token=, or null when it carries none: what the address
 * bar should show once the socket URL holds the token (see chooseApi).
 */
export function pageUrlWithoutToken(location: { readonly href: string }): string | null {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** ws(s)://<host>/ws for this page, carrying the page's ?token= if it has one. */
export function serverSocketUrl(location: { readonly protocol: string; readonly host: string; readonly search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return token === null ? base : `${base}?token=${encodeURIComponent(token)}`;
}
