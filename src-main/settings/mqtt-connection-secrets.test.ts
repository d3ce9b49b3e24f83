import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../src-shared/settings/schema';
import type { Profile } from '../../src-shared/settings/schema';
import { connectionTestSecrets } from './connection-secrets';

const mqttProfile = (source: Record<string, unknown> = {}): Profile =>
  ProfileSchema.parse({ id: 'city', name: 'City MQTT', source: { kind: 'mqtt', broker: 'mqtt.city.invalid:8883', username: 'reader', subscriptions: ['city/+/readings'], tls: { enabled: true }, ...source }, database: { kind: 'memory' } });

describe('connection-test secrets of an MQTT profile', () => {
  const stored = { saslPassword: 'stored-password', tlsCa: 'CA PEM' };

  it('uses the stored password and CA when broker, TLS and user are the saved ones', () => {
    expect(connectionTestSecrets(mqttProfile({ subscriptions: ['other/#'] }), mqttProfile(), stored, {})).toEqual({ secrets: stored, withheld: [] });
  });

  it.each([
    ['another broker', { broker: 'evil.invalid:8883' }],
    ['another user', { username: 'someone-else' }],
    ['TLS turned off', { tls: { enabled: false } }],
  ])('withholds them for %s', (_what, change) => {
    expect(connectionTestSecrets(mqttProfile(change), mqttProfile(), stored, {})).toEqual({ secrets: {}, withheld: ['saslPassword', 'tlsCa'] });
  });
});
