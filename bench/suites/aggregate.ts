// The window aggregator alone on one core: 1,000 stations × 9 metrics, windows of 10 s, 1 min and
// 5 min with the p95 sketch, city-wide windows on (as the pipeline runs it), input pre-generated as
// typed-array columns (no JSON), drainClosed called every 50,000 readings (~the pipeline's 50 ms
// tick at 1M readings/s), so the cost of closing windows and building their objects is counted.
//
// Two densities of event time (bench/aggregate-input.ts):
// - aggregate.readingsPerSec: LIVE. 1M readings per event-second shared by 1,000 stations, slightly
//   out of order. A pass covers 10 s of event time (10M readings in full mode), so each pass closes
//   about one round of 10 s windows; the input is looped, shifted by its span each time.
// - aggregate.replay.readingsPerSec: REPLAY. 1 reading per station per event-second, so 1M readings
//   cover 1,000 s: a history replay at ~1000× speed in which nearly every 10 s window closes after
//   about 10 values. This is what the suite measured before the live figure existed.
// `median` is wall time (the machine is shared), `cpuMedian` this process's CPU time; both readings/s.
import { BENCH_METRICS, BENCH_STATIONS, generateInput, type BenchInput, type Density } from '../aggregate-input';
import { loadAverage, timeSection } from '../measure';
import { median, quantile } from '../stats';
import type { BenchOptions, BenchResult } from '../types';
import { WindowAggregator } from '../../src-main/core/windows/window-aggregator';

const SIZES_MS = [10_000, 60_000, 300_000];
const LATENESS_MS = 5_000;
const DRAIN_EVERY = 50_000;

/** A long-lived aggregator with its slots, as the pipeline holds it. */
interface Subject {
  aggregator: WindowAggregator;
  stationSlots: Int32Array;
  metricSlots: Int32Array;
  /** Loops of the input done so far: the next loop is shifted by this many spans. */
  loops: number;
  windows: number;
}

function subject(): Subject {
  const aggregator = new WindowAggregator({ sizesMs: SIZES_MS, allowedLatenessMs: LATENESS_MS, maxStations: 50_000, maxMetrics: 256, includeCity: true });
  const stationSlots = new Int32Array(BENCH_STATIONS);
  for (let s = 0; s < BENCH_STATIONS; s++) stationSlots[s] = aggregator.stationSlot(`st-${String(s).padStart(4, '0')}`);
  const metricSlots = Int32Array.from(BENCH_METRICS, ([name]) => aggregator.metricSlot(name));
  return { aggregator, stationSlots, metricSlots, loops: 0, windows: 0 };
}

/** Feeds the input once, shifted past everything fed before (steady state, no restart). */
function loop(input: BenchInput, held: Subject): void {
  const { aggregator, stationSlots, metricSlots } = held;
  const { station, ts, values } = input;
  const width = BENCH_METRICS.length;
  const shift = held.loops++ * input.spanMs;
  for (let row = 0; row < input.rows; row++) {
    const slot = stationSlots[station[row]!]!;
    const t = ts[row]! + shift;
    const base = row * width;
    for (let m = 0; m < width; m++) aggregator.add(slot, metricSlots[m]!, t, values[base + m]!);
    if (row % DRAIN_EVERY === DRAIN_EVERY - 1) held.windows += aggregator.drainClosed().length;
  }
  held.windows += aggregator.drainClosed().length;
}

interface Plan {
  name: string;
  density: Density;
  rows: number;
  loopsPerPass: number;
  runs: number;
}

function plans(quick: boolean): Plan[] {
  return [
    { name: 'aggregate.readingsPerSec', density: 'live', rows: quick ? 200_000 : 500_000, loopsPerPass: quick ? 10 : 20, runs: quick ? 3 : 5 },
    { name: 'aggregate.replay.readingsPerSec', density: 'replay', rows: quick ? 300_000 : 1_200_000, loopsPerPass: 1, runs: quick ? 3 : 7 },
  ];
}

function measure(plan: Plan): BenchResult {
  const input = generateInput(plan.rows, plan.density);
  const held = subject();
  const pass = (): void => {
    for (let i = 0; i < plan.loopsPerPass; i++) loop(input, held);
  };
  pass(); // warm-up: JIT and pool growth
  const wall: number[] = [];
  const cpu: number[] = [];
  const load: number[] = [];
  let windows = 0;
  for (let run = 0; run < plan.runs; run++) {
    const before = held.windows;
    const timed = timeSection(plan.rows * plan.loopsPerPass, pass);
    windows = held.windows - before;
    wall.push(timed.perWallSecond);
    cpu.push(timed.perCpuSecond);
    load.push(loadAverage());
  }
  return {
    median: Math.round(median(wall)),
    p95: Math.round(quantile(wall, 0.05)),
    cpuMedian: Math.round(median(cpu)),
    cpuP95: Math.round(quantile(cpu, 0.05)),
    unit: 'readings/s',
    runs: plan.runs,
    note: 'median/p95: wall time; cpuMedian/cpuP95: CPU time of this process; p95 is the slow tail (5th percentile of throughput)',
    density: plan.density,
    eventMsPerPass: input.spanMs * plan.loopsPerPass,
    readingsPerPass: plan.rows * plan.loopsPerPass,
    windowsClosedPerPass: windows,
    openWindowsAtEnd: held.aggregator.openWindowCount(),
    loadAverage1m: median(load),
    stations: BENCH_STATIONS,
    metrics: BENCH_METRICS.length,
    sizesMs: SIZES_MS,
    includeCity: true,
  };
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const results: Record<string, BenchResult> = {};
  for (const plan of plans(options.quick)) results[plan.name] = measure(plan);
  return results;
}
