/**
 * One UI frame (at most 10 a second). Columnar, so structured clone copies typed arrays almost for free
 * (docs/DESIGN.md, "Frames"). `stations` and `metrics` are this frame's dictionaries: a row's station is
 * `stations[raw.station[i]]`.
 */
export interface StreamFrame {
  readonly seq: number;
  /** Wall-clock time the frame was built, epoch ms. */
  readonly at: number;
  readonly stations: readonly string[];
  readonly metrics: readonly string[];
  /** Raw readings since the previous frame, one row per (reading, metric). */
  readonly raw: RawColumns;
  /** Windows closed since the previous frame (per station, and city-wide with station '*'). */
  readonly windows: WindowColumns;
  /** The city-wide band: the currently open smallest window per metric, partial statistics. */
  readonly city: CityColumns;
  readonly readingsPerSec: number;
  /** Event-time watermark, epoch ms; null before the first reading. */
  readonly watermark: number | null;
}

export interface RawColumns {
  readonly station: Uint32Array;
  readonly metric: Uint32Array;
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

export interface WindowColumns {
  readonly station: Uint32Array;
  readonly metric: Uint32Array;
  readonly sizeMs: Float64Array;
  readonly start: Float64Array;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly stddev: Float64Array;
  readonly p95: Float64Array;
}

export interface CityColumns {
  readonly metric: Uint32Array;
  readonly start: Float64Array;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}
