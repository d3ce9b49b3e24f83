/**
 * MQTT over TLS against a Mosquitto of the test's own with a certificate from a throw-away CA: the
 * connection test's TLS layer (trusted CA, wrong CA, self-signed allowed, a plaintext port) and the source
 * receiving over mqtts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMqttConnection } from '../../src-main/adapters/mqtt/mqtt-connection-test';
import { MqttSource } from '../../src-main/adapters/mqtt/mqtt-source';
import type { RawMessage } from '../../src-shared/domain/reading';
import { MqttSourceSchema } from '../../src-shared/settings/schema';
import { PrivateMosquitto, makeTestCertificates, mqttToolsMissing } from './mqtt-harness';
import { waitUntil } from './stream-harness';

const missingTools = mqttToolsMissing();

describe.skipIf(missingTools !== null)('MQTT over TLS', () => {
  let dir = '';
  let certs: ReturnType<typeof makeTestCertificates>;
  let tlsBroker: PrivateMosquitto;
  let plainBroker: PrivateMosquitto;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-mqtt-tls-'));
    certs = makeTestCertificates(join(dir, 'certs'));
    tlsBroker = await PrivateMosquitto.start(await mkdtemp(join(dir, 'tls-')), undefined, { certFile: certs.certFile, keyFile: certs.keyFile });
    plainBroker = await PrivateMosquitto.start(await mkdtemp(join(dir, 'plain-')));
  });
  afterAll(async () => {
    await tlsBroker?.stop();
    await plainBroker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const profile = (broker: string, tls: { enabled: boolean; allowSelfSigned?: boolean }) => MqttSourceSchema.parse({ kind: 'mqtt', broker, subscriptions: ['city/+/readings'], tls });

  it('passes DNS, TCP, TLS (certificate verified), login and subscribe with the CA that signed the broker', async () => {
    const result = await testMqttConnection(profile(tlsBroker.url, { enabled: true }), { tlsCa: certs.ca });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([['dns', true], ['tcp', true], ['tls', true], ['login', true], ['topic', true]]);
    expect(result.steps[2]!.detail).toMatch(/certificate "localhost" issued by "Stationwatch Test CA", verified/);
  });

  it('stops at TLS with another CA, saying the certificate is not signed by it', async () => {
    const result = await testMqttConnection(profile(tlsBroker.url, { enabled: true }), { tlsCa: certs.wrongCa });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([['dns', true], ['tcp', true], ['tls', false]]);
    expect(result.steps[2]!.hint).toMatch(/not signed by the CA certificate/);
  });

  it('connects with self-signed allowed and no CA, and says the certificate is not verified', async () => {
    const result = await testMqttConnection(profile(tlsBroker.url, { enabled: true, allowSelfSigned: true }), {});
    expect(result.ok, JSON.stringify(result.steps)).toBe(true);
    expect(result.steps[2]!.detail).toMatch(/NOT verified/);
  });

  it('stops at TLS on a plaintext port, suggesting the TLS port', async () => {
    const result = await testMqttConnection(profile(plainBroker.url, { enabled: true }), { tlsCa: certs.ca });
    const tls = result.steps.find((s) => s.step === 'tls')!;
    expect(tls.ok).toBe(false);
    expect(tls.hint).toMatch(/plaintext port|did not complete a TLS handshake/);
  });

  it('the source receives over mqtts', async () => {
    const received: RawMessage[] = [];
    let state = '';
    const source = new MqttSource(MqttSourceSchema.parse({ kind: 'mqtt', broker: tlsBroker.url, clientId: 'tls-src', subscriptions: ['city/+/readings'], tls: { enabled: true } }), { tlsCa: certs.ca }, join(dir, 'journal'));
    await source.start({ onBatch: async (batch) => void (batch.kind === 'raw' && received.push(...batch.messages)), onStatus: (s) => (state = s) });
    try {
      await waitUntil('the source to connect over TLS', async () => state === 'connected', 10_000);
      const publisher = await connectAsync({ host: '127.0.0.1', port: tlsBroker.port, protocol: 'mqtts', ca: [certs.ca], servername: 'localhost', reconnectPeriod: 0 });
      await publisher.publishAsync('city/s1/readings', '{"over":"tls"}', { qos: 1 });
      await publisher.endAsync();
      await waitUntil('the message', async () => received.length === 1, 10_000);
      expect(Buffer.from(received[0]!.value!).toString()).toBe('{"over":"tls"}');
    } finally {
      await source.stop();
    }
  });
});
