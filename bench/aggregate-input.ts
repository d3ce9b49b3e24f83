// Pre-generated input for the aggregation suites (aggregate, decode-aggregate): typed-array columns,
// one row per reading of 9 metrics, at one of two event-time densities (see Density).
import { gaussian, seededRandom } from './stats';

/** The simulator's nine metrics as [name, mean, σ]. */
export const BENCH_METRICS: readonly (readonly [string, number, number])[] = [
  ['temperature', 25, 2],
  ['humidity', 60, 3],
  ['pressure', 1013, 2],
  ['air_quality', 200, 20],
  ['particulate_matter', 30, 2],
  ['noise_level', 50, 3],
  ['illuminance', 500, 50],
  ['wind_speed', 5, 2],
  ['rainfall', 0, 3],
];

/** Stations in every aggregation suite. */
export const BENCH_STATIONS = 1_000;

/**
 * How much event time a reading stands for.
 * - `live`: a city sending 1,000,000 readings per second of event time over 1,000 stations (about
 *   1,000 readings per station per event-second), which is what "1M readings/s on one core" means
 *   for a live stream. Timestamps follow the row number (1,000 readings per ms), stations are
 *   interleaved in shuffled rounds, and each reading is 0–20 ms late, so arrival is slightly out of order.
 * - `replay`: 1 reading per station per event-second (the simulator's default rate), so 1M readings
 *   cover 1,000 s of event time: a historical replay at ~1000× speed, where nearly every station
 *   window closes after ~10 values and closing dominates. Each round of 1,000 stations is shuffled
 *   with millisecond jitter inside its second.
 */
export type Density = 'live' | 'replay';

/** Readings per event-second at live density. */
export const LIVE_READINGS_PER_SECOND = 1_000_000;

/** Columnar input: one row per reading, BENCH_METRICS.length values per row. */
export interface BenchInput {
  readonly rows: number;
  readonly density: Density;
  /** Event time covered, ms: pass k of a loop shifts every timestamp by k · spanMs. */
  readonly spanMs: number;
  readonly station: Int32Array;
  readonly ts: Float64Array;
  readonly values: Float64Array;
}

/** First event time of every input: 2026-11-23 08:00 UTC. */
export const BENCH_T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

/** Builds `rows` readings at `density`, deterministic (seeded). */
export function generateInput(rows: number, density: Density): BenchInput {
  const random = seededRandom(20261123);
  const width = BENCH_METRICS.length;
  const station = new Int32Array(rows);
  const ts = new Float64Array(rows);
  const values = new Float64Array(rows * width);
  const order = Int32Array.from({ length: BENCH_STATIONS }, (_, i) => i);
  const perMs = LIVE_READINGS_PER_SECOND / 1000;
  for (let row = 0; row < rows; row++) {
    const round = Math.floor(row / BENCH_STATIONS);
    const within = row % BENCH_STATIONS;
    if (within === 0) shuffle(order, random);
    const s = order[within]!;
    station[row] = s;
    ts[row] = density === 'live' ? BENCH_T0 + Math.floor(row / perMs) - Math.floor(random() * 21) : BENCH_T0 + round * 1000 + Math.floor(random() * 1000);
    for (let m = 0; m < width; m++) {
      const [, mean, sigma] = BENCH_METRICS[m]!;
      const value = mean + (s % 7) * 0.1 * sigma + gaussian(random) * sigma;
      values[row * width + m] = m === width - 1 ? Math.max(0, value) : value;
    }
  }
  const spanMs = density === 'live' ? Math.ceil(rows / perMs) : Math.ceil(rows / BENCH_STATIONS) * 1000;
  return { rows, density, spanMs, station, ts, values };
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
}
