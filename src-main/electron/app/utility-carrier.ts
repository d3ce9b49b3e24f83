/**
 * The engine in an Electron utilityProcess (a Node.js child process that Chromium's process model
 * manages; it sandboxes nothing but keeps the engine off main's event loop). Implements the same
 * EngineCarrier as the worker-thread and child-process carriers of src-main/engine/host/carriers.ts.
 * The fork function is passed in (utilityProcess.fork in the app), so this file does not import
 * electron and its tests run in plain Node.
 */
import { isEngineMessage } from '../../engine/protocol';
import type { CarrierExit, EngineCarrier, HostMessage } from '../../engine/protocol';

/** The parts of Electron's UtilityProcess the carrier uses. */
export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown, transfer?: unknown[]): void;
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string) => void): unknown;
}

/** Starts the engine script; in the app: (path) => utilityProcess.fork(path, [], { serviceName: 'Stationwatch engine' }). */
export type UtilityFork = (modulePath: string) => UtilityChild;

/** A carrier over one utility process running `entryPath` (dist/engine/engine-entry.cjs). */
export function utilityCarrier(fork: UtilityFork, entryPath: string): EngineCarrier {
  const child = fork(entryPath);
  let hasSpawned = false;
  let hasExited = false;
  let lastError: string | null = null;
  // Messages (and port handovers) sent before 'spawn' wait here, in order, so neither `init` nor the
  // renderer's event port is lost to a process not yet running.
  const queue: { readonly message: HostMessage; readonly transfer?: unknown[] }[] = [];
  const exitListeners: ((exit: CarrierExit) => void)[] = [];
  let exit: CarrierExit | null = null;

  child.on('spawn', () => {
    hasSpawned = true;
    for (const { message, transfer } of queue.splice(0)) {
      if (transfer === undefined) child.postMessage(message);
      else child.postMessage(message, transfer);
    }
  });
  child.on('error', (type, location) => (lastError = `${type} at ${location}`));
  child.on('exit', (code) => {
    if (hasExited) return;
    hasExited = true;
    exit = { code, reason: lastError };
    for (const listener of exitListeners.splice(0)) listener(exit);
  });

  return {
    get pid() {
      return child.pid ?? null;
    },
    postMessage(message) {
      if (hasExited) return; // the exit listener reports the death
      if (hasSpawned) child.postMessage(message);
      else queue.push({ message });
    },
    // Electron delivers the port to the engine as event.ports[0] (see engine-port.ts). Before 'spawn' the
    // handover waits in the queue like any message (the host already told main it was attached).
    attachPort(port) {
      if (hasExited) return;
      if (hasSpawned) child.postMessage({ type: 'attach-port' }, [port]);
      else queue.push({ message: { type: 'attach-port' }, transfer: [port] });
    },
    onMessage(listener) {
      child.on('message', (message) => {
        if (isEngineMessage(message)) listener(message);
      });
    },
    onExit(listener) {
      if (exit !== null) listener(exit);
      else exitListeners.push(listener);
    },
    terminate() {
      if (!hasExited) child.kill();
    },
  };
}
