/**
 * One delivery with its retries: an attempt, and on a failure that may heal another after an
 * exponential backoff (the engine's one backoff, core/backoff.ts), up to the channel's retry count.
 * Every attempt is reported (the delivery log records them all).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../../core/backoff';
import type { DeliveryFailure } from './notify-errors';

/** A failure already described in plain words (an HTTP status, a refused address). */
export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.message);
    this.name = 'DeliveryError';
  }
}

/** One attempt's outcome. */
export interface DeliveryAttempt {
  /** 1-based. */
  readonly attempt: number;
  readonly at: number;
  readonly isOk: boolean;
  readonly error: string | null;
}

/** How the whole delivery ended. */
export interface DeliveryResult {
  readonly isOk: boolean;
  readonly attempts: readonly DeliveryAttempt[];
  /** The last failure in words; null when delivered. */
  readonly error: string | null;
}

export interface RetryOptions {
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Wall clock for the attempt records. */
  readonly now: () => number;
  /** Called after each attempt (the delivery log writes it). */
  readonly onAttempt?: (attempt: DeliveryAttempt) => Promise<void> | void;
  /** Waits between attempts; tests may pass a faster one. */
  readonly wait?: (ms: number) => Promise<void>;
}

const MAX_RETRY_DELAY_MS = 60_000;

/** Runs `send` until it succeeds, fails for good, or the retries are used up. */
export async function sendWithRetries(send: () => Promise<void>, describe: (error: unknown) => DeliveryFailure, options: RetryOptions): Promise<DeliveryResult> {
  const attempts: DeliveryAttempt[] = [];
  const wait = options.wait ?? ((ms: number) => sleep(ms).then(() => undefined));
  for (let attempt = 1; ; attempt += 1) {
    let failure: DeliveryFailure | null = null;
    try {
      await send();
    } catch (error) {
      failure = error instanceof DeliveryError ? error.failure : describe(error);
    }
    const record: DeliveryAttempt = { attempt, at: options.now(), isOk: failure === null, error: failure?.message ?? null };
    attempts.push(record);
    await options.onAttempt?.(record);
    if (failure === null) return { isOk: true, attempts, error: null };
    if (!failure.isRetryable || attempt > options.retries) return { isOk: false, attempts, error: failure.message };
    await wait(backoffDelay(attempt - 1, { initialMs: options.retryDelayMs, maxMs: MAX_RETRY_DELAY_MS }));
  }
}
