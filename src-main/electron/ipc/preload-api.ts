/**
 * The renderer's API object in Electron: the contract's API client (src-shared/ipc/api-client.ts) over
 * ipcRenderer, built from an ipcRenderer-like object so the contract test can run it over an in-memory
 * channel. Requests go through ipcRenderer.invoke (one channel per request, answered in the contract's
 * envelope); events arrive on a MessagePort that main hands over on EVENT_PORT_CHANNEL. The port stays
 * here: a port cannot cross contextBridge, so the page only ever sees subscribe().
 */
import { createApiClient } from '../../../src-shared/ipc/api-client';
import type { StationwatchApi } from '../../../src-shared/ipc/contract';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { EVENT_PORT_CHANNEL } from './ipc-channels';
import type { PortEvent } from './ipc-channels';

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
  return createApiClient({
    send: (name, args) => ipc.invoke(name, args) as Promise<Envelope>,
    onEvent(deliver) {
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
          deliver(message.name, message.payload);
        };
        next.start();
      });
    },
  });
}
