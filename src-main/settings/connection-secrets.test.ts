import { describe, expect, it } from 'vitest';
import { KafkaSourceSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Profile } from '../../src-shared/settings/schema';
import { connectionTestSecrets, withheldSecretsNotice } from './connection-secrets';

const kafkaSource = KafkaSourceSchema.parse({
  kind: 'kafka',
  brokers: ['kafka-1.city.invalid:9093', 'kafka-2.city.invalid:9093'],
  topics: ['readings'],
  sasl: { mechanism: 'scram-sha-512', username: 'stationwatch' },
  tls: { enabled: true, allowSelfSigned: false },
});
const saved: Profile = { id: 'city', name: 'City', source: kafkaSource, database: { kind: 'postgres', url: 'postgres://sw@db.city.invalid/sw', ssl: true } };
const stored = { saslPassword: 'stored-sasl', tlsCa: 'stored-ca', tlsKey: 'stored-key', databasePassword: 'stored-db' };
const KAFKA_STORED = { saslPassword: 'stored-sasl', tlsCa: 'stored-ca', tlsKey: 'stored-key' };

function edited(source: Partial<typeof kafkaSource>, database: Profile['database'] = saved.database): Profile {
  return { ...saved, source: { ...kafkaSource, ...source }, database };
}

describe('connectionTestSecrets', () => {
  it('uses every stored secret for the saved profile as it is, and with changes that do not touch where they are sent', () => {
    expect(connectionTestSecrets(saved, saved, stored, {})).toEqual({ secrets: stored, withheld: [] });
    const sameServers = edited({ topics: ['other'], groupId: 'g2', clientId: 'c2', brokers: ['KAFKA-2.city.invalid:9093', 'kafka-1.city.invalid:9093'] });
    expect(connectionTestSecrets({ ...sameServers, name: 'Renamed' }, saved, stored, {})).toEqual({ secrets: stored, withheld: [] });
  });

  it.each([
    ['another broker', edited({ brokers: ['attacker.invalid:9093'] })],
    ['an added broker', edited({ brokers: [...kafkaSource.brokers, '127.0.0.1:9093'] })],
    ['TLS turned off', edited({ tls: { enabled: false, allowSelfSigned: false } })],
    ['certificate checks turned off', edited({ tls: { enabled: true, allowSelfSigned: true } })],
    ['another SASL mechanism', edited({ sasl: { mechanism: 'plain', username: 'stationwatch' } })],
    ['another SASL user', edited({ sasl: { mechanism: 'scram-sha-512', username: 'someone-else' } })],
    ['SASL turned off', edited({ sasl: null })],
  ])('withholds the stored Kafka secrets with %s, and keeps the database password for the same database', (_change, tested) => {
    expect(connectionTestSecrets(tested, saved, stored, {})).toEqual({ secrets: { databasePassword: 'stored-db' }, withheld: ['saslPassword', 'tlsCa', 'tlsKey'] });
  });

  it("never hands a notification channel's secrets to a connection test, and does not mention them", () => {
    const withChannels = { ...stored, smtpPassword: 'stored-smtp', webhookToken: 'stored-hook' };
    expect(connectionTestSecrets(saved, saved, withChannels, {})).toEqual({ secrets: stored, withheld: [] });
  });

  it('withholds the database password for another database, and everything from a profile of another kind', () => {
    expect(connectionTestSecrets(edited({}, { kind: 'postgres', url: 'postgres://sw@attacker.invalid/sw', ssl: true }), saved, stored, {})).toEqual({ secrets: KAFKA_STORED, withheld: ['databasePassword'] });
    expect(connectionTestSecrets(edited({}, { kind: 'postgres', url: saved.database.kind === 'postgres' ? saved.database.url : '', ssl: false }), saved, stored, {}).withheld).toEqual(['databasePassword']);
    const simulator: Profile = { ...saved, source: SimulatorSourceSchema.parse({ kind: 'simulator' }), database: { kind: 'memory' } };
    expect(connectionTestSecrets(simulator, saved, stored, {})).toEqual({ secrets: {}, withheld: ['saslPassword', 'tlsCa', 'tlsKey', 'databasePassword'] });
  });

  it('uses what the caller typed in whatever the settings, and lets null mean "none" instead of the stored one', () => {
    const elsewhere = edited({ brokers: ['attacker.invalid:9093'] });
    expect(connectionTestSecrets(elsewhere, saved, stored, { saslPassword: 'typed' })).toEqual({ secrets: { saslPassword: 'typed', databasePassword: 'stored-db' }, withheld: ['tlsCa', 'tlsKey'] });
    expect(connectionTestSecrets(saved, saved, stored, { tlsCa: null, tlsKey: 'typed-key', tlsCert: '' })).toEqual({ secrets: { saslPassword: 'stored-sasl', tlsKey: 'typed-key', databasePassword: 'stored-db' }, withheld: [] });
  });

  it('has nothing stored to give for an id no saved profile has', () => {
    expect(connectionTestSecrets(saved, undefined, undefined, {})).toEqual({ secrets: {}, withheld: [] });
  });
});

describe('withheldSecretsNotice', () => {
  it('says in plain words which saved secrets were not sent, why, and what to do', () => {
    expect(withheldSecretsNotice([])).toBeNull();
    expect(withheldSecretsNotice(['saslPassword'])).toBe(
      "The saved SASL password was not used: a saved secret is only sent with the saved profile's own brokers, TLS settings and SASL mechanism and user, and the settings tested here differ. To test them, enter the secret here.",
    );
    expect(withheldSecretsNotice(['tlsCa', 'databasePassword'])).toMatch(/^The saved TLS CA certificate, database password were not used: .* brokers, TLS settings and SASL mechanism and user and database, .* enter the secrets here\.$/);
  });
});
