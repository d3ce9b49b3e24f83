/**
 * Issue 15: a Kafka topic deleted and created again under the same name while the app was closed. The new
 * topic's offsets start at 0 again, below the late-merge progress the old one left; at the group join the
 * engine reads the partition's end and drops that progress, so the new messages' late readings are merged,
 * not taken for stored. Created again while the engine reads it, the first batch of the new log starts below
 * what the engine took: the same check then finds the end below it, and the engine asks to be replaced.
 * Every stored window equals PostgreSQL's statistics over the raw readings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import { client, createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable, withPgClient } from '../helpers/postgres';
import { connectProducer, waitUntil } from './stream-harness';
import { LATE_T0, lateEngineSettings, produceInOrder, stationReadings, waitForExactWindows } from './late-harness';
import { SettingsSchema } from '../../src-shared/settings/schema';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const MINUTE = 60_000;

describe.skipIf(kafka === null || !hasPostgres)('late data: a topic deleted and created again under the same name', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  /** A one-partition topic, a database, a data folder and a producer, all removed after the file. */
  async function setUp(name: string) {
    const env = kafka!;
    const topic = await createTopic(env, { partitions: 1, prefix: name });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase(name.replaceAll('-', '_'));
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const settings = lateEngineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName(name), databaseUrl: database.url });
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());
    return { env, topic, database, dataDir, settings, producer };
  }

  /**
   * Under the start "latest": an engine (its fatal reasons collected, as its host would act on them) joined at the
   * empty topic's end, then the old topic's data — station A for 20 minutes — read and stored exactly.
   */
  async function latestEngineReadOldTopic(name: string) {
    const set = await setUp(name);
    const base = lateEngineSettings({ brokers: set.env.brokers, topic: set.topic, groupId: uniqueTopicName(name), databaseUrl: set.database.url });
    const settings = SettingsSchema.parse({ ...base, profiles: base.profiles.map((p) => ({ ...p, source: { ...p.source, start: 'latest' } })) });
    const fatal: string[] = [];
    const first = await startEngine({ settings, secrets: {}, dataDir: set.dataDir, operator: 'integration test' }, { onFatal: (reason) => void fatal.push(reason) });
    cleanup.push(async () => void (await first.stop()));
    await waitUntil('the partition assigned', async () => (await first.request('pipeline:status', {})).source.detail?.includes('assigned') === true, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const old = stationReadings('station-a', LATE_T0 + 120 * MINUTE, LATE_T0 + 140 * MINUTE, 2_000, 1);
    await produceInOrder(set.producer, set.topic, old);
    expect(await waitForExactWindows(set.database.url, old.length)).toEqual([]);
    return { ...set, settings, fatal, first, old };
  }

  it('the old topic\'s late-merge progress is dropped at the group join: the new topic\'s late readings are merged, every window exact', async () => {
    const { env, topic, database, dataDir, settings, producer } = await setUp('sw-late-recreated');

    // The old topic: station A for 20 minutes, two hours after the new topic's data.
    const old = stationReadings('station-a', LATE_T0 + 120 * MINUTE, LATE_T0 + 140 * MINUTE, 2_000, 1);
    await produceInOrder(producer, topic, old);
    const first = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    expect(await waitForExactWindows(database.url, old.length)).toEqual([]);
    await first.stop();
    const saved = await withPgClient(database.url, (db) => db.query<{ o: string }>('SELECT max(processed_offset)::text AS o FROM late_progress'));
    expect(Number(saved.rows[0]?.o)).toBeGreaterThan(old.length / 2);

    // Deleted and created again while the app is closed; the new life gets fewer messages than the old one had:
    // station B live for 10 minutes, then station C uploading its first 5 minutes after B moved on (late).
    await deleteTopic(env, topic);
    await recreate(env.brokers, topic);
    const b = stationReadings('station-b', LATE_T0, LATE_T0 + 10 * MINUTE, 2_000, 2);
    const c = stationReadings('station-c', LATE_T0 + 700, LATE_T0 + 5 * MINUTE, 2_000, 3);
    await produceInOrder(producer, topic, [...b, ...c]);

    const warnings = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    cleanup.push(async () => void (await second.stop()));
    // Before: every message of the new life lay below the old progress, so its late readings were taken for stored and skipped.
    expect(await waitForExactWindows(database.url, old.length + b.length + c.length, 60_000)).toEqual([]);
    // The shift log says what was dropped; the engine's log has no warning (the ends were read in time).
    const notes = await withPgClient(database.url, (db) => db.query<{ text: string }>(`SELECT text FROM shift_log WHERE kind = 'auto' AND text LIKE 'Kafka topic%'`));
    expect(notes.rows.map((r) => r.text)).toEqual([expect.stringMatching(new RegExp(`^Kafka topic "${topic}" partition 0 is not, from offset ${b.length + c.length + 1} on, the log of the saved late-merge progress up to offset \\d+`))]);
    expect(warnings.mock.calls.map((call) => String(call[0])).join('\n')).not.toContain('late-merge progress');
  }, 240_000);

  it('a topic created again while the engine reads it: the engine asks to be replaced at the first batch of the new log, and the new one reads it all', async () => {
    const { env, topic, database, dataDir, settings, producer } = await setUp('sw-late-recreated-live');
    const old = stationReadings('station-a', LATE_T0 + 120 * MINUTE, LATE_T0 + 140 * MINUTE, 2_000, 1);
    await produceInOrder(producer, topic, old);
    // As the engine's host does: an engine that cannot go on is replaced by a new one.
    const fatal: string[] = [];
    const first = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' }, { onFatal: (reason) => void fatal.push(reason) });
    cleanup.push(async () => void (await first.stop()));
    expect(await waitForExactWindows(database.url, old.length)).toEqual([]);

    // Deleted and created again while the engine reads it, with fewer messages than the old one had.
    await deleteTopic(env, topic);
    await recreate(env.brokers, topic);
    const b = stationReadings('station-b', LATE_T0, LATE_T0 + 10 * MINUTE, 2_000, 2);
    const c = stationReadings('station-c', LATE_T0 + 700, LATE_T0 + 5 * MINUTE, 2_000, 3);
    const warnings = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await produceInOrder(producer, topic, [...b, ...c]);
    // Before: no engine stopped, and its consumer took every new message for one it had read — none stored in a minute.
    await waitUntil('the engine asks to be replaced', async () => fatal.length > 0, 60_000);
    expect(fatal).toEqual([expect.stringMatching(new RegExp(`^topic "${topic}" partition 0 is not, from offset \\d+ on, the log this engine read up to offset \\d+: deleted and created again while being read`))]);
    await first.stop();
    const second = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    cleanup.push(async () => void (await second.stop()));
    expect(await waitForExactWindows(database.url, old.length + b.length + c.length, 60_000)).toEqual([]);
    expect(warnings.mock.calls.map((call) => call.join(' ')).join('\n')).toContain('deleted and created again while being read');
  }, 240_000);

  it('under the default start ("latest"), with the old topic\'s offsets committed onto the new one, the new engine still reads the new topic from its start', async () => {
    const { env, topic, database, dataDir, producer, settings, fatal, first, old } = await latestEngineReadOldTopic('sw-late-recreated-latest');

    await deleteTopic(env, topic);
    await recreate(env.brokers, topic);
    // The producers come back a little later: the consumer's fetch has found its offset out of range by then.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const b = stationReadings('station-b', LATE_T0, LATE_T0 + 10 * MINUTE, 2_000, 2);
    const warnings = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await produceInOrder(producer, topic, b);
    await waitUntil('the engine asks to be replaced', async () => fatal.length > 0, 60_000);
    await first.stop();
    const second = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    cleanup.push(async () => void (await second.stop()));
    // Before: the old engine's checkpoint had committed offset 600 onto the new topic of 301 messages; out of
    // range, the new engine started at its end ("latest"), and none of its readings was stored.
    expect(await waitForExactWindows(database.url, old.length + b.length, 60_000)).toEqual([]);
    expect(warnings).toHaveBeenCalled();
  }, 240_000);

  // Deleted for a moment, the consumer finds its offset out of range on the new topic; deleted for longer, it fails,
  // rejoins the group and is assigned the new topic, whose end is below what it read.
  it.each([
    { gone: 'a moment', gapMs: 0 },
    { gone: '20 s', gapMs: 20_000 },
  ])('under "latest", an engine stopped after the topic was created again (deleted for $gone), before any new message came: the next engine reads the new topic from its start', async ({ gapMs }) => {
    const { env, topic, database, dataDir, producer, settings, fatal, first, old } = await latestEngineReadOldTopic(`sw-late-recreated-gap-${gapMs}`);

    const warnings = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await deleteTopic(env, topic);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    await recreate(env.brokers, topic);
    // The new topic stays empty a while: kafkajs resets the partition to the new end, or rejoins, and the engine's
    // checkpoint goes on committing. Then the app is closed, before any new message.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    await first.stop();
    // While it is closed, the new topic gets more messages than the old one had.
    const b = stationReadings('station-b', LATE_T0, LATE_T0 + 30 * MINUTE, 2_000, 2);
    await produceInOrder(producer, topic, b);
    const second = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    cleanup.push(async () => void (await second.stop()));
    // Before: the group's commit was kafkajs's reset point or the old topic's offset 600, so the new engine started
    // at the new topic's end or at offset 600, and the readings below it were never stored.
    expect(await waitForExactWindows(database.url, old.length + b.length, 60_000)).toEqual([]);
    expect(fatal).toEqual([expect.stringContaining('deleted and created again while being read')]);
    expect(warnings).toHaveBeenCalled();
  }, 240_000);

});

/** Creates the topic again once the broker has finished deleting it (until then it answers "already exists"). */
async function recreate(brokers: string, topic: string): Promise<void> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    await waitUntil(`topic ${topic} deleted`, async () => !(await admin.listTopics()).includes(topic), 60_000);
    await waitUntil(`topic ${topic} created again`, async () => {
      try {
        return await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
      } catch (error) {
        return String(error);
      }
    }, 60_000);
  } finally {
    await admin.disconnect();
  }
}
