import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { KNOWN_METRICS } from '../../../src-shared/domain/metrics';
import { SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import { SimulatorModel, type SimulatorSettings } from './simulator-model';

const START = Date.UTC(2026, 10, 23, 10, 0, 0);

function settings(overrides: Partial<SimulatorSettings> = {}): SimulatorSettings {
  return SimulatorSourceSchema.parse({ kind: 'simulator', ...overrides });
}

function run(s: SimulatorSettings, seconds: number): Reading[] {
  return new SimulatorModel(s, START).readingsUntil(START + seconds * 1000);
}

function byStation(readings: readonly Reading[]): Map<string, Reading[]> {
  const map = new Map<string, Reading[]>();
  for (const r of readings) map.set(r.stationId, [...(map.get(r.stationId) ?? []), r]);
  return map;
}

describe('SimulatorModel', () => {
  it('defaults to 12 stations at 1 reading/s each, staggered so no two share a timestamp', () => {
    const model = new SimulatorModel(settings(), START);
    expect(model.stations.length).toBe(12);
    const readings = model.readingsUntil(START + 60_000);
    expect(readings.length).toBe(12 * 60);
    expect(new Set(readings.map((r) => r.ts)).size).toBe(readings.length);
    for (const [, list] of byStation(readings)) {
      expect(list.length).toBe(60);
      for (let k = 1; k < list.length; k++) expect((list[k] as Reading).ts - (list[k - 1] as Reading).ts).toBeGreaterThanOrEqual(999);
    }
    expect(readings[0]?.ts).toBe(START);
    expect(readings.every((r) => r.ts >= START && r.ts < START + 60_000)).toBe(true);
  });

  it('honours the station count and the rate', () => {
    const readings = run(settings({ stations: 50, ratePerStation: 5 }), 10);
    expect(readings.length).toBe(50 * 5 * 10);
    const stations = byStation(readings);
    expect(stations.size).toBe(50);
    for (const [, list] of stations) expect(list.length).toBe(50);
  });

  it('copes with tens of thousands of readings per second (1,000 stations × 20/s)', () => {
    const readings = run(settings({ stations: 1000, ratePerStation: 20 }), 1);
    expect(readings.length).toBe(20_000);
    expect(byStation(readings).size).toBe(1000);
  });

  it('orders readings by time across stations', () => {
    const readings = run(settings({ stations: 37, ratePerStation: 3 }), 20);
    for (let k = 1; k < readings.length; k++) expect((readings[k] as Reading).ts).toBeGreaterThanOrEqual((readings[k - 1] as Reading).ts);
  });

  it('is deterministic: same seed, same readings; another seed, other values and stations', () => {
    const a = run(settings({ seed: 7 }), 120);
    expect(run(settings({ seed: 7 }), 120)).toEqual(a);
    const b = run(settings({ seed: 8 }), 120);
    expect(b.length).toBe(a.length);
    expect(b.map((r) => r.metrics)).not.toEqual(a.map((r) => r.metrics));
    expect(new SimulatorModel(settings({ seed: 8 }), START).stations).not.toEqual(new SimulatorModel(settings({ seed: 7 }), START).stations);
  });

  it('gives the same readings however the time range is cut into calls', () => {
    const whole = run(settings({ stations: 20, ratePerStation: 2 }), 90);
    const model = new SimulatorModel(settings({ stations: 20, ratePerStation: 2 }), START);
    const pieces: Reading[] = [];
    for (let t = START; t < START + 90_000; t += 333) pieces.push(...model.readingsUntil(Math.min(t + 333, START + 90_000)));
    expect(pieces).toEqual(whole);
    expect(model.readingsUntil(START + 90_000)).toEqual([]);
  });

  it('caps one call with maxCount and carries on where it stopped', () => {
    const model = new SimulatorModel(settings(), START);
    const first = model.readingsUntil(START + 10_000, 50);
    expect(first.length).toBe(50);
    const rest = model.readingsUntil(START + 10_000);
    expect([...first, ...rest]).toEqual(run(settings(), 10));
    expect(model.nextReadingTime()).toBe(START + 10_000);
  });

  it('reports the nine catalogue metrics, in catalogue order, rounded to 2 decimals', () => {
    const readings = run(settings(), 30);
    for (const r of readings) {
      expect(Object.keys(r.metrics)).toEqual(KNOWN_METRICS.map((m) => m.id));
      for (const v of Object.values(r.metrics)) expect(Math.round(v * 100) / 100).toBe(v);
    }
  });

  it('starts at any start time, including one not on a second', () => {
    const model = new SimulatorModel(settings({ stations: 3 }), START + 123);
    const readings = model.readingsUntil(START + 3123);
    expect(readings.map((r) => r.ts - START)).toEqual([123, 456, 789, 1123, 1456, 1789, 2123, 2456, 2789]);
  });
});
