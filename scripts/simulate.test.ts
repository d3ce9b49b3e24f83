import { describe, expect, it } from 'vitest';
import { encodeReading, parseSimulateArgs } from './simulate';

describe('simulate command line', () => {
  it('parses brokers, topic, stations, rate, duration, seed and scenario', () => {
    const o = parseSimulateArgs(['--kafka', '127.0.0.1:9092, 127.0.0.1:9093', '--topic', 'readings', '--stations', '50', '--rate', '2', '--duration', '30', '--seed', '7', '--scenario', 'heatwave']);
    expect(o.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(o.topic).toBe('readings');
    expect(o.settings.stations).toBe(50);
    expect(o.settings.ratePerStation).toBe(2);
    expect(o.settings.seed).toBe(7);
    expect(o.settings.scenarios.map((s) => s.kind)).toEqual(['heatwave']);
    expect(o.durationS).toBe(30);
    expect(o.count).toBeNull();
    expect(o.isFast).toBe(false);
  });

  it('defaults to 12 stations at 1 reading/s each, running until stopped', () => {
    const o = parseSimulateArgs(['--kafka', 'k:9092', '--topic', 't']);
    expect(o.settings.stations).toBe(12);
    expect(o.settings.ratePerStation).toBe(1);
    expect(o.durationS).toBeNull();
  });

  it('accepts --count and --fast', () => {
    const o = parseSimulateArgs(['--kafka', 'k:9092', '--topic', 't', '--count', '100000', '--fast']);
    expect(o.count).toBe(100_000);
    expect(o.isFast).toBe(true);
  });

  it('refuses a missing topic, an unknown scenario and a bad number, with the usage', () => {
    expect(() => parseSimulateArgs(['--kafka', 'k:9092'])).toThrow(/usage: npm run simulate/);
    expect(() => parseSimulateArgs(['--kafka', 'k:9092', '--topic', 't', '--scenario', 'meteor'])).toThrow(/unknown scenario "meteor"/);
    expect(() => parseSimulateArgs(['--kafka', 'k:9092', '--topic', 't', '--duration', 'soon'])).toThrow(/--duration must be a positive number/);
    expect(() => parseSimulateArgs(['--kafka', 'k:9092', '--topic', 't', '--stations', '0'])).toThrow(/stations/);
  });
});

describe('encodeReading', () => {
  it('writes the default wide JSON record keyed by station', () => {
    const message = encodeReading({ stationId: 'st-07', ts: Date.UTC(2026, 10, 23, 10, 15, 0, 120), metrics: { temperature: 24.1, humidity: 61.2 } });
    expect(message.key).toBe('st-07');
    expect(JSON.parse(String(message.value))).toEqual({ station_id: 'st-07', ts: '2026-11-23T10:15:00.120Z', temperature: 24.1, humidity: 61.2 });
  });
});
