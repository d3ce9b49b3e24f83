/**
 * What the message-shape tests share: producing with real clients (kcat, Python's kafka client,
 * mosquitto_pub), an engine with the given source and shape storing raw readings in PostgreSQL, and the
 * two checks every test makes — the raw `readings` table equals what was produced (station ids, times
 * and values worked out by the test itself, not by the decoder), and every stored window equals
 * PostgreSQL's own statistics over that table (counts exact, means 1e-9).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { startEngine } from '../../src-main/engine/process/engine';
import { startServer } from '../../src-main/server/server';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import { createTestDatabase } from '../helpers/postgres';
import { referenceWindows } from './mqtt-harness';
import { statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';
import { testRendererDir } from './http-push-harness';

/** Window sizes of these tests. */
export const SHAPE_SIZES_MS: readonly number[] = [10_000, 60_000];
/** Small allowed lateness, so a closing reading two minutes ahead closes every window (within the 5-minute future guard). */
export const SHAPE_LATENESS_MS = 2_000;
/** Metric of the closing reading; its windows stay open and are not compared. */
export const SHAPE_CLOSER_METRIC = 'shape_closer';

/** Event time of the closing reading: far enough after `newest` that every window of every size closes. */
export function closerTime(newest: number): number {
  return newest + SHAPE_LATENESS_MS + 2 * (SHAPE_SIZES_MS[SHAPE_SIZES_MS.length - 1] as number);
}

/** Why a command-line client is not usable here, or null. */
export function toolMissing(command: string): string | null {
  return spawnSync('sh', ['-c', command], { stdio: 'ignore' }).status === 0 ? null : `\`${command}\` failed (scripts/ci-setup.sh installs what these tests need)`;
}

/** Runs a command with `input` on stdin; rejects with its stderr when it exits non-zero. Resolves stdout. */
export function run(command: string, args: readonly string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

/** Produces `key:value` lines with kcat (`-K:`: the key is what precedes the first colon), acks from all replicas. */
export async function kcatProduceKeyed(brokers: string, topic: string, lines: readonly string[]): Promise<void> {
  await run('kcat', ['-P', '-b', brokers, '-t', topic, '-K:', '-X', 'acks=all'], `${lines.join('\n')}\n`);
}

/** Produces messages with kcat, separated by `delimiter` (so one message may hold several lines). */
export async function kcatProduce(brokers: string, topic: string, messages: readonly string[], delimiter = '\n'): Promise<void> {
  await run('kcat', ['-P', '-b', brokers, '-t', topic, '-D', delimiter, '-X', 'acks=all'], `${messages.join(delimiter)}${delimiter}`);
}

/** Every record of the topic as kcat reads it back: key, Kafka record timestamp (ms) and value. */
export async function kcatReadBack(brokers: string, topic: string): Promise<{ key: string; timestamp: number; value: string }[]> {
  const out = await run('kcat', ['-C', '-b', brokers, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k\t%T\t%s\n']);
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [key, timestamp, ...rest] = line.split('\t');
      return { key: key ?? '', timestamp: Number(timestamp), value: rest.join('\t') };
    });
}

/** One running engine with a PostgreSQL database of its own, raw readings stored. */
export interface ShapeRun {
  readonly db: pg.Client;
  /** The headless server's URL (with `headless`), else null. */
  readonly url: string | null;
  status(): Promise<PipelineStatus | null>;
  /** Waits until `windows` data windows are stored (the closing reading's own excluded). */
  waitForWindows(windows: number): Promise<void>;
  /** Stops the engine, drops the database, removes the data folder. */
  close(): Promise<void>;
}

/**
 * Starts the engine on `source` (a Kafka, MQTT or HTTP push source with its shape) into a fresh database:
 * in this process, or with `headless` inside the headless server (its HTTP routes; `tokens` enforced).
 */
export async function startShapeRun(prefix: string, source: Record<string, unknown>, headless?: { readonly tokens: { readonly viewer: string; readonly operator: string; readonly ingest: string } }): Promise<ShapeRun> {
  const dir = await mkdtemp(join(tmpdir(), `sw-${prefix}-`));
  const database = await createTestDatabase(`sw_${prefix.replace(/[^a-z0-9]/g, '_')}`);
  const settings = SettingsSchema.parse({
    activeProfileId: 'shapes',
    profiles: [{ id: 'shapes', name: `shapes ${prefix}`, source, database: { kind: 'postgres', url: database.url } }],
    windows: { sizesMs: [...SHAPE_SIZES_MS], allowedLatenessMs: SHAPE_LATENESS_MS, idleTimeoutMs: 3_600_000 },
    store: { rawReadings: true, rawRetentionDays: 36500, windowRetentionDays: 36500 },
    rules: [],
  });
  const engineOptions = { settings, secrets: {}, dataDir: join(dir, 'data'), operator: 'integration test' };
  const server = headless === undefined ? null : await startServer({ engineOptions, port: 0, rendererDir: testRendererDir(dir), tokens: headless.tokens });
  const engine = server === null ? await startEngine(engineOptions) : server.engine;
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  let stopped = false;
  return {
    db,
    url: server?.url ?? null,
    status: () => statusOf(engine),
    async waitForWindows(windows) {
      await waitUntil(
        `${windows} windows stored`,
        async () => {
          const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM window_aggregates WHERE metric <> $1', [SHAPE_CLOSER_METRIC]);
          return Number(rows[0]?.n) >= windows ? true : `${rows[0]?.n} rows`;
        },
        25_000,
      );
    },
    async close() {
      if (!stopped) await (server !== null ? server.close() : engine.stop()).catch(() => undefined);
      stopped = true;
      await db.end().catch(() => undefined);
      await database.drop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The raw readings table (the closing reading left out), sorted by station and time. */
export async function storedReadings(db: pg.Client): Promise<Reading[]> {
  const { rows } = await db.query<{ station_id: string; ts: string; metrics: Record<string, number> }>(
    'SELECT station_id, ts, metrics FROM readings WHERE NOT metrics ? $1 ORDER BY station_id, ts',
    [SHAPE_CLOSER_METRIC],
  );
  return rows.map((row) => ({ stationId: row.station_id, ts: Number(row.ts), metrics: row.metrics }));
}

/** Sorts readings as storedReadings does. */
export function sortedReadings(readings: readonly Reading[]): Reading[] {
  return [...readings].sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : a.ts - b.ts));
}

/** Differences between the stored and the expected raw readings (metric values within 1e-9 relative, for unit conversions), in words. */
export function readingDifferences(stored: readonly Reading[], expected: readonly Reading[]): string[] {
  const want = sortedReadings(expected);
  const problems: string[] = [];
  if (stored.length !== want.length) problems.push(`${stored.length} readings stored, ${want.length} produced`);
  for (let i = 0; i < Math.min(stored.length, want.length) && problems.length < 10; i++) {
    const got = stored[i]!;
    const exp = want[i]!;
    const where = `#${i} ${exp.stationId}@${new Date(exp.ts).toISOString()}`;
    if (got.stationId !== exp.stationId || got.ts !== exp.ts) {
      problems.push(`${where}: stored ${got.stationId}@${new Date(got.ts).toISOString()}`);
      continue;
    }
    const names = new Set([...Object.keys(got.metrics), ...Object.keys(exp.metrics)]);
    for (const name of names) {
      const a = got.metrics[name];
      const b = exp.metrics[name];
      if (a === undefined || b === undefined || Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) problems.push(`${where} ${name}: stored ${a}, produced ${b}`);
    }
  }
  return problems;
}

/**
 * The end of every test: once every window of the expected readings is stored, the raw table must equal
 * them, and the stored windows must equal PostgreSQL's statistics over the raw table and the brute-force
 * windows of what was produced. Returns the engine's last status (for its rejection counters).
 */
export async function expectExact(runHandle: ShapeRun, expected: readonly Reading[]): Promise<{ readingProblems: string[]; windowProblems: string[]; windows: number; status: PipelineStatus | null }> {
  const fromProduced = expectedWindows(expected, SHAPE_SIZES_MS);
  await runHandle.waitForWindows(fromProduced.size);
  // Raw readings and windows are written separately: wait for the raw rows too.
  await waitUntil(`${expected.length} raw readings stored`, async () => {
    const { rows } = await runHandle.db.query<{ n: string }>('SELECT count(*) AS n FROM readings WHERE NOT metrics ? $1', [SHAPE_CLOSER_METRIC]);
    return Number(rows[0]?.n) >= expected.length ? true : `${rows[0]?.n} rows`;
  }, 10_000).catch(() => undefined);
  const status = await runHandle.status();
  const readingProblems = readingDifferences(await storedReadings(runHandle.db), expected);
  const reference = await referenceWindows(runHandle.db, SHAPE_SIZES_MS, [SHAPE_CLOSER_METRIC]);
  const windowProblems: string[] = [];
  if (reference.size !== fromProduced.size) windowProblems.push(`PostgreSQL finds ${reference.size} windows in the raw table, the produced readings fill ${fromProduced.size}`);
  for (const [what, expectation] of [['PostgreSQL over raw readings', reference], ['produced readings', fromProduced]] as const) {
    const comparison = await compareWithTable(runHandle.db, expectation, [SHAPE_CLOSER_METRIC]);
    if (comparison.missing.length + comparison.extra.length + comparison.wrong.length > 0) windowProblems.push(`against ${what}: ${summarize(comparison)}`);
  }
  return { readingProblems, windowProblems, windows: reference.size, status };
}

/** Sum of the engine's rejection counters by reason. */
export function rejections(status: PipelineStatus | null): Record<string, number> {
  return { ...(status?.counters.rejected ?? {}) };
}

/** Produces keyed JSON messages with Python's kafka client (Debian's python3-kafka), as an ETL job would. */
export async function pythonKafkaProduce(brokers: string, topic: string, messages: readonly { key: string; value: unknown }[]): Promise<void> {
  const script = [
    'import json, sys',
    'from kafka import KafkaProducer',
    "producer = KafkaProducer(bootstrap_servers=sys.argv[1].split(','), acks='all', key_serializer=str.encode, value_serializer=lambda v: json.dumps(v).encode())",
    'for m in json.load(sys.stdin): producer.send(sys.argv[2], key=m["key"], value=m["value"])',
    'producer.flush()',
    'producer.close()',
  ].join('\n');
  await run('/usr/bin/python3', ['-c', script, brokers, topic], JSON.stringify(messages));
}

/** JSON with 19-digit integer nanosecond times as the Sensor Logger app sends them: each `"NS<n>"` placeholder replaced by its digits (never through a double). */
export function withNanoseconds(message: unknown, times: ReadonlyMap<string, bigint>): string {
  return JSON.stringify(message).replace(/"(NS\d+)"/g, (_, name: string) => (times.get(name) as bigint).toString());
}

/**
 * Sensor Logger batches of each device (`{messageId, sessionId, deviceId, payload}`): per entry a barometer
 * (`pressure`, `relativeAltitude`) and an accelerometer (`values: {x, y, z}`) at one time and a microphone
 * and a text-only battery entry 400 ms later, times in ns with sub-millisecond digits. Returns the message
 * texts per device and the readings they must become (worked out here: the ms floor of the ns digits,
 * the station's friendly name, `<name>.<field>` metrics, the barometer as `pressure`, one time merged).
 */
export function sensorLoggerBatches(devices: readonly { readonly id: string; readonly name: string }[], t0: number, batches: number, entries: number): { messages: Map<string, string[]>; expected: Reading[]; newest: number } {
  const messages = new Map<string, string[]>();
  const expected: Reading[] = [];
  let newest = 0;
  for (const [d, device] of devices.entries()) {
    const texts: string[] = [];
    for (let b = 0; b < batches; b++) {
      const times = new Map<string, bigint>();
      const payload: unknown[] = [];
      for (let e = 0; e < entries; e++) {
        const ms = t0 + (b * entries + e) * 1_000 + d * 17;
        const pressure = Math.round((1013.2 - b * 0.3 + e * 0.01) * 100) / 100;
        const altitude = Math.round((0.1 * e - d) * 1000) / 1000;
        const dBFS = Math.round((-41.5 + e - b) * 10) / 10;
        const accel = { x: 0.1 * e, y: -0.2 - d, z: 9.81 };
        const p = `NS${times.size}`;
        const m = `NS${times.size + 1}`;
        // Sub-millisecond digits that a double would round into the next millisecond.
        times.set(p, BigInt(ms) * 1_000_000n + 773_000n);
        times.set(m, BigInt(ms + 400) * 1_000_000n + 999_999n);
        payload.push({ name: 'pressure', time: p, seconds_elapsed: e, pressure, relativeAltitude: altitude });
        payload.push({ name: 'accelerometer', time: p, values: { ...accel }, accuracy: 3 });
        payload.push({ name: 'microphone', time: m, seconds_elapsed: e + 0.4, dBFS });
        payload.push({ name: 'battery', time: m, batteryState: 'charging' });
        expected.push({ stationId: device.name, ts: ms, metrics: { pressure, 'pressure.relativeAltitude': altitude, 'accelerometer.x': accel.x, 'accelerometer.y': accel.y, 'accelerometer.z': accel.z } });
        expected.push({ stationId: device.name, ts: ms + 400, metrics: { 'microphone.dBFS': dBFS } });
        newest = Math.max(newest, ms + 400);
      }
      texts.push(withNanoseconds({ messageId: b, sessionId: `session-${device.id}`, deviceId: device.id, payload }, times));
    }
    messages.set(device.id, texts);
  }
  return { messages, expected, newest };
}

/** A Sensor Logger batch of one entry `closer` with field `value` 1 at `ms`: mapped to the closing metric, it closes every window. */
export function sensorLoggerCloser(ms: number): string {
  return withNanoseconds({ messageId: 0, deviceId: 'zz-closer', payload: [{ name: 'closer', time: 'NS0', value: 1 }] }, new Map([['NS0', BigInt(ms) * 1_000_000n]]));
}
