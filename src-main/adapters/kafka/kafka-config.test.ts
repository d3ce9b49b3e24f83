import { describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from '../../../src-shared/settings/schema';
import { KAFKA_FETCH_SETTINGS, kafkaClientConfig, mechanismLabel, tlsOptions } from './kafka-config';
import type { KafkaProfile } from './kafka-config';

function profile(overrides: Record<string, unknown> = {}): KafkaProfile {
  return KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['k1:9092', 'k2:9092'], topics: ['readings'], ...overrides });
}

describe('kafkaClientConfig', () => {
  it('plaintext: brokers and client id, no TLS, no SASL', () => {
    const config = kafkaClientConfig(profile({ clientId: 'wall-3' }), {});
    expect(config.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.clientId).toBe('wall-3');
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('SASL %s takes the password from the secrets', (mechanism) => {
    const config = kafkaClientConfig(profile({ sasl: { mechanism, username: 'ops' } }), { saslPassword: 's3cret' });
    expect(config.sasl).toEqual({ mechanism, username: 'ops', password: 's3cret' });
  });

  it('TLS passes PEM contents and verifies unless self-signed is explicitly allowed', () => {
    const secrets = { tlsCa: 'CA-PEM', tlsCert: 'CERT-PEM', tlsKey: 'KEY-PEM' };
    expect(kafkaClientConfig(profile({ tls: { enabled: true } }), secrets).ssl).toEqual({ ca: ['CA-PEM'], cert: 'CERT-PEM', key: 'KEY-PEM', rejectUnauthorized: true });
    expect(tlsOptions(profile({ tls: { enabled: true, allowSelfSigned: true } }), {})).toEqual({ rejectUnauthorized: false });
  });

  it('forwards only warnings and errors to the log listener', () => {
    const seen: string[] = [];
    const config = kafkaClientConfig(profile(), {}, (level, message) => seen.push(`${level}:${message}`));
    const log = config.logCreator!(0)!;
    log({ namespace: 'x', level: 1, label: 'ERROR', log: { timestamp: '', message: 'boom' } });
    log({ namespace: 'x', level: 2, label: 'WARN', log: { timestamp: '', message: 'hmm' } });
    log({ namespace: 'x', level: 4, label: 'INFO', log: { timestamp: '', message: 'chatter' } });
    expect(seen).toEqual(['error:boom', 'warn:hmm']);
  });

  it('labels mechanisms as Kafka spells them', () => {
    expect(mechanismLabel(profile({ sasl: { mechanism: 'scram-sha-512', username: 'u' } }))).toBe('SCRAM-SHA-512');
    expect(mechanismLabel(profile())).toBe('none');
  });

  it('fetch responses stay small enough to decode within the loop budget, with a short wait', () => {
    // kafkajs decodes a whole response at once: 12 MiB held the engine's loop ~120 ms, 1 MiB ~15-25 ms.
    expect(KAFKA_FETCH_SETTINGS.maxBytes).toBeLessThanOrEqual(1_048_576);
    expect(KAFKA_FETCH_SETTINGS.maxBytesPerPartition).toBeLessThanOrEqual(KAFKA_FETCH_SETTINGS.maxBytes);
    expect(KAFKA_FETCH_SETTINGS.maxBytesPerPartition).toBeGreaterThanOrEqual(KAFKA_FETCH_SETTINGS.minBytes);
    expect(KAFKA_FETCH_SETTINGS.maxWaitTimeInMs).toBeLessThanOrEqual(100);
  });
});
