import type { HistoryStore, RetentionPolicy, RetentionResult } from '../../core/ports';

/**
 * Runs the retention job now and then every intervalMs (default hourly). Failures (database away)
 * are reported and the next run tries again. Returns a function that stops the schedule.
 */
export function scheduleRetention(
  store: Pick<HistoryStore, 'runRetention'>,
  policy: () => RetentionPolicy,
  options: { intervalMs?: number; now?: () => number; onResult?: (result: RetentionResult | Error) => void } = {},
): () => void {
  const now = options.now ?? Date.now;
  let running = false;
  const run = (): void => {
    if (running) return;
    running = true;
    store
      .runRetention(policy(), now())
      .then((result) => options.onResult?.(result), (error: unknown) => options.onResult?.(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, 0);
  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  timer.unref?.();
  first.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
