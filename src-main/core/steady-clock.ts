/**
 * Wall time that does not jump. The engine measures durations (stale stations, "no data", idle
 * partitions, frame cadence) on it, so a system clock set back or forward by an hour does not mark every
 * station stale or freeze the watermark. It starts at the wall time and then follows the monotonic clock.
 * How far the wall clock has moved away from it is the clock skew the engine raises a system alarm for.
 */

/** A wall-clock jump larger than this (either way) raises the clock-skew system alarm. */
export const CLOCK_SKEW_ALARM_MS = 60_000;

export class SteadyClock {
  private readonly wallAtStart: number;
  private readonly monoAtStart: number;

  constructor(
    private readonly wall: () => number,
    private readonly monotonic: () => number,
  ) {
    this.wallAtStart = wall();
    this.monoAtStart = monotonic();
  }

  /**
   * Whole epoch ms that advance with the monotonic clock from the wall time at start. Whole, like
   * Date.now(): times are stored in bigint columns, and a fractional one is refused by the database.
   */
  now(): number {
    return Math.floor(this.wallAtStart + (this.monotonic() - this.monoAtStart));
  }

  /** The latest of the wall clock and the steady one: "now" for bounds that must not refuse true times after a jump either way. */
  latest(): number {
    return Math.max(this.wall(), this.now());
  }

  /** Wall clock minus steady clock: positive when the system clock was set forward since the start. */
  skewMs(): number {
    return this.wall() - this.now();
  }
}
