/** Events per second over a sliding window of whole seconds (wall clock passed in, never read). */
export class RateMeter {
  private readonly buckets: Float64Array;
  private readonly bucketSecond: Float64Array;

  constructor(private readonly windowSeconds = 5) {
    this.buckets = new Float64Array(windowSeconds + 1);
    this.bucketSecond = new Float64Array(windowSeconds + 1).fill(-1);
  }

  add(count: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const i = second % this.buckets.length;
    if (this.bucketSecond[i] !== second) {
      this.bucketSecond[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += count;
  }

  /** Average over the last complete seconds (the current, partial second is left out). */
  perSecond(nowMs: number): number {
    const current = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const age = current - (this.bucketSecond[i] as number);
      if (age >= 1 && age <= this.windowSeconds) sum += this.buckets[i] as number;
    }
    return sum / this.windowSeconds;
  }
}
