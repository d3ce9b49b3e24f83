/**
 * Issue 15, (2): a recording listed station by station (each station's whole 10 minutes, then the next
 * station's, not sorted by time) published to Kafka with the replay command (`npm run replay`, keyed by
 * station into one partition) and consumed from the earliest offset: every station after the first comes
 * late for its closed windows and is merged. Every window of every size, per station and city-wide, equals
 * PostgreSQL's statistics over the raw readings.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import { parseReplayArgs, runReplay } from '../../scripts/replay';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { connectProducer, statusOf } from './stream-harness';
import { lateEngineSettings, sendCloser, waitForExactWindows } from './late-harness';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();

describe.skipIf(kafka === null || !hasPostgres)('late data: a recording listed station by station', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(2) replayed through Kafka: every window of every size exact', async () => {
    const env = kafka!;
    const dir = await mkdtemp(join(tmpdir(), 'sw-late-replay-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const [header, ...rows] = (await readFile('resources/sample-data/city-12x10min.csv', 'utf8')).trim().split('\n');
    // Station by station (a stable sort keeps each station's rows in time order).
    const byStation = [...rows].sort((a, b) => (a.split(',')[0]! < b.split(',')[0]! ? -1 : a.split(',')[0]! > b.split(',')[0]! ? 1 : 0));
    const file = join(dir, 'by-station.csv');
    await writeFile(file, [header, ...byStation].join('\n') + '\n');
    const newest = Math.max(...rows.map((r) => Date.parse(r.split(',')[1]!)));

    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-late-replay' });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_late_replay');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-replay-data-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const engine = await startEngine({ settings: lateEngineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-late-replay'), databaseUrl: database.url }), secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));

    const published = await runReplay(parseReplayArgs([file, '--kafka', env.brokers, '--topic', topic, '--speed', 'max']), () => undefined);
    expect(published).toMatchObject({ published: rows.length, rejected: 0 });
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());
    await sendCloser(producer, topic, newest);

    const problems = await waitForExactWindows(database.url, rows.length);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;
    expect(problems).toEqual([]);
    // Eleven of the twelve stations came after the first had moved the watermark to the end: late, merged.
    expect(status.counters.late).toBeGreaterThan((rows.length * 10) / 12 * 0.9);
  });
});
