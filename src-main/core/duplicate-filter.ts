import type { Reading } from '../../src-shared/domain/reading';
import { StationIndex } from './station-index';

/** Sizes of the duplicate filter's memory. */
export interface DuplicateFilterOptions {
  /** Recent (time, tag) pairs remembered per station. */
  readonly ringSize: number;
  /** Stations tracked; readings of further stations are never called duplicates. */
  readonly maxStations: number;
  /** The pipeline's one station index (then its cap applies); a standalone filter makes its own. */
  readonly stations?: StationIndex;
}

const DEFAULTS: DuplicateFilterOptions = { ringSize: 64, maxStations: 50_000 };

/** Per station: a ring of recent event times and tags, plus the newest time for the in-order fast path. */
class StationRing {
  readonly times: Float64Array;
  readonly tags: Int32Array;
  next = 0;
  filled = 0;
  newest = -Infinity;

  constructor(size: number) {
    this.times = new Float64Array(size);
    this.tags = new Int32Array(size);
  }

  has(ts: number, tag: number): boolean {
    if (ts > this.newest) return false; // in-order arrivals: nothing to scan
    const { times, tags, filled } = this;
    for (let i = 0; i < filled; i++) if (times[i] === ts && tags[i] === tag) return true;
    return false;
  }

  record(ts: number, tag: number): void {
    this.times[this.next] = ts;
    this.tags[this.next] = tag;
    this.next = (this.next + 1) % this.times.length;
    if (this.filled < this.times.length) this.filled++;
    if (ts > this.newest) this.newest = ts;
  }
}

/**
 * "The same station and time twice are counted once, the repeat counted as a duplicate" — e.g. a
 * Kafka batch redelivered after a rebalance. Memory is bounded: a small ring per station, up to
 * maxStations stations. A repeat older than the last ringSize readings of its station slips
 * through; the store's idempotent upserts keep the windows exact in that case anyway.
 */
export class DuplicateFilter {
  private readonly ringSize: number;
  private readonly stations: StationIndex;
  /** Rings by station slot. */
  private readonly rings: (StationRing | undefined)[] = [];
  private tracked = 0;

  constructor(options: Partial<DuplicateFilterOptions> = {}) {
    const { ringSize, maxStations, stations } = { ...DEFAULTS, ...options };
    this.ringSize = ringSize;
    this.stations = stations ?? new StationIndex(maxStations);
  }

  /**
   * True when (station, ts, tag) was seen recently; otherwise records it and returns false.
   * `tag` separates readings that legitimately share station and time (see isDuplicateReading).
   */
  isDuplicate(stationId: string, ts: number, tag = 0): boolean {
    return this.isDuplicateAt(this.stations.slotOf(stationId), ts, tag);
  }

  /** isDuplicate by the station's slot in the station index; slot -1 (over the cap) is never a duplicate. */
  isDuplicateAt(slot: number, ts: number, tag = 0): boolean {
    if (slot < 0) return false;
    let ring = this.rings[slot];
    if (ring === undefined) {
      ring = new StationRing(this.ringSize);
      this.rings[slot] = ring;
      this.tracked++;
    }
    if (ring.has(ts, tag)) return true;
    ring.record(ts, tag);
    return false;
  }

  /**
   * Duplicate check that is right for narrow records too: a single-metric reading (one narrow
   * record per metric, all sharing station and time) is keyed by station, time and metric name;
   * a reading with several metrics (a wide record) by station and time.
   */
  isDuplicateReading(reading: Reading): boolean {
    let single: string | null = null;
    let count = 0;
    for (const name in reading.metrics) {
      if (++count > 1) break;
      single = name;
    }
    return this.isDuplicate(reading.stationId, reading.ts, count === 1 && single !== null ? nameTag(single) : 0);
  }

  /** isDuplicateReading for a message held as columns (names[0..count)), without building a Reading. */
  isDuplicateValues(stationId: string, ts: number, names: readonly string[], count: number): boolean {
    return this.isDuplicate(stationId, ts, count === 1 ? nameTag(names[0]!) : 0);
  }

  /** isDuplicateValues by station slot: the pipeline's hot path, no string lookup. */
  isDuplicateValuesAt(slot: number, ts: number, names: readonly string[], count: number): boolean {
    return this.isDuplicateAt(slot, ts, count === 1 ? nameTag(names[0]!) : 0);
  }

  /** Forget the station in `slot` (its slot is released to another station). */
  forget(slot: number): void {
    if (this.rings[slot] === undefined) return;
    this.rings[slot] = undefined;
    this.tracked--;
  }

  /** Stations currently tracked. */
  get stationCount(): number {
    return this.tracked;
  }
}

/** FNV-1a over the UTF-16 units, forced non-zero so it never equals the wide-record tag 0. */
function nameTag(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash | 1;
}
