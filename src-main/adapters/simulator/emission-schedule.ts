/**
 * When each station sends its next reading, as a binary min-heap of station slots keyed by time
 * (ms since the run's start; ties go to the lower slot, so the order is fully deterministic).
 *
 * Stations are staggered: station i sends at phase_i + k·interval with phase_i = i·interval/N, so
 * readings spread evenly over each interval instead of sharing a timestamp. A station in a burst
 * sends BURST_FACTOR times as often (never faster than once per ms, the wire format's resolution,
 * so a station never sends two readings with the same timestamp) and rejoins its grid afterwards.
 */
import { BURST_FACTOR, spanAt, type StationPlan } from './scenario-plan';

// Guards divisions of grid times that should be whole numbers against floating-point fuzz.
const EPSILON = 1e-7;

/** Next emission time per station, earliest first. */
export class EmissionSchedule {
  private readonly next: Float64Array;
  private readonly count: Float64Array;
  private readonly heap: Int32Array;
  private readonly interval: number;
  private readonly burstInterval: number;

  constructor(
    private readonly stationCount: number,
    ratePerStation: number,
    private readonly plans: readonly (StationPlan | undefined)[],
  ) {
    this.interval = 1000 / ratePerStation;
    this.burstInterval = Math.max(1, this.interval / BURST_FACTOR);
    this.next = new Float64Array(stationCount);
    this.count = new Float64Array(stationCount);
    this.heap = new Int32Array(stationCount);
    for (let i = 0; i < stationCount; i++) {
      this.next[i] = this.phase(i);
      this.heap[i] = i;
      // A burst that begins before the station's first slot starts it early.
      for (const span of plans[i]?.bursts ?? []) if (span.start < (this.next[i] as number)) this.next[i] = Math.max(0, span.start);
    }
    for (let p = (stationCount >> 1) - 1; p >= 0; p--) this.siftDown(p);
  }

  /** Slot of the station that sends next. */
  peekStation(): number {
    return this.heap[0] as number;
  }

  /** When it sends, ms since the run's start. */
  peekTime(): number {
    return this.next[this.heap[0] as number] as number;
  }

  /** Schedules the next station's following reading and restores heap order. */
  advance(): void {
    const i = this.heap[0] as number;
    const plan = this.plans[i];
    if (plan === undefined || plan.bursts.length === 0) {
      this.count[i] = (this.count[i] as number) + 1;
      this.next[i] = this.phase(i) + (this.count[i] as number) * this.interval;
    } else {
      this.next[i] = this.fromBursts(i, plan, this.next[i] as number);
    }
    this.siftDown(0);
  }

  private phase(i: number): number {
    return (i * this.interval) / this.stationCount;
  }

  /** The next emission after `now` for a station with bursts. */
  private fromBursts(i: number, plan: StationPlan, now: number): number {
    const burst = spanAt(plan.bursts, now);
    let candidate: number;
    if (burst !== undefined) {
      const step = Math.floor((now - burst.start) / this.burstInterval + EPSILON) + 1;
      candidate = burst.start + step * this.burstInterval;
      if (candidate >= burst.end) candidate = this.gridAtOrAfter(i, burst.end);
    } else {
      candidate = this.gridAfter(i, now);
    }
    // A burst that begins before the regular slot starts at once.
    for (const span of plan.bursts) if (span.start > now && span.start < candidate) candidate = span.start;
    // Never two readings of one station within a millisecond: they would share a timestamp.
    return Math.max(candidate, now + 1);
  }

  private gridAtOrAfter(i: number, at: number): number {
    const phase = this.phase(i);
    return phase + Math.max(0, Math.ceil((at - phase) / this.interval - EPSILON)) * this.interval;
  }

  private gridAfter(i: number, at: number): number {
    const phase = this.phase(i);
    return phase + Math.max(0, Math.floor((at - phase) / this.interval + EPSILON) + 1) * this.interval;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const next = this.next;
    const size = this.stationCount;
    let p = start;
    const item = heap[p] as number;
    const key = next[item] as number;
    for (;;) {
      const left = 2 * p + 1;
      if (left >= size) break;
      let child = left;
      let childItem = heap[left] as number;
      let childKey = next[childItem] as number;
      const right = left + 1;
      if (right < size) {
        const rightItem = heap[right] as number;
        const rightKey = next[rightItem] as number;
        if (rightKey < childKey || (rightKey === childKey && rightItem < childItem)) {
          child = right;
          childItem = rightItem;
          childKey = rightKey;
        }
      }
      if (key < childKey || (key === childKey && item < childItem)) break;
      heap[p] = childItem;
      p = child;
    }
    heap[p] = item;
  }
}
