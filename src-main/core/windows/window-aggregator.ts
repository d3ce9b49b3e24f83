import { CITY_STATION_ID, type Reading } from '../../../src-shared/domain/reading';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { grown } from '../../../src-shared/columns/typed-array-growth';
import { ClosedWindows } from './closed-windows';
import { SeriesIndex } from './series-index';
import { SlotRegistry } from './slot-registry';
import { StationIndex } from '../station-index';
import { cityBand, type BandStatistics } from './city-band';
import { MetricLayout } from './metric-layout';
import { START, STATS_STRIDE, WindowPool } from './window-pool';
import { alignDown, validateSizes } from './window-support';
import type { LateValues } from './late-values';

/** How often the live band's percentiles are merged from every station's open window (ms of the caller's clock). */
const CITY_PERCENTILES_REFRESH_MS = 1_000;
/** How finely addValues stamps when each metric was last seen (event time). */
const METRIC_SEEN_STEP_MS = 1_000;

/** How a WindowAggregator windows and bounds its state. */
export interface WindowAggregatorOptions {
  /** Tumbling sizes, ascending, each a whole multiple of the previous, e.g. [10_000, 60_000, 300_000, 3_600_000]. */
  sizesMs: readonly number[];
  /** Watermark = max event time seen − allowedLatenessMs. */
  allowedLatenessMs: number;
  /** Slot caps keep memory bounded. */
  maxStations: number;
  /** The pipeline's one station index (the decoder's, capped at maxStations); a standalone aggregator makes its own. */
  stations?: StationIndex;
  maxMetrics: number;
  /** Also keep city-wide windows (station id CITY_STATION_ID, all stations together). */
  includeCity: boolean;
  /**
   * Where late values go (see late-values.ts): into the lowest of their windows still in memory, and
   * marked for a merge into the stored windows of the sizes already closed. Absent: late values are dropped.
   */
  lateSink?: LateValues;
}

/** The open smallest city-wide window of one metric: the live band. */
export interface CityOpenWindow extends BandStatistics {
  metric: string;
}

/**
 * Event-time tumbling windows per (station, metric) and city-wide per metric. Readings feed only the
 * smallest size; each longer window is the merge of the closed shorter windows inside it. A window
 * [start, start + size) closes when the watermark reaches start + size. Open smallest windows of a
 * series sit in a ring (their starts lie within lateness + one size, so 1 + ⌈lateness/size⌉ positions
 * never collide); each longer size has at most one open accumulator per series. All window state is
 * in typed-array pools, so memory is bounded by stations × metrics × open windows.
 */
export class WindowAggregator {
  private readonly sizes: readonly number[];
  private readonly smallest: number;
  private readonly longer: number;
  private readonly ringSize: number;
  private readonly lateness: number;
  private readonly includeCity: boolean;
  private readonly stations: StationIndex;
  private readonly metrics: SlotRegistry;
  private readonly index = new SeriesIndex();
  private readonly pool = new WindowPool();
  private readonly closed: ClosedWindows;
  private seriesCount = 0;
  private seriesStation: Int32Array<ArrayBuffer> = new Int32Array(64);
  private seriesMetric: Int32Array<ArrayBuffer> = new Int32Array(64);
  private ring: Int32Array<ArrayBuffer>;
  /** Start of the window in each ring position, dense so checks do not touch the window records (cache misses). */
  private ringStart: Float64Array<ArrayBuffer>;
  private accumulators: Int32Array<ArrayBuffer>;
  private accumulatorStart: Float64Array<ArrayBuffer>;
  private maxEventTime = Number.NEGATIVE_INFINITY;
  private mark = Number.NEGATIVE_INFINITY;
  private closedBoundary = Number.NEGATIVE_INFINITY;
  /** A close the watermark started and closeSome has not finished: its mark, next series, and which pass. */
  private closePending = false;
  private closeMark = Number.NEGATIVE_INFINITY;
  private closeCursor = 0;
  private closeCityPass = false;
  private late = 0;
  private dropped = 0;
  private readonly lateSink: LateValues | null;
  /** The last live band per metric slot, and when its percentiles were last merged (see cityOpen). */
  private readonly lastCityBand: (BandStatistics | null)[] = [];
  private cityPercentilesAt = Number.NEGATIVE_INFINITY;
  /** stationSeriesByMetric's lists, as of `seriesCount` series. */
  private stationSeries: { readonly seriesCount: number; readonly lists: readonly Int32Array[] } | null = null;
  private lastTs = Number.NaN;
  private lastStart = 0;
  private lastPosition = 0;
  private readonly layout = new MetricLayout();
  /** Event time and layout of the last stamp of metricLastTs (see addValues). */
  private layoutSeenTs = Number.NEGATIVE_INFINITY;
  private layoutSeenVersion = -1;
  /** Newest event time added per metric slot (-Infinity: none), to tell idle metrics at the cap; stamped through addValues. */
  private metricLastTs: Float64Array<ArrayBuffer> = new Float64Array(16).fill(Number.NEGATIVE_INFINITY);
  private readonly slotOfMetric = (name: string): number => {
    const registered = this.metrics.count;
    const slot = this.metrics.slot(name);
    if (slot >= this.metricLastTs.length) this.metricLastTs = grown(this.metricLastTs, slot + 1, Number.NEGATIVE_INFINITY);
    // A new (or reused) slot starts with no values.
    if (this.metrics.count > registered) this.metricLastTs[slot] = Number.NEGATIVE_INFINITY;
    return slot;
  };

  constructor(options: WindowAggregatorOptions) {
    this.sizes = validateSizes(options.sizesMs);
    if (!(options.allowedLatenessMs >= 0 && Number.isFinite(options.allowedLatenessMs))) throw new RangeError('allowedLatenessMs must be a finite number ≥ 0');
    this.smallest = this.sizes[0]!;
    this.longer = this.sizes.length - 1;
    this.lateness = options.allowedLatenessMs;
    this.ringSize = 1 + Math.ceil(this.lateness / this.smallest);
    this.includeCity = options.includeCity;
    // The city is kept apart (station -1), so a standalone aggregator's index has no slot for it.
    this.stations = options.stations ?? new StationIndex(options.maxStations, false);
    this.metrics = new SlotRegistry(options.maxMetrics);
    this.ring = new Int32Array(64 * this.ringSize).fill(-1);
    this.ringStart = new Float64Array(64 * this.ringSize);
    this.accumulators = new Int32Array(64 * Math.max(1, this.longer)).fill(-1);
    this.accumulatorStart = new Float64Array(64 * Math.max(1, this.longer));
    this.closed = new ClosedWindows(this.sizes.length);
    this.lateSink = options.lateSink ?? null;
  }

  /** Event-time watermark, or null before the first reading or advanceTo. */
  get watermark(): number | null {
    return this.mark === Number.NEGATIVE_INFINITY ? null : this.mark;
  }

  /** Metric values that came late (their smallest window had already closed): merged when a late sink is set, else dropped. */
  get lateCount(): number {
    return this.late;
  }

  /** Metric values not added for another reason: a non-finite value, or a station or metric over its cap (addReading). */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Slot of a station, registered on first use; -1 when maxStations is reached or for the reserved city id. */
  stationSlot(stationId: string): number {
    return stationId === CITY_STATION_ID ? -1 : this.stations.slotOf(stationId);
  }

  /** Slot of a metric, registered on first use; -1 when maxMetrics is reached. */
  metricSlot(metric: string): number {
    return this.slotOfMetric(metric);
  }

  /** The station id of a slot. */
  stationId(slot: number): string {
    return this.stations.idOf(slot);
  }

  /** The metric name of a slot. */
  metricId(slot: number): string {
    return this.metrics.id(slot);
  }

  /**
   * Adds one metric value. Hot path: no allocation once the pools have grown. Returns false when the
   * value was not added: late (counted in lateCount) or non-finite (counted in droppedCount).
   * Slots must come from stationSlot/metricSlot (never -1); anything else throws RangeError.
   */
  add(stationSlot: number, metricSlot: number, ts: number, value: number): boolean {
    if (!(stationSlot >= 0 && stationSlot < this.stations.size && metricSlot >= 0 && metricSlot < this.metrics.size)) {
      throw new RangeError(`invalid slots (${stationSlot}, ${metricSlot})`);
    }
    if (!(value - value === 0 && ts - ts === 0)) {
      this.dropped++;
      return false;
    }
    if (ts > this.maxEventTime) this.observe(ts);
    // The values of one reading share a timestamp: compute its window and ring position once.
    if (ts !== this.lastTs) this.locate(ts);
    const start = this.lastStart;
    if (start + this.smallest <= this.mark) {
      this.late++;
      if (this.lateSink !== null) this.addLate(stationSlot, metricSlot, ts, value, start);
      return false;
    }
    let series = this.index.get(stationSlot + 1, metricSlot);
    if (series < 0) series = this.createSeries(stationSlot, metricSlot);
    // City-wide windows are not fed here: each station's smallest window is merged into them as it closes.
    const r = series * this.ringSize + this.lastPosition;
    let slot = this.ring[r]!;
    if (slot < 0 || this.ringStart[r] !== start) slot = this.openSmallest(series, r, start, value);
    this.pool.add(slot, value);
    return true;
  }

  /**
   * A value whose smallest window the watermark has passed. It goes into the lowest of its station's
   * windows still in memory (a due window not closed yet, or an open longer one) and reaches the larger
   * ones from there; the sizes below that are left to the store (late-values.ts). The city-wide windows
   * are fed by the stations' smallest windows, so unless the value entered its station's smallest window
   * it is routed into the city's windows the same way.
   */
  private addLate(stationSlot: number, metricSlot: number, ts: number, value: number, start: number): void {
    let series = this.index.get(stationSlot + 1, metricSlot);
    if (series < 0) series = this.createSeries(stationSlot, metricSlot);
    const stationSizes = this.routeLate(series, ts, value, start);
    let citySizes = 0;
    if (this.includeCity && (stationSizes & 1) !== 0) {
      let city = this.index.get(0, metricSlot);
      if (city < 0) city = this.createSeries(-1, metricSlot);
      citySizes = this.routeLate(city, ts, value, start);
    }
    if ((stationSizes | citySizes) !== 0) this.lateSink!.push(stationSlot, metricSlot, ts, value, stationSizes, citySizes);
  }

  /** Adds a late value to the lowest of the series' windows still in memory; returns the sizes below it as bits. */
  private routeLate(series: number, ts: number, value: number, start: number): number {
    const k = start / this.smallest;
    const r = series * this.ringSize + k - Math.floor(k / this.ringSize) * this.ringSize;
    if (this.ring[r]! >= 0 && this.ringStart[r] === start) {
      this.pool.add(this.ring[r]!, value);
      return 0;
    }
    let stored = 1;
    for (let level = 1; level <= this.longer; level++) {
      const size = this.sizes[level]!;
      const windowStart = alignDown(ts, size);
      const a = series * this.longer + level - 1;
      const slot = this.accumulators[a]!;
      if (slot >= 0 && this.accumulatorStart[a] === windowStart) {
        this.pool.add(slot, value);
        return stored;
      }
      // Not closed yet and no smaller window fed it so far: it opens here, and later feeds merge into it.
      if (windowStart + size > this.mark && !(slot >= 0 && this.accumulatorStart[a]! > windowStart)) {
        if (slot >= 0) {
          this.accumulators[a] = -1;
          this.finish(series, level, slot);
        }
        const opened = this.pool.allocate(windowStart, value);
        this.accumulators[a] = opened;
        this.accumulatorStart[a] = windowStart;
        this.pool.add(opened, value);
        return stored;
      }
      stored |= 1 << level;
    }
    return stored;
  }

  /** Sets lastTs, lastStart and lastPosition for `ts` (floor division, not %, which is a slow fmod call on doubles). */
  private locate(ts: number): void {
    const start = alignDown(ts, this.smallest);
    const k = start / this.smallest;
    this.lastTs = ts;
    this.lastStart = start;
    this.lastPosition = k - Math.floor(k / this.ringSize) * this.ringSize;
  }

  /** Adds every metric of a reading; returns how many of its values were late. */
  addReading(reading: Reading): number {
    const lateBefore = this.late;
    const station = this.stationSlot(reading.stationId);
    for (const metric in reading.metrics) {
      const metricSlot = station < 0 ? -1 : this.metrics.slot(metric);
      if (metricSlot < 0) this.dropped++;
      else this.add(station, metricSlot, reading.ts, reading.metrics[metric]!);
    }
    return this.late - lateBefore;
  }

  /**
   * Adds the values of one decoded message (names[i], values[i] for i < count) at one time: the hot
   * path of the pipeline. Names are resolved per key layout, not per value (MetricLayout); a metric
   * over the cap is counted in droppedCount. Returns how many values were late.
   */
  addValues(stationSlot: number, ts: number, names: readonly string[], values: Float64Array, count: number): number {
    const lateBefore = this.late;
    const slots = this.layout.resolve(names, count, this.slotOfMetric);
    // When each metric was last seen (for releasing idle metrics at the cap), to the second: stamped per
    // layout, not per value, so the hot path pays nothing most of the time.
    if (ts >= this.layoutSeenTs + METRIC_SEEN_STEP_MS || this.layout.version !== this.layoutSeenVersion) {
      for (let i = 0; i < count; i++) if (slots[i]! >= 0 && ts > this.metricLastTs[slots[i]!]!) this.metricLastTs[slots[i]!] = ts;
      this.layoutSeenTs = ts;
      this.layoutSeenVersion = this.layout.version;
    }
    for (let i = 0; i < count; i++) {
      const metricSlot = slots[i]!;
      if (metricSlot < 0) this.dropped++;
      else this.add(stationSlot, metricSlot, ts, values[i]!);
    }
    return this.late - lateBefore;
  }

  /**
   * Moves the watermark forward to `eventTime` (never back), closing what it passes. With `defer`, the
   * windows it passes are only marked due: values for them count as late at once, and closeSome closes
   * them a few series at a time, so a caller that must not block its thread can yield in between.
   */
  advanceTo(eventTime: number, defer = false): void {
    if (eventTime > this.mark) this.moveWatermark(eventTime, defer);
  }

  /** True while windows the watermark passed wait for closeSome (after a deferred advanceTo). */
  get closing(): boolean {
    return this.closePending;
  }

  /**
   * Closes the due windows of at most `maxSeries` more series; true when none are left. Station series
   * close before the city-wide ones, as in a synchronous advance, so the closed windows are the same.
   */
  closeSome(maxSeries: number): boolean {
    let budget = maxSeries;
    while (this.closePending) {
      if (this.closeCursor >= this.seriesCount) {
        if (this.closeCityPass || !this.includeCity) this.closePending = false;
        else [this.closeCityPass, this.closeCursor] = [true, 0];
        continue;
      }
      if (budget <= 0) return false;
      const series = this.closeCursor++;
      if (this.seriesStation[series]! < 0 !== this.closeCityPass) continue;
      this.closeSeries(series, this.closeMark);
      budget--;
    }
    return true;
  }

  /** Every non-empty window closed since the last drain, all sizes, ordered by (sizeMs, start). */
  drainClosed(): WindowAggregate[] {
    return this.closed.drain();
  }

  /** Windows currently open, all sizes, per station and city-wide. */
  openWindowCount(): number {
    return this.pool.size;
  }

  /**
   * Per station slot, 1 when any of its series still has an open window of any size: such a station's
   * slot must not be released yet (its windows would close under another station's id).
   */
  stationsWithOpenWindows(): Uint8Array {
    return this.withOpenWindows(this.seriesStation, this.stations.size);
  }

  /**
   * At the metric cap: releases the metrics with no value at or after event time `before` and no open
   * window of any station or the city, so new metric names can take their slots. Returns their names.
   */
  releaseIdleMetrics(before: number): string[] {
    const busy = this.withOpenWindows(this.seriesMetric, this.metrics.size);
    const released: string[] = [];
    for (let metric = 0; metric < this.metrics.size; metric++) {
      if (!this.metrics.isLive(metric) || busy[metric] === 1 || this.metricLastTs[metric]! >= before) continue;
      released.push(this.metrics.id(metric));
      this.metrics.release(metric);
      this.metricLastTs[metric] = Number.NEGATIVE_INFINITY;
    }
    if (released.length > 0) this.layout.reset();
    return released;
  }

  /** Start of the oldest open window of any size, or null when none is open. */
  oldestOpenStart(): number | null {
    return this.pool.oldestStart();
  }

  /**
   * Per metric, the newest open smallest city-wide window (partial statistics): the live band. Its p5 and
   * p95 are merged from the stations' windows at most once per CITY_PERCENTILES_REFRESH_MS of `now` (and
   * whenever a newer window opens); without `now`, every call.
   */
  cityOpen(now?: number): CityOpenWindow[] {
    const isRefresh = now === undefined || now - this.cityPercentilesAt >= CITY_PERCENTILES_REFRESH_MS;
    if (isRefresh && now !== undefined) this.cityPercentilesAt = now;
    const band: CityOpenWindow[] = [];
    if (!this.includeCity) return band;
    const newest = Number.isFinite(this.maxEventTime) ? alignDown(this.maxEventTime, this.smallest) : Number.NaN;
    const k = newest / this.smallest;
    const position = Number.isNaN(newest) ? -1 : k - Math.floor(k / this.ringSize) * this.ringSize;
    const stationSeries = this.stationSeriesByMetric();
    for (let metric = 0; metric < this.metrics.size; metric++) {
      const series = stationSeries[metric]!;
      const seriesCount = series.length;
      const open = cityBand({ pool: this.pool, ring: this.ring, ringStart: this.ringStart, ringSize: this.ringSize, series, seriesCount, newestPossibleStart: newest, newestPossiblePosition: position }, this.lastCityBand[metric] ?? null, isRefresh);
      this.lastCityBand[metric] = open;
      if (open !== null) band.push({ metric: this.metrics.id(metric), ...open });
    }
    return band;
  }

  private openSmallest(series: number, r: number, start: number, shift: number): number {
    const stale = this.ring[r]!;
    // Unreachable while the ring invariant holds (see the class comment); closing keeps it exact anyway.
    if (stale >= 0) {
      this.ring[r] = -1;
      this.finish(series, 0, stale);
    }
    const slot = this.pool.allocate(start, shift);
    this.ring[r] = slot;
    this.ringStart[r] = start;
    return slot;
  }

  private observe(ts: number): void {
    this.maxEventTime = ts;
    const candidate = ts - this.lateness;
    if (candidate > this.mark) this.moveWatermark(candidate);
  }

  private moveWatermark(mark: number, defer = false): void {
    this.mark = mark;
    const boundary = Math.floor(mark / this.smallest);
    if (boundary <= this.closedBoundary) return;
    this.closedBoundary = boundary;
    // Stations first: their closing smallest windows are merged into the city windows, which close after
    // them. An unfinished deferred close starts over at the newer mark, which closes all it would have.
    this.closePending = true;
    this.closeMark = mark;
    this.closeCursor = 0;
    this.closeCityPass = false;
    if (!defer) this.closeSome(Number.POSITIVE_INFINITY);
  }

  /** Closes a series' windows that end at or before `mark`, smallest first, oldest first. */
  private closeSeries(series: number, mark: number): void {
    const base = series * this.ringSize;
    for (;;) {
      let best = -1;
      let bestStart = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.ringSize; i++) {
        const slot = this.ring[base + i]!;
        if (slot < 0) continue;
        const start = this.ringStart[base + i]!;
        if (start + this.smallest <= mark && start < bestStart) {
          best = i;
          bestStart = start;
        }
      }
      if (best < 0) break;
      const slot = this.ring[base + best]!;
      this.ring[base + best] = -1;
      this.finish(series, 0, slot);
    }
    for (let level = 1; level <= this.longer; level++) {
      const a = series * this.longer + level - 1;
      const slot = this.accumulators[a]!;
      if (slot >= 0 && this.accumulatorStart[a]! + this.sizes[level]! <= mark) {
        this.accumulators[a] = -1;
        this.finish(series, level, slot);
      }
    }
  }

  /** Emits a closed window, merges it into the next size up, and frees its slot. */
  private finish(series: number, level: number, slot: number): void {
    const station = this.seriesStation[series]!;
    const stationId = station < 0 ? CITY_STATION_ID : this.stations.idOf(station);
    this.closed.emit(stationId, this.metrics.id(this.seriesMetric[series]!), this.sizes[level]!, this.pool, slot, level);
    if (level < this.longer) this.feed(series, level + 1, slot);
    if (level === 0 && station >= 0 && this.includeCity) this.mergeIntoCity(this.seriesMetric[series]!, slot);
    this.pool.release(slot);
  }

  /**
   * Merges a station's closing smallest window into the city window with the same start. Both close at
   * the same watermark and stations close first, so the city window holds every station's values
   * (merging is exact for count, min, max and the sums, and the sketch merges bucket by bucket).
   */
  private mergeIntoCity(metric: number, source: number): void {
    const start = this.pool.stats[source * STATS_STRIDE + START]!;
    let city = this.index.get(0, metric);
    if (city < 0) city = this.createSeries(-1, metric);
    const k = start / this.smallest;
    const r = city * this.ringSize + k - Math.floor(k / this.ringSize) * this.ringSize;
    let slot = this.ring[r]!;
    if (slot < 0 || this.ringStart[r] !== start) slot = this.openSmallest(city, r, start, 0);
    this.pool.merge(slot, source);
  }

  private feed(series: number, level: number, source: number): void {
    const size = this.sizes[level]!;
    const start = alignDown(this.pool.stats[source * STATS_STRIDE + START]!, size);
    const a = series * this.longer + level - 1;
    let slot = this.accumulators[a]!;
    if (slot >= 0 && this.accumulatorStart[a] !== start) {
      this.accumulators[a] = -1;
      this.finish(series, level, slot);
      slot = -1;
    }
    if (slot < 0) {
      slot = this.pool.allocate(start);
      this.accumulators[a] = slot;
      this.accumulatorStart[a] = start;
    }
    this.pool.merge(slot, source);
  }

  /** 1 per key (a station or metric slot, as `keyOf` maps each series; -1 = the city) when any of its series has an open window. */
  private withOpenWindows(keyOf: Int32Array, keys: number): Uint8Array {
    const open = new Uint8Array(keys);
    const levels = Math.max(1, this.longer);
    for (let series = 0; series < this.seriesCount; series++) {
      const key = keyOf[series]!;
      if (key < 0 || open[key] === 1) continue;
      let isOpen = false;
      for (let k = series * this.ringSize, end = k + this.ringSize; k < end && !isOpen; k++) isOpen = this.ring[k] !== -1;
      for (let a = series * levels, end = a + this.longer; a < end && !isOpen; a++) isOpen = this.accumulators[a] !== -1;
      if (isOpen) open[key] = 1;
    }
    return open;
  }

  /**
   * Per metric slot, the series of every station that has one, in station order: what cityOpen reads each
   * UI frame. Series are never removed, so the lists are rebuilt only after a series was created.
   */
  private stationSeriesByMetric(): readonly Int32Array[] {
    if (this.stationSeries !== null && this.stationSeries.seriesCount === this.seriesCount && this.stationSeries.lists.length === this.metrics.size) return this.stationSeries.lists;
    const lists: Int32Array[] = [];
    const found = new Int32Array(this.stations.size);
    for (let metric = 0; metric < this.metrics.size; metric++) {
      let count = 0;
      for (let station = 0; station < this.stations.size; station++) {
        const series = this.index.get(station + 1, metric);
        if (series >= 0) found[count++] = series;
      }
      lists.push(found.slice(0, count));
    }
    this.stationSeries = { seriesCount: this.seriesCount, lists };
    return lists;
  }

  private createSeries(station: number, metric: number): number {
    const series = this.seriesCount++;
    if (series >= this.seriesStation.length) this.growSeries();
    this.seriesStation[series] = station;
    this.seriesMetric[series] = metric;
    this.index.set(station + 1, metric, series);
    return series;
  }

  private growSeries(): void {
    const capacity = this.seriesStation.length * 2;
    this.seriesStation = grown(this.seriesStation, capacity);
    this.seriesMetric = grown(this.seriesMetric, capacity);
    this.ring = grown(this.ring, capacity * this.ringSize, -1);
    this.ringStart = grown(this.ringStart, capacity * this.ringSize);
    this.accumulators = grown(this.accumulators, capacity * Math.max(1, this.longer), -1);
    this.accumulatorStart = grown(this.accumulatorStart, capacity * Math.max(1, this.longer));
  }
}
