/**
 * Drives one "nothing lost" run: seeded simulator readings produced to a 3-partition topic in event-time
 * order, paced so the engine keeps up (see PACING below), a fault injected between chunks, then a closing
 * marker that makes every data window close, and a wait until the engine has stored them.
 *
 * PACING. The engine's watermark is the slowest partition's newest event time minus the allowed lateness
 * (src-main/core/event-clock.ts), so partitions out of step lose nothing. Producing chunk by chunk, each
 * after the engine has reached the previous one, is kept so that a fault really lands mid-stream.
 */
import { Partitioners } from 'kafkajs';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import { SettingsSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { SimulatorModel } from '../../src-main/adapters/simulator/simulator-model';
import { encodeReading } from '../../scripts/simulate';
import { client } from '../helpers/kafka';
import type { KafkaTestEnv } from '../helpers/kafka';

/** Window sizes of these tests: 10 s and 1 min (the default 5 min and 1 h would make runs long). */
export const SIZES_MS: readonly number[] = [10_000, 60_000];
/** Allowed lateness: larger than the partition skew that pacing allows (two chunks). */
export const LATENESS_MS = 60_000;
/** Metric of the closing marker readings; their own windows stay open and are not compared. */
export const CLOSER_METRIC = 'stream_closer';
/** Event time covered by one produced chunk (100 stations × 1 reading/s → 1,500 messages). */
const CHUNK_EVENT_MS = 15_000;
/** Far past the real clock's "future" guard, with whole hours so windows of every size align. */
export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** The first `count` readings of a seeded simulated city, in event-time order, starting at T0. */
export function simulatedReadings(options: { stations: number; count: number; seed: number }): Reading[] {
  const settings = SimulatorSourceSchema.parse({ kind: 'simulator', stations: options.stations, ratePerStation: 1, seed: options.seed });
  return new SimulatorModel(settings, T0).readingsUntil(Number.POSITIVE_INFINITY, options.count);
}

/** Engine settings: Kafka source from the earliest offset, a PostgreSQL store, the test window sizes. */
export function engineSettings(options: { brokers: string; topic: string; groupId: string; databaseUrl: string }): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'it',
    profiles: [
      {
        id: 'it',
        name: 'nothing lost',
        source: { kind: 'kafka', brokers: options.brokers.split(','), topics: [options.topic], groupId: options.groupId, start: 'earliest' },
        database: { kind: 'postgres', url: options.databaseUrl },
      },
    ],
    // Idle timeout of an hour: windows close on event time only, so an outage cannot close them early.
    windows: { sizesMs: [...SIZES_MS], allowedLatenessMs: LATENESS_MS, idleTimeoutMs: 3_600_000 },
    // The data is dated T0 (January 2026): keep it, or the retention job of a restarted engine deletes it.
    store: { rawReadings: false, rawRetentionDays: 3650, windowRetentionDays: 3650 },
    rules: [],
  });
}

/** Anything that answers pipeline:status: the in-process engine or an EngineHost. */
export interface StatusSource {
  request(name: 'pipeline:status', args: Record<string, never>): Promise<PipelineStatus>;
}

/** Polls `check` every 100 ms until it is true; throws after `ms` with `what` and the last note. */
export async function waitUntil(what: string, check: () => Promise<boolean | string>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  let note: string = '';
  for (;;) {
    const result = await check().catch((error: unknown) => String(error));
    if (result === true) return;
    if (typeof result === 'string') note = result;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${note ? ` (last: ${note})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Status, or null while the engine cannot answer (restarting). */
export async function statusOf(engine: StatusSource): Promise<PipelineStatus | null> {
  return engine.request('pipeline:status', {}).catch(() => null);
}

/** A connected producer (acks=all, default partitioner: keyed by station). */
export async function connectProducer(env: KafkaTestEnv): Promise<Producer> {
  const producer = client(env.brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/** Splits readings into chunks of CHUNK_EVENT_MS of event time. */
export function chunksOf(readings: readonly Reading[]): Reading[][] {
  const chunks: Reading[][] = [];
  let current: Reading[] = [];
  let end = T0 + CHUNK_EVENT_MS;
  for (const reading of readings) {
    while (reading.ts >= end) {
      if (current.length > 0) chunks.push(current);
      current = [];
      end += CHUNK_EVENT_MS;
    }
    current.push(reading);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Produces chunk `index` and waits until the engine's watermark shows it reached that chunk's newest
 * event time (some partition did; the others follow within the same fetch).
 */
export async function produceChunk(engine: StatusSource, producer: Producer, topic: string, chunk: readonly Reading[]): Promise<void> {
  await producer.send({ topic, acks: -1, messages: chunk.map(encodeReading) });
  const newest = (chunk[chunk.length - 1] as Reading).ts;
  await waitUntil('the engine to reach the chunk just produced', async () => {
    const status = await statusOf(engine);
    return status !== null && status.watermark !== null && status.watermark >= newest - LATENESS_MS - STAGGER_MS ? true : `watermark ${status?.watermark ?? 'none'}`;
  });
}

/** Stations send within one second of each other, so the slowest partition's newest reading trails by up to this. */
const STAGGER_MS = 1_000;

/**
 * After the last chunk: waits until every partition is read to its end, then sends one closing reading
 * per partition far enough ahead in event time that every data window closes, and waits until
 * window_aggregates holds (at least) `expectedRows` data rows.
 */
export async function closeStream(engine: StatusSource, producer: Producer, topic: string, lastTs: number, databaseUrl: string, expectedRows: number): Promise<void> {
  let previous = -1;
  await waitUntil('every partition read to its end', async () => {
    const status = await statusOf(engine);
    if (status === null) return 'no status';
    const drained = status.lag.length === 3 && status.lag.every((l) => l.lag === 0) && status.watermark !== null && status.watermark >= lastTs - LATENESS_MS - STAGGER_MS;
    // Two polls in a row with the same count: the last batches of the same fetch are through.
    const settled = drained && status.counters.readings === previous;
    previous = drained ? status.counters.readings : -1;
    return settled ? true : `lag ${JSON.stringify(status.lag)}`;
  });
  const closeAt = lastTs + LATENESS_MS + 2 * (SIZES_MS[SIZES_MS.length - 1] as number);
  const messages = [0, 1, 2].map((partition) => ({
    partition,
    key: 'zz-closer',
    value: JSON.stringify({ station_id: 'zz-closer', ts: new Date(closeAt + partition).toISOString(), [CLOSER_METRIC]: 1 }),
  }));
  await producer.send({ topic, acks: -1, messages });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitUntil(`${expectedRows} windows stored`, async () => {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM window_aggregates WHERE metric <> $1', [CLOSER_METRIC]);
      return Number(rows[0]?.n) >= expectedRows ? true : `${rows[0]?.n} rows`;
    });
  } finally {
    await db.end();
  }
}

/** Asserts-free check used by tests: no two readings of one station share an event time (the duplicate filter would drop one). */
export function hasDuplicateTimes(readings: readonly Reading[]): boolean {
  const seen = new Set<string>();
  for (const r of readings) {
    const key = `${r.stationId}@${r.ts}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** Produces every chunk in turn; runs `fault` once after chunk `faultAfter` (counted from 0). */
export async function produceAll(engine: StatusSource, producer: Producer, topic: string, chunks: readonly Reading[][], fault?: { after: number; run: () => Promise<void> }): Promise<void> {
  for (let i = 0; i < chunks.length; i++) {
    await produceChunk(engine, producer, topic, chunks[i] as Reading[]);
    if (fault !== undefined && i === fault.after) await fault.run();
  }
}
