/**
 * The timer around core/backoff for retry loops (database writes, start-up reads): each wait() sleeps
 * the next jittered delay, and cancel() ends a pending sleep at once so close() never waits out a
 * long one.
 */
import { backoffDelay, type ExponentialBackoff } from '../../core/backoff';

/** ±20 %: retry loops of several stores that lost the same database do not retry in step. */
const JITTER_FRACTION = 0.2;

/** Sleeps growing delays between the attempts of one retry loop. */
export class RetrySleep {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly policy: ExponentialBackoff,
    private readonly random: () => number = Math.random,
  ) {}

  /** Sleeps the delay of the current attempt, then counts the attempt. */
  wait(): Promise<void> {
    const ms = backoffDelay(this.attempt++, this.policy, { fraction: JITTER_FRACTION, random: this.random });
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  /** Starts over at the initial delay (after a success). */
  reset(): void {
    this.attempt = 0;
  }

  /** Ends a pending wait at once. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.wake?.();
    this.timer = null;
    this.wake = null;
  }
}
