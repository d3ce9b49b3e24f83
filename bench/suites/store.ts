// store.postgres.rowsPerSec: batched writes into PostgreSQL through the app's own store code (the
// shared SQL, INSERT … SELECT unnest(…) ON CONFLICT, one transaction per batch), on a fresh database
// of the shared server. Window aggregates (the headline number) and raw readings (9 metrics in jsonb)
// are measured separately; each run writes fresh keys, as live ingest does. Median of several runs.
import { openPostgresBackend } from '../../src-main/adapters/postgres/open-postgres';
import { PgliteStoreClient } from '../../src-main/adapters/pglite/pglite-store-client';
import type { StoreBackend, StoreWrite } from '../../src-main/adapters/sql/store-write';
import { loadavg } from 'node:os';
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

interface Rate {
  rowsPerSec: number;
  /** CPU this process (the engine side: building the batch parameters) spent per 10,000 rows. */
  clientCpuMsPer10k: number;
}

async function rate(store: StoreBackend, batches: number, make: (batch: number) => StoreWrite): Promise<Rate> {
  const data = Array.from({ length: batches }, (_, b) => make(b));
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const write of data) await store.apply(write);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rowsPerSec: (batches * BATCH) / seconds, clientCpuMsPer10k: (used.user + used.system) / 1000 / batches };
}

async function measure(store: StoreBackend, runs: number, batches: number): Promise<{ windows: Rate[]; readings: Rate[] }> {
  await store.ready();
  await store.apply({ op: 'windows', windows: windows(999, 0) }); // warm-up: connection, plans, station registry
  const out = { windows: [] as Rate[], readings: [] as Rate[] };
  for (let r = 0; r < runs; r++) {
    out.windows.push(await rate(store, batches, (b) => ({ op: 'windows', windows: windows(r, b) })));
    out.readings.push(await rate(store, batches, (b) => ({ op: 'readings', readings: readings(r, b) })));
  }
  return out;
}

function result(rates: Rate[], extra: Record<string, unknown>): BenchResult {
  return { median: median(rates.map((r) => r.rowsPerSec)), unit: 'rows/s', runs: rates.length, clientCpuMsPer10k: median(rates.map((r) => r.clientCpuMsPer10k)), loadAverage1m: loadavg()[0], ...extra };
}

/** Runs the store benchmarks; skipped when PostgreSQL is not reachable. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
  const runs = options.quick ? 3 : 5;
  const batches = options.quick ? 5 : 20;
  const db = await createTestDatabase('sw_bench');
  const postgres = openPostgresBackend({ url: db.url });
  let pg: { windows: Rate[]; readings: Rate[] };
  try {
    pg = await measure(postgres, runs, batches);
  } finally {
    await postgres.close();
    await db.drop();
  }
  // PGlite behind its worker thread, in memory: the embedded default's ceiling for comparison.
  const pglite = new PgliteStoreClient({ dir: null });
  let lite: { windows: Rate[]; readings: Rate[] };
  try {
    lite = await measure(pglite, options.quick ? 1 : 3, options.quick ? 3 : 10);
  } finally {
    await pglite.close();
  }
  return {
    'store.postgres.rowsPerSec': result(pg.windows, { what: 'window_aggregates upserts', batchRows: BATCH, batchesPerRun: batches }),
    'store.postgres.readings.rowsPerSec': result(pg.readings, { what: 'raw readings, 9 metrics in jsonb', batchRows: BATCH, batchesPerRun: batches }),
    'store.pglite.rowsPerSec': result(lite.windows, { what: 'window_aggregates upserts, in-memory PGlite in its worker', batchRows: BATCH }),
    'store.pglite.readings.rowsPerSec': result(lite.readings, { what: 'raw readings, in-memory PGlite in its worker', batchRows: BATCH }),
  };
}
