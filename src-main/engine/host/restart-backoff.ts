/**
 * When the supervisor's restart backoff starts over: delays come from core/backoff (doubling from
 * `initialMs` up to `maxMs`), and the sequence goes back to `initialMs` once an engine has run for
 * `stableMs` (so one crash a day never waits 30 s, but a crash loop does not spin).
 */
import type { ExponentialBackoff } from '../../core/backoff';

/** Backoff settings for engine restarts. */
export interface BackoffPolicy extends ExponentialBackoff {
  /** An engine that ran at least this long before crashing resets the sequence. */
  readonly stableMs: number;
}

/** 0.5 s, 1 s, 2 s … 30 s; reset after a minute of stable running. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/**
 * The attempt number to use for the next restart, given how long the crashed engine had been
 * running (null = it never became ready).
 */
export function nextAttempt(previousAttempt: number, ranForMs: number | null, policy: BackoffPolicy): number {
  return ranForMs !== null && ranForMs >= policy.stableMs ? 0 : previousAttempt;
}
