/**
 * Quit only after the engine stopped consuming, flushed the store, committed offsets and closed — but
 * never hang: after `timeoutMs` the app quits anyway (EngineHost then kills the engine process).
 */

export type StopOutcome = 'stopped' | 'timeout' | 'failed';

/** Run `stop` but give up waiting after `timeoutMs`. */
export async function stopWithin(stop: () => Promise<void>, timeoutMs: number): Promise<StopOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StopOutcome>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const stopped = stop().then(
    (): StopOutcome => 'stopped',
    (): StopOutcome => 'failed',
  );
  try {
    return await Promise.race([stopped, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The parts of Electron's `app` this uses. */
export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Hold the first quit, stop the engine (bounded), then quit for real. `beforeStop` runs first
 * (close windows, stop timers); `onOutcome` logs how it went.
 */
export function installGracefulQuit(app: QuittableApp, stopEngine: () => Promise<void>, timeoutMs: number, hooks: { beforeStop?: () => void; onOutcome?: (outcome: StopOutcome) => void } = {}): void {
  let phase: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    hooks.beforeStop?.();
    void stopWithin(stopEngine, timeoutMs).then((outcome) => {
      hooks.onOutcome?.(outcome);
      phase = 'done';
      app.quit();
    });
  });
}
