/**
 * How long the supervisor waits before restarting a crashed engine: doubling from `initialMs` up to
 * `maxMs`, and back to `initialMs` once an engine has run for `stableMs` (so one crash a day never
 * waits 30 s, but a crash loop does not spin).
 */

/** Backoff settings for engine restarts. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** An engine that ran at least this long before crashing resets the sequence. */
  readonly stableMs: number;
}

/** 0.5 s, 1 s, 2 s … 30 s; reset after a minute of stable running. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/** Delay before restart number `attempt` (0-based) of an unbroken crash sequence. */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

/**
 * The attempt number to use for the next restart, given how long the crashed engine had been
 * running (null = it never became ready).
 */
export function nextAttempt(previousAttempt: number, ranForMs: number | null, policy: BackoffPolicy): number {
  return ranForMs !== null && ranForMs >= policy.stableMs ? 0 : previousAttempt;
}
