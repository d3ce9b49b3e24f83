/**
 * The renderer's API object in Electron, built from an ipcRenderer-like object so the contract test can
 * run it over an in-memory channel. Requests go through ipcRenderer.invoke (one channel per request);
 * events arrive on a MessagePort that main hands over on EVENT_PORT_CHANNEL. The port stays here: a
 * port cannot cross contextBridge, so the page only ever sees subscribe().
 */
import type { EventName, EventPayloads, RequestArgs, RequestName, RequestResult, StationwatchApi, Unsubscribe } from '../../src-shared/ipc/contract';
import { EVENT_PORT_CHANNEL, IpcRequestError } from './ipc-channels';
import type { IpcEnvelope, PortEvent } from './ipc-channels';

/** A MessagePort as the preload sees it (DOM MessagePort). */
export interface EventPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  start(): void;
  close(): void;
}

/** The parts of ipcRenderer the preload uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: { readonly ports: readonly EventPort[] }, ...args: unknown[]) => void): unknown;
}

/** Build the one object the preload exposes as window.stationwatch. */
export function createPreloadApi(ipc: RendererIpc): StationwatchApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  // One port per source: 'engine' (straight from the engine's process) and 'main' (main's own events).
  const ports = new Map<string, EventPort>();

  // Main sends fresh ports after each page load, and a new engine port after each engine restart;
  // the newest port of a source replaces the old one.
  ipc.on(EVENT_PORT_CHANNEL, (event, source) => {
    const next = event.ports[0];
    if (next === undefined) return;
    const key = typeof source === 'string' ? source : 'engine';
    ports.get(key)?.close();
    ports.set(key, next);
    next.onmessage = ({ data }) => {
      const message = data as PortEvent;
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload as never);
    };
    next.start();
  });

  return {
    async request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
      const envelope = (await ipc.invoke(name, args)) as IpcEnvelope;
      if (!envelope.ok) throw new IpcRequestError(envelope.error.code, envelope.error.message);
      return envelope.result as RequestResult<N>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
  };
}
