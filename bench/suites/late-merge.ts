// late.merge.readingsPerSec: late readings merged into stored windows through the app's own store code
// (adapters/sql/late-merge-write.ts: journal the Kafka positions, read and lock the stored rows, merge,
// upsert; one transaction per batch), on a fresh PostgreSQL database and on in-memory PGlite in its
// worker. The shape of a logger upload: 10 stations each sending consecutive readings (1 a second) of its
// last hour; each reading carries 3 metrics and lands in its station's and the city's stored 10 s, 1 min
// and 5 min windows (the 1 h one still open in memory). The windows were stored on time first, with their
// sketches. Median of several runs. (Readings scattered at random over 100 stations and the hour, each
// touching rows no other reading of its batch touches, are the worst case: about 1,400 readings/s measured.)
import { openPostgresBackend } from '../../src-main/adapters/postgres/open-postgres';
import { PgliteStoreClient } from '../../src-main/adapters/pglite/pglite-store-client';
import type { StoreBackend } from '../../src-main/adapters/sql/store-write';
import type { LateBatch } from '../../src-main/core/windows/late-values';
import type { SourcePosition } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { loadavg } from 'node:os';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { median } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const SIZES = [10_000, 60_000, 300_000, 3_600_000];
const METRICS = ['temperature', 'humidity', 'pressure'];
const STATIONS = 100;
/** Stations uploading; each batch holds BATCH / UPLOADERS consecutive seconds of each. */
const UPLOADERS = 10;
/** Late readings per merge (one Kafka fetch of an upload, roughly). */
const BATCH = 2_000;
const T0 = Date.UTC(2026, 10, 23);

/** On-time windows of the first hour, 10 readings each in the 10 s windows, with their mergeable form. */
function storedWindows(): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  for (const sizeMs of SIZES.slice(0, 3)) {
    for (let start = T0; start < T0 + 3_600_000; start += sizeMs) {
      for (const stationId of [...Array.from({ length: STATIONS }, (_, s) => `st-${s}`), '*']) {
        for (const metric of METRICS) {
          const values = Array.from({ length: 10 }, (_, i) => 10 + ((i * 7 + start / 1000) % 13));
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const m2 = values.reduce((a, b) => a + (b - mean) ** 2, 0);
          out.push({ stationId, metric, sizeMs, start, count: 10, mean, min: Math.min(...values), max: Math.max(...values), stddev: Math.sqrt(m2 / 10), p95: Math.max(...values), m2, sketch: [0, ...values] });
        }
      }
    }
  }
  return out;
}

function lateBatch(run: number, batch: number): LateBatch {
  const positions: SourcePosition[] = [];
  const b = { stationIds: [] as string[], metrics: [] as string[], ts: [] as number[], values: [] as number[], stationSizes: [] as number[], citySizes: [] as number[], message: [] as number[] };
  for (let i = 0; i < BATCH; i++) {
    const n = (run * 1_000 + batch) * BATCH + i;
    positions.push({ topic: 'bench-late', partition: 0, offset: String(n) });
    const perStation = BATCH / UPLOADERS;
    const second = (((run * 1_000 + batch) * perStation) + (i % perStation)) % 3_600;
    const ts = T0 + second * 1_000 + 500;
    for (const metric of METRICS) {
      b.stationIds.push(`st-${Math.floor(i / perStation)}`);
      b.metrics.push(metric);
      b.ts.push(ts);
      b.values.push(10 + ((n * 31) % 17));
      b.stationSizes.push(0b111);
      b.citySizes.push(0b111);
      b.message.push(i);
    }
  }
  return { sizesMs: SIZES, positions, ...b };
}

async function measure(store: StoreBackend, runs: number, batches: number): Promise<number[]> {
  await store.ready();
  const windows = storedWindows();
  for (let i = 0; i < windows.length; i += 5_000) await store.apply({ op: 'windows', windows: windows.slice(i, i + 5_000) });
  await store.apply({ op: 'late', batch: lateBatch(999, 0) }); // warm-up: plans
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const data = Array.from({ length: batches }, (_, b) => lateBatch(r, b));
    const started = performance.now();
    for (const batch of data) await store.apply({ op: 'late', batch });
    rates.push((batches * BATCH) / ((performance.now() - started) / 1000));
  }
  return rates;
}

function result(rates: number[], what: string): BenchResult {
  return { median: median(rates), unit: 'readings/s', runs: rates.length, what, batchReadings: BATCH, metricsPerReading: METRICS.length, loadAverage1m: loadavg()[0] };
}

/** Runs the late-merge benchmarks; skipped when PostgreSQL is not reachable. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
  const runs = options.quick ? 3 : 5;
  const batches = options.quick ? 3 : 10;
  const db = await createTestDatabase('sw_bench_late');
  const postgres = openPostgresBackend({ url: db.url });
  let server: number[];
  try {
    server = await measure(postgres, runs, batches);
  } finally {
    await postgres.close();
    await db.drop();
  }
  const pglite = new PgliteStoreClient({ dir: null });
  let lite: number[];
  try {
    lite = await measure(pglite, options.quick ? 1 : 3, options.quick ? 2 : 5);
  } finally {
    await pglite.close();
  }
  return {
    'late.merge.readingsPerSec': result(server, 'late readings merged into stored 10 s, 1 min and 5 min windows (station and city), PostgreSQL'),
    'late.merge.pglite.readingsPerSec': result(lite, 'the same, in-memory PGlite in its worker'),
  };
}
