/**
 * The MQTT source against a real Mosquitto of the test's own: what a message carries to the decoder
 * (topic, station from a topic level, journal position), subscriptions that change between starts, and
 * pause/resume (the journal keeps accepting while the pipeline is behind), and the decoding preview's samples.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { JOURNAL_TOPIC, MqttSource } from '../../src-main/adapters/mqtt/mqtt-source';
import { peekMqttMessages } from '../../src-main/adapters/mqtt/peek-mqtt';
import type { RawMessage } from '../../src-shared/domain/reading';
import { MqttSourceSchema } from '../../src-shared/settings/schema';
import { PrivateMosquitto, mosquittoPub, mqttToolsMissing } from './mqtt-harness';
import { waitUntil } from './stream-harness';

const missingTools = mqttToolsMissing();

/** A source whose batches land in `received`; resolves once it is connected. */
async function started(broker: PrivateMosquitto, journal: string, settings: Record<string, unknown>, received: RawMessage[]): Promise<MqttSource> {
  const source = new MqttSource(MqttSourceSchema.parse({ kind: 'mqtt', broker: broker.url, ...settings }), {}, journal);
  let state = '';
  await source.start({ onBatch: async (batch) => void (batch.kind === 'raw' && received.push(...batch.messages)), onStatus: (s) => (state = s) });
  await waitUntil('the source to connect', async () => state === 'connected', 10_000);
  return source;
}

const text = (m: RawMessage): string => Buffer.from(m.value!).toString('utf8');

describe.skipIf(missingTools !== null)('MQTT source', () => {
  let dir = '';
  let broker: PrivateMosquitto;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-src-'));
    broker = await PrivateMosquitto.start(dir);
  });
  afterAll(async () => {
    await broker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands each message with its topic, the station of the configured topic level and its journal position', async () => {
    const received: RawMessage[] = [];
    const source = await started(broker, join(dir, 'j1'), { clientId: 'src-1', subscriptions: ['city/+/readings'], stationFromTopicSegment: 1 }, received);
    try {
      await mosquittoPub(broker.port, 'city/st-07/readings', ['{"a":1}', '{"a":2}']);
      await waitUntil('two messages', async () => received.length === 2, 10_000);
      expect(received.map((m) => [m.topic, m.station, text(m), m.position])).toEqual([
        ['city/st-07/readings', 'st-07', '{"a":1}', { topic: JOURNAL_TOPIC, partition: 0, offset: '0' }],
        ['city/st-07/readings', 'st-07', '{"a":2}', { topic: JOURNAL_TOPIC, partition: 0, offset: '1' }],
      ]);
    } finally {
      await source.stop();
    }
  });

  it('follows subscriptions changed between starts: the dropped filter delivers nothing more, the new one does', async () => {
    const journal = join(dir, 'j2');
    const first: RawMessage[] = [];
    await (await started(broker, journal, { clientId: 'src-2', subscriptions: ['old/#'] }, first)).stop();
    const received: RawMessage[] = [];
    const source = await started(broker, journal, { clientId: 'src-2', subscriptions: ['new/#'] }, received);
    try {
      await mosquittoPub(broker.port, 'old/x', ['from-old']);
      await mosquittoPub(broker.port, 'new/x', ['from-new']);
      await waitUntil('the new filter to deliver', async () => received.some((m) => text(m) === 'from-new'), 10_000);
      await mosquittoPub(broker.port, 'new/x', ['last']);
      await waitUntil('the last message', async () => received.some((m) => text(m) === 'last'), 10_000);
      expect(received.map(text)).toEqual(['from-new', 'last']);
    } finally {
      await source.stop();
    }
  });

  it('while paused keeps acknowledging into the journal, and delivers everything once resumed', async () => {
    const received: RawMessage[] = [];
    const source = await started(broker, join(dir, 'j3'), { clientId: 'src-3', subscriptions: ['p/#'] }, received);
    try {
      source.pause();
      await mosquittoPub(broker.port, 'p/x', ['1', '2', '3']);
      await waitUntil('the journal to hold them', async () => source.status().lag[0]!.lag === 3, 10_000);
      expect(received).toEqual([]);
      expect(source.status().paused).toBe(true);
      source.resume();
      await waitUntil('delivery after resume', async () => received.length === 3, 10_000);
      expect(received.map(text)).toEqual(['1', '2', '3']);
      expect(source.status().lag[0]!.lag).toBe(0);
    } finally {
      await source.stop();
    }
  });
});

describe.skipIf(missingTools !== null)('MQTT decoding-preview samples', () => {
  let dir = '';
  let broker: PrivateMosquitto;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-peek-'));
    broker = await PrivateMosquitto.start(dir);
  });
  afterAll(async () => {
    await broker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the retained messages, then live ones, and leaves the app session untouched', async () => {
    const profile = MqttSourceSchema.parse({ kind: 'mqtt', broker: broker.url, clientId: 'peek-app', subscriptions: ['city/+/readings'] });
    // The app's session exists and is away: what the peek sees must still be queued for it afterwards.
    const received: RawMessage[] = [];
    await (await started(broker, join(dir, 'journal'), { clientId: 'peek-app', subscriptions: ['city/+/readings'] }, received)).stop();
    const retained = spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-r', '-t', 'city/s1/readings', '-m', '{"retained":true}']);
    expect(retained.status).toBe(0);
    const peeking = peekMqttMessages(profile, {}, 2, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await mosquittoPub(broker.port, 'city/s2/readings', ['{"live":1}']);
    const samples = await peeking;
    expect(samples.map((s) => [s.topic, Buffer.from(s.value!).toString(), s.isRetained])).toEqual([
      ['city/s1/readings', '{"retained":true}', true],
      ['city/s2/readings', '{"live":1}', false],
    ]);
    const source = await started(broker, join(dir, 'journal'), { clientId: 'peek-app', subscriptions: ['city/+/readings'] }, received);
    try {
      await waitUntil('the queued messages for the app session', async () => received.length === 2, 10_000);
      expect(received.map(text).sort()).toEqual(['{"live":1}', '{"retained":true}']);
    } finally {
      await source.stop();
    }
  });
});
