import { describe, expect, it } from 'vitest';
import { MqttSourceSchema } from '../../src-shared/settings/schema';
import { mqttProblem } from './mqtt-problem';

const source = MqttSourceSchema.parse({ kind: 'mqtt', broker: 'localhost:1883', subscriptions: ['city/+/readings'] });

describe('mqttProblem (blocks Test connection and Save)', () => {
  it('is null for a valid broker and subscriptions', () => {
    expect(mqttProblem(source)).toBeNull();
  });

  it('names the broker or the subscription that is wrong', () => {
    expect(mqttProblem({ ...source, broker: 'mqtt://broker.invalid' })).toMatch(/^Broker: Leave out the “mqtt:\/\/” part/);
    expect(mqttProblem({ ...source, subscriptions: [] })).toBe('At least one subscription, e.g. city/+/readings');
    expect(mqttProblem({ ...source, subscriptions: ['ok/#', 'city/#/x'] })).toBe('Subscription “city/#/x”: “#” must be a whole level and the last one, e.g. city/#');
  });
});
