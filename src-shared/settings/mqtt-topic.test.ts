import { describe, expect, it } from 'vitest';
import { describeTopicFilterProblem, parseMqttBroker, topicLevel } from './mqtt-topic';

describe('MQTT topic filters and levels', () => {
  it.each(['city/+/readings', 'city/#', '#', '+', 'a/b/c', '+/+/x'])('accepts %s', (filter) => {
    expect(describeTopicFilterProblem(filter)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['city/#/x', /“#” must be a whole level and the last one/],
    ['city/a#', /“#” must be a whole level/],
    ['city/s+/x', /“\+” must be a whole level/],
  ])('refuses %j', (filter, message) => {
    expect(describeTopicFilterProblem(filter)).toMatch(message);
  });

  it('takes the station from a topic level', () => {
    expect(topicLevel('city/s1/readings', 1)).toBe('s1');
    expect(topicLevel('city/s1/readings', 0)).toBe('city');
    expect(topicLevel('city/s1/readings', 2)).toBe('readings');
    expect(topicLevel('city/s1/readings', 3)).toBeNull();
    expect(topicLevel('city//readings', 1)).toBeNull();
  });

  it('reads the broker as host:port with 1883 as the default port, and explains a URL', () => {
    expect(parseMqttBroker('mqtt.city.local')).toEqual({ ok: true, value: { host: 'mqtt.city.local', kind: 'name', port: null } });
    expect(parseMqttBroker('127.0.0.1:8883')).toMatchObject({ ok: true, value: { port: 8883 } });
    expect(parseMqttBroker('mqtt://broker.invalid:1883')).toMatchObject({ ok: false, message: expect.stringMatching(/Leave out the “mqtt:\/\/” part/) });
  });
});
