/**
 * The MQTT connection test and the source's status, against real Mosquitto brokers of the test's own:
 * each layer (DNS, TCP, CONNECT/login, SUBSCRIBE) passes or fails with the broker's answer in plain words.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMqttConnection } from '../../src-main/adapters/mqtt/mqtt-connection-test';
import { MqttSource } from '../../src-main/adapters/mqtt/mqtt-source';
import { MqttSourceSchema } from '../../src-shared/settings/schema';
import type { SourceState } from '../../src-shared/ipc/status';
import { PrivateMosquitto, freePort, mqttToolsMissing } from './mqtt-harness';
import { waitUntil } from './stream-harness';

const missingTools = mqttToolsMissing();
const LOGIN = { user: 'city-reader', password: 'right-password', readable: 'city/#' };

describe.skipIf(missingTools !== null)('MQTT connection test', () => {
  let dir = '';
  let open: PrivateMosquitto;
  let guarded: PrivateMosquitto;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-ct-'));
    open = await PrivateMosquitto.start(await mkdtemp(join(dir, 'open-')));
    guarded = await PrivateMosquitto.start(await mkdtemp(join(dir, 'guarded-')), LOGIN);
  });
  afterAll(async () => {
    await open?.stop();
    await guarded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const profile = (broker: string, extra: Record<string, unknown> = {}) => MqttSourceSchema.parse({ kind: 'mqtt', broker, subscriptions: ['city/+/readings'], ...extra });

  it('passes every layer on a reachable broker', async () => {
    const result = await testMqttConnection(profile(open.url), {});
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([['dns', true], ['tcp', true], ['login', true], ['topic', true]]);
    expect(result.ok).toBe(true);
    expect(result.steps[3]!.detail).toContain('"city/+/readings" (QoS 1)');
  });

  it('stops at DNS for a name that does not resolve', async () => {
    const result = await testMqttConnection(profile('broker.invalid:1883'), {});
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.step)).toEqual(['dns']);
    expect(result.steps[0]!.hint).toMatch(/could not be resolved/);
  });

  it('stops at TCP for a closed port', async () => {
    const result = await testMqttConnection(profile(`127.0.0.1:${await freePort()}`), {});
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([['dns', true], ['tcp', false]]);
    expect(result.steps[1]!.hint).toMatch(/Nothing is listening/);
  });

  it('names a wrong password in words (CONNACK 5 from Mosquitto)', async () => {
    const result = await testMqttConnection(profile(guarded.url, { username: LOGIN.user }), { saslPassword: 'wrong-password' });
    const login = result.steps.find((s) => s.step === 'login')!;
    expect(login.ok).toBe(false);
    // Mosquitto 2 answers CONNACK 5 (not authorized) to a wrong password over MQTT 3.1.1.
    expect(login.detail).toMatch(/not authorized \(wrong user name or password/);
    expect(result.ok).toBe(false);
  });

  it('with the right password and a readable filter, every layer passes', async () => {
    const result = await testMqttConnection(profile(guarded.url, { username: LOGIN.user }), { saslPassword: LOGIN.password });
    expect(result.ok, JSON.stringify(result.steps)).toBe(true);
  });

  it('the source says "wrong user name or password" and stops retrying', async () => {
    const states: [SourceState, string | null][] = [];
    const source = new MqttSource(profile(guarded.url, { username: LOGIN.user }), { saslPassword: 'wrong-password' }, join(dir, 'journal-auth'));
    await source.start({ onBatch: async () => undefined, onStatus: (state, detail) => states.push([state, detail]) });
    try {
      await waitUntil('the source to give up', async () => states.some(([state]) => state === 'auth-failed'), 10_000);
      // Past the first reconnect delay (0.5 s): a retry would show as a second "connecting".
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const [, detail] = states.find(([state]) => state === 'auth-failed')!;
      expect(detail).toMatch(/wrong user name or password/);
      expect(states.filter(([state]) => state === 'connecting')).toHaveLength(1);
    } finally {
      await source.stop();
    }
  });

  it.each([
    ['a name that does not resolve', () => Promise.resolve('broker.invalid:1883'), /could not be resolved \(DNS\)/],
    ['a closed port', async () => `127.0.0.1:${await freePort()}`, /Nothing accepts connections at 127\.0\.0\.1:\d+: the broker is down/],
  ])('the source says in words what is wrong with %s, and keeps retrying', async (what, broker, words) => {
    const states: [SourceState, string | null][] = [];
    const source = new MqttSource(profile(await broker()), {}, join(dir, `journal-${what.replace(/\W+/g, '-')}`));
    await source.start({ onBatch: async () => undefined, onStatus: (state, detail) => states.push([state, detail]) });
    try {
      await waitUntil('a second attempt', async () => states.filter(([state]) => state === 'connecting').length >= 2, 10_000);
      const detail = states.find(([state]) => state === 'disconnected')?.[1] ?? '';
      expect(detail).toMatch(words);
      expect(states.some(([state]) => state === 'auth-failed')).toBe(false);
    } finally {
      await source.stop();
    }
  });
});
