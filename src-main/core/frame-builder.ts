/**
 * Collects what the UI needs between two frames — raw readings and closed windows — in columnar
 * buffers, and turns them into one StreamFrame (docs/DESIGN.md "Frames": at most 10 a second, columnar).
 */
import type { Reading } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { CityColumns, PendingCondition, StreamFrame } from '../../src-shared/ipc/frame';
import { GrowableColumn } from './growable';
import type { AirQualityFlag, StationAirIndex } from '../../src-shared/domain/air-quality';

/** Above this many raw rows in one frame, only the latest value per (station, metric) is sent. */
export const MAX_RAW_ROWS_PER_FRAME = 60_000;

export interface CityBandRow {
  readonly metric: string;
  readonly start: number;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** The open city window's 5th and 95th percentiles, when known. */
  readonly p5?: number;
  readonly p95?: number;
}

/** The pending conditions a frame lists (RuleEngine.pendingConditions) and how many there are in all. */
export interface PendingList {
  readonly list: readonly PendingCondition[];
  readonly total: number;
}

const NO_PENDING: PendingList = { list: [], total: 0 };

/** Dictionary of strings to small integers, rebuilt per frame. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  id(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.index.set(value, id);
    }
    return id;
  }
}

export class FrameBuilder {
  private stations = new Dictionary();
  private metrics = new Dictionary();
  private readonly rawStation = new GrowableColumn();
  private readonly rawMetric = new GrowableColumn();
  private readonly rawTs = new GrowableColumn();
  private readonly rawValue = new GrowableColumn();
  private windows: WindowAggregate[] = [];
  private seq = 0;

  /** Adds one reading's metrics as raw rows. */
  addReading(reading: Reading): void {
    const station = this.stations.id(reading.stationId);
    for (const metric in reading.metrics) {
      this.rawStation.push(station);
      this.rawMetric.push(this.metrics.id(metric));
      this.rawTs.push(reading.ts);
      this.rawValue.push(reading.metrics[metric] as number);
    }
  }

  /** Adds one message's metrics (names[i], values[i] for i < count) as raw rows, without a Reading. */
  addValues(stationId: string, ts: number, names: readonly string[], values: Float64Array, count: number): void {
    const station = this.stations.id(stationId);
    for (let i = 0; i < count; i++) {
      this.rawStation.push(station);
      this.rawMetric.push(this.metrics.id(names[i]!));
      this.rawTs.push(ts);
      this.rawValue.push(values[i]!);
    }
  }

  addWindows(windows: readonly WindowAggregate[]): void {
    for (const w of windows) this.windows.push(w);
  }

  get pendingRows(): number {
    return this.rawTs.length + this.windows.length;
  }

  /**
   * Builds the frame and starts collecting the next one. `pending`: the current pending conditions, listed
   * whole in every frame while there are any (a short list; a frame without them has no `pending` field).
   */
  build(at: number, city: readonly CityBandRow[], readingsPerSec: number, watermark: number | null, pending: PendingList = NO_PENDING, airQuality: readonly StationAirIndex[] | null = null, airFlags: readonly AirQualityFlag[] | null = null): StreamFrame {
    const raw = this.rawTs.length > MAX_RAW_ROWS_PER_FRAME ? this.latestRawOnly() : this.allRaw();
    const windows = this.windowColumns();
    const frame: StreamFrame = {
      seq: ++this.seq,
      at,
      stations: this.stations.values,
      metrics: this.metrics.values,
      raw,
      windows,
      city: this.cityColumns(city),
      readingsPerSec,
      watermark,
      ...(pending.total > 0 ? { pending: pending.list, pendingTotal: pending.total } : {}),
      ...(airQuality !== null ? { airQuality } : {}),
      ...(airFlags !== null ? { airFlags } : {}),
    };
    this.reset();
    return frame;
  }

  private allRaw(): StreamFrame['raw'] {
    return { station: this.rawStation.toUint32(), metric: this.rawMetric.toUint32(), ts: this.rawTs.toFloat64(), value: this.rawValue.toFloat64() };
  }

  // When a frame would be huge (thousands of stations at high rates), the UI only needs the newest value per series.
  // A dense index over (station, metric) of this frame's dictionaries: one pass, no per-row allocation.
  private latestRawOnly(): StreamFrame['raw'] {
    const metricCount = Math.max(1, this.metrics.values.length);
    const newest = new Int32Array(this.stations.values.length * metricCount).fill(-1);
    let kept = 0;
    for (let i = 0; i < this.rawTs.length; i++) {
      const key = this.rawStation.get(i) * metricCount + this.rawMetric.get(i);
      const seen = newest[key] as number;
      if (seen < 0) kept++;
      if (seen < 0 || this.rawTs.get(seen) <= this.rawTs.get(i)) newest[key] = i;
    }
    const out = { station: new Uint32Array(kept), metric: new Uint32Array(kept), ts: new Float64Array(kept), value: new Float64Array(kept) };
    let o = 0;
    for (let key = 0; key < newest.length; key++) {
      const i = newest[key] as number;
      if (i < 0) continue;
      out.station[o] = this.rawStation.get(i);
      out.metric[o] = this.rawMetric.get(i);
      out.ts[o] = this.rawTs.get(i);
      out.value[o] = this.rawValue.get(i);
      o++;
    }
    return out;
  }

  private windowColumns(): StreamFrame['windows'] {
    const n = this.windows.length;
    const cols = {
      station: new Uint32Array(n),
      metric: new Uint32Array(n),
      sizeMs: new Float64Array(n),
      start: new Float64Array(n),
      count: new Float64Array(n),
      mean: new Float64Array(n),
      min: new Float64Array(n),
      max: new Float64Array(n),
      stddev: new Float64Array(n),
      p95: new Float64Array(n),
      p5: new Float64Array(n),
    };
    this.windows.forEach((w, i) => {
      cols.station[i] = this.stations.id(w.stationId);
      cols.metric[i] = this.metrics.id(w.metric);
      cols.sizeMs[i] = w.sizeMs;
      cols.start[i] = w.start;
      cols.count[i] = w.count;
      cols.mean[i] = w.mean;
      cols.min[i] = w.min;
      cols.max[i] = w.max;
      cols.stddev[i] = w.stddev;
      cols.p95[i] = w.p95;
      cols.p5[i] = w.p5 ?? Number.NaN;
    });
    return cols;
  }

  private cityColumns(rows: readonly CityBandRow[]): CityColumns {
    return {
      metric: Uint32Array.from(rows, (r) => this.metrics.id(r.metric)),
      start: Float64Array.from(rows, (r) => r.start),
      count: Float64Array.from(rows, (r) => r.count),
      mean: Float64Array.from(rows, (r) => r.mean),
      min: Float64Array.from(rows, (r) => r.min),
      max: Float64Array.from(rows, (r) => r.max),
      p5: Float64Array.from(rows, (r) => r.p5 ?? Number.NaN),
      p95: Float64Array.from(rows, (r) => r.p95 ?? Number.NaN),
    };
  }

  private reset(): void {
    this.stations = new Dictionary();
    this.metrics = new Dictionary();
    this.rawStation.clear();
    this.rawMetric.clear();
    this.rawTs.clear();
    this.rawValue.clear();
    this.windows = [];
  }
}
