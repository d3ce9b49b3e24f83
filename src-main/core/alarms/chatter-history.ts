/**
 * Recent activation times (event time) per alarm, to flag chattering: `count` or more activations
 * within `windowMs`. Keeps only the last `count` times per alarm, so memory is bounded.
 */
export class ChatterHistory {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
  ) {
    if (!(count >= 2)) throw new Error(`chatterCount must be at least 2, got ${count}`);
  }

  /** Record an activation at event time `at`; true if the alarm is now chattering. */
  onActivation(alarmId: string, at: number): boolean {
    let times = this.times.get(alarmId);
    if (times === undefined) {
      times = [];
      this.times.set(alarmId, times);
    }
    times.push(at);
    if (times.length > this.count) times.shift();
    const oldest = times[0] ?? at;
    return times.length >= this.count && at - oldest <= this.windowMs;
  }

  /** Forget one alarm's history (out of service starts it clean). */
  forget(alarmId: string): void {
    this.times.delete(alarmId);
  }

  /** Forget everything (restore from storage). */
  clear(): void {
    this.times.clear();
  }
}
