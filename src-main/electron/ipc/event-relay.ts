/**
 * The renderer's two event ports. Engine events (frames, alarms, status) travel on a port whose
 * other end lives in the engine's utility process, so frames never queue behind main-process work
 * (docs/DESIGN.md "Processes"); main keeps a second, small port for its own events (e.g. focus a station
 * after a notification click). Main subscribes to the engine only for what it needs itself
 * (alarms for notifications and the tray, status for the tray).
 */
import type { EventName, EventPayloads } from '../../../src-shared/ipc/contract';
import type { EventPortLike } from '../../engine/protocol';
import type { PortEvent } from './ipc-channels';

/** MessagePortMain as the window code uses it. */
export interface RelayPort extends EventPortLike {
  start(): void;
}

/** Main's own port to the page. */
export interface EventRelay {
  send<E extends EventName>(name: E, payload: EventPayloads[E]): void;
  close(): void;
}

/** Wrap main's end of its port to the page. */
export function openMainPort(port: RelayPort): EventRelay {
  let isOpen = true;
  port.start();
  return {
    send<E extends EventName>(name: E, payload: EventPayloads[E]): void {
      if (isOpen) port.postMessage({ name, payload } satisfies PortEvent<E>);
    },
    close() {
      if (!isOpen) return;
      isOpen = false;
      port.close();
    },
  };
}

/** Which port a page receives: 'engine' events straight from the engine, 'main' events from main. */
export type EventPortSource = 'engine' | 'main';

/** Events main itself needs from the engine; frames are not among them. */
export const MAIN_ENGINE_EVENTS: readonly EventName[] = ['alarm:changed', 'status:changed'];
