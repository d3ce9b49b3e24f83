/**
 * The parent's side of the engine: an EngineHandle over a carrier (worker thread, child process,
 * utilityProcess) that also supervises it — a crashed engine is restarted with backoff, in-flight
 * requests are rejected with a clear message, and the caller hears about each restart.
 */
import type { EventName, EventPayloads, RequestName, RequestResult, Unsubscribe, ValidRequestArgs } from '../../../src-shared/ipc/contract';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { fromErrorBody } from '../../../src-shared/ipc/envelope';
import type { EngineHandle, EngineOptions, StopReport } from '../engine-api';
import type { CarrierFactory } from './carriers';
import type { CarrierExit, EngineCarrier, EngineMessage, EventPortLike } from '../protocol';
import type { PushOutcome, PushRoute } from '../../core/push-outcome';
import { backoffDelay } from '../../core/backoff';
import { DEFAULT_BACKOFF, nextAttempt } from './restart-backoff';
import type { BackoffPolicy } from './restart-backoff';

/** idle → starting → running ⇄ restarting; stopped after stop(); failed when a start() or restart() failed. */
export type EngineHostState = 'idle' | 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

/** Told to the caller on every crash restart, so it can raise a system alarm or show it. */
export interface EngineRestartInfo {
  /** Restarts since the host was created. */
  readonly restarts: number;
  readonly delayMs: number;
  /** Plain-language reason, e.g. "exit code 1" or "signal SIGKILL". */
  readonly reason: string;
  readonly at: number;
}

export interface EngineHostOptions {
  readonly createCarrier: CarrierFactory;
  /**
   * The engine's options, or a function read at every (re)start: a restart after a crash then starts the
   * engine with the settings saved since, not with those of the first start.
   */
  readonly engineOptions: EngineOptions | (() => EngineOptions);
  /** Events the engine should forward to this host; default all (Electron main may want fewer). */
  readonly events?: readonly EventName[];
  readonly requestTimeoutMs?: number;
  readonly initTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly onRestart?: (info: EngineRestartInfo) => void;
  readonly onStateChange?: (state: EngineHostState) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Session {
  readonly carrier: EngineCarrier;
  readonly pending: Map<number, Pending>;
  readyAt: number | null;
  isStopping: boolean;
  /** What the engine said about its graceful stop. */
  stopReport: StopReport | null;
  /** Set for restarts after a crash: an early death schedules another attempt instead of failing. */
  readonly isSupervisedEarly: boolean;
  /** What the engine said when it could not go on (a `fatal` message), the restart's reason. */
  fatal: string | null;
  exited: Promise<CarrierExit>;
}

/** Rejection message for requests caught in a crash. */
export const ENGINE_RESTARTED_MESSAGE = 'The engine restarted; try again.';

/** Supervising EngineHandle; call start() once, then use it like the engine itself. */
export class EngineHost implements EngineHandle {
  private session: Session | null = null;
  /** Set by restart(newOptions) when the host was given fixed options (a function is always read afresh). */
  private options: EngineOptions | null = null;
  private currentState: EngineHostState = 'idle';
  private restartCount = 0;
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Why the engine was last restarted after a crash, passed to the next engine for its system alarm. */
  private lastRestartReason: string | null = null;
  private nextId = 1;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly backoff: BackoffPolicy;

  constructor(private readonly host: EngineHostOptions) {
    this.backoff = host.backoff ?? DEFAULT_BACKOFF;
  }

  get state(): EngineHostState {
    return this.currentState;
  }
  get restarts(): number {
    return this.restartCount;
  }
  /** OS pid of the engine process (null for a worker thread or when none runs). */
  get pid(): number | null {
    return this.session?.carrier.pid ?? null;
  }

  /** Start the engine; resolves when it is ready, rejects with the engine's own message if it cannot start. */
  async start(): Promise<void> {
    this.setState('starting');
    await this.launch(false).catch((error: unknown) => {
      this.setState('failed');
      throw error;
    });
  }

  /** The options of the next launch: the host's function, read now; else the ones restart() was given, else the host's. */
  private currentOptions(): EngineOptions {
    const given = this.host.engineOptions;
    if (typeof given === 'function') return given();
    return this.options ?? given;
  }

  /** Restart only the engine, e.g. with a new connection profile. Not counted as a crash. */
  async restart(newOptions?: EngineOptions): Promise<void> {
    if (newOptions !== undefined) this.options = newOptions;
    this.clearRestartTimer();
    if (this.session !== null) await this.stopSession(this.session);
    this.attempt = 0;
    await this.start();
  }

  /**
   * Stop the engine gracefully and say how it went. The engine is told before anyone hears of the state
   * change, so a state listener that fails cannot keep the engine from flushing and committing.
   */
  async stop(): Promise<StopReport | null> {
    this.clearRestartTimer();
    const stopping = this.session === null ? Promise.resolve(null) : this.stopSession(this.session);
    this.setState('stopped');
    return stopping;
  }

  request<N extends RequestName>(name: N, args: ValidRequestArgs<N>, by?: string): Promise<RequestResult<N>> {
    const session = this.session;
    if (session === null || session.readyAt === null || session.isStopping) {
      const message = this.currentState === 'restarting' || this.currentState === 'starting' ? 'The engine is restarting; try again.' : 'The engine is not running.';
      return Promise.reject(new ContractError('unavailable', message));
    }
    const id = this.nextId++;
    const timeoutMs = this.host.requestTimeoutMs ?? 30_000;
    return new Promise<RequestResult<N>>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.pending.delete(id);
        reject(new ContractError('timeout', `The engine did not answer ${name} within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      const settle = (value: unknown): void => resolve((name === 'pipeline:status' ? this.withRestarts(value as PipelineStatus) : value) as RequestResult<N>);
      session.pending.set(id, { resolve: settle, reject, timer });
      session.carrier.postMessage(by === undefined ? { type: 'request', id, name, args } : { type: 'request', id, name, args, by });
    });
  }

  /**
   * Hands one HTTP push body to the engine (headless mode); resolves with what the client is to be told.
   * While no engine runs (a restart) it resolves 'unavailable' rather than rejecting: the client may resend.
   */
  push(route: PushRoute, body: Uint8Array): Promise<PushOutcome> {
    const session = this.session;
    if (session === null || session.readyAt === null || session.isStopping) return Promise.resolve({ status: 'unavailable', detail: 'the engine is restarting; try again' });
    const id = this.nextId++;
    const timeoutMs = this.host.requestTimeoutMs ?? 30_000;
    return new Promise<PushOutcome>((resolve) => {
      const unavailable = (detail: string): void => resolve({ status: 'unavailable', detail });
      const timer = setTimeout(() => {
        session.pending.delete(id);
        unavailable(`the engine did not answer within ${timeoutMs / 1000} s; try again`);
      }, timeoutMs);
      session.pending.set(id, { resolve: (value) => resolve(value as PushOutcome), reject: (error) => unavailable(error.message), timer });
      session.carrier.postMessage({ type: 'push', id, route, body });
    });
  }

  /**
   * Hands the engine a port on which it posts every event for a renderer. False when no engine runs or
   * its carrier cannot transfer ports; callers attach a fresh port after each (re)start.
   */
  attachEventPort(port: EventPortLike): boolean {
    const carrier = this.session?.carrier;
    if (carrier?.attachPort === undefined || this.session?.isStopping) return false;
    carrier.attachPort(port);
    return true;
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => void set.delete(entry);
  }

  private launch(isSupervisedEarly: boolean): Promise<void> {
    const carrier = this.host.createCarrier();
    let markExited: (exit: CarrierExit) => void = () => undefined;
    const exited = new Promise<CarrierExit>((resolve) => (markExited = resolve));
    const session: Session = { carrier, pending: new Map(), readyAt: null, isStopping: false, stopReport: null, fatal: null, isSupervisedEarly, exited };
    this.session = session;
    return new Promise<void>((resolve, reject) => {
      const initTimeoutMs = this.host.initTimeoutMs ?? 60_000;
      const initTimer = setTimeout(() => {
        reject(new ContractError('init-timeout', `The engine did not start within ${initTimeoutMs / 1000} s.`));
        carrier.terminate();
      }, initTimeoutMs);
      carrier.onMessage((message) => {
        if (message.type === 'ready') {
          clearTimeout(initTimer);
          session.readyAt = Date.now();
          if (this.session === session && !session.isStopping) this.setState('running');
          resolve();
        } else if (message.type === 'init-failed') {
          clearTimeout(initTimer);
          reject(new ContractError('init-failed', message.message));
          carrier.terminate();
        } else this.onMessage(session, message);
      });
      carrier.onExit((exit) => {
        clearTimeout(initTimer);
        markExited(exit);
        reject(new ContractError('engine-exited', `The engine exited while starting (${describeExit(exit)}).`));
        this.onExit(session, exit);
      });
      const options: EngineOptions = { ...this.currentOptions(), restartCount: this.restartCount, ...(this.lastRestartReason !== null ? { restartReason: this.lastRestartReason } : {}) };
      carrier.postMessage({ type: 'init', options, ...(this.host.events ? { events: this.host.events } : {}) });
    });
  }

  private onMessage(session: Session, message: EngineMessage): void {
    if (message.type === 'response') {
      const pending = session.pending.get(message.id);
      if (pending === undefined) return;
      session.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(fromErrorBody(message.error));
    } else if (message.type === 'stopped') {
      session.stopReport = message.report ?? null;
    } else if (message.type === 'fatal') {
      session.fatal = message.message;
    } else if (message.type === 'event') {
      const payload = message.name === 'status:changed' ? this.withRestarts(message.payload as PipelineStatus) : message.payload;
      for (const listener of this.listeners.get(message.name) ?? []) listener(payload as never);
    }
  }

  private onExit(session: Session, exit: CarrierExit): void {
    const error = session.isStopping ? new ContractError('engine-stopped', 'The engine stopped.') : new ContractError('engine-restarted', ENGINE_RESTARTED_MESSAGE);
    for (const pending of session.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    session.pending.clear();
    if (this.session !== session || session.isStopping) return;
    if (session.readyAt === null && !session.isSupervisedEarly) {
      this.session = null;
      return; // start() reports this failure to its caller.
    }
    this.scheduleRestart(session, session.fatal ?? describeExit(exit));
  }

  private scheduleRestart(crashed: Session, reason: string): void {
    this.attempt = nextAttempt(this.attempt, crashed.readyAt === null ? null : Date.now() - crashed.readyAt, this.backoff);
    const delayMs = backoffDelay(this.attempt, this.backoff);
    this.attempt++;
    this.restartCount++;
    this.session = null;
    this.setState('restarting');
    this.lastRestartReason = reason;
    this.host.onRestart?.({ restarts: this.restartCount, delayMs, reason, at: Date.now() });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      // A failed attempt exits the carrier, and onExit schedules the next one.
      this.launch(true).catch(() => undefined);
    }, delayMs);
  }

  private async stopSession(session: Session): Promise<StopReport | null> {
    session.isStopping = true;
    session.carrier.postMessage({ type: 'stop' });
    const timeoutMs = this.host.stopTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    if ((await Promise.race([session.exited, timedOut])) === 'timeout') {
      session.carrier.terminate();
      await session.exited;
    }
    clearTimeout(timer);
    if (this.session === session) this.session = null;
    return session.stopReport;
  }

  private withRestarts(status: PipelineStatus): PipelineStatus {
    return { ...status, engineRestarts: this.restartCount };
  }

  private clearRestartTimer(): void {
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private setState(state: EngineHostState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.host.onStateChange?.(state);
  }
}

function describeExit(exit: CarrierExit): string {
  if (exit.reason !== null) return exit.code === null ? exit.reason : `exit code ${exit.code}: ${exit.reason}`;
  return `exit code ${exit.code ?? 'unknown'}`;
}
