/**
 * Normal weather for every (station, metric): value = mean + σ·(drift + noise), noise ~ N(0, 1).
 *
 * Drift is a slow, bounded wander kept in σ units. Every DRIFT_STEP_MS of simulated time it follows
 * a weighted trend of its own recent history, pulled back toward the mean by the recalibration rate,
 * plus a small innovation; a tanh squashes it into ±DRIFT_BOUND_SIGMA. Because |drift| < 1 and the
 * noise is independent, the long-run spread is below √2·σ ≈ 1.41σ whatever the seed, so the 1-minute
 * mean temperature (25 °C, σ 2) can never reach the 33 °C clear level of the default heat rule.
 *
 * State lives in typed arrays indexed by station slot; sampling allocates nothing.
 */
import { KNOWN_METRICS, POLLUTANT_METRICS } from '../../../src-shared/domain/metrics';
import { RandomStreams } from './random-streams';

/** Simulated time between drift updates. */
export const DRIFT_STEP_MS = 10_000;
/** Share of the distance to the mean that each drift step takes back ("recalibration"). */
export const RECALIBRATION_RATE = 0.2;
/** |drift| stays below this many σ. */
export const DRIFT_BOUND_SIGMA = 1;
/** Outliers land this many σ from the mean (uniform between the two). */
export const OUTLIER_MIN_SIGMA = 6;
export const OUTLIER_MAX_SIGMA = 10;

// Innovation per drift step, chosen so the drift's stationary std is about 0.4σ (total spread ≈ 1.09σ).
const DRIFT_INNOVATION = 0.45;
// Weights of the last four drift values, newest first (they sum to 1).
const TREND_WEIGHTS = [0.4, 0.3, 0.2, 0.1] as const;
const HISTORY = TREND_WEIGHTS.length;
const NOISE_SALT = 0x6e01;

/** What the simulator needs to know about one metric. */
export interface SimulatedMetric {
  readonly id: string;
  readonly mean: number;
  readonly sigma: number;
  readonly min: number;
  readonly max: number;
  /** +1: outliers only upward (a downward one would be impossible), -1 only downward, 0 either way. */
  readonly outlierDirection: -1 | 0 | 1;
}

const POLLUTANT_IDS = new Set(POLLUTANT_METRICS.map((m) => m.id));

/** The nine weather and environment metrics of the catalogue, in catalogue order (the pollutants have a model of their own: pollutant-model.ts). */
export const SIMULATED_METRICS: readonly SimulatedMetric[] = KNOWN_METRICS.filter((m) => !POLLUTANT_IDS.has(m.id)).map((m) => {
  const mean = m.expectedMean ?? 0;
  const sigma = m.expectedSigma ?? 1;
  const min = m.physicalMin ?? Number.NEGATIVE_INFINITY;
  const max = m.physicalMax ?? Number.POSITIVE_INFINITY;
  const canGoDown = mean - OUTLIER_MAX_SIGMA * sigma >= min;
  const canGoUp = mean + OUTLIER_MAX_SIGMA * sigma <= max;
  const outlierDirection: -1 | 0 | 1 = canGoDown && canGoUp ? 0 : canGoUp ? 1 : -1;
  return { id: m.id, mean, sigma, min, max, outlierDirection };
});

/** Weather metric count per reading. */
export const METRIC_COUNT = SIMULATED_METRICS.length;

/** Drift, noise and outliers for `stationCount` stations; sample() is the per-reading hot path. */
export class MetricModel {
  private readonly random: RandomStreams;
  /** [station][metric][age], newest first. */
  private readonly drift: Float64Array;
  private readonly nextDriftAt: Float64Array;
  /** Values until the station's next outlier (geometric), so outliers cost no draw per value. */
  private readonly untilOutlier: Float64Array;

  constructor(
    stationCount: number,
    seed: number,
    private readonly outlierRate: number,
  ) {
    this.random = new RandomStreams(stationCount, seed, NOISE_SALT);
    this.drift = new Float64Array(stationCount * METRIC_COUNT * HISTORY);
    this.nextDriftAt = new Float64Array(stationCount);
    this.untilOutlier = new Float64Array(stationCount);
    for (let i = 0; i < stationCount; i++) {
      for (let m = 0; m < METRIC_COUNT; m++) {
        // Start from a draw of the drift's own spread, so stations differ from the first second.
        const start = DRIFT_BOUND_SIGMA * Math.tanh((0.5 * this.random.normal(i)) / DRIFT_BOUND_SIGMA);
        this.drift.fill(start, (i * METRIC_COUNT + m) * HISTORY, (i * METRIC_COUNT + m + 1) * HISTORY);
      }
      this.untilOutlier[i] = this.random.geometric(i, outlierRate);
    }
  }

  /** Writes station i's values at `at` ms of simulated time since the start into `out` (METRIC_COUNT long). */
  sample(i: number, at: number, out: Float64Array): void {
    if (at >= (this.nextDriftAt[i] as number)) this.advanceDrift(i, at);
    const random = this.random;
    let untilOutlier = this.untilOutlier[i] as number;
    const base = i * METRIC_COUNT * HISTORY;
    for (let m = 0; m < METRIC_COUNT; m++) {
      const metric = SIMULATED_METRICS[m] as SimulatedMetric;
      let value: number;
      if (untilOutlier === 0) {
        value = this.outlier(i, metric);
        untilOutlier = random.geometric(i, this.outlierRate);
      } else {
        value = metric.mean + metric.sigma * ((this.drift[base + m * HISTORY] as number) + random.normal(i));
        untilOutlier--;
      }
      out[m] = value < metric.min ? metric.min : value > metric.max ? metric.max : value;
    }
    this.untilOutlier[i] = untilOutlier;
  }

  private outlier(i: number, metric: SimulatedMetric): number {
    const distance = OUTLIER_MIN_SIGMA + (OUTLIER_MAX_SIGMA - OUTLIER_MIN_SIGMA) * this.random.uniform(i);
    const direction = metric.outlierDirection !== 0 ? metric.outlierDirection : this.random.uniform(i) < 0.5 ? -1 : 1;
    return metric.mean + direction * distance * metric.sigma;
  }

  /** Applies every drift step due by `at` (at most one per DRIFT_STEP_MS; a long silence catches up in bulk). */
  private advanceDrift(i: number, at: number): void {
    let next = this.nextDriftAt[i] as number;
    const due = Math.floor((at - next) / DRIFT_STEP_MS) + 1;
    // After a long gap the old drift is forgotten anyway: 64 steps decorrelate it many times over.
    const steps = Math.min(due, 64);
    for (let s = 0; s < steps; s++) this.stepDrift(i);
    next += due * DRIFT_STEP_MS;
    this.nextDriftAt[i] = next;
  }

  private stepDrift(i: number): void {
    const drift = this.drift;
    for (let m = 0; m < METRIC_COUNT; m++) {
      const o = (i * METRIC_COUNT + m) * HISTORY;
      let trend = 0;
      for (let k = 0; k < HISTORY; k++) trend += (TREND_WEIGHTS[k] as number) * (drift[o + k] as number);
      const raw = (1 - RECALIBRATION_RATE) * trend + DRIFT_INNOVATION * this.random.normal(i);
      for (let k = HISTORY - 1; k > 0; k--) drift[o + k] = drift[o + k - 1] as number;
      drift[o] = DRIFT_BOUND_SIGMA * Math.tanh(raw / DRIFT_BOUND_SIGMA);
    }
  }
}
