// ingest.kafka.*: sustained ingest through the REAL broker on this box (scripts/services.sh), from a fresh
// 3-partition topic of pre-produced simulator readings (JSON wide records, ~200 bytes, keyed by station).
//
// - ingest.kafka.readingsPerSec: the engine's real path, in-process: startEngine with a Kafka profile
//   (start 'earliest', a fresh group) and a PostgreSQL profile on a fresh database of the shared server.
//   Timed from the first counted reading until every reading is counted (pipeline:status counters) AND
//   every partition's lag is 0 (the source records lag only after the pipeline's onBatch resolved, i.e.
//   after the batch's closed windows were written) AND the store queue is empty. Polled every 5 ms.
//   The windows still open at the end (the newest 10 s / 1 min / 5 min / 1 h) are written at stop and
//   not part of the sustained figure; stop time is reported separately.
// - ingest.kafka.rawStored.readingsPerSec: the same with settings.store.rawReadings = true.
// - ingest.kafka.bareKafkajs.readingsPerSec: a bare kafkajs eachBatch loop with KAFKA_FETCH_SETTINGS and
//   the app's client config (the ceiling reference); ingest.kafka.barePlatformatic.readingsPerSec: a bare
//   @platformatic/kafka 1.x stream with the same fetch sizes. Both timed from their first batch.
// - engine.maxBlockMs (max and p99 of the event-loop delay histogram during the app runs), and
//   memory.engineRssMb (peak RSS of this process while the engine ingests; the bench process IS the engine).
// Runs are interleaved (bare kafkajs, bare platformatic, app, app+raw) so they share the machine's load;
// medians over the rounds. The data set and settings that produced the numbers are written into each
// result (SETTINGS below). A full run (and a quick one with STATIONWATCH_BENCH_PROFILE=1) adds one more app
// run under the in-process CPU profiler, not counted in the medians; its self-time breakdown by part is in
// the result (profile) and the .cpuprofile file is left in the OS temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { KAFKA_FETCH_SETTINGS } from '../../src-main/adapters/kafka/kafka-config';
import { defaultSettings, KafkaSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { benchServices } from '../lib/services';
import { benchKafka, deleteTopic, fillReadingsTopic, uniqueName } from '../lib/readings-topic';
import type { ReadingsTopic } from '../lib/readings-topic';
import { cpuDelta, cpuOf, postgresPids, processCpuSeconds } from '../lib/proc-cpu';
import { startLoopProbe } from '../lib/loop-probe';
import { bareKafkajs, barePlatformatic } from '../lib/bare-consumers';
import type { BareRun } from '../lib/bare-consumers';
import type { LoopReport } from '../lib/loop-probe';
import { profileSection } from '../lib/cpu-profile';
import type { ProfileSummary } from '../lib/cpu-profile';
import { median, quantile } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

/**
 * The data set: 1,000 stations at 10 readings/s each (a 10 Hz city catching up on a backlog). At 1
 * reading/s/station a 4 MiB per-partition batch spans ~50 s of event time, more than the 5 s allowed
 * lateness, and with one watermark across partitions most readings of the partitions read later are
 * counted late (58 % in a 150,000-reading check); at 10/s the skew stays within the lateness (late ≈ 0–2 %).
 */
const STATIONS = 1_000;
const RATE_PER_STATION = 10;
const PARTITIONS = 3;
const POLL_MS = 5;
const RUN_TIMEOUT_MS = 180_000;

interface CpuSplit {
  /** CPU seconds during the timed section, per process group. */
  readonly engineS: number;
  readonly brokerS: number | null;
  readonly postgresS: number | null;
}

interface RunResult {
  readonly readingsPerSec: number;
  /** From before the consumer connected (engine start, migrations, group join) to the end. */
  readonly endToEndPerSec: number;
  readonly seconds: number;
  readonly cpu: CpuSplit;
  readonly load: number;
}

interface AppRunResult extends RunResult {
  readonly loop: LoopReport;
  /** RSS of this process just before startEngine, MiB. */
  readonly rssBeforeMb: number;
  readonly stopMs: number;
  readonly windowsClosed: number;
  readonly windowRowsStored: number;
  readonly rawRowsStored: number;
  readonly late: number;
  readonly rejected: number;
  readonly profile: ProfileSummary | null;
}

interface Context {
  readonly brokers: string;
  readonly brokerPid: number | null;
  readonly adminUrl: string;
  readonly data: ReadingsTopic;
}

function brokerCpu(context: Context): number | null {
  return context.brokerPid === null ? null : processCpuSeconds(context.brokerPid);
}

function settingsFor(context: Context, databaseUrl: string, rawReadings: boolean): Settings {
  const base = defaultSettings();
  const source = KafkaSourceSchema.parse({ kind: 'kafka', brokers: context.brokers.split(','), clientId: 'stationwatch-bench', topics: [context.data.topic], groupId: uniqueName('sw-bench-app'), start: 'earliest' });
  return {
    ...base,
    activeProfileId: 'bench',
    profiles: [{ id: 'bench', name: 'Bench', source, database: { kind: 'postgres', url: databaseUrl, ssl: false } }],
    store: { ...base.store, rawReadings },
  };
}

async function waitFor(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`ingest bench: ${what} not reached within ${RUN_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function countRows(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** One run of the engine's real path; `profileFile` turns on the CPU profile. */
async function appRun(context: Context, rawReadings: boolean, profileFile: string | null): Promise<AppRunResult> {
  const db = await createTestDatabase('sw_bench_ingest');
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-ingest-'));
  const total = context.data.count;
  let engine: EngineHandle | null = null;
  const rssBeforeMb = process.memoryUsage.rss() / 1_048_576;
  const probe = startLoopProbe();
  try {
    const settings = settingsFor(context, db.url, rawReadings);
    const cpu0 = process.cpuUsage();
    const broker0 = brokerCpu(context);
    const t0 = performance.now();
    let t1 = Number.NaN;
    let c1 = 0;
    const section = async (): Promise<{ pg0: Map<number, number>; pids: number[] }> => {
      engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'bench' });
      const running = engine;
      // The engine's backends exist now (migrations done); new ones later count from 0.
      const pgStart = await postgresPids(context.adminUrl, db.name).catch(() => ({ backends: [], background: [] }));
      const pg0 = cpuOf([...pgStart.backends, ...pgStart.background]);
      await waitFor(async () => {
        const status = await running.request('pipeline:status', {});
        const counted = status.counters.readings;
        if (Number.isNaN(t1) && counted > 0) {
          t1 = performance.now();
          c1 = counted;
        }
        return counted >= total && status.lag.length === PARTITIONS && status.lag.every((l) => l.lag === 0) && status.store.queueDepth === 0;
      }, `${total} readings counted and stored`);
      return { pg0, pids: [...pgStart.background] };
    };
    const profiled = profileFile === null ? { value: await section(), summary: null } : await profileSection(profileFile, section);
    const tEnd = performance.now();
    const loop = probe.stop();
    const cpu = process.cpuUsage(cpu0);
    const broker1 = brokerCpu(context);
    const pgEnd = await postgresPids(context.adminUrl, db.name).catch(() => ({ backends: [], background: [] }));
    const pgCpu = pgEnd.backends.length === 0 ? null : cpuDelta(profiled.value.pg0, cpuOf([...pgEnd.backends, ...profiled.value.pids]));
    const status = await (engine as unknown as EngineHandle).request('pipeline:status', {});
    const stopStarted = performance.now();
    await (engine as unknown as EngineHandle).stop();
    const stopMs = performance.now() - stopStarted;
    engine = null;
    const seconds = (tEnd - t1) / 1000;
    return {
      readingsPerSec: (total - c1) / seconds,
      endToEndPerSec: total / ((tEnd - t0) / 1000),
      seconds,
      cpu: { engineS: (cpu.user + cpu.system) / 1e6, brokerS: broker0 === null || broker1 === null ? null : broker1 - broker0, postgresS: pgCpu },
      load: loadavg()[0]!,
      loop,
      rssBeforeMb,
      stopMs,
      windowsClosed: status.counters.windowsClosed,
      windowRowsStored: await countRows(db.url, 'window_aggregates'),
      rawRowsStored: rawReadings ? await countRows(db.url, 'readings') : 0,
      late: status.counters.late,
      rejected: Object.values(status.counters.rejected).reduce((a, b) => a + b, 0),
      profile: profiled.summary,
    };
  } finally {
    probe.stop();
    await (engine as EngineHandle | null)?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop().catch(() => undefined);
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Median CPU seconds per 100,000 readings, per process group, plus wall seconds for the same. */
function cpuPer100k(runs: readonly RunResult[], total: number): Record<string, number | null> {
  const per = (pick: (r: RunResult) => number | null): number | null => {
    const values = runs.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : round3((median(values) / total) * 100_000);
  };
  return { wallS: per((r) => r.seconds), engineS: per((r) => r.cpu.engineS), brokerS: per((r) => r.cpu.brokerS), postgresS: per((r) => r.cpu.postgresS) };
}

function rateResult(runs: readonly RunResult[], context: Context, settings: Record<string, unknown>, extra: Record<string, unknown> = {}): BenchResult {
  const rates = runs.map((r) => r.readingsPerSec);
  return {
    median: Math.round(median(rates)),
    p95: Math.round(quantile(rates, 0.05)),
    unit: 'readings/s',
    runs: runs.length,
    note: 'p95 is the slow tail (5th percentile of throughput); wall time from the first batch; cpuPer100kReadings: CPU seconds per 100k readings by process (engine = this process, broker = the JVM, postgres = backends of the bench database + background processes)',
    samples: rates.map((r) => Math.round(r)),
    endToEndPerSec: Math.round(median(runs.map((r) => r.endToEndPerSec))),
    cpuPer100kReadings: cpuPer100k(runs, context.data.count),
    loadAverage1m: round1(median(runs.map((r) => r.load))),
    ...extra,
    settings,
  };
}

/** Runs the Kafka ingest benchmarks; skipped when the broker or PostgreSQL cannot run here. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const services = benchServices();
  try {
    if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
    const count = options.quick ? 150_000 : 500_000;
    const rounds = options.quick ? 1 : 3;
    const kafka = benchKafka(services.brokers);
    const data = await fillReadingsTopic(kafka, { count, stations: STATIONS, ratePerStation: RATE_PER_STATION, partitions: PARTITIONS });
    const adminUrl = new URL('/postgres', services.databaseBase).toString();
    const context: Context = { brokers: services.brokers, brokerPid: services.brokerPid, adminUrl, data };
    const bareTarget = { brokers: services.brokers, topic: data.topic, count: data.count, brokerPid: services.brokerPid, timeoutMs: RUN_TIMEOUT_MS };
    console.error(`ingest-kafka: ${data.count} readings (${Math.round(data.averageBytes)} B) produced to ${data.topic} in ${data.produceSeconds.toFixed(1)} s`);
    // Full runs always profile (the ratio target asks for a profile when it is missed); quick runs on request.
    const profiling = !options.quick || process.env.STATIONWATCH_BENCH_PROFILE === '1';
    let profiled: AppRunResult | null = null;
    const bare: BareRun[] = [];
    const platformatic: BareRun[] = [];
    const app: AppRunResult[] = [];
    const raw: AppRunResult[] = [];
    try {
      // Warm-up: one untimed bare pass puts the topic in the page cache and JITs kafkajs.
      await bareKafkajs(bareTarget);
      for (let round = 0; round < rounds; round++) {
        bare.push(await bareKafkajs(bareTarget));
        platformatic.push(await barePlatformatic(bareTarget));
        app.push(await appRun(context, false, null));
        raw.push(await appRun(context, true, null));
        const last = app[app.length - 1]!;
        console.error(
          `ingest-kafka round ${round + 1}/${rounds}: bare kafkajs ${Math.round(bare[round]!.readingsPerSec)}/s, platformatic ${Math.round(platformatic[round]!.readingsPerSec)}/s, app ${Math.round(last.readingsPerSec)}/s, app+raw ${Math.round(raw[round]!.readingsPerSec)}/s, load ${loadavg()[0]!.toFixed(2)}`,
        );
      }
      // Where the time goes: one more app run under the CPU profiler, not counted in the medians (profiling slows it).
      if (profiling) profiled = await appRun(context, false, join(tmpdir(), `stationwatch-ingest-${Date.now()}.cpuprofile`));
    } finally {
      await deleteTopic(kafka, data.topic);
    }
    const settings = {
      readings: data.count,
      stations: STATIONS,
      readingsPerStationPerEventSecond: RATE_PER_STATION,
      eventSeconds: round1((data.lastTs - data.firstTs) / 1000),
      averageMessageBytes: Math.round(data.averageBytes),
      partitions: PARTITIONS,
      fetch: KAFKA_FETCH_SETTINGS,
      windowsMs: defaultSettings().windows.sizesMs,
      rules: 'default rules',
      database: 'PostgreSQL (shared server, fresh database per run)',
      broker: 'scripts/services.sh Kafka (KRaft, same box)',
      quick: options.quick,
    };
    const bareMedian = median(bare.map((r) => r.readingsPerSec));
    const appMedian = median(app.map((r) => r.readingsPerSec));
    const appLoops = [...app, ...raw].map((r) => r.loop);
    const profile = profiled?.profile ?? null;
    const appExtra = (runs: readonly AppRunResult[]): Record<string, unknown> => ({
      ratioToBareKafkajs: round3(median(runs.map((r) => r.readingsPerSec)) / bareMedian),
      windowsClosed: runs[0]!.windowsClosed,
      windowRowsStored: runs[0]!.windowRowsStored,
      rawRowsStored: runs[0]!.rawRowsStored,
      late: runs[0]!.late,
      rejected: runs[0]!.rejected,
      stopMs: Math.round(median(runs.map((r) => r.stopMs))),
    });
    return {
      'ingest.kafka.readingsPerSec': rateResult(app, context, settings, { ...appExtra(app), target: '>= 0.8 x bare kafkajs', ...(profile ? { profile } : {}) }),
      'ingest.kafka.rawStored.readingsPerSec': rateResult(raw, context, { ...settings, rawReadings: true }, { ...appExtra(raw), target: '>= 50,000' }),
      'ingest.kafka.bareKafkajs.readingsPerSec': rateResult(bare, context, settings),
      'ingest.kafka.barePlatformatic.readingsPerSec': rateResult(platformatic, context, settings, { ratioToBareKafkajs: round3(median(platformatic.map((r) => r.readingsPerSec)) / bareMedian) }),
      'ingest.kafka.ratioToBareKafkajs': {
        median: round3(appMedian / bareMedian),
        unit: 'ratio',
        runs: app.length,
        target: 0.8,
        // CPU seconds of this process per reading, bare over app: steadier than wall time on a shared box.
        cpuRatio: round3(median(bare.map((r) => r.cpu.engineS)) / median(app.map((r) => r.cpu.engineS))),
        loadAverage1m: round1(loadavg()[0]!),
      },
      'engine.maxBlockMs': {
        median: round1(median(appLoops.map((l) => l.maxBlockMs))),
        p95: round1(quantile(appLoops.map((l) => l.maxBlockMs), 0.95)),
        unit: 'ms',
        runs: appLoops.length,
        max: round1(Math.max(...appLoops.map((l) => l.maxBlockMs))),
        perRunMaxMs: { aggregatesOnly: app.map((r) => round1(r.loop.maxBlockMs)), rawStored: raw.map((r) => round1(r.loop.maxBlockMs)) },
        p99Ms: round1(median(appLoops.map((l) => l.p99BlockMs))),
        bareKafkajsMaxBlockMs: round1(median(bare.map((r) => r.maxBlockMs))),
        barePlatformaticMaxBlockMs: round1(median(platformatic.map((r) => r.maxBlockMs))),
        meanDelayMs: round1(median(appLoops.map((l) => l.meanDelayMs))),
        note: 'event-loop delay histogram (perf_hooks, 1 ms timer: a block of B ms records B to B + 1 ms; earlier results used 10 ms, which adds up to 10 ms) of the engine during the app ingest runs, engine start included: median over runs of each run\'s max; max = worst run; p99Ms = median of per-run p99; bare*MaxBlockMs: the same probe around the bare client loops (what the client library alone blocks)',
        target: '<= 50',
        loadAverage1m: round1(loadavg()[0]!),
        settings,
      },
      'memory.engineRssMb': {
        median: round1(median(appLoops.map((l) => l.peakRssMb))),
        unit: 'MiB',
        runs: appLoops.length,
        max: round1(Math.max(...appLoops.map((l) => l.peakRssMb))),
        rssBeforeEngineMb: round1(median([...app, ...raw].map((r) => r.rssBeforeMb))),
        note: 'peak RSS (sampled every 50 ms) of the engine process during ingest; the engine runs in the bench process (which also holds the kafkajs/platformatic clients of the bare runs)',
        settings,
      },
    };
  } finally {
    services.release();
  }
}
