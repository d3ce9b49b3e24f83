import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import type { ConnectionTestResult } from '../../../src-shared/ipc/contract';
import { createTopic, deleteTopic, produce, requireKafka } from '../../../tests/helpers/kafka';
import { testConnection } from './connection-test';
import type { KafkaProfile, KafkaSecrets } from './kafka-config';
import { KafkaSource } from './kafka-source';
import { TestCollector, waitFor } from './test-collector';

const env = await requireKafka();
const hasSecurity = env !== null && env.saslBrokers !== null && env.sslBrokers !== null && env.caPem !== null;
let topic = '';

function profile(overrides: Record<string, unknown>): KafkaProfile {
  return KafkaSourceSchema.parse({ kind: 'kafka', brokers: env!.brokers.split(','), topics: [topic], groupId: 'sw-conn-test', ...overrides });
}

function sasl(mechanism: string): KafkaProfile {
  return profile({ brokers: [env!.saslBrokers], sasl: { mechanism, username: env!.saslUsername } });
}

function tls(allowSelfSigned = false): KafkaProfile {
  return profile({ brokers: [env!.sslBrokers], tls: { enabled: true, allowSelfSigned } });
}

/** The failing step (the last one) and the names of all steps. */
function summary(result: ConnectionTestResult): { ok: boolean; steps: string; failed: string | null; hint: string; detail: string } {
  const last = result.steps.at(-1)!;
  return { ok: result.ok, steps: result.steps.map((s) => `${s.step}:${s.ok ? 'ok' : 'FAIL'}`).join(' '), failed: last.ok ? null : last.step, hint: last.hint ?? '', detail: last.detail };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!hasSecurity)('testConnection against the real listeners', () => {
  beforeAll(async () => {
    topic = await createTopic(env!, { partitions: 3 });
    await produce(env!, topic, [{ key: 'st-1', value: '{"station_id":"st-1","ts":"2026-01-01T00:00:00Z","temperature":1}' }]);
  });
  afterAll(async () => {
    if (topic !== '') await deleteTopic(env!, topic);
  });

  it('passes every step on the PLAINTEXT listener', async () => {
    const result = await testConnection(profile({}), {});
    expect(summary(result)).toMatchObject({ ok: true, steps: 'dns:ok tcp:ok metadata:ok topic:ok read:ok' });
    expect(result.steps.find((s) => s.step === 'read')!.detail).toContain('1 message(s) retained');
    for (const s of result.steps) expect(s.ms).toBeGreaterThanOrEqual(0);
  });

  it.each(['scram-sha-256', 'scram-sha-512', 'plain'])('logs in with SASL %s', async (mechanism) => {
    const result = await testConnection(sasl(mechanism), { saslPassword: env!.saslPassword });
    expect(summary(result)).toMatchObject({ ok: true, steps: 'dns:ok tcp:ok sasl:ok metadata:ok topic:ok read:ok' });
    expect(result.steps[2]!.detail).toContain(mechanism.toUpperCase());
  });

  it('blames SASL for a wrong password, naming the mechanism', async () => {
    const result = await testConnection(sasl('scram-sha-256'), { saslPassword: 'not-the-password' });
    const s = summary(result);
    expect(s).toMatchObject({ ok: false, steps: 'dns:ok tcp:ok sasl:FAIL', failed: 'sasl' });
    expect(s.hint).toBe('The broker rejected the user name or password (SCRAM-SHA-256). Check the credentials or the mechanism.');
  });

  it('blames DNS for an unknown host', async () => {
    const result = await testConnection(profile({ brokers: ['kafka-7.stationwatch.invalid:9092'] }), {});
    const s = summary(result);
    expect(s).toMatchObject({ ok: false, steps: 'dns:FAIL', failed: 'dns' });
    expect(s.hint).toContain('"kafka-7.stationwatch.invalid" could not be resolved');
  });

  it('tests every broker: a mistyped second broker fails its own DNS step, and the one that answers carries the client steps', async () => {
    const broker = env!.brokers.split(',')[0]!;
    const result = await testConnection(profile({ brokers: [broker, 'kafka-8.stationwatch.invalid:9092'] }), {});
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => `${s.target ?? '-'} ${s.step}:${s.ok ? 'ok' : 'FAIL'}`)).toEqual([
      `${broker} dns:ok`,
      `${broker} tcp:ok`,
      'kafka-8.stationwatch.invalid:9092 dns:FAIL',
      '- metadata:ok',
      '- topic:ok',
      '- read:ok',
    ]);
  });

  it('blames TCP for a closed port', async () => {
    const port = await closedPort();
    const s = summary(await testConnection(profile({ brokers: [`127.0.0.1:${port}`] }), {}));
    expect(s).toMatchObject({ ok: false, steps: 'dns:ok tcp:FAIL', failed: 'tcp' });
    expect(s.hint).toContain(`Nothing is listening on 127.0.0.1:${port}`);
  });

  it('succeeds over TLS with the right CA, with and without a client certificate', async () => {
    const plain = await testConnection(tls(), { tlsCa: env!.caPem });
    expect(summary(plain)).toMatchObject({ ok: true, steps: 'dns:ok tcp:ok tls:ok metadata:ok topic:ok read:ok' });
    expect(plain.steps[2]!.detail).toContain('verified');
    const mutual = await testConnection(tls(), { tlsCa: env!.caPem, tlsCert: env!.clientCertPem, tlsKey: env!.clientKeyPem });
    expect(mutual.ok).toBe(true);
  });

  it('blames TLS for a certificate from the wrong CA, and passes when self-signed is explicitly allowed', async () => {
    const s = summary(await testConnection(tls(), { tlsCa: env!.wrongCaPem }));
    expect(s).toMatchObject({ ok: false, steps: 'dns:ok tcp:ok tls:FAIL', failed: 'tls' });
    expect(s.hint).toContain('is not signed by the CA certificate in this profile');
    const allowed = await testConnection(tls(true), { tlsCa: env!.wrongCaPem });
    expect(allowed.ok).toBe(true);
    expect(allowed.steps[2]!.detail).toContain('NOT verified');
  });

  it('blames TLS when TLS is used against a plaintext port', async () => {
    const s = summary(await testConnection(profile({ tls: { enabled: true, allowSelfSigned: false } }), { tlsCa: env!.caPem }));
    expect(s).toMatchObject({ ok: false, failed: 'tls' });
  });

  it('blames the topic step for a missing topic', async () => {
    const s = summary(await testConnection(profile({ topics: ['no-such-topic-here'] }), {}));
    expect(s).toMatchObject({ ok: false, failed: 'topic' });
    expect(s.hint).toContain('"no-such-topic-here" does not exist');
  });

  it('the source reports auth-failed for a wrong password and does not retry', async () => {
    const collector = new TestCollector();
    const secrets: KafkaSecrets = { saslPassword: 'wrong' };
    const source = new KafkaSource(sasl('scram-sha-512'), secrets);
    await source.start(collector);
    await waitFor(() => collector.states().includes('auth-failed'), 30_000, 'auth-failed');
    const failed = collector.statuses.find((s) => s.state === 'auth-failed')!;
    expect(failed.detail).toContain('SCRAM-SHA-512');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(collector.states().filter((s) => s === 'connecting')).toHaveLength(1);
    await source.stop();
  });
});
