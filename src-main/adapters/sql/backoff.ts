/** Exponential retry delay with jitter, cancellable so close() never waits out a long sleep. */
export class Backoff {
  private delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.delay = initialMs;
  }

  /** Sleeps the current delay (±20 %), then doubles it up to the maximum. */
  wait(): Promise<void> {
    const ms = this.delay * (0.8 + Math.random() * 0.4);
    this.delay = Math.min(this.maxMs, this.delay * 2);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  reset(): void {
    this.delay = this.initialMs;
  }

  /** Ends a pending wait at once. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.wake?.();
    this.timer = null;
    this.wake = null;
  }
}
