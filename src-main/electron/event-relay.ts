/**
 * Engine events → the renderer's event port. Main holds one end of a MessageChannelMain and the
 * preload the other.
 *
 * Why main relays (for now): the engine protocol (src-main/engine/protocol.ts) has no message that
 * hands the engine a port, so events reach main through EngineHost first. Moving the port into the
 * utility process later changes only this file and utility-carrier.ts; the preload and the renderer
 * already speak to a port.
 */
import { EVENT_NAMES } from '../../src-shared/ipc/contract';
import type { EventName, EventPayloads, Unsubscribe } from '../../src-shared/ipc/contract';
import type { EngineHandle } from '../engine/engine-api';
import type { PortEvent } from './ipc-channels';

/** MessagePortMain as the relay uses it. */
export interface RelayPort {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** A live relay: also carries main's own events (e.g. focus a station after a notification click). */
export interface EventRelay {
  send<E extends EventName>(name: E, payload: EventPayloads[E]): void;
  close(): void;
}

/** Forward every engine event to `port` until closed. */
export function relayEngineEvents(engine: Pick<EngineHandle, 'subscribe'>, port: RelayPort): EventRelay {
  let isOpen = true;
  const send = <E extends EventName>(name: E, payload: EventPayloads[E]): void => {
    if (isOpen) port.postMessage({ name, payload } satisfies PortEvent<E>);
  };
  const unsubscribes: Unsubscribe[] = EVENT_NAMES.map((name) => engine.subscribe(name, (payload) => send(name, payload)));
  port.start();
  return {
    send,
    close() {
      if (!isOpen) return;
      isOpen = false;
      for (const unsubscribe of unsubscribes) unsubscribe();
      port.close();
    },
  };
}
