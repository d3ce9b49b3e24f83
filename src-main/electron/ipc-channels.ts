/**
 * What main and the preload agree on besides the contract itself: the channel that carries the event
 * port, and the envelope every request answer travels in. Type-only imports keep the preload bundle
 * free of zod and the schemas.
 */
import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';

/** main → preload: a MessagePort (in event.ports) on which engine events arrive. */
export const EVENT_PORT_CHANNEL = 'stationwatch:event-port';

/** A request's answer as it crosses ipcMain.handle / ipcRenderer.invoke. Electron would otherwise
 * prefix error messages with "Error invoking remote method …" and drop the code. */
export type IpcEnvelope = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** One message on the event port. */
export interface PortEvent<E extends EventName = EventName> {
  readonly name: E;
  readonly payload: EventPayloads[E];
}

/** A request the renderer's API rejects with; `code` matches the WebSocket wire codes. */
export class IpcRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcRequestError';
  }
}
