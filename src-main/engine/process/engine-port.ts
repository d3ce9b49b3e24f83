/**
 * Finds the channel to the host from inside the engine's process or thread: a worker thread's
 * parentPort, an Electron utilityProcess's `process.parentPort`, or a forked child's IPC channel.
 * No `electron` import: utilityProcess exposes its port on `process` itself.
 */
import { parentPort } from 'node:worker_threads';
import type { EngineMessage, EnginePort, EventPortLike, HostMessage } from '../protocol';

/** The port plus how to end this engine once it has said `stopped`. */
export interface OpenedEnginePort {
  readonly port: EnginePort;
  readonly carrier: 'worker' | 'utility-process' | 'child-process';
  /** Ends the thread or process after pending messages are out. */
  end(): void;
}

/** Electron's utilityProcess port, typed here because this folder never imports electron. */
interface UtilityParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports?: readonly unknown[] }) => void): void;
  postMessage(message: unknown): void;
}

/** Open the host channel of the current process or thread; throws when started with none. */
export function openEnginePort(): OpenedEnginePort {
  if (parentPort !== null) {
    const threadPort = parentPort;
    return {
      carrier: 'worker',
      port: { postMessage: (m) => threadPort.postMessage(m), onMessage: (l) => threadPort.on('message', (m: HostMessage) => l(m)) },
      // Exiting a worker ends only that thread; a tick lets the last postMessage leave.
      end: () => setImmediate(() => process.exit(0)),
    };
  }
  const utilityPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (utilityPort !== undefined) {
    return {
      carrier: 'utility-process',
      port: {
        postMessage: (m) => utilityPort.postMessage(m),
        // Electron delivers transferred ports beside the data, not inside it.
        onMessage: (l) => utilityPort.on('message', (e) => l(withPort(e.data as HostMessage, e.ports?.[0]))),
      },
      end: () => setTimeout(() => process.exit(0), 50),
    };
  }
  if (typeof process.send === 'function') return forkedPort();
  throw new Error('engine-entry must run as a worker thread, a forked child process or an Electron utilityProcess.');
}

function forkedPort(): OpenedEnginePort {
  let pending = 0;
  let ending = false;
  const exitWhenFlushed = (): void => {
    if (ending && pending === 0) process.exit(0);
  };
  // The host died or closed the channel: nobody is left to serve.
  process.on('disconnect', () => process.exit(0));
  return {
    carrier: 'child-process',
    port: {
      postMessage(message: EngineMessage) {
        pending++;
        process.send?.(message, undefined, {}, () => {
          pending--;
          exitWhenFlushed();
        });
      },
      onMessage: (listener) => process.on('message', (m: HostMessage) => listener(m)),
    },
    end() {
      ending = true;
      exitWhenFlushed();
    },
  };
}

function withPort(message: HostMessage, port: unknown): HostMessage {
  return message.type === 'attach-port' && port !== undefined ? { type: 'attach-port', port: port as EventPortLike } : message;
}
