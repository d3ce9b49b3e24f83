/**
 * (e) A batch of hostile messages in the middle of a good stream is quarantined with reasons (kept in
 * the engine's quarantine and in rejected_messages) while the good messages around it are processed:
 * window_aggregates still equals the brute force over the good readings. Also: a 10 MB message reaches
 * the app and is quarantined as "oversize"; a 1970 reading, beyond the late-data horizon (the window
 * retention), is refused as "too-late"; a duplicate is counted once; a legitimate unicode station id is
 * accepted and stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import { startEngine } from '../../src-main/engine/process/engine';
import { encodeReading } from '../../scripts/simulate';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();

/** Each hostile payload with the reason the decoder must give it. */
function hostileMessages(ts: string): { reason: string; value: string }[] {
  const record = (fields: string): string => `{"station_id":"st-hostile","ts":"${ts}",${fields}}`;
  return [
    { reason: 'not-json', value: 'this is not JSON {' },
    { reason: 'not-object', value: '['.repeat(100_000) + ']'.repeat(100_000) },
    { reason: 'no-station', value: '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) },
    { reason: 'non-finite', value: record('"temperature":"NaN"') },
    { reason: 'non-finite', value: record('"temperature":"Infinity"') },
    // Right-to-left override: a "Trojan Source" id that would look like another station on screen.
    { reason: 'invalid-station', value: `{"station_id":"\u202Est-evil","ts":"${ts}","temperature":1}` },
    { reason: 'invalid-station', value: `{"station_id":"${'s'.repeat(1_000)}","ts":"${ts}","temperature":1}` },
    { reason: 'future-time', value: '{"station_id":"st-hostile","ts":"2100-01-01T00:00:00.000Z","temperature":1}' },
    { reason: 'too-many-metrics', value: record(Array.from({ length: 65 }, (_, i) => `"m${i}":${i}`).join(',')) },
    { reason: 'oversize', value: record(`"temperature":1,"padding":"${'x'.repeat(10 * 1024 * 1024)}"`) },
  ];
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe.skipIf(kafka === null || !hasPostgres)('nothing lost: hostile messages amid good ones', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(e) hostile batch quarantined with reasons, good readings exact, late and duplicate counted', async () => {
    const env = kafka!;
    const good = simulatedReadings({ stations: 20, count: 2_000, seed: 5 });
    const chunks = chunksOf(good);
    const middle = Math.floor(chunks.length / 2);
    const lastBefore = chunks[middle]![chunks[middle]!.length - 1] as Reading;
    const unicode: Reading = { stationId: 'Zürich-Süd 🚀', ts: lastBefore.ts, metrics: { temperature: 21.5 } };
    const expected = expectedWindows([...good, unicode], SIZES_MS);
    const hostile = hostileMessages(new Date(lastBefore.ts).toISOString());

    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nl-hostile', config: { 'max.message.bytes': '16777216' } });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_nl_hostile');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nl-hostile-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const settings = engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-nl-hostile-group'), databaseUrl: database.url });
    const engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    await produceAll(engine, producer, topic, chunks, {
      after: middle,
      run: async () => {
        const extras = [
          ...hostile.map((h) => ({ key: 'st-hostile', value: h.value })),
          encodeReading(unicode),
          // An exact repeat of a reading already processed, and a reading from 1970 (long closed windows).
          encodeReading(lastBefore),
          encodeReading({ stationId: lastBefore.stationId, ts: Date.UTC(1970, 0, 1, 0, 0, 1), metrics: { temperature: 99 } }),
        ];
        for (const message of extras) await producer.send({ topic, acks: -1, messages: [message] });
      },
    });
    await closeStream(engine, producer, topic, good[good.length - 1]!.ts, database.url, expected.size);
    const status = (await statusOf(engine))!;
    const quarantined = await engine.request('quarantine:list', { limit: 100 });
    await engine.stop();
    stopped = true;

    const wantReasons = countBy([...hostile.map((h) => h.reason), 'too-late']);
    expect(status.counters.rejected).toEqual(wantReasons);
    expect(countBy(quarantined.map((q) => q.reason))).toEqual(wantReasons);
    const oversize = quarantined.find((q) => q.reason === 'oversize')!;
    expect(oversize.sizeBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(oversize.topic).toBe(topic);
    expect(status.counters.late).toBe(0);
    expect(status.counters.duplicates).toBe(1);
    // Good readings, the unicode station's and 3 closing markers (the 1970 one was refused).
    expect(status.counters.readings).toBe(good.length + 1 + 3);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ reason: string; size_bytes: number; topic: string }>('SELECT reason, size_bytes, topic FROM rejected_messages');
      expect(countBy(rows.map((r) => r.reason))).toEqual(wantReasons);
      expect(rows.find((r) => r.reason === 'oversize')!.size_bytes).toBeGreaterThan(10 * 1024 * 1024);
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
    } finally {
      await db.end();
    }
  }, 300_000);
});
