/**
 * The merge path for late readings on both backends (PGlite in its worker, a fresh PostgreSQL database),
 * through the same openStore() the engine uses. Values go through the real aggregator with its late sink;
 * closed windows and late merges go to the store in the pipeline's order; the stored windows are then
 * compared with PostgreSQL's own statistics over the raw readings (tests/integration/late-sql-reference.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { Reading, SourcePosition } from '../../../src-shared/domain/reading';
import type { HistoryStore } from '../../core/ports';
import type { LateBatch } from '../../core/windows/late-values';
import { LateValues } from '../../core/windows/late-values';
import { WindowAggregator } from '../../core/windows/window-aggregator';
import { seededRandom } from '../../../src-shared/test-support/seeded-random';
import { openStore } from './open-store';
import type { SqlClient } from './sql-client';
import { createPostgresClient } from '../postgres/postgres-client';
import { openPgliteClient } from '../pglite/pglite-sql-client';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';
import { compareWithReference, referenceKey, referenceWindows, storedWindows } from '../../../tests/integration/late-sql-reference';
import { seedPgliteDir } from '../../../tests/helpers/pglite-template';

const hasPostgres = await isPostgresAvailable();
const SIZES = [10_000, 60_000, 300_000, 3_600_000];
const T0 = Date.UTC(2026, 10, 20, 10);
const TOPIC = 'late-store-test';

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  /** The store's settings and a client on a database holding the same raw readings (the reference's side). */
  setup(): Promise<{ settings: DatabaseSettings; reference: (readings: readonly Reading[]) => Promise<SqlClient>; teardown(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    skip: false,
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), 'sw-late-pglite-'));
      await seedPgliteDir(join(dir, 'db'));
      // The store's PGlite folder is its worker's; the reference runs on an in-memory PGlite (PostgreSQL's own code) holding the same readings.
      return {
        settings: { kind: 'pglite', dir: join(dir, 'db') },
        reference: async (readings) => {
          const client = await openPgliteClient(null);
          await client.exec('CREATE TABLE readings (station_id text NOT NULL, ts bigint NOT NULL, metrics jsonb NOT NULL, PRIMARY KEY (station_id, ts))');
          for (let i = 0; i < readings.length; i += 2_000) {
            const part = readings.slice(i, i + 2_000);
            await client.query('INSERT INTO readings SELECT * FROM unnest($1::text[], $2::bigint[], $3::jsonb[])', [part.map((r) => r.stationId), part.map((r) => r.ts), part.map((r) => JSON.stringify(r.metrics))]);
          }
          return client;
        },
        teardown: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async setup() {
      const db = await createTestDatabase('sw_late');
      // The store wrote the raw readings into its own readings table: the reference reads them there.
      return { settings: { kind: 'postgres', url: db.url, ssl: false }, reference: async () => createPostgresClient({ url: db.url }), teardown: () => db.drop() };
    },
  },
];

/**
 * Two stations in one partition: A live throughout, B live for 30 minutes, then its last 30 minutes
 * uploaded in one go after A moved on; plus stragglers from both up to 20 minutes behind.
 */
function scenario(): { readings: Reading[]; order: Reading[] } {
  const random = seededRandom(42);
  const readings: Reading[] = [];
  for (let t = 0; t < 3_600_000; t += 2_000) {
    readings.push({ stationId: 'A', ts: T0 + t, metrics: { temperature: 10 + random() * 5, pressure: 1013 + random() * 0.5 } });
    readings.push({ stationId: 'B', ts: T0 + t + 700, metrics: { temperature: random() < 0.05 ? 0 : 12 + random() * 5, pressure: 1009 + random() * 0.5 } });
  }
  const live = readings.filter((r) => !(r.stationId === 'B' && r.ts >= T0 + 1_800_000));
  const upload = readings.filter((r) => r.stationId === 'B' && r.ts >= T0 + 1_800_000);
  const withStragglers = live.map((r, i) => ({ r, at: random() < 0.03 ? i + Math.floor(random() * 1_200) : i }));
  withStragglers.sort((x, y) => x.at - y.at);
  return { readings, order: [...withStragglers.map((x) => x.r), ...upload] };
}

/** Runs readings through the aggregator like the pipeline: per step of 200 messages, closed windows then late merges. */
async function feed(store: HistoryStore, order: readonly Reading[]): Promise<LateBatch[]> {
  const sink = new LateValues();
  const aggregator = new WindowAggregator({ sizesMs: SIZES, allowedLatenessMs: 5_000, maxStations: 10, maxMetrics: 10, includeCity: true, lateSink: sink });
  const batches: LateBatch[] = [];
  let positions: SourcePosition[] = [];
  const step = async (): Promise<void> => {
    const closed = aggregator.drainClosed();
    const late = sink.drain(SIZES, positions, (s) => aggregator.stationId(s), (s) => aggregator.metricId(s));
    positions = [];
    const writes = [store.writeWindows(closed)];
    if (late !== null) {
      batches.push(late);
      writes.push(store.mergeLate!(late));
    }
    await Promise.all(writes);
  };
  for (let i = 0; i < order.length; i++) {
    const r = order[i]!;
    const before = sink.length;
    const station = aggregator.stationSlot(r.stationId);
    for (const metric in r.metrics) aggregator.add(station, aggregator.metricSlot(metric), r.ts, r.metrics[metric]!);
    if (sink.length > before) {
      sink.tagFrom(before, positions.length);
      positions.push({ topic: TOPIC, partition: 0, offset: String(i) });
    }
    if (i % 200 === 199) await step();
  }
  aggregator.advanceTo(Number.MAX_SAFE_INTEGER);
  await step();
  return batches;
}

describe.each(backends)('late readings merged into stored windows on $name', (backend) => {
  const enabled = !backend.skip;
  let env: Awaited<ReturnType<Backend['setup']>>;
  let dataDir: string;
  let store: HistoryStore;
  let reference: SqlClient;
  const { readings, order } = scenario();

  beforeAll(async () => {
    if (!enabled) return;
    env = await backend.setup();
    dataDir = await mkdtemp(join(tmpdir(), 'sw-late-data-'));
    store = await openStore(env.settings, { dataDir });
    await store.writeReadings(readings);
  }, 60_000);

  afterAll(async () => {
    if (!enabled) return;
    await store?.close();
    await reference?.close();
    await env?.teardown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!enabled)('merged windows equal PostgreSQL\'s statistics over the raw readings, for every size and city-wide; a redelivered batch changes nothing', async () => {
    const batches = await feed(store, order);
    expect(batches.reduce((n, b) => n + b.values.length, 0)).toBeGreaterThan(1_000);
    // Redelivery (a crash before the offset commit): the journal skips every position merged before.
    for (const batch of batches.slice(0, 5)) await store.mergeLate!(batch);
    await store.caughtUp();
    reference = await env.reference(readings);
    const expected = await referenceWindows(reference, SIZES);
    const stored = await storedWindows((q) => store.queryWindows(q), ['temperature', 'pressure'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    expect(compareWithReference(stored, expected)).toEqual([]);
    expect(stored.size).toBe(expected.size);
  }, 120_000);

  it.skipIf(!enabled)('after a restart, re-read messages whose windows were stored before the last commit are not merged again', async () => {
    const before = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    // The last commit's progress: everything up to offset 5,000 processed, windows before T0 + 40 min stored.
    await store.saveLateProgress!({ resumeFrom: T0 + 2_400_000, processed: [{ topic: TOPIC, partition: 0, offset: '5000' }] });
    // Re-read messages (offsets below 5,000, times before the resume point): no journal entry, yet skipped.
    const reread: LateBatch = {
      sizesMs: SIZES, positions: [{ topic: TOPIC, partition: 0, offset: '4000' }, { topic: TOPIC, partition: 0, offset: '4001' }],
      stationIds: ['A', 'A'], metrics: ['temperature', 'temperature'], ts: [T0 + 1_000_000, T0 + 1_002_000], values: [11, 12], stationSizes: [15, 15], citySizes: [15, 15], message: [0, 1],
    };
    await store.mergeLate!(reread);
    await store.caughtUp();
    const after = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    expect(after).toEqual(before);
  }, 60_000);

  it.skipIf(!enabled)('a step\'s progress is saved with its windows (no commit between): re-read messages of windows stored in it are not merged again, the merge\'s own messages are', async () => {
    const before = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    // A step writes a window with its progress (processed to 6,000, windows before T0 + 50 min stored); then the
    // engine stops before any commit saved a progress of its own.
    // (The window itself lies outside the compared span.)
    await store.writeWindows([{ stationId: 'A', metric: 'temperature', sizeMs: 10_000, start: T0 + 5 * 3_600_000, count: 1, mean: 20, min: 20, max: 20, stddev: 0, p95: 20 }], {
      resumeFrom: T0 + 3_000_000, processed: [{ topic: TOPIC, partition: 0, offset: '6000' }],
    });
    const reread: LateBatch = {
      sizesMs: SIZES, positions: [{ topic: TOPIC, partition: 0, offset: '5500' }],
      stationIds: ['A'], metrics: ['temperature'], ts: [T0 + 2_000_000], values: [14], stationSizes: [15], citySizes: [0], message: [0],
    };
    await store.mergeLate!(reread);
    await store.caughtUp();
    expect(await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000)).toEqual(before);
    // A merge carrying the progress of its own step still merges its messages: the progress is saved after it.
    const fresh: LateBatch = { ...reread, positions: [{ topic: TOPIC, partition: 0, offset: '7000' }] };
    await store.mergeLate!(fresh, { resumeFrom: T0 + 3_000_000, processed: [{ topic: TOPIC, partition: 0, offset: '8000' }] });
    await store.caughtUp();
    const after = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    expect(after.get(referenceKey('A', 'temperature', 10_000, T0 + 2_000_000))?.count).toBe((before.get(referenceKey('A', 'temperature', 10_000, T0 + 2_000_000))?.count ?? 0) + 1);
  }, 60_000);

  it.skipIf(!enabled)('a progress that reaches less far does not replace the saved one: a restarted engine\'s first step leaves the rest of its re-read covered', async () => {
    const before = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    // The old engine's last progress: partition 2 processed to 8,000. A restarted engine's first step, re-read up to
    // 6,500 only, stores its progress.
    await store.saveLateProgress!({ resumeFrom: T0 + 3_000_000, processed: [{ topic: TOPIC, partition: 2, offset: '8000' }] });
    await store.writeWindows([], { resumeFrom: T0 + 3_000_000, processed: [{ topic: TOPIC, partition: 2, offset: '6500' }] });
    // Its next batch re-reads offset 7,500 (before the resume point): stored then, not merged again.
    const reread: LateBatch = {
      sizesMs: SIZES, positions: [{ topic: TOPIC, partition: 2, offset: '7500' }],
      stationIds: ['A'], metrics: ['temperature'], ts: [T0 + 2_000_000], values: [15], stationSizes: [15], citySizes: [0], message: [0],
    };
    await store.mergeLate!(reread);
    await store.caughtUp();
    expect(await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000)).toEqual(before);
  }, 60_000);

  it.skipIf(!enabled)('a second crash before the restarted engine passes the old offset: the windows its own steps stored stay covered', async () => {
    const before = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    const shortBounds = (before: number): { sizeMs: number; before: number }[] => [10_000, 60_000, 300_000].map((sizeMs) => ({ sizeMs, before }));
    // The old engine: partition 3 processed to 8,000, short windows before T0 + 40 min stored. Killed; Kafka's
    // commit was older. The restarted engine re-reads from there and, further along in event time on the
    // other partitions, stores the short windows up to T0 + 50 min with its step's progress (to 6,500).
    await store.saveLateProgress!({ resumeFrom: T0, processed: [{ topic: TOPIC, partition: 3, offset: '8000' }], closedBefore: [...shortBounds(T0 + 2_400_000), { sizeMs: 3_600_000, before: T0 }] });
    await store.writeWindows([], { resumeFrom: T0, processed: [{ topic: TOPIC, partition: 3, offset: '6500' }], closedBefore: [...shortBounds(T0 + 3_000_000), { sizeMs: 3_600_000, before: T0 }] });
    // Killed again: the third engine re-reads offset 6,000 (timed T0 + 45 min), which the second one had stored.
    const reread: LateBatch = {
      sizesMs: SIZES, positions: [{ topic: TOPIC, partition: 3, offset: '6000' }],
      stationIds: ['A'], metrics: ['temperature'], ts: [T0 + 2_700_000], values: [16], stationSizes: [15], citySizes: [0], message: [0],
    };
    await store.mergeLate!(reread);
    await store.caughtUp();
    const after = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    const shorter = (rows: typeof after): [string, unknown][] => [...rows].filter(([key]) => !key.includes('|3600000|'));
    // Before: the second engine's progress was not saved (the old one reached further), and the value was merged into its 10-s, 1-min and 5-min windows again.
    expect(shorter(after)).toEqual(shorter(before));
  }, 60_000);

  it.skipIf(!enabled)('per window size: a re-read message whose short windows were stored while its hour was still open merges into the hour only', async () => {
    const before = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    // The last commit: the hour from T0 still open (so the resume point is T0), every shorter window before
    // T0 + 40 min stored. A message re-read from 25 minutes in had its 10-s, 1-min and 5-min windows stored.
    // (Partition 1: partition 0's progress reaches 8,000 by now, and one that reaches less far would not replace it.)
    await store.saveLateProgress!({
      resumeFrom: T0,
      processed: [{ topic: TOPIC, partition: 1, offset: '5000' }],
      closedBefore: [{ sizeMs: 10_000, before: T0 + 2_400_000 }, { sizeMs: 60_000, before: T0 + 2_400_000 }, { sizeMs: 300_000, before: T0 + 2_400_000 }, { sizeMs: 3_600_000, before: T0 }],
    });
    const ts = T0 + 1_500_000;
    const reread: LateBatch = {
      sizesMs: SIZES, positions: [{ topic: TOPIC, partition: 1, offset: '4500' }],
      stationIds: ['A'], metrics: ['temperature'], ts: [ts], values: [13], stationSizes: [15], citySizes: [0], message: [0],
    };
    await store.mergeLate!(reread);
    await store.caughtUp();
    const after = await storedWindows((q) => store.queryWindows(q), ['temperature'], SIZES, T0 - 3_600_000, T0 + 7_200_000);
    const hour = (rows: typeof after): number => rows.get(referenceKey('A', 'temperature', 3_600_000, T0))!.count;
    // The hour was open at the commit: the value goes into it (in the real restart the hour is rebuilt or merged
    // from the re-read messages); every shorter window is as it was, not counted twice.
    expect(hour(after)).toBe(hour(before) + 1);
    const shorter = (rows: typeof after): [string, unknown][] => [...rows].filter(([key]) => !key.includes('|3600000|'));
    expect(shorter(after)).toEqual(shorter(before));
    expect(shorter(after).length).toBeGreaterThan(0);
  }, 60_000);
});
