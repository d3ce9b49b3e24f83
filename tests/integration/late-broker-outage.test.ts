/**
 * Issue 15, (4): the broker stopped while the producer keeps producing — a logger's late upload, retried
 * by the producer until the broker is back — then restarted: the engine rides out the outage and every
 * stored window, the late upload merged, equals PostgreSQL's statistics over the raw readings. The broker
 * is a PRIVATE one (tests/helpers/kafka.ts startPrivateBroker), so the shared test broker is never stopped.
 * The outage lasts LATE_OUTAGE_MS (default 20 s, to keep CI short; the two minutes with
 * LATE_OUTAGE_MS=120000): what matters is that it spans the engine's disconnect and the producer's retries.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { startEngine } from '../../src-main/engine/process/engine';
import type { Reading } from '../../src-shared/domain/reading';
import { createTopic, requireKafka, startBroker, startPrivateBroker, stopBroker, uniqueTopicName, type PrivateBroker } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { connectProducer, statusOf, waitUntil } from './stream-harness';
import { LATE_T0, lateEngineSettings, messageOf, sendCloser, stationReadings, waitForExactWindows } from './late-harness';

const shared = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const MINUTE = 60_000;
const OUTAGE_MS = Number(process.env.LATE_OUTAGE_MS ?? 20_000);

/** Sends until the broker takes it, as a gateway with its own buffer does. */
async function sendRetrying(producer: Producer, topic: string, readings: readonly Reading[]): Promise<void> {
  for (;;) {
    try {
      await producer.send({ topic, acks: -1, messages: readings.map((r) => ({ ...messageOf(r), partition: 0 })) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

describe.skipIf(shared === null || !shared.owned || !hasPostgres)('late data: broker outage while producing', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(4) broker stopped while a late upload is being produced, restarted: every window exact', async () => {
    const broker: PrivateBroker = startPrivateBroker();
    cleanup.push(async () => broker.destroy());
    const env = broker.env;
    const a = stationReadings('station-a', LATE_T0, LATE_T0 + 60 * MINUTE, 2_000, 1);
    const b = stationReadings('station-b', LATE_T0 + 500, LATE_T0 + 60 * MINUTE, 2_000, 2);
    const live = [...a, ...b.filter((r) => r.ts < LATE_T0 + 30 * MINUTE)].sort((x, y) => x.ts - y.ts);
    const upload = b.filter((r) => r.ts >= LATE_T0 + 30 * MINUTE);

    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-late-outage' });
    const database = await createTestDatabase('sw_late_outage');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-outage-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const engine = await startEngine({ settings: lateEngineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-late-outage'), databaseUrl: database.url }), secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    await sendRetrying(producer, topic, live);
    await waitUntil('the live hour read', async () => ((await statusOf(engine))?.counters.readings === live.length ? true : 'reading'));
    stopBroker(env);
    const producing = (async () => {
      for (let i = 0; i < upload.length; i += 100) await sendRetrying(producer, topic, upload.slice(i, i + 100));
    })();
    await waitUntil('the source to report the broker gone', async () => ((await statusOf(engine))?.source.state === 'disconnected' ? true : 'connected'));
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    startBroker(env);
    await producing;
    await sendCloser(producer, topic, LATE_T0 + 60 * MINUTE);

    const problems = await waitForExactWindows(database.url, live.length + upload.length, 180_000);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;
    expect(status.source.state).toBe('connected');
    expect(status.counters.late).toBeGreaterThan(upload.length / 2);
    expect(problems).toEqual([]);
  }, 300_000);
});
