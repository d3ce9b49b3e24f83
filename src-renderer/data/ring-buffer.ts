/**
 * A fixed-capacity, time-ordered columnar ring buffer: one Float64Array of times and one per value
 * column. Pushing overwrites the oldest row when full, so a long shift never grows memory, and no
 * object is allocated per reading (docs/DESIGN.md, "Frames": no per-reading objects on hot paths).
 */
export class RingBuffer {
  readonly capacity: number;
  readonly columns: number;
  private readonly ts: Float64Array;
  private readonly values: Float64Array[];
  private head = 0;
  private size = 0;

  constructor(capacity: number, columns = 1) {
    if (capacity < 1 || columns < 1) throw new Error('RingBuffer needs a positive capacity and column count');
    this.capacity = capacity;
    this.columns = columns;
    this.ts = new Float64Array(capacity);
    this.values = Array.from({ length: columns }, () => new Float64Array(capacity));
  }

  /** Rows currently held. */
  get length(): number {
    return this.size;
  }

  /** Append a row; rows older than the newest are dropped, so the buffer stays sorted by time. */
  push(ts: number, v0: number, v1 = Number.NaN, v2 = Number.NaN, v3 = Number.NaN, v4 = Number.NaN): boolean {
    if (this.size > 0 && ts < this.newestTs()) return false;
    const slot = (this.head + this.size) % this.capacity;
    this.write(slot, ts, v0, v1, v2, v3, v4);
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
    return true;
  }

  /**
   * Replace the row with exactly this time if it is among the newest `lookBack` rows, else append.
   * Open windows are re-sent every frame with growing partial statistics; this keeps one row per window.
   */
  upsert(ts: number, v0: number, v1 = Number.NaN, v2 = Number.NaN, lookBack = 8): boolean {
    return this.upsertRow(ts, v0, v1, v2, Number.NaN, Number.NaN, lookBack);
  }

  /** upsert with up to five value columns (the city rings: mean, min, max, p5, p95). */
  upsertRow(ts: number, v0: number, v1: number, v2: number, v3: number, v4: number, lookBack = 8): boolean {
    const stop = Math.max(0, this.size - lookBack);
    for (let i = this.size - 1; i >= stop; i--) {
      const t = this.tsAt(i);
      if (t === ts) {
        this.write((this.head + i) % this.capacity, ts, v0, v1, v2, v3, v4);
        return true;
      }
      if (t < ts) break;
    }
    return this.push(ts, v0, v1, v2, v3, v4);
  }

  /** Time of the i-th row, 0 = oldest. */
  tsAt(i: number): number {
    return this.ts[(this.head + i) % this.capacity] as number;
  }

  /** Value of column `column` in the i-th row, 0 = oldest. */
  valueAt(i: number, column = 0): number {
    return (this.values[column] as Float64Array)[(this.head + i) % this.capacity] as number;
  }

  /**
   * Copy rows [i0, i1) (0 = oldest) into `ts` and the first `columns.length` value columns, starting at
   * `at`: at most two block copies (the ring wraps once), instead of an index computation per value.
   */
  copyRows(i0: number, i1: number, ts: Float64Array, columns: readonly Float64Array[], at: number): void {
    if (i1 <= i0) return;
    const first = (this.head + i0) % this.capacity;
    const firstEnd = Math.min(this.capacity, first + (i1 - i0));
    const wrapped = i1 - i0 - (firstEnd - first);
    copyRange(this.ts, first, firstEnd, ts, at);
    if (wrapped > 0) copyRange(this.ts, 0, wrapped, ts, at + firstEnd - first);
    for (let c = 0; c < columns.length; c++) {
      const from = this.values[c] as Float64Array;
      const to = columns[c] as Float64Array;
      copyRange(from, first, firstEnd, to, at);
      if (wrapped > 0) copyRange(from, 0, wrapped, to, at + firstEnd - first);
    }
  }

  /** Time of the oldest row, NaN when empty. */
  oldestTs(): number {
    return this.size === 0 ? Number.NaN : this.tsAt(0);
  }

  /** Time of the newest row, NaN when empty. */
  newestTs(): number {
    return this.size === 0 ? Number.NaN : this.tsAt(this.size - 1);
  }

  /** Index of the first row with time >= ts (binary search; rows are sorted). */
  lowerBound(ts: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsAt(mid) < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forget every row. */
  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private write(slot: number, ts: number, v0: number, v1: number, v2: number, v3: number, v4: number): void {
    this.ts[slot] = ts;
    (this.values[0] as Float64Array)[slot] = v0;
    if (this.columns > 1) (this.values[1] as Float64Array)[slot] = v1;
    if (this.columns > 2) (this.values[2] as Float64Array)[slot] = v2;
    if (this.columns > 3) (this.values[3] as Float64Array)[slot] = v3;
    if (this.columns > 4) (this.values[4] as Float64Array)[slot] = v4;
  }
}

/** from[start..end) into `to` at `at`: a loop instead of set(subarray()), which allocates a view per call on the redraw path. */
function copyRange(from: Float64Array, start: number, end: number, to: Float64Array, at: number): void {
  for (let i = start, o = at; i < end; i++, o++) to[o] = from[i] as number;
}
