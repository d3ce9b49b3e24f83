import type { Reading } from '../../src-shared/domain/reading';
import { StationIndex } from './station-index';

/** Sizes of the duplicate filter's memory. */
export interface DuplicateFilterOptions {
  /** Recent readings remembered per station (their times and metric names). */
  readonly ringSize: number;
  /** Stations tracked; readings of further stations are never called duplicates. */
  readonly maxStations: number;
  /** The pipeline's one station index (then its cap applies); a standalone filter makes its own. */
  readonly stations?: StationIndex;
}

const DEFAULTS: DuplicateFilterOptions = { ringSize: 64, maxStations: 50_000 };

/** Lists of several metric names kept for reuse at once (a feed has a few). */
const LAYOUTS = 32;
/** Single-name lists kept for reuse (narrow records: one per metric name). */
const SINGLES = 4_096;

/**
 * The metric-name lists of recent readings: a ring entry holds its reading's list (shared, never changed), so
 * what it says stays true however long it is kept. A feed's messages carry the same names in the same order
 * (the decoder interns them): with the caller's layout version an unchanged layout is found with no comparison,
 * else among the lists kept for reuse; only a new one is allocated. Lists dropped from reuse live on in the ring
 * entries that hold them (bounded by the rings).
 */
class Layouts {
  private readonly lists: string[][] = [];
  private readonly singles = new Map<string, readonly string[]>();
  private next = 0;
  private last: readonly string[] | null = null;
  /** The caller's names array, its layout version and count when `last` was found for them (see of). */
  private lastNames: readonly string[] | null = null;
  private lastVersion = -1;
  private lastCount = -1;

  /** The list of names[0..count); `version` (DecodedReading.layoutVersion, or -1) skips the search when `names` did not change since. */
  of(names: readonly string[], count: number, version: number): readonly string[] {
    if (version >= 0 && names === this.lastNames && version === this.lastVersion && count === this.lastCount) return this.last!;
    [this.lastNames, this.lastVersion, this.lastCount] = version >= 0 ? [names, version, count] : [null, -1, -1];
    return (this.last = count === 1 ? this.single(names[0]!) : this.several(names, count));
  }

  private single(name: string): readonly string[] {
    let list = this.singles.get(name);
    if (list === undefined) {
      list = [name];
      if (this.singles.size < SINGLES) this.singles.set(name, list);
    }
    return list;
  }

  private several(names: readonly string[], count: number): readonly string[] {
    const last = this.last;
    if (last !== null && isSameList(last, names, count)) return last;
    const lists = this.lists;
    for (let k = 0; k < lists.length; k++) if (isSameList(lists[k]!, names, count)) return lists[k]!;
    const list = names.slice(0, count);
    if (lists.length < LAYOUTS) lists.push(list);
    else lists[this.next++ % LAYOUTS] = list;
    return list;
  }
}

/** Per station: a ring of recent event times and the metric names each reading brought, plus the newest time for the in-order fast path. */
class StationRing {
  readonly times: Float64Array;
  readonly names: (readonly string[])[];
  next = 0;
  filled = 0;
  newest = -Infinity;

  constructor(size: number) {
    this.times = new Float64Array(size);
    this.names = new Array<readonly string[]>(size);
  }

  /** Clears `fresh[i]` for each of names[0..count) a remembered reading at `ts` brought; returns how many stay set. */
  markSeen(ts: number, names: readonly string[], count: number, fresh: Uint8Array): number {
    let left = count;
    const { times, filled } = this;
    for (let i = 0; i < filled && left > 0; i++) {
      if (times[i] !== ts) continue;
      const seen = this.names[i]!;
      for (let j = 0; j < count; j++) if (fresh[j] === 1 && seen.includes(names[j]!)) [fresh[j], left] = [0, left - 1];
    }
    return left;
  }

  record(ts: number, names: readonly string[]): void {
    this.times[this.next] = ts;
    this.names[this.next] = names;
    this.next = (this.next + 1) % this.times.length;
    if (this.filled < this.times.length) this.filled++;
    if (ts > this.newest) this.newest = ts;
  }
}

/**
 * "The same station, time and metric twice are taken once, the repeat counted as a duplicate" — e.g. a Kafka
 * batch redelivered after a rebalance, a client resending a body. Keyed like the raw readings table (one row per
 * station and time, its metrics merged): a reading at a station and time already seen brings only its metrics
 * not seen there yet (two boards of one station, narrow records), and a metric seen before keeps its first value,
 * in the windows and in the stored readings alike (a changed value sent again is a duplicate, not a correction).
 * Memory is bounded: the last ringSize readings per station, up to maxStations stations. A repeat older than that
 * slips through.
 */
export class DuplicateFilter {
  private readonly ringSize: number;
  private readonly stations: StationIndex;
  /** Rings by station slot. */
  private readonly rings: (StationRing | undefined)[] = [];
  private readonly layouts = new Layouts();
  private tracked = 0;
  private fresh = new Uint8Array(16);

  constructor(options: Partial<DuplicateFilterOptions> = {}) {
    const { ringSize, maxStations, stations } = { ...DEFAULTS, ...options };
    this.ringSize = ringSize;
    this.stations = stations ?? new StationIndex(maxStations);
  }

  /**
   * How many of the metrics names[0..count) are new for the station in `slot` at `ts`, recording the reading:
   * `count` (the usual case: all new), 0 (a duplicate), or in between — then `freshMask()[i]` is 1 for each new
   * one. Slot -1 (over the cap) is never a duplicate. `layoutVersion`: the caller's DecodedReading.layoutVersion
   * for `names` (then an unchanged layout costs no comparison), or -1.
   */
  freshAt(slot: number, ts: number, names: readonly string[], count: number, layoutVersion = -1): number {
    if (slot < 0) return count;
    let ring = this.rings[slot];
    if (ring === undefined) {
      ring = new StationRing(this.ringSize);
      this.rings[slot] = ring;
      this.tracked++;
    }
    let fresh = count;
    // In-order arrivals: nothing to scan.
    if (ts <= ring.newest) {
      if (count > this.fresh.length) this.fresh = new Uint8Array(count * 2);
      this.fresh.fill(1, 0, count);
      fresh = ring.markSeen(ts, names, count, this.fresh);
      if (fresh === 0) return 0;
    }
    ring.record(ts, this.layouts.of(names, count, layoutVersion));
    return fresh;
  }

  /** After freshAt returned fewer than its count: 1 for each metric that was new. */
  freshMask(): Uint8Array {
    return this.fresh;
  }

  /** freshAt by station id, for a whole Reading: true when none of its metrics is new. */
  isDuplicateReading(reading: Reading): boolean {
    const names = Object.keys(reading.metrics);
    return this.freshAt(this.stations.slotOf(reading.stationId), reading.ts, names, names.length) === 0;
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

function isSameList(list: readonly string[], names: readonly string[], count: number): boolean {
  if (list.length !== count) return false;
  for (let i = 0; i < count; i++) if (list[i] !== names[i]) return false;
  return true;
}
