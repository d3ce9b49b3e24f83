// aggregate.readingsPerSec: the window aggregator alone on one core. 1,000 stations × 9 metrics,
// windows of 10 s, 1 min and 5 min with the p95 sketch, city-wide windows on (as the pipeline runs it),
// input pre-generated as typed-array columns (no JSON). Every station reports once per event-time
// second, in shuffled order with millisecond jitter, so arrival is out of order within the lateness.
import { WindowAggregator } from '../../src-shared/windows/window-aggregator';
import { gaussian, median, quantile, seededRandom } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const STATIONS = 1_000;
const METRICS: readonly (readonly [string, number, number])[] = [
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
const SIZES_MS = [10_000, 60_000, 300_000];
const LATENESS_MS = 5_000;
const DRAIN_EVERY = 10_000;

/** Columnar input: one row per reading, METRICS.length values per row. */
interface Input {
  rows: number;
  station: Int32Array;
  ts: Float64Array;
  values: Float64Array;
}

function generate(rows: number): Input {
  const random = seededRandom(20261123);
  const station = new Int32Array(rows);
  const ts = new Float64Array(rows);
  const values = new Float64Array(rows * METRICS.length);
  const order = Int32Array.from({ length: STATIONS }, (_, i) => i);
  const t0 = Date.UTC(2026, 10, 23, 8, 0, 0);
  for (let row = 0; row < rows; row++) {
    const second = Math.floor(row / STATIONS);
    const within = row % STATIONS;
    if (within === 0) {
      for (let i = STATIONS - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
      }
    }
    const s = order[within]!;
    station[row] = s;
    ts[row] = t0 + second * 1000 + Math.floor(random() * 1000);
    for (let m = 0; m < METRICS.length; m++) {
      const [, mean, sigma] = METRICS[m]!;
      const value = mean + (s % 7) * 0.1 * sigma + gaussian(random) * sigma;
      values[row * METRICS.length + m] = m === METRICS.length - 1 ? Math.max(0, value) : value;
    }
  }
  return { rows, station, ts, values };
}

/** A long-lived aggregator with its slots, as the pipeline holds it. */
interface Subject {
  aggregator: WindowAggregator;
  stationSlots: Int32Array;
  metricSlots: Int32Array;
}

function subject(includeCity: boolean): Subject {
  const aggregator = new WindowAggregator({ sizesMs: SIZES_MS, allowedLatenessMs: LATENESS_MS, maxStations: 50_000, maxMetrics: 256, includeCity });
  const stationSlots = new Int32Array(STATIONS);
  for (let s = 0; s < STATIONS; s++) stationSlots[s] = aggregator.stationSlot(`st-${String(s).padStart(4, '0')}`);
  const metricSlots = Int32Array.from(METRICS, ([name]) => aggregator.metricSlot(name));
  return { aggregator, stationSlots, metricSlots };
}

/** Time covered by the input, so pass k can replay it shifted k spans later (steady state, no warm restart). */
function span(input: Input): number {
  return Math.ceil(input.rows / STATIONS) * 1000;
}

/**
 * One timed pass over the input, `shift` ms later than the previous one. Returns readings per second
 * of wall time and of this thread's CPU time (the machine is shared; CPU time is the steadier figure).
 */
function pass(input: Input, { aggregator, stationSlots, metricSlots }: Subject, shift: number): { perSec: number; perCpuSec: number; windows: number; open: number } {
  const { station, ts, values } = input;
  const width = METRICS.length;
  let windows = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let row = 0; row < input.rows; row++) {
    const slot = stationSlots[station[row]!]!;
    const t = ts[row]! + shift;
    const base = row * width;
    for (let m = 0; m < width; m++) aggregator.add(slot, metricSlots[m]!, t, values[base + m]!);
    if (row % DRAIN_EVERY === DRAIN_EVERY - 1) windows += aggregator.drainClosed().length;
  }
  windows += aggregator.drainClosed().length;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { perSec: input.rows / seconds, perCpuSec: input.rows / cpuSeconds, windows, open: aggregator.openWindowCount() };
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const rows = options.quick ? 300_000 : 1_200_000;
  const runs = options.quick ? 3 : 7;
  const input = generate(rows);
  const results: Record<string, BenchResult> = {};
  for (const includeCity of [true, false]) {
    const held = subject(includeCity);
    pass(input, held, 0); // warm-up: JIT and pool growth
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    let last = { perSec: 0, perCpuSec: 0, windows: 0, open: 0 };
    for (let i = 1; i <= runs; i++) {
      last = pass(input, held, i * span(input));
      samples.push(last.perSec);
      cpuSamples.push(last.perCpuSec);
    }
    const name = includeCity ? 'aggregate.readingsPerSec' : 'aggregate.noCity.readingsPerSec';
    results[name] = {
      median: Math.round(median(samples)),
      p95: Math.round(quantile(samples, 0.05)),
      unit: 'readings/s',
      runs,
      note: 'p95 is the slow tail: the 5th percentile of throughput',
      readingsPerRun: rows,
      medianPerCpuSecond: Math.round(median(cpuSamples)),
      metricValuesPerSec: Math.round(median(samples) * METRICS.length),
      stations: STATIONS,
      metrics: METRICS.length,
      sizesMs: SIZES_MS,
      includeCity,
      windowsClosedPerRun: last.windows,
      openWindowsAtEnd: last.open,
    };
  }
  return results;
}
