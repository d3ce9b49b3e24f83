/**
 * The engine's side of the protocol, independent of the carrier: it waits for `init`, starts the
 * engine, answers requests, forwards events and stops on `stop`. The entry script hands it a port;
 * tests hand it an in-memory one.
 */
import { EVENT_NAMES } from '../../../src-shared/ipc/contract';
import type { RequestName, Unsubscribe, ValidRequestArgs } from '../../../src-shared/ipc/contract';
import { toEnvelope, toErrorBody } from '../../../src-shared/ipc/envelope';
import type { EngineHandle, EngineHooks, EngineOptions, StopReport } from '../engine-api';
import { isHostMessage } from '../protocol';
import { isPushRoute } from '../../core/push-outcome';
import type { EnginePort, EventPortLike, HostMessage } from '../protocol';

/** Starts an engine; the entry passes the real `startEngine`, test entries pass a double. */
export type StartEngine = (options: EngineOptions, hooks?: EngineHooks) => Promise<EngineHandle>;

/**
 * Posts every engine event on `port` as `{ name, payload }` (the renderer's event port) until the
 * returned function is called, which also closes the port.
 */
export function forwardEvents(engine: Pick<EngineHandle, 'subscribe'>, port: EventPortLike): Unsubscribe {
  port.start?.();
  const unsubscribes = EVENT_NAMES.map((name) => engine.subscribe(name, (payload) => port.postMessage({ name, payload })));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    port.close();
  };
}

/**
 * Speak the protocol on `port` until the host says stop. `onStopped` runs after `stopped` was
 * posted, so the entry can end its process or thread.
 */
export function serveEngine(port: EnginePort, start: StartEngine, onStopped: () => void): void {
  let engine: EngineHandle | null = null;
  let starting: Promise<void> | null = null;
  let stopping = false;
  const unsubscribes: Unsubscribe[] = [];
  let eventPort: Unsubscribe | null = null;
  let waitingPort: EventPortLike | null = null;

  // Renderer events go straight out on their own port: every event, as { name, payload }.
  function attach(port: EventPortLike): void {
    if (engine === null) {
      waitingPort?.close();
      waitingPort = port;
      return;
    }
    detach();
    eventPort = forwardEvents(engine, port);
  }

  function detach(): void {
    eventPort?.();
    eventPort = null;
  }

  async function init(message: Extract<HostMessage, { type: 'init' }>): Promise<void> {
    try {
      // An engine that cannot go on says why and ends; the host restarts it with that reason.
      const started = await start(message.options, {
        onFatal: (reason) => {
          if (stopping) return;
          stopping = true;
          port.postMessage({ type: 'fatal', message: reason });
          onStopped();
        },
      });
      engine = started;
      for (const name of message.events ?? EVENT_NAMES) {
        unsubscribes.push(started.subscribe(name, (payload) => port.postMessage({ type: 'event', name, payload })));
      }
      port.postMessage({ type: 'ready' });
      if (waitingPort !== null) {
        const waiting = waitingPort;
        waitingPort = null;
        attach(waiting);
      }
    } catch (error) {
      port.postMessage({ type: 'init-failed', message: toErrorBody(error).message });
    }
  }

  async function answer(id: number, name: RequestName, args: unknown, by: string | undefined): Promise<void> {
    if (engine === null || stopping) {
      port.postMessage({ type: 'response', id, ok: false, error: { code: 'unavailable', message: 'The engine is not running.' } });
      return;
    }
    // The host's callers validated args with validateRequest (src-shared/ipc/validate-request.ts) before they crossed.
    const running = engine;
    const envelope = await toEnvelope(() => running.request(name, args as ValidRequestArgs<typeof name>, by));
    port.postMessage({ type: 'response', id, ...envelope });
  }

  async function answerPush(id: number, route: unknown, body: unknown): Promise<void> {
    const running = engine;
    if (running === null || stopping || !isPushRoute(route) || !(body instanceof Uint8Array)) {
      port.postMessage({ type: 'response', id, ok: true, result: { status: 'unavailable', detail: running === null || stopping ? 'The engine is not running.' : 'not a push' } });
      return;
    }
    const envelope = await toEnvelope(() => running.push?.(route, body) ?? Promise.resolve({ status: 'unavailable', detail: 'this engine takes no pushes' }));
    port.postMessage({ type: 'response', id, ...envelope });
  }

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    await starting?.catch(() => undefined);
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    detach();
    let report: StopReport | null = null;
    try {
      report = (await engine?.stop()) ?? null;
    } finally {
      port.postMessage(report === null ? { type: 'stopped' } : { type: 'stopped', report });
      onStopped();
    }
  }

  port.onMessage((message) => {
    if (!isHostMessage(message)) return;
    switch (message.type) {
      case 'init':
        if (starting === null && !stopping) starting = init(message);
        return;
      case 'request':
        void answer(message.id, message.name, message.args, typeof message.by === 'string' ? message.by : undefined);
        return;
      case 'push':
        void answerPush(message.id, message.route, message.body);
        return;
      case 'stop':
        void stop();
        return;
      case 'attach-port':
        if (message.port !== undefined && !stopping) attach(message.port);
        return;
      default:
        assertNever(message);
    }
  });
}

function assertNever(value: never): never {
  throw new Error(`Unexpected message ${JSON.stringify(value)}`);
}
