import type { AirQualityFlag, StationAirIndex } from '../domain/air-quality';
import type { Operator, Severity, Statistic } from '../domain/rules';

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
  /**
   * Threshold conditions breached but still waiting out their rule's pending time: the whole current list
   * (it is small: at most MAX_PENDING_PER_FRAME, soonest due first), so a client that joins late sees it at
   * once. Optional so that older engines' frames still parse; absent means none.
   */
  readonly pending?: readonly PendingCondition[];
  /** How many conditions are pending in all, when more than `pending` lists. */
  readonly pendingTotal?: number;
  /**
   * Each station's current air-quality index (issue 18), the whole list, sent when it changed and every few
   * seconds; absent otherwise (keep the last one). Optional so that older engines' frames still parse.
   */
  readonly airQuality?: readonly StationAirIndex[];
  /**
   * The automatic data-quality flags in force (issue 18), the whole list, sent when it changed (empty once when
   * the last one cleared) and every few seconds while there are any; absent otherwise (keep the last one).
   */
  readonly airFlags?: readonly AirQualityFlag[];
}

/** Most pending conditions one frame lists (soonest due first); `pendingTotal` counts the rest. */
export const MAX_PENDING_PER_FRAME = 200;

/**
 * A threshold rule breached at one station and waiting out its pending time before it raises an alarm.
 * Times are event time (epoch ms), like the alarms': read them against the data's clock, not the wall clock.
 */
export interface PendingCondition {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly stationId: string;
  readonly metric: string;
  /** What the rule evaluates: 'value' (raw readings) or a window statistic of `windowMs`. */
  readonly statistic: Statistic;
  readonly windowMs: number | null;
  readonly operator: Operator;
  readonly level: number;
  readonly severity: Severity;
  /** The statistic's latest evaluated value (it breaches `level`). */
  readonly value: number;
  /** When the breach began (the first breaching sample or window end). */
  readonly since: number;
  /**
   * The earliest time the alarm can be raised: since + pendingMs, for a window statistic rounded up to the
   * window end at which the rule next evaluates. Held only while every sample until then still breaches.
   */
  readonly dueAt: number;
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
  /** 5th percentile of city-wide windows (NaN on station rows); optional so older engines' frames still parse. */
  readonly p5?: Float64Array;
}

export interface CityColumns {
  readonly metric: Uint32Array;
  readonly start: Float64Array;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /**
   * 5th and 95th percentiles of the open city window (the band's edges); NaN when not known yet (the renderer
   * then draws min–max only until the window closes). Optional so that older engines' frames still parse.
   */
  readonly p5?: Float64Array;
  readonly p95?: Float64Array;
}
