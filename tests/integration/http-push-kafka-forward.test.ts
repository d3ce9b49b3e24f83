/**
 * Forwarding accepted HTTP pushes to Kafka (the server's forwardToKafka option): bodies pushed with the
 * real curl reach the topic as one message per reading (our wire format, keyed by station) before the 2xx,
 * read back with a plain consumer; with Kafka unreachable a push is answered 503 so the client sends again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { startServer } from '../../src-main/server/server';
import { NOT_FORWARDED } from '../../src-main/server/ingest-route';
import { client, createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { freePort } from './mqtt-harness';
import { simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { curlMissing, curlPost, sensorLoggerBody, testRendererDir, wireObject } from './http-push-harness';

const env = await requireKafka();
const missing = curlMissing();
const HEADERS = ['Content-Type: application/json', 'Authorization: Bearer forward-token'];

function pushOnlySettings() {
  return SettingsSchema.parse({
    activeProfileId: 'push',
    profiles: [{ id: 'push', name: 'HTTP push', source: { kind: 'http-push' }, database: { kind: 'memory' } }],
    rules: [],
  });
}

describe.skipIf(env === null || missing !== null)('HTTP push forwarded to Kafka', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  async function serverFor(brokers: readonly string[], topic: string) {
    const dir = await mkdtemp(join(tmpdir(), 'sw-push-forward-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const server = await startServer({
      engineOptions: { settings: pushOnlySettings(), secrets: {}, dataDir: join(dir, 'data'), operator: 'integration test' },
      port: 0,
      rendererDir: testRendererDir(dir),
      tokens: { ingest: 'forward-token' },
      forwardToKafka: { brokers, topic },
    });
    cleanup.push(() => server.close());
    await waitUntil('the HTTP push source to be ready', async () => ((await statusOf(server.engine))?.source.state === 'connected' ? true : 'not yet'));
    return server;
  }

  it('produces every reading of an accepted push before the 2xx', async () => {
    const topic = await createTopic(env!, { partitions: 3 });
    cleanup.push(() => deleteTopic(env!, topic));
    const server = await serverFor(env!.brokers.split(','), topic);
    const readings = simulatedReadings({ stations: 5, count: 150, seed: 8 });
    const expected = new Map<string, string>();
    for (let i = 0; i < readings.length; i += 50) {
      const part = readings.slice(i, i + 50);
      const answer = await curlPost(`${server.url}/ingest`, JSON.stringify(part.map(wireObject)), HEADERS);
      expect(answer.status, answer.body).toBe(200);
      for (const r of part) expected.set(`${r.stationId}@${r.ts}`, JSON.stringify(r.metrics));
    }
    const at = readings[readings.length - 1]!.ts + 1;
    const phone = await curlPost(`${server.url}/ingest/sensor-logger`, sensorLoggerBody('phone-9', [{ ts: at, pressure: 1009.5 }], 1), HEADERS);
    expect(phone.status, phone.body).toBe(200);
    expected.set(`phone-9@${at}`, JSON.stringify({ pressure: 1009.5 }));

    const consumer = client(env!.brokers).consumer({ groupId: uniqueTopicName('sw-forward-check') });
    cleanup.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Map<string, string>();
    let keyMismatches = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value!.toString()) as Record<string, unknown>;
        const { station_id: station, ts, ...metrics } = value;
        if (message.key?.toString() !== station) keyMismatches++;
        received.set(`${String(station)}@${Date.parse(String(ts))}`, JSON.stringify(metrics));
      },
    });
    await waitUntil(`${expected.size} forwarded readings`, async () => (received.size >= expected.size ? true : `${received.size}`), 60_000);
    expect(received).toEqual(expected);
    expect(keyMismatches).toBe(0);
  });

  it('answers 503 when Kafka cannot take the readings, so the client sends again', async () => {
    const closedPort = await freePort();
    const server = await serverFor([`127.0.0.1:${closedPort}`], 'nowhere');
    const reading = simulatedReadings({ stations: 1, count: 1, seed: 2 })[0]!;
    const answer = await curlPost(`${server.url}/ingest`, JSON.stringify(wireObject(reading)), HEADERS);
    expect(answer.status).toBe(503);
    expect(answer.body).toBe(NOT_FORWARDED);
  }, 60_000);
});
