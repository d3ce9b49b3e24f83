// ingest.http.readingsPerSec: HTTP push through the headless server's real path — POST /ingest with the
// ingest token, the server, the engine in its child process (the protocol's push message), the HTTP push
// source, the pipeline and a PostgreSQL profile with raw readings stored (so every 2xx waits for the
// readings' write to be durable) on a fresh database of the shared server.
//
// Bodies: 1,000 readings each (the aim is stated for 1,000-reading bodies: a gateway or relay
// forwarding a second of 1,000 stations, or a logger uploading its backlog; a JSON array of our wire format,
// ~200 bytes a reading), sent in event-time order by CLIENTS concurrent keep-alive clients (Node's fetch
// keeps its connections alive). 16 clients, not 4: every client waits for its durable 2xx before sending
// again, so with few clients the rate measures one round trip's latency (Little's law) rather than what the
// server sustains when a city's many loggers push at once — and concurrent pushes are what its group commit
// (adapters/http-push) stores together. Timed from the first request until the last 2xx; every answer must
// be 200 with all 1,000 readings accepted. Medians over the runs.
//
// Two event-time densities: ingest.http.readingsPerSec has 1,000 stations at 1 reading/s each (a body is
// one second), where a closed 10-s window is ~1.5 window rows per reading, so storing windows costs the
// database more than storing the raw readings; ingest.http.dense.readingsPerSec has 10 readings/s per
// station, as ingest.mqtt and ingest.kafka do, where the cost per reading is mostly the push path itself.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src-main/server/server';
import type { RunningServer } from '../../src-main/server/server';
import { SimulatorModel } from '../../src-main/adapters/simulator/simulator-model';
import { SettingsSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { median } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const STATIONS = 1_000;
const BODY_READINGS = 1_000;
const CLIENTS = 16;
const TOKEN = 'bench-ingest-token';

/** The bodies: each a JSON array of BODY_READINGS readings, in event-time order. */
function bodiesOf(count: number, ratePerStation: number): string[] {
  const settings = SimulatorSourceSchema.parse({ kind: 'simulator', stations: STATIONS, ratePerStation, seed: 11 });
  const spanMs = Math.ceil(count / STATIONS / ratePerStation) * 1000;
  const readings = new SimulatorModel(settings, Date.now() - spanMs - 120_000).readingsUntil(Number.POSITIVE_INFINITY, count);
  const bodies: string[] = [];
  for (let i = 0; i < readings.length; i += BODY_READINGS) {
    bodies.push(JSON.stringify(readings.slice(i, i + BODY_READINGS).map((r) => ({ station_id: r.stationId, ts: new Date(r.ts).toISOString(), ...r.metrics }))));
  }
  return bodies;
}

async function oneRun(bodies: readonly string[]): Promise<{ readingsPerSec: number; bodiesPerSec: number }> {
  const db = await createTestDatabase('sw_bench_http');
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-http-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  let server: RunningServer | null = null;
  try {
    const settings = SettingsSchema.parse({
      activeProfileId: 'bench',
      profiles: [{ id: 'bench', name: 'Bench', source: { kind: 'http-push' }, database: { kind: 'postgres', url: db.url } }],
      store: { rawReadings: true },
      rules: [],
    });
    server = await startServer({ engineOptions: { settings, secrets: {}, dataDir: join(dir, 'data'), operator: 'bench' }, port: 0, rendererDir, tokens: { ingest: TOKEN } });
    const url = `${server.url}/ingest`;
    await waitReady(url);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: bodies[i] });
          const answer = (await response.json()) as { accepted?: number };
          if (response.status !== 200 || answer.accepted !== BODY_READINGS) throw new Error(`ingest-http: body ${i} answered ${response.status} ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { readingsPerSec: (bodies.length * BODY_READINGS) / seconds, bodiesPerSec: bodies.length / seconds };
  } finally {
    if (server !== null) await server.close();
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

/** Waits until a push would be taken (the engine has loaded its state and started the source). */
async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: '[]' });
    await response.arrayBuffer();
    if (response.status !== 503) return;
    if (Date.now() > deadline) throw new Error('ingest-http: the HTTP push source did not become ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Medians of `runs` runs over bodies of `ratePerStation` readings per station and second. */
async function measure(count: number, runs: number, ratePerStation: number): Promise<BenchResult> {
  const bodies = bodiesOf(count, ratePerStation);
  const results: Awaited<ReturnType<typeof oneRun>>[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await oneRun(bodies));
    loads.push(loadavg()[0]!);
  }
  const rates = results.map((r) => r.readingsPerSec);
  return {
    median: median(rates),
    unit: 'readings/s',
    runs,
    target: 50_000,
    perRun: rates.map((rate) => Math.round(rate)),
    readings: count,
    bodyReadings: BODY_READINGS,
    clients: CLIENTS,
    stations: STATIONS,
    readingsPerStationPerSec: ratePerStation,
    rawReadingsStored: true,
    bodiesPerSec: median(results.map((r) => r.bodiesPerSec)),
    // The machine is shared: the 1-minute load average after each run says how much of it the run had.
    loadAverage1m: median(loads),
  };
}

export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL is not reachable');
  const count = options.quick ? 30_000 : 200_000;
  const runs = options.quick ? 1 : 3;
  return {
    'ingest.http.readingsPerSec': await measure(count, runs, 1),
    'ingest.http.dense.readingsPerSec': await measure(count, runs, 10),
  };
}
