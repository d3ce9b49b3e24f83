/**
 * The engine protocol: what a host (Electron main, the headless server, tests) and the engine process
 * say to each other. The same messages travel over a worker thread, a forked child process or an
 * Electron utilityProcess port; each of those is wrapped as an `EngineCarrier`.
 * Messages are structured-clone data (typed arrays survive; child processes use
 * `serialization: 'advanced'`), and answers cross in the contract's envelope: errors as
 * `{ code, message }`, never as Error objects (src-shared/ipc/envelope.ts).
 */
import type { EventName, RequestName } from '../../src-shared/ipc/contract';
import type { Envelope } from '../../src-shared/ipc/envelope';
import type { EngineOptions, StopReport } from './engine-api';
import type { PushRoute } from '../core/push-outcome';

/** Host → engine. */
export type HostMessage =
  /** `events` lists the events the engine should forward; omitted = all of them. */
  | { readonly type: 'init'; readonly options: EngineOptions; readonly events?: readonly EventName[] }
  /** `by`: the person asking, when the host knows it (EngineHandle.request). */
  | { readonly type: 'request'; readonly id: number; readonly name: RequestName; readonly args: unknown; readonly by?: string }
  /** An HTTP push body (headless mode), answered with a `response` whose result is a PushOutcome. */
  | { readonly type: 'push'; readonly id: number; readonly route: PushRoute; readonly body: Uint8Array }
  | { readonly type: 'stop' }
  /**
   * A MessagePort for the renderer: the engine posts every event on it as `{ name, payload }`, so frames
   * reach the window without queuing behind main (docs/DESIGN.md "Processes"). It travels in the transfer
   * list; carriers that cannot transfer ports (a forked child) never send this. A newer port replaces
   * the previous one.
   */
  | { readonly type: 'attach-port'; readonly port?: EventPortLike };

/** Engine → host. */
export type EngineMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly message: string }
  | ({ readonly type: 'response'; readonly id: number } & Envelope)
  | { readonly type: 'event'; readonly name: EventName; readonly payload: unknown }
  | { readonly type: 'stopped'; readonly report?: StopReport }
  /**
   * The engine cannot go on (the store refused a write, so nothing after it may count as durable). It ends
   * itself right after; the host restarts it and gives `message` as the restart's reason.
   */
  | { readonly type: 'fatal'; readonly message: string };

/** How (and whether) the engine's process or thread ended. */
export interface CarrierExit {
  readonly code: number | null;
  /** Signal name, or a short description of an error that ended it. */
  readonly reason: string | null;
}

/** A MessagePort (worker_threads, DOM or Electron's MessagePortMain) as the engine uses it. */
export interface EventPortLike {
  postMessage(message: unknown): void;
  close(): void;
  start?(): void;
}

/**
 * The parent's end of whatever runs the engine. `onExit` fires once, whether the engine stopped,
 * crashed or was terminated.
 */
export interface EngineCarrier {
  postMessage(message: HostMessage): void;
  /** Hands the engine a port for renderer events; absent when the carrier cannot transfer ports. */
  attachPort?(port: EventPortLike): void;
  onMessage(listener: (message: EngineMessage) => void): void;
  onExit(listener: (exit: CarrierExit) => void): void;
  /** Ends the engine at once (no flush). */
  terminate(): void;
  /** OS process id when the carrier is a process; null for a thread. */
  readonly pid: number | null;
}

/** The engine's end: the entry script wraps parentPort / process.send / Electron's parentPort as this. */
export interface EnginePort {
  postMessage(message: EngineMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
}

/** True when a value looks like an engine message; guards against junk arriving on a shared channel. */
export function isEngineMessage(value: unknown): value is EngineMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'init-failed' || type === 'response' || type === 'event' || type === 'stopped' || type === 'fatal';
}

/** True when a value looks like a host message. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'init' || type === 'request' || type === 'push' || type === 'stop' || type === 'attach-port';
}
