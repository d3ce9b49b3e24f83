// store.postgres.rowsPerSec: batched writes into PostgreSQL through the app's own store code (the
// shared SQL, INSERT … SELECT unnest(…) ON CONFLICT, one transaction per batch), on a fresh database
// of the shared server. Window aggregates (the headline number) and raw readings (9 metrics in jsonb)
// are measured separately; each run writes fresh keys, as live ingest does. Median of several runs.
import { openPostgresBackend } from '../../src-main/adapters/postgres/open-postgres';
import type { SqlStore } from '../../src-main/adapters/sql/sql-store';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Reading } from '../../src-shared/domain/reading';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { median } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const METRICS = ['temperature', 'humidity', 'pressure', 'air_quality', 'particulate_matter', 'noise_level', 'illuminance', 'wind_speed', 'rainfall'];
const STATIONS = 1_000;
const BATCH = 10_000;
const T0 = Date.UTC(2026, 10, 23);

function windows(run: number, batch: number): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  const start = T0 + (run * 1000 + batch) * 10_000;
  for (let i = 0; i < BATCH; i++) {
    const v = (i * 7919) % 1000;
    out.push({ stationId: `st-${i % STATIONS}`, metric: METRICS[Math.floor(i / STATIONS) % METRICS.length]!, sizeMs: 10_000, start: start + Math.floor(i / (STATIONS * METRICS.length)) * 1e9, count: 10, mean: v, min: v - 1, max: v + 1, stddev: 0.5, p95: v + 0.9 });
  }
  return out;
}

function readings(run: number, batch: number): Reading[] {
  const out: Reading[] = [];
  const base = T0 + (run * 1000 + batch) * 1_000_000;
  for (let i = 0; i < BATCH; i++) {
    const metrics: Record<string, number> = {};
    for (let m = 0; m < METRICS.length; m++) metrics[METRICS[m]!] = ((i + m) * 7919) % 1000 / 10;
    out.push({ stationId: `st-${i % STATIONS}`, ts: base + Math.floor(i / STATIONS) * 1000 + (i % 7), metrics });
  }
  return out;
}

async function rate(store: SqlStore, batches: number, make: (batch: number) => Parameters<SqlStore['apply']>[0]): Promise<number> {
  const data = Array.from({ length: batches }, (_, b) => make(b));
  const started = performance.now();
  for (const write of data) await store.apply(write);
  return (batches * BATCH) / ((performance.now() - started) / 1000);
}

/** Runs the store benchmarks; skipped when PostgreSQL is not reachable. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
  const db = await createTestDatabase('sw_bench');
  const store = openPostgresBackend({ url: db.url });
  try {
    await store.ready();
    await store.apply({ op: 'windows', windows: windows(999, 0) }); // warm-up: connection, plans, station registry
    const runs = options.quick ? 3 : 5;
    const batches = options.quick ? 5 : 20;
    const windowRates: number[] = [];
    const readingRates: number[] = [];
    for (let r = 0; r < runs; r++) {
      windowRates.push(await rate(store, batches, (b) => ({ op: 'windows', windows: windows(r, b) })));
      readingRates.push(await rate(store, batches, (b) => ({ op: 'readings', readings: readings(r, b) })));
    }
    const windowsMedian = median(windowRates);
    return {
      'store.postgres.rowsPerSec': { median: windowsMedian, unit: 'rows/s', runs, what: 'window_aggregates upserts', batchRows: BATCH, batchesPerRun: batches },
      'store.postgres.windows.rowsPerSec': { median: windowsMedian, unit: 'rows/s', runs, batchRows: BATCH },
      'store.postgres.readings.rowsPerSec': { median: median(readingRates), unit: 'rows/s', runs, batchRows: BATCH, metricsPerRow: METRICS.length },
    };
  } finally {
    await store.close();
    await db.drop();
  }
}
