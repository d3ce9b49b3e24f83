/**
 * Issue 15, (6): the engine process killed with SIGKILL while it merges late data, restarted by its
 * supervisor. The new engine re-reads from the committed offsets: messages whose merge was already
 * durable are skipped (the late journal), re-read messages whose windows were stored before the last
 * commit are not merged again (the late progress saved with each commit), and the rest is merged. Every
 * stored window equals PostgreSQL's statistics over the raw readings: nothing lost, nothing counted twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src-main/engine/host/engine-host';
import { childProcessCarrier } from '../../src-main/engine/host/carriers';
import { defaultEngineEntry } from '../../src-main/engine/host/engine-entry-path';
import type { Reading } from '../../src-shared/domain/reading';
import { committedOffsets, createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { connectProducer, statusOf, waitUntil } from './stream-harness';
import { LATE_T0, lateEngineSettings, messageOf, sendCloser, stationReadings, waitForExactWindows } from './late-harness';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const MINUTE = 60_000;

describe.skipIf(kafka === null || !hasPostgres)('late data: engine killed while merging', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(6) SIGKILL mid-merge, supervised restart: every window exact, nothing counted twice', async () => {
    const env = kafka!;
    const live: Reading[] = [];
    for (let s = 0; s < 8; s++) live.push(...stationReadings(`live-${s}`, LATE_T0 + s * 100, LATE_T0 + 120 * MINUTE, 2_000, 10 + s));
    const uploaders: Reading[] = [];
    for (let s = 0; s < 3; s++) uploaders.push(...stationReadings(`upload-${s}`, LATE_T0 + 50 + s * 100, LATE_T0 + 120 * MINUTE, 2_000, 20 + s));
    // The uploaders are live for the first hour, then send their second hour in one go after the others finished.
    const firstPart = [...live, ...uploaders.filter((r) => r.ts < LATE_T0 + 60 * MINUTE)].sort((x, y) => x.ts - y.ts);
    const upload = uploaders.filter((r) => r.ts >= LATE_T0 + 60 * MINUTE);
    const all = [...firstPart, ...upload];

    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-late-kill' });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_late_kill');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const groupId = uniqueTopicName('sw-late-kill-group');
    const host = new EngineHost({
      createCarrier: () => childProcessCarrier(defaultEngineEntry()),
      engineOptions: { settings: lateEngineSettings({ brokers: env.brokers, topic, groupId, databaseUrl: database.url }), secrets: {}, dataDir, operator: 'integration test' },
      events: [],
    });
    await host.start();
    cleanup.push(async () => void (await host.stop()));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    for (let i = 0; i < firstPart.length; i += 2_000) await producer.send({ topic, acks: -1, messages: firstPart.slice(i, i + 2_000).map((r) => ({ ...messageOf(r), partition: 0 })) });
    await waitUntil('offsets committed before the upload', async () => {
      const offsets = await committedOffsets(env, groupId, topic);
      return [...offsets.values()].some((o) => BigInt(o) > 0n) ? true : 'nothing committed yet';
    });
    // The upload, in small sends so the engine is merging while the rest arrives; killed once merges began.
    const uploading = (async () => {
      for (let i = 0; i < upload.length; i += 200) await producer.send({ topic, acks: -1, messages: upload.slice(i, i + 200).map((r) => ({ ...messageOf(r), partition: 0 })) });
    })();
    await waitUntil('late readings being merged', async () => {
      const status = await statusOf(host);
      return status !== null && status.counters.late > 300 ? true : `late ${status?.counters.late}`;
    }, 60_000);
    process.kill(host.pid!, 'SIGKILL');
    await waitUntil('the supervisor to restart the engine', async () => host.restarts === 1 && host.state === 'running' && (await statusOf(host)) !== null);
    await uploading;
    await sendCloser(producer, topic, LATE_T0 + 120 * MINUTE);

    const problems = await waitForExactWindows(database.url, all.length, 180_000);
    const status = (await statusOf(host))!;
    await host.stop();
    expect(status.engineRestarts).toBe(1);
    expect(problems).toEqual([]);
  });
});
