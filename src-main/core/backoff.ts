/**
 * The one retry backoff of the engine and its adapters (Kafka reconnects, database retries, engine
 * restarts): exponential from `initialMs`, doubling per attempt, capped at `maxMs`, optionally spread
 * by a jitter so that clients that failed together do not all retry at the same moment. Pure: the
 * attempt number and the random source are passed in; callers own their timers and attempt counters.
 */

/** How retry delays grow. */
export interface ExponentialBackoff {
  /** Delay before the first retry (attempt 0). */
  readonly initialMs: number;
  /** No delay (before jitter) is longer than this. */
  readonly maxMs: number;
}

/** Spreads each delay uniformly over ±fraction of itself (0.2: 80 % … 120 %). */
export interface Jitter {
  readonly fraction: number;
  /** Uniform in [0, 1), e.g. Math.random; tests pass a fixed or seeded source. */
  readonly random: () => number;
}

/** Above this exponent every sane policy is at its cap; the clamp keeps 2 ** attempt finite. */
const MAX_EXPONENT = 30;

/**
 * Delay before retry number `attempt` (0-based) of an unbroken run of failures: min(maxMs,
 * initialMs · 2^attempt), then jittered when `jitter` is given (so a capped delay may reach
 * maxMs · (1 + fraction)). A negative attempt counts as 0; any large one gives maxMs.
 */
export function backoffDelay(attempt: number, policy: ExponentialBackoff, jitter?: Jitter): number {
  const exponent = Math.min(Math.max(0, attempt), MAX_EXPONENT);
  const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  if (jitter === undefined) return delay;
  return delay * (1 - jitter.fraction + jitter.random() * 2 * jitter.fraction);
}
