/** Statistics of one closed event-time tumbling window for one (station, metric); station '*' is city-wide. */
export interface WindowAggregate {
  readonly stationId: string;
  readonly metric: string;
  readonly sizeMs: number;
  /** Window start, epoch ms, aligned to sizeMs. The window covers [start, start + sizeMs). */
  readonly start: number;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation. */
  readonly stddev: number;
  /** Approximate 95th percentile from a mergeable sketch (see sketch error in src-main/core/windows). */
  readonly p95: number;
  /**
   * Approximate 5th percentile, from the same sketch; set on city-wide windows only (the chart's p5–p95 band).
   * Within the sketch's 1 % unless the window's largest magnitude is over ~165× its p5's (the sketch then folds
   * its lowest buckets and p5 reads high; it is still clamped to [min, max]).
   */
  readonly p5?: number;
  /**
   * Sum of squared deviations from the mean (variance = m2 / count), and the quantile sketch in its
   * mergeable form (see src-main/core/windows/mergeable-window.ts): what the store needs to merge late
   * readings into a stored window. Set by the aggregator (which gives the sketch as a span, below);
   * absent on windows from elsewhere. Read the sketch in either form with sketchNumbers().
   */
  readonly m2?: number;
  readonly sketch?: readonly number[];
  /**
   * The aggregator's form of the sketch: the numbers sketchBuffer[sketchAt, sketchAt + sketchLength), a
   * buffer shared by the windows closed around the same time. An array per window cost the replay path
   * a quarter of its throughput (one window closes per reading there). Whoever writes windows as JSON, or
   * keeps a few of them long, turns the span into `sketch` first (withSketchArray), so no window pins a
   * buffer of others' sketches. The memory store keeps them as they are: it keeps every window closed, and
   * drops them oldest first, so the windows that share a buffer leave together.
   */
  readonly sketchBuffer?: Float64Array;
  readonly sketchAt?: number;
  readonly sketchLength?: number;
}

/** A window's mergeable sketch as numbers, from whichever form it carries; undefined when it has none. */
export function sketchNumbers(window: WindowAggregate): readonly number[] | undefined {
  const { sketchBuffer, sketchAt, sketchLength } = window;
  if (sketchBuffer === undefined || sketchAt === undefined || sketchLength === undefined) return window.sketch;
  return Array.from(sketchBuffer.subarray(sketchAt, sketchAt + sketchLength));
}

/** The window with its sketch as an array and no shared buffer: safe to keep, clone or write as JSON. */
export function withSketchArray(window: WindowAggregate): WindowAggregate {
  if (window.sketchBuffer === undefined) return window;
  const { sketchBuffer: _buffer, sketchAt: _at, sketchLength: _length, ...rest } = window;
  const sketch = sketchNumbers(window);
  return sketch === undefined ? rest : { ...rest, sketch };
}

/** Default tumbling window sizes: 10 s, 1 min, 5 min, 1 h. */
export const DEFAULT_WINDOW_SIZES_MS: readonly number[] = [10_000, 60_000, 300_000, 3_600_000];
