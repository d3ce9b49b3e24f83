/**
 * The late-data end-to-end tests: readings produced to Kafka as JSON messages in a chosen (not
 * time-sorted) order, consumed by the real engine with raw readings stored, and every stored window
 * compared with PostgreSQL's own statistics over the `readings` table (late-sql-reference.ts).
 */
import pg from 'pg';
import type { Producer } from 'kafkajs';
import type { Reading } from '../../src-shared/domain/reading';
import type { Settings } from '../../src-shared/settings/schema';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { seededRandom } from '../../src-shared/test-support/seeded-random';
import { compareWithReference, referenceKey, referenceWindows, type ReferenceWindow, type StoredWindowRow } from './late-sql-reference';
import { waitUntil } from './stream-harness';

/** Every default size, so late values land in stored windows (10 s … 5 min) and in open ones (1 h). */
export const LATE_SIZES_MS: readonly number[] = [10_000, 60_000, 300_000, 3_600_000];
export const LATE_LATENESS_MS = 5_000;
/** Metric of the closing reading (its windows stay open and are not compared). */
export const LATE_CLOSER_METRIC = 'late_closer';
/** January 2026 at a whole hour (before the real clock's "future" guard; kept by a long retention). */
export const LATE_T0 = Date.UTC(2026, 0, 7, 8, 0, 0);

/** Engine settings: Kafka from the earliest offset, PostgreSQL with raw readings, the late tests' windows. */
export function lateEngineSettings(options: { brokers: string; topic: string; groupId: string; databaseUrl: string; idleTimeoutMs?: number }): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'late',
    profiles: [
      {
        id: 'late',
        name: 'late data',
        source: { kind: 'kafka', brokers: options.brokers.split(','), topics: [options.topic], groupId: options.groupId, start: 'earliest' },
        database: { kind: 'postgres', url: options.databaseUrl },
      },
    ],
    // Windows close on event time only (an hour of idle timeout), so the order produced decides what is late.
    windows: { sizesMs: [...LATE_SIZES_MS], allowedLatenessMs: LATE_LATENESS_MS, idleTimeoutMs: options.idleTimeoutMs ?? 3_600_000 },
    store: { rawReadings: true, rawRetentionDays: 3650, windowRetentionDays: 3650 },
    rules: [],
  });
}

/** Readings of one station, one every `everyMs` from `from` (inclusive) to `to` (exclusive), two metrics. */
export function stationReadings(stationId: string, from: number, to: number, everyMs: number, seed: number): Reading[] {
  const random = seededRandom(seed);
  const out: Reading[] = [];
  for (let ts = from; ts < to; ts += everyMs) out.push({ stationId, ts, metrics: { temperature: 8 + random() * 10, pm25: random() < 0.05 ? 0 : 3 + random() * 40 } });
  return out;
}

/** The JSON message of a reading, as stations send it. */
export function messageOf(r: Reading): { key: string; value: string } {
  return { key: r.stationId, value: JSON.stringify({ station_id: r.stationId, ts: new Date(r.ts).toISOString(), ...r.metrics }) };
}

/** Produces the readings in the given order (one partition keeps it), then one closing reading that closes every window. */
export async function produceInOrder(producer: Producer, topic: string, order: readonly Reading[], partition = 0): Promise<void> {
  for (let i = 0; i < order.length; i += 2_000) {
    await producer.send({ topic, acks: -1, messages: order.slice(i, i + 2_000).map((r) => ({ ...messageOf(r), partition })) });
  }
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of order) if (r.ts > newest) newest = r.ts;
  await sendCloser(producer, topic, newest, partition);
}

/** One reading far enough ahead of `newest` in event time that every window of the data closes. */
export async function sendCloser(producer: Producer, topic: string, newest: number, partition = 0): Promise<void> {
  const closeAt = newest + LATE_LATENESS_MS + 2 * LATE_SIZES_MS[LATE_SIZES_MS.length - 1]!;
  await producer.send({ topic, acks: -1, messages: [{ partition, key: 'zz-closer', value: JSON.stringify({ station_id: 'zz-closer', ts: new Date(closeAt).toISOString(), [LATE_CLOSER_METRIC]: 1 }) }] });
}

/** The stored windows of the data metrics, straight from window_aggregates. */
async function storedRows(db: pg.Client): Promise<Map<string, StoredWindowRow>> {
  const { rows } = await db.query<{ s: string; m: string; z: number; t: string; c: string; mean: number; min: number; max: number; sd: number; p: number }>(
    'SELECT station_id AS s, metric AS m, size_ms AS z, window_start AS t, count AS c, mean, min, max, stddev AS sd, p95 AS p FROM window_aggregates WHERE metric <> $1',
    [LATE_CLOSER_METRIC],
  );
  return new Map(rows.map((r) => [referenceKey(r.s, r.m, r.z, Number(r.t)), { count: Number(r.c), mean: r.mean, min: r.min, max: r.max, stddev: r.sd, p95: r.p }]));
}

/**
 * Waits until the stored windows equal the reference over the raw readings (`readings` data readings
 * stored, closer excluded), then returns the remaining problems (empty when exact) for the assertion.
 */
export async function waitForExactWindows(databaseUrl: string, readings: number, ms = 120_000): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const reference = { query: (sql: string, params?: readonly unknown[]) => db.query({ text: sql, values: params as unknown[], rowMode: 'array' }) };
  let problems: string[] = ['not compared yet'];
  let expected: Map<string, ReferenceWindow> | null = null;
  try {
    await waitUntil('stored windows equal to the reference', async () => {
      if (expected === null) {
        const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM readings WHERE NOT metrics ? $1', [LATE_CLOSER_METRIC]);
        if (Number(rows[0]?.n) < readings) return `${rows[0]?.n} of ${readings} raw readings stored`;
        // The raw readings are all there and change no more: the reference is computed once.
        expected = new Map([...(await referenceWindows(reference, LATE_SIZES_MS))].filter(([key]) => !key.includes(`|${LATE_CLOSER_METRIC}|`)));
      }
      problems = compareWithReference(await storedRows(db), expected);
      return problems.length === 0 ? true : `${problems.length} problems, e.g. ${problems.slice(0, 3).join('; ')}`;
    }, ms).catch(() => undefined);
  } finally {
    await db.end();
  }
  return problems;
}
