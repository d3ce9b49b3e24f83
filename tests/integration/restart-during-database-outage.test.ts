/**
 * The engine restarted while its PostgreSQL (a PRIVATE cluster) is down, with an outage spill on disk:
 * it reads nothing from Kafka until the database is back and the spill is written, then restores the
 * alarms (an acknowledged alarm stays acknowledged) and the resume point, and the windows come out
 * exactly as the brute force says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { hasPostgresBinaries, startPrivatePostgres } from '../helpers/private-postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasBinaries = hasPostgresBinaries();
if (!hasBinaries && process.env.CI === 'true') throw new Error('PostgreSQL binaries are missing (CI=true: never skip)');
if (!hasBinaries) console.warn('\n*** SKIPPING restart-during-outage test: no PostgreSQL binaries in /usr/lib/postgresql/*/bin ***\n');

describe.skipIf(kafka === null || !hasBinaries)('engine restarted while PostgreSQL is down', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('waits for the database, keeps the acknowledged alarm acknowledged, and stores exactly the brute-force windows', async () => {
    const env = kafka!;
    const cluster = await startPrivatePostgres();
    cleanup.push(async () => cluster.destroy());
    cluster.psql('CREATE DATABASE restart_outage');
    const databaseUrl = cluster.urlFor('postgres', 'restart_outage');
    const readings = simulatedReadings({ stations: 100, count: 30_000, seed: 23 });
    const expected = expectedWindows(readings, SIZES_MS);
    const watched = readings[0]!.stationId;
    const alarmId = `pressure-present@${watched}`;
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-restart-db' });
    cleanup.push(() => deleteTopic(env, topic));
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-restart-db-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const base = engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-restart-db-group'), databaseUrl });
    // A condition that holds for the whole run: the alarm stays active across the restart.
    const settings = SettingsSchema.parse({
      ...base,
      rules: [{ id: 'pressure-present', name: 'Pressure reported', kind: 'threshold', severity: 'warning', metric: 'pressure', stationId: watched, statistic: 'value', operator: '>', level: 0, clearLevel: 0 }],
    });
    const engines: EngineHandle[] = [];
    cleanup.push(async () => {
      for (const engine of engines) await engine.stop();
    });
    const first = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    engines.push(first);
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());
    const chunks = chunksOf(readings);
    const third = Math.floor(chunks.length / 3);

    await produceAll(first, producer, topic, chunks.slice(0, third));
    await waitUntil('the alarm to be raised', async () => ((await first.request('alarms:list', { includeNormal: false, includeShelved: false })).some((a) => a.id === alarmId) ? true : 'no alarm yet'));
    await first.request('alarms:ack', { alarmId, comment: 'integration: seen' });
    // The database goes away; a third of the stream is accepted into the outage spill, then the engine stops.
    cluster.stop();
    await produceAll(first, producer, topic, chunks.slice(third, 2 * third));
    await waitUntil('the store to buffer', async () => ((await statusOf(first))?.store.state === 'buffering' ? true : `store ${(await statusOf(first))?.store.state}`));
    await first.stop();
    engines.length = 0;

    // Restarted with the database still down: it answers, says what it waits for, and reads nothing.
    const second = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    engines.push(second);
    const waiting = (await statusOf(second))!;
    expect(waiting.source.state).toBe('starting');
    expect(waiting.source.detail).toMatch(/waiting for the database/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await statusOf(second))!.counters.readings).toBe(0);

    cluster.start();
    await waitUntil('the source to connect', async () => {
      const state = (await statusOf(second))?.source.state;
      return state === 'connected' ? true : `source ${state}`;
    });
    const restored = (await second.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.id === alarmId);
    expect(restored?.state).toBe('acknowledged');

    await produceAll(second, producer, topic, chunks.slice(2 * third));
    await closeStream(second, producer, topic, readings[readings.length - 1]!.ts, databaseUrl, expected.size);
    const after = (await second.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.id === alarmId);
    expect(after?.state).toBe('acknowledged');
    await second.stop();
    engines.length = 0;

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
      const { rows } = await db.query<{ state: string }>('SELECT state FROM alarms WHERE id = $1', [alarmId]);
      expect(rows[0]?.state).toBe('acknowledged');
    } finally {
      await db.end();
    }
  }, 300_000);
});
