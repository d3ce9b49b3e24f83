// decodeAggregate.readingsPerSec: ~225-byte JSON wide records (Uint8Array, like Kafka values) decoded
// by the production Decoder (default settings) into reused columns (decodeInto) and aggregated with
// addValues — the calls Pipeline.onBatch makes for raw messages — into windows of 10 s,
// 1 min and 5 min with the sketch and city-wide windows, at LIVE density (1M readings per event-second
// over 1,000 stations; see bench/aggregate-input.ts), drainClosed every 50,000 readings.
// Also reported: decodeAggregate.decodeOnly.readingsPerSec, the decoder alone on the same bytes, to
// show which half is the bottleneck, and decodeAggregate.withReading.readingsPerSec, which also builds
// the one Reading per message that the pipeline still makes for frames and raw storage. Between passes the records' timestamps are rewritten in place
// (untimed), so every pass is later in event time and nothing goes late.
// `median` is wall time (the machine is shared), `cpuMedian` this process's CPU time; both readings/s.
import { BENCH_STATIONS, BENCH_T0, generateInput, type BenchInput } from '../aggregate-input';
import { encodeRecords, shiftRecordTimes, type JsonRecords } from '../json-records';
import { loadAverage, timeSection, type Timed } from '../measure';
import { median, quantile } from '../stats';
import type { BenchOptions, BenchResult } from '../types';
import { DecodedReading, Decoder } from '../../src-main/core/decoder/decoder';
import type { Reading } from '../../src-shared/domain/reading';
import { defaultSettings } from '../../src-shared/settings/schema';
import { WindowAggregator } from '../../src-main/core/windows/window-aggregator';

const SIZES_MS = [10_000, 60_000, 300_000];
const DRAIN_EVERY = 50_000;

/** What a pass does besides decoding. */
type Mode = 'aggregate' | 'withReading' | 'decodeOnly';

/** Keeps the Readings of withReading passes observable, so building them cannot be optimised away. */
let lastReading: Reading | null = null;

/** One pass: decode every record and (unless decodeOnly) aggregate it, as Pipeline.onBatch does. Throws on any rejection. */
function pass(records: JsonRecords, decoder: Decoder, aggregator: WindowAggregator | null, nowMs: number, withReading: boolean): void {
  const { messages } = records;
  const decoded = new DecodedReading();
  for (let i = 0; i < messages.length; i++) {
    const problem = decoder.decodeInto(messages[i]!, nowMs, decoded);
    if (problem !== null) throw new Error(`bench record rejected: ${problem.ok ? '' : `${problem.reason} ${problem.detail}`}`);
    if (withReading) lastReading = decoded.toReading();
    if (aggregator === null) continue;
    aggregator.addValues(aggregator.stationSlot(decoded.stationId), decoded.ts, decoded.names, decoded.values, decoded.count);
    if (i % DRAIN_EVERY === DRAIN_EVERY - 1) aggregator.drainClosed();
  }
  aggregator?.drainClosed();
}

function series(input: BenchInput, records: JsonRecords, runs: number, mode: Mode): { samples: Timed[]; load: number; late: number } {
  const withAggregator = mode !== 'decodeOnly';
  const settings = defaultSettings();
  const decoder = new Decoder(settings.decoder);
  const aggregator = withAggregator
    ? new WindowAggregator({ sizesMs: SIZES_MS, allowedLatenessMs: settings.windows.allowedLatenessMs, maxStations: 50_000, maxMetrics: 256, includeCity: true })
    : null;
  const samples: Timed[] = [];
  const load: number[] = [];
  let loops = 0;
  for (let run = -1; run < runs; run++) {
    const shift = loops++ * input.spanMs;
    shiftRecordTimes(records, input, shift);
    const nowMs = BENCH_T0 + shift + input.spanMs;
    const timed = timeSection(input.rows, () => pass(records, decoder, aggregator, nowMs, mode === 'withReading'));
    if (run >= 0) samples.push(timed); // run -1 warms up
    load.push(loadAverage());
  }
  return { samples, load: median(load), late: aggregator?.lateCount ?? 0 };
}

function summary(samples: readonly Timed[], runs: number): BenchResult {
  const wall = samples.map((s) => s.perWallSecond);
  const cpu = samples.map((s) => s.perCpuSecond);
  return {
    median: Math.round(median(wall)),
    p95: Math.round(quantile(wall, 0.05)),
    cpuMedian: Math.round(median(cpu)),
    cpuP95: Math.round(quantile(cpu, 0.05)),
    unit: 'readings/s',
    runs,
    note: 'median/p95: wall time; cpuMedian/cpuP95: CPU time of this process; p95 is the slow tail (5th percentile of throughput)',
  };
}

/** Runs the suite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const rows = options.quick ? 100_000 : 400_000;
  const runs = options.quick ? 3 : 7;
  const input = generateInput(rows, 'live');
  const records = encodeRecords(input);
  const both = series(input, records, runs, 'aggregate');
  const withReading = series(input, records, runs, 'withReading');
  const decodeOnly = series(input, records, runs, 'decodeOnly');
  if (lastReading === null) throw new Error('no reading built');
  const context = { density: 'live', readingsPerPass: rows, averageMessageBytes: Math.round(records.averageBytes), stations: BENCH_STATIONS, sizesMs: SIZES_MS, includeCity: true };
  return {
    'decodeAggregate.readingsPerSec': { ...summary(both.samples, runs), ...context, lateValues: both.late, loadAverage1m: both.load },
    'decodeAggregate.withReading.readingsPerSec': { ...summary(withReading.samples, runs), ...context, lateValues: withReading.late, loadAverage1m: withReading.load },
    'decodeAggregate.decodeOnly.readingsPerSec': { ...summary(decodeOnly.samples, runs), ...context, loadAverage1m: decodeOnly.load },
  };
}
