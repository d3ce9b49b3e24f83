/**
 * What main and the preload agree on besides the contract itself: the channel that carries the event
 * port, and the shape of one event on it. Request answers travel in the contract's envelope
 * (src-shared/ipc/envelope.ts). Type-only imports keep the preload bundle free of zod and the schemas.
 */
import type { EventName, EventPayloads } from '../../../src-shared/ipc/contract';

/** main → preload: a MessagePort (in event.ports) on which engine events arrive. */
export const EVENT_PORT_CHANNEL = 'stationwatch:event-port';

/** One message on the event port. */
export interface PortEvent<E extends EventName = EventName> {
  readonly name: E;
  readonly payload: EventPayloads[E];
}
