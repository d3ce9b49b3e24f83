/**
 * Quit only after the engine stopped consuming, flushed the store, committed offsets and closed — but
 * never hang: after `timeoutMs` the app quits anyway (EngineHost then kills the engine process).
 *
 * Three things end the app, and all take this path: a quit (menu, tray, Cmd+Q: 'before-quit'), the OS
 * shutting down or rebooting on Linux and macOS (powerMonitor 'shutdown', which Electron lets us delay),
 * and Windows ending the session (the window's 'session-end'). Electron emits no 'before-quit' for the last
 * two (docs/api/app.md, Event 'before-quit': "on Windows, this event will not be emitted if the app is closed
 * due to a shutdown/restart of the system or a user logout").
 */
import type { StopReport } from '../../engine/engine-api';

export type StopOutcome = 'stopped' | 'timeout' | 'failed';

/** How the engine's stop went: the outcome, and the engine's own report when it gave one. */
export interface StopResult {
  readonly outcome: StopOutcome;
  readonly report: StopReport | null;
}

/** Run `stop` but give up waiting after `timeoutMs`. */
export async function stopWithin(stop: () => Promise<StopReport | null>, timeoutMs: number): Promise<StopResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StopResult>((resolve) => (timer = setTimeout(() => resolve({ outcome: 'timeout', report: null }), timeoutMs)));
  const stopped = stop().then(
    (report): StopResult => ({ outcome: 'stopped', report }),
    (): StopResult => ({ outcome: 'failed', report: null }),
  );
  try {
    return await Promise.race([stopped, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a stop left nothing behind: flushed, committed (where there are offsets) and closed. */
export function isCleanStop(result: StopResult): boolean {
  const report = result.report;
  return result.outcome === 'stopped' && report !== null && report.flushed && report.committed !== false && report.storeClosed;
}

/** One line for the log: what the stop did. */
export function describeStop(result: StopResult): string {
  if (result.outcome !== 'stopped') return `engine shutdown: ${result.outcome}`;
  const report = result.report;
  if (report === null) return 'engine shutdown: stopped (the engine sent no report)';
  const parts = [
    report.flushed ? 'windows flushed' : 'windows NOT flushed',
    report.committed === null ? 'no offsets to commit' : report.committed ? 'offsets committed' : 'offsets NOT committed',
    report.storeClosed ? 'store closed' : 'store NOT closed cleanly',
  ];
  return `engine shutdown: stopped; ${isCleanStop(result) ? 'engine stopped cleanly' : 'engine stopped with losses'}: ${parts.join(', ')}`;
}

/** An Electron event whose default can be prevented. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `app` this uses. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
}

/** Hooks around the stop: `beforeStop` (stop timers), `onOutcome` (log, then tear down the tray). */
export interface QuitHooks {
  beforeStop?(): void;
  onOutcome?(result: StopResult): void;
}

/** The graceful stop, for the paths that are not a quit (system shutdown, session end). */
export interface GracefulQuit {
  /** Stop the engine (once) and quit; resolves when the app was told to quit. */
  stopAndQuit(): Promise<void>;
}

/**
 * Hold the first quit, stop the engine (bounded), then quit for real. Every later quit while stopping is
 * held too, and the engine is stopped once.
 */
export function installGracefulQuit(app: QuittableApp, stopEngine: () => Promise<StopReport | null>, timeoutMs: number, hooks: QuitHooks = {}): GracefulQuit {
  let phase: 'running' | 'stopping' | 'done' = 'running';
  let stopped: Promise<void> | null = null;
  const stopAndQuit = (): Promise<void> => {
    if (phase === 'done') return Promise.resolve();
    stopped ??= (async () => {
      phase = 'stopping';
      hooks.beforeStop?.();
      const result = await stopWithin(stopEngine, timeoutMs);
      phase = 'done';
      try {
        hooks.onOutcome?.(result);
      } catch (error) {
        // A failing hook (a log that cannot be written, a tray already gone) must not keep the app from quitting.
        console.error('stationwatch: after the engine stopped:', error);
      }
      app.quit();
    })();
    return stopped;
  };
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    void stopAndQuit();
  });
  return { stopAndQuit };
}
