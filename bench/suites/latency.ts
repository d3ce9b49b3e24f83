// latency.*: through the REAL broker into headless mode. startServer (src-main/server) runs the engine in a
// child process (the production carrier) with a Kafka profile on a fresh topic and a PostgreSQL profile on a
// fresh database; a WebSocket client (connectWsClient) listens like a browser would.
// - latency.frame.p99Ms (+ p50Ms): a reading carries its send time as an extra numeric field `sent_at_ms`
//   (unknown numeric fields become metrics, so the frame's raw rows carry it back); latency = the client's
//   receive time − sent_at_ms. 50 readings/s over 10 stations. The frame's own `at` (engine wall clock when
//   it was built) splits each sample into produce→frame built (Kafka fetch + pipeline + frame cadence) and
//   frame built→client (child-process IPC + WebSocket).
// - latency.alert.p99Ms (+ p50Ms): a raw-value rule (temperature > 80, clear 70, pendingMs 0); a breaching
//   reading for a fresh station, then a normal one to clear it; latency = client receive time of the
//   `alarm:changed` 'activated' event − produce time.
// Producer: kafkajs, acks=-1, one send per reading (not batched), timed from the send call.
// Targets (issue 4): frame p99 ≤ 250 ms, alert p99 ≤ 200 ms. Frame cadence: FRAME_INTERVAL_MS (100) in
// core/pipeline.ts, engine TICK_MS (50); Kafka: KAFKA_FETCH_SETTINGS.maxWaitTimeInMs with minBytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { startServer } from '../../src-main/server/server';
import type { RunningServer } from '../../src-main/server/server';
import { connectWsClient } from '../../tests/helpers/ws-client';
import type { WsClient } from '../../tests/helpers/ws-client';
import { KAFKA_FETCH_SETTINGS } from '../../src-main/adapters/kafka/kafka-config';
import { FRAME_INTERVAL_MS } from '../../src-main/core/pipeline';
import { TICK_MS } from '../../src-main/engine/process/engine';
import { defaultSettings, KafkaSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { Rule } from '../../src-shared/domain/rules';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { benchServices } from '../lib/services';
import { benchKafka, createTopic, deleteTopic, uniqueName } from '../lib/readings-topic';
import { median, quantile } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const SENT_FIELD = 'sent_at_ms';
const FRAME_RATE_PER_SEC = 50;
const FRAME_STATIONS = 10;
const ALERT_RULE: Rule = {
  kind: 'threshold',
  id: 'bench-temperature-raw',
  name: 'Bench: raw temperature above 80',
  enabled: true,
  severity: 'critical',
  metric: 'temperature',
  stationId: null,
  statistic: 'value',
  windowMs: null,
  operator: '>',
  level: 80,
  clearLevel: 70,
  pendingMs: 0,
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number): number => Math.round(x * 10) / 10;

function record(stationId: string, temperature: number, sentAt: number): string {
  return JSON.stringify({ station_id: stationId, ts: new Date(sentAt).toISOString(), temperature, humidity: 55, [SENT_FIELD]: sentAt });
}

async function send(producer: Producer, topic: string, stationId: string, temperature: number): Promise<number> {
  const sentAt = Date.now();
  await producer.send({ topic, acks: -1, messages: [{ key: stationId, value: record(stationId, temperature, sentAt) }] });
  return sentAt;
}

/** Calls `onSample(sentAt, builtAt)` for every raw row of the sent-time metric in a frame. */
function sentTimes(frame: StreamFrame, onSample: (sentAt: number, builtAt: number) => void): void {
  const metric = frame.metrics.indexOf(SENT_FIELD);
  if (metric < 0) return;
  const { metric: metrics, value } = frame.raw;
  for (let i = 0; i < metrics.length; i++) if (metrics[i] === metric) onSample(value[i]!, frame.at);
}

interface FrameSamples {
  readonly total: number[];
  readonly toFrameBuilt: number[];
  readonly toClient: number[];
  readonly lost: number;
}

async function measureFrames(client: WsClient, producer: Producer, topic: string, count: number): Promise<FrameSamples> {
  const pending = new Set<number>();
  const out = { total: [] as number[], toFrameBuilt: [] as number[], toClient: [] as number[] };
  const unsubscribe = client.subscribe('stream:frame', (frame) => {
    const now = Date.now();
    sentTimes(frame, (sentAt, builtAt) => {
      if (!pending.delete(sentAt)) return;
      out.total.push(now - sentAt);
      out.toFrameBuilt.push(builtAt - sentAt);
      out.toClient.push(now - builtAt);
    });
  });
  const sends: Promise<number>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    // Paced on a schedule (not after each ack), so a slow ack does not slow the rate.
    const due = started + (i * 1000) / FRAME_RATE_PER_SEC;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const station = `lat-${i % FRAME_STATIONS}`;
    const sentAt = Date.now();
    // Distinct send times: a repeat would be a duplicate (station, ts) and is dropped by design.
    if (pending.has(sentAt)) continue;
    pending.add(sentAt);
    sends.push(producer.send({ topic, acks: -1, messages: [{ key: station, value: record(station, 20, sentAt) }] }).then(() => sentAt));
  }
  await Promise.all(sends);
  const deadline = Date.now() + 5_000;
  while (pending.size > 0 && Date.now() < deadline) await sleep(20);
  unsubscribe();
  return { ...out, lost: pending.size };
}

async function measureAlerts(client: WsClient, producer: Producer, topic: string, count: number): Promise<{ samples: number[]; missed: number }> {
  const waiting = new Map<string, (receivedAt: number) => void>();
  const unsubscribe = client.subscribe('alarm:changed', ({ alarm, event }) => {
    const receivedAt = Date.now();
    const key = `${alarm.id}:${event.type}`;
    waiting.get(key)?.(receivedAt);
    waiting.delete(key);
  });
  const awaitEvent = (alarmId: string, type: string): Promise<number | null> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(`${alarmId}:${type}`);
        resolve(null);
      }, 5_000);
      waiting.set(`${alarmId}:${type}`, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  const samples: number[] = [];
  let missed = 0;
  const run = uniqueName('al');
  for (let i = 0; i < count; i++) {
    const station = `${run}-${i}`;
    const alarmId = `${ALERT_RULE.id}@${station}`;
    const activated = awaitEvent(alarmId, 'activated');
    const sentAt = await send(producer, topic, station, 95).catch(() => Date.now());
    const receivedAt = await activated;
    if (receivedAt === null) missed++;
    else samples.push(receivedAt - sentAt);
    const returned = awaitEvent(alarmId, 'returned');
    await sleep(20);
    await send(producer, topic, station, 20);
    await returned;
    await sleep(80 + (i % 5) * 37); // spread the samples over the frame cadence
  }
  unsubscribe();
  return { samples, missed };
}

function settingsFor(brokers: string, topic: string, databaseUrl: string): Settings {
  const base = defaultSettings();
  const source = KafkaSourceSchema.parse({ kind: 'kafka', brokers: brokers.split(','), clientId: 'stationwatch-bench-latency', topics: [topic], groupId: uniqueName('sw-bench-latency'), start: 'earliest' });
  return {
    ...base,
    activeProfileId: 'bench',
    profiles: [{ id: 'bench', name: 'Bench latency', source, database: { kind: 'postgres', url: databaseUrl, ssl: false } }],
    rules: [...base.rules, ALERT_RULE],
  };
}

/** Waits until a warm-up reading comes back in a frame: the consumer joined and the path is hot. */
async function warmUp(client: WsClient, producer: Producer, topic: string): Promise<void> {
  let seen = false;
  const unsubscribe = client.subscribe('stream:frame', (frame) => sentTimes(frame, () => (seen = true)));
  const deadline = Date.now() + 60_000;
  try {
    while (!seen) {
      if (Date.now() > deadline) throw new Error('latency bench: no frame carried a warm-up reading within 60 s');
      await send(producer, topic, 'lat-warmup', 20);
      await sleep(200);
    }
    for (let i = 0; i < 50; i++) {
      await send(producer, topic, `lat-${i % FRAME_STATIONS}`, 20);
      await sleep(20);
    }
    await sleep(500);
  } finally {
    unsubscribe();
  }
}

function latencyResult(samples: readonly number[], extra: Record<string, unknown>): BenchResult {
  return {
    median: round1(quantile(samples, 0.99)),
    p95: round1(quantile(samples, 0.95)),
    unit: 'ms',
    runs: 1,
    samples: samples.length,
    p50Ms: round1(median(samples)),
    p99Ms: round1(quantile(samples, 0.99)),
    maxMs: round1(Math.max(...samples)),
    note: 'median field = p99 over the samples of one run (the name is latency.*.p99Ms); p50Ms, p95 and maxMs alongside',
    loadAverage1m: round1(loadavg()[0]!),
    ...extra,
  };
}

/** Runs the latency benchmarks; skipped when the broker or PostgreSQL cannot run here. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const services = benchServices();
  const frameCount = options.quick ? 300 : 1_000;
  const alertCount = options.quick ? 30 : 100;
  let server: RunningServer | null = null;
  let client: WsClient | null = null;
  let producer: Producer | null = null;
  const kafka = benchKafka(services.brokers, 'stationwatch-bench-latency');
  let topic: string | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-latency-'));
  try {
    if (!(await isPostgresAvailable())) throw new Error('skip: PostgreSQL not reachable');
    const db = await createTestDatabase('sw_bench_latency');
    try {
      topic = await createTopic(kafka, 'sw-bench-latency', 3);
      server = await startServer({ engineOptions: { settings: settingsFor(services.brokers, topic, db.url), secrets: {}, dataDir, operator: 'bench' }, port: 0, rendererDir: dataDir });
      client = await connectWsClient(server.url);
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await producer.connect();
      await warmUp(client, producer, topic);
      const frames = await measureFrames(client, producer, topic, frameCount);
      const alerts = await measureAlerts(client, producer, topic, alertCount);
      if (frames.total.length === 0) throw new Error('latency bench: no frame samples');
      if (alerts.samples.length === 0) throw new Error('latency bench: no alert samples');
      const settings = {
        carrier: 'child process (startServer default), WebSocket client',
        producer: 'kafkajs, acks=-1, one send per reading',
        fetch: KAFKA_FETCH_SETTINGS,
        frameIntervalMs: FRAME_INTERVAL_MS,
        engineTickMs: TICK_MS,
        database: 'PostgreSQL (fresh database)',
        partitions: 3,
        quick: options.quick,
      };
      return {
        'latency.frame.p99Ms': latencyResult(frames.total, {
          target: '<= 250',
          lost: frames.lost,
          produceToFrameBuilt: { p50Ms: round1(median(frames.toFrameBuilt)), p99Ms: round1(quantile(frames.toFrameBuilt, 0.99)) },
          frameBuiltToClient: { p50Ms: round1(median(frames.toClient)), p99Ms: round1(quantile(frames.toClient, 0.99)) },
          settings: { ...settings, ratePerSec: FRAME_RATE_PER_SEC, stations: FRAME_STATIONS },
        }),
        'latency.alert.p99Ms': latencyResult(alerts.samples, { target: '<= 200', missed: alerts.missed, settings: { ...settings, rule: ALERT_RULE } }),
      };
    } finally {
      await client?.close().catch(() => undefined);
      await producer?.disconnect().catch(() => undefined);
      await server?.close().catch(() => undefined);
      await db.drop().catch(() => undefined);
    }
  } finally {
    if (topic !== null) await deleteTopic(kafka, topic).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    services.release();
  }
}
