/**
 * The simulated pollutant series have the shapes monitoring networks see: checked statistically on
 * seeded multi-week runs of the four site types (st-01 traffic, st-02 urban background, st-03
 * industrial, st-04 rural), with hourly profiles by local solar hour computed here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../../src-shared/domain/station';
import { DAY_MS, Means, argMax, forEachReading, localHour, pollutantSettings } from './pollutant-test-support';
import { SimulatorModel } from './simulator-model';

const SUMMER = Date.UTC(2026, 6, 1);
const WINTER = Date.UTC(2026, 0, 5);
const POLLUTANT_IDS = ['pm10', 'pm25', 'no2', 'o3', 'so2', 'co'] as const;

interface Profiles {
  readonly stations: readonly Station[];
  /** Mean by station, metric and local hour (0..23). */
  hourly(stationId: string, metric: string): number[];
  /** Mean over the whole run. */
  overall(stationId: string, metric: string): number;
}

function profiles(start: number, days: number, seed = 42): Profiles {
  const byHour = new Means();
  const overall = new Means();
  const lons = new Map<string, number>();
  const stations = new SimulatorModel(pollutantSettings({ seed }), start).stations;
  for (const s of stations) lons.set(s.id, s.lon as number);
  forEachReading(pollutantSettings({ seed }), start, days * DAY_MS, (r) => {
    const hour = localHour(r.ts, lons.get(r.stationId) as number);
    for (const id of POLLUTANT_IDS) {
      byHour.add(`${r.stationId}|${id}|${hour}`, r.metrics[id] as number);
      overall.add(`${r.stationId}|${id}`, r.metrics[id] as number);
    }
  });
  return {
    stations,
    hourly: (stationId, metric) => Array.from({ length: 24 }, (_, h) => byHour.mean(`${stationId}|${metric}|${h}`)),
    overall: (stationId, metric) => overall.mean(`${stationId}|${metric}`),
  };
}

describe('simulated pollutant series', () => {
  let summer: Profiles;
  let winter: Profiles;
  beforeAll(() => {
    summer = profiles(SUMMER, 28);
    winter = profiles(WINTER, 28);
  });

  it('has one station of each site type first', () => {
    expect(summer.stations.map((s) => s.stationType)).toEqual(['traffic', 'urban-background', 'industrial', 'rural']);
  });

  it('peaks NO2 in the morning and evening rush hours, most strongly at the traffic site', () => {
    for (const run of [summer, winter]) {
      const no2 = run.hourly('st-01', 'no2');
      const morning = argMax(no2.slice(0, 12));
      const evening = 12 + argMax(no2.slice(12));
      expect(morning).toBeGreaterThanOrEqual(7);
      expect(morning).toBeLessThanOrEqual(9);
      expect(evening).toBeGreaterThanOrEqual(17);
      expect(evening).toBeLessThanOrEqual(20);
      expect(no2[morning]).toBeGreaterThan(2 * (no2[3] as number));
      expect(no2[evening]).toBeGreaterThan(1.5 * (no2[3] as number));
      expect(no2[morning]).toBeGreaterThan(1.2 * (no2[13] as number));
      // Rush-hour amplitude (peak − night) far larger at the traffic site than in the background or the countryside.
      const amplitude = (id: string): number => Math.max(...run.hourly(id, 'no2')) - (run.hourly(id, 'no2')[3] as number);
      expect(amplitude('st-01')).toBeGreaterThan(1.8 * amplitude('st-02'));
      expect(amplitude('st-02')).toBeGreaterThan(3 * amplitude('st-04'));
      expect(run.overall('st-01', 'no2')).toBeGreaterThan(run.overall('st-02', 'no2'));
      expect(run.overall('st-02', 'no2')).toBeGreaterThan(run.overall('st-04', 'no2'));
    }
  });

  it('makes PM and CO follow traffic at the traffic site', () => {
    const no2 = summer.hourly('st-01', 'no2');
    for (const metric of ['pm10', 'pm25', 'co']) {
      const series = summer.hourly('st-01', metric);
      expect(correlation(no2, series), metric).toBeGreaterThan(0.8);
      expect(argMax(series.slice(0, 12)), metric).toBeGreaterThanOrEqual(7);
      expect(argMax(series.slice(0, 12)), metric).toBeLessThanOrEqual(9);
    }
    expect(summer.overall('st-01', 'co')).toBeGreaterThan(1.5 * summer.overall('st-04', 'co'));
  });

  it('peaks O3 in the afternoon, higher in summer, and lower where NO2 is high', () => {
    for (const station of ['st-01', 'st-02', 'st-03', 'st-04']) {
      const peak = argMax(summer.hourly(station, 'o3'));
      expect(peak, station).toBeGreaterThanOrEqual(13);
      expect(peak, station).toBeLessThanOrEqual(17);
      expect(summer.overall(station, 'o3'), station).toBeGreaterThan(1.4 * winter.overall(station, 'o3'));
    }
    expect(summer.overall('st-01', 'o3')).toBeLessThan(0.85 * summer.overall('st-04', 'o3'));
    // At the morning rush the traffic site's O3 is titrated far below the rural site's.
    expect(summer.hourly('st-01', 'o3')[8]).toBeLessThan(0.7 * (summer.hourly('st-04', 'o3')[8] as number));
    // Normal summer weather stays below the 180 µg/m³ information threshold on average.
    expect(Math.max(...summer.hourly('st-04', 'o3'))).toBeLessThan(180);
  });

  it('raises PM in winter and SO2 near industry', () => {
    for (const station of ['st-01', 'st-02', 'st-04']) {
      expect(winter.overall(station, 'pm25'), station).toBeGreaterThan(1.2 * summer.overall(station, 'pm25'));
      expect(summer.overall('st-03', 'so2')).toBeGreaterThan(2.5 * summer.overall(station, 'so2'));
    }
    for (const run of [summer, winter]) {
      for (const s of run.stations) expect(run.overall(s.id, 'pm10'), s.id).toBeGreaterThan(run.overall(s.id, 'pm25'));
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const first = new SimulatorModel(pollutantSettings({ seed: 7 }), SUMMER).readingsUntil(SUMMER + 2 * 3_600_000);
    const again = new SimulatorModel(pollutantSettings({ seed: 7 }), SUMMER).readingsUntil(SUMMER + 2 * 3_600_000);
    const other = new SimulatorModel(pollutantSettings({ seed: 8 }), SUMMER).readingsUntil(SUMMER + 2 * 3_600_000);
    expect(again).toEqual(first);
    expect(first.length).toBe(4 * 240);
    expect(other.map((r) => r.metrics.no2)).not.toEqual(first.map((r) => r.metrics.no2));
  });
});

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return cov / Math.sqrt(va * vb);
}
