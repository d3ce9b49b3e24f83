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

/** Metric-name lists remembered at once (a feed has a few; narrow records one per metric). */
const LAYOUTS = 32;

/**
 * The metric-name lists of recent readings, each kept once under a small id: a ring entry holds its reading's
 * id. A feed's messages carry the same names in the same order (the decoder interns them), so finding the
 * list is a few reference comparisons and nothing is allocated per reading. Ids are reused round robin past
 * LAYOUTS lists; a ring entry whose id was reused meanwhile is read with the newer list (a repeat may then
 * slip through, as one older than the ring does).
 */
class Layouts {
  readonly lists: string[][] = [];
  private last = -1;
  private next = 0;
  /** The caller's names array, its layout version and count when `last` was found for them (see idOf). */
  private lastNames: readonly string[] | null = null;
  private lastVersion = -1;
  private lastCount = -1;

  /** The id of names[0..count); `version` (DecodedReading.layoutVersion, or -1) skips the comparison when `names` did not change since. */
  idOf(names: readonly string[], count: number, version: number): number {
    if (version >= 0 && names === this.lastNames && version === this.lastVersion && count === this.lastCount) return this.last;
    [this.lastNames, this.lastVersion, this.lastCount] = version >= 0 ? [names, version, count] : [null, -1, -1];
    const lists = this.lists;
    if (this.last >= 0 && isSameList(lists[this.last]!, names, count)) return this.last;
    for (let k = 0; k < lists.length; k++) {
      if (isSameList(lists[k]!, names, count)) return (this.last = k);
    }
    const id = lists.length < LAYOUTS ? lists.length : this.next++ % LAYOUTS;
    lists[id] = names.slice(0, count);
    return (this.last = id);
  }
}

/** Per station: a ring of recent event times and the id of the metric names each reading brought, plus the newest time for the in-order fast path. */
class StationRing {
  readonly times: Float64Array;
  readonly layouts: Int32Array;
  next = 0;
  filled = 0;
  newest = -Infinity;

  constructor(size: number) {
    this.times = new Float64Array(size);
    this.layouts = new Int32Array(size);
  }

  /** Clears `fresh[i]` for each of names[0..count) a remembered reading at `ts` brought; returns how many stay set. */
  markSeen(ts: number, names: readonly string[], count: number, fresh: Uint8Array, lists: readonly (readonly string[])[]): number {
    let left = count;
    const { times, filled } = this;
    for (let i = 0; i < filled && left > 0; i++) {
      if (times[i] !== ts) continue;
      const seen = lists[this.layouts[i]!]!;
      for (let j = 0; j < count; j++) if (fresh[j] === 1 && seen.includes(names[j]!)) [fresh[j], left] = [0, left - 1];
    }
    return left;
  }

  record(ts: number, layout: number): void {
    this.times[this.next] = ts;
    this.layouts[this.next] = layout;
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
      fresh = ring.markSeen(ts, names, count, this.fresh, this.layouts.lists);
      if (fresh === 0) return 0;
    }
    ring.record(ts, this.layouts.idOf(names, count, layoutVersion));
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
