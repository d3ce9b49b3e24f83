// store.postgres.rowsPerSec: batched writes into PostgreSQL through the app's own store code (the
// shared SQL, one transaction per batch), on a fresh database of the shared server. Window aggregates
// (the headline number; INSERT … SELECT unnest(…) ON CONFLICT) and raw readings (9 metrics in jsonb;
// COPY into a temporary stage, then one merge) are measured separately; each run writes fresh keys, as
// live ingest does. Median of several runs. Besides the rate, each result gives the CPU this process
// spent (the engine's side) and, when the server runs on this machine, the CPU of the database's own
// backend processes for the bench database (from /proc), both per 10,000 rows.
import { openPostgresBackend } from '../../src-main/adapters/postgres/open-postgres';
import { PgliteStoreClient } from '../../src-main/adapters/pglite/pglite-store-client';
import type { StoreBackend, StoreWrite } from '../../src-main/adapters/sql/store-write';
import { loadavg } from 'node:os';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
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
  /** CPU of the PostgreSQL backends serving the bench database per 10,000 rows; null where unknown. */
  serverCpuMsPer10k: number | null;
}

/** CPU time (ms) of each process in a set, read whenever asked; null when the processes cannot be seen. */
type CpuSampler = () => Promise<Map<number, number> | null>;

async function rate(store: StoreBackend, batches: number, make: (batch: number) => StoreWrite, serverCpu: CpuSampler): Promise<Rate> {
  const data = Array.from({ length: batches }, (_, b) => make(b));
  const serverBefore = await serverCpu();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const write of data) await store.apply(write);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = await serverCpu();
  let serverMs: number | null = null;
  if (serverBefore !== null && serverAfter !== null) {
    serverMs = 0;
    // A backend that started during the run counts from zero.
    for (const [pid, ms] of serverAfter) serverMs += ms - (serverBefore.get(pid) ?? 0);
  }
  return {
    rowsPerSec: (batches * BATCH) / seconds,
    clientCpuMsPer10k: (used.user + used.system) / 1000 / batches,
    serverCpuMsPer10k: serverMs === null ? null : serverMs / batches,
  };
}

async function measure(store: StoreBackend, runs: number, batches: number, serverCpu: CpuSampler): Promise<{ windows: Rate[]; readings: Rate[] }> {
  await store.ready();
  await store.apply({ op: 'windows', windows: windows(999, 0) }); // warm-up: connection, plans, station registry
  const out = { windows: [] as Rate[], readings: [] as Rate[] };
  for (let r = 0; r < runs; r++) {
    out.windows.push(await rate(store, batches, (b) => ({ op: 'windows', windows: windows(r, b) }), serverCpu));
    out.readings.push(await rate(store, batches, (b) => ({ op: 'readings', readings: readings(r, b) }), serverCpu));
  }
  return out;
}

/**
 * Samples user+system CPU of the server processes connected to one database, from /proc/<pid>/stat
 * (fields 14 and 15, in clock ticks). Works when PostgreSQL runs on this machine; otherwise every
 * sample is null and the result says so.
 */
function backendCpuSampler(admin: pg.Client, database: string): CpuSampler {
  let msPerTick: number | null = null;
  return async () => {
    try {
      msPerTick ??= 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      const pids = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      const out = new Map<number, number>();
      for (const { pid } of pids.rows) {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
        if (stat === null) continue; // gone between the query and the read
        // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(pid, (Number(fields[11]) + Number(fields[12])) * msPerTick);
      }
      return out;
    } catch {
      return null;
    }
  };
}

function result(rates: Rate[], extra: Record<string, unknown>): BenchResult {
  const server = rates.map((r) => r.serverCpuMsPer10k);
  return {
    median: median(rates.map((r) => r.rowsPerSec)),
    unit: 'rows/s',
    runs: rates.length,
    clientCpuMsPer10k: median(rates.map((r) => r.clientCpuMsPer10k)),
    ...(server.every((ms) => ms !== null) && server.length > 0 ? { serverCpuMsPer10k: median(server as number[]) } : {}),
    loadAverage1m: loadavg()[0],
    ...extra,
  };
}

/** Runs the store benchmarks; skipped when PostgreSQL is not reachable. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
  const runs = options.quick ? 3 : 5;
  const batches = options.quick ? 5 : 20;
  const db = await createTestDatabase('sw_bench');
  const postgres = openPostgresBackend({ url: db.url });
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  let server: { windows: Rate[]; readings: Rate[] };
  try {
    server = await measure(postgres, runs, batches, backendCpuSampler(admin, db.name));
  } finally {
    await admin.end();
    await postgres.close();
    await db.drop();
  }
  // PGlite behind its worker thread, in memory: the embedded default's ceiling for comparison.
  const pglite = new PgliteStoreClient({ dir: null });
  let lite: { windows: Rate[]; readings: Rate[] };
  try {
    lite = await measure(pglite, options.quick ? 1 : 3, options.quick ? 3 : 10, async () => null);
  } finally {
    await pglite.close();
  }
  return {
    'store.postgres.rowsPerSec': result(server.windows, { what: 'window_aggregates upserts', batchRows: BATCH, batchesPerRun: batches }),
    'store.postgres.readings.rowsPerSec': result(server.readings, { what: 'raw readings, 9 metrics in jsonb (COPY into a temporary stage, one merge per batch)', batchRows: BATCH, batchesPerRun: batches }),
    'store.pglite.rowsPerSec': result(lite.windows, { what: 'window_aggregates upserts, in-memory PGlite in its worker', batchRows: BATCH }),
    'store.pglite.readings.rowsPerSec': result(lite.readings, { what: 'raw readings, in-memory PGlite in its worker', batchRows: BATCH }),
  };
}
