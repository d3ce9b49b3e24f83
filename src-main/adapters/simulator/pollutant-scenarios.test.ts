/**
 * The air-pollution scenarios, played through the whole simulator and judged on clock-hour and
 * calendar-day means computed here: the ozone episode crosses the information threshold, the winter
 * PM episode breaks the PM10 daily limit, the dust event is a coarse PM10 spike; other stations and
 * the weather metrics are left alone.
 */
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import type { Scenario } from '../../../src-shared/settings/schema';
import { DUST_EVENT_RAMP_MS, episodeLevel } from './pollutant-scenarios';
import { DAY_MS, HOUR_MS, Means, forEachReading, pollutantSettings } from './pollutant-test-support';

const SUMMER_MORNING = Date.UTC(2026, 6, 15, 0, 0, 0);
const WINTER = Date.UTC(2026, 0, 5);

/** Means of `metric` per station and period (clock hours or UTC days), indexed from `start`. */
function periodMeans(scenarios: Partial<Scenario>[], start: number, ms: number, periodMs: number, metrics: readonly string[]): (stationId: string, metric: string, index: number) => number {
  const means = new Means();
  forEachReading(pollutantSettings({ scenarios }), start, ms, (r: Reading) => {
    const index = Math.floor((r.ts - start) / periodMs);
    for (const m of metrics) means.add(`${r.stationId}|${m}|${index}`, r.metrics[m] as number);
  });
  return (stationId, metric, index) => means.mean(`${stationId}|${metric}|${index}`);
}

describe('ozone-episode', () => {
  // 12:00–16:00 UTC (about 12:20–16:20 local solar time) at the urban background site.
  const scenario = { kind: 'ozone-episode' as const, target: 'st-02', startAfterMs: 12 * HOUR_MS, durationMs: 4 * HOUR_MS };
  const hourly = periodMeans([scenario], SUMMER_MORNING, DAY_MS, HOUR_MS, ['o3', 'no2']);

  it('keeps the hourly O3 mean above 180 µg/m³ for at least an hour, and below the 240 alert threshold', () => {
    const o3 = Array.from({ length: 24 }, (_, h) => hourly('st-02', 'o3', h));
    const above = o3.filter((v) => v > 180).length;
    expect(above).toBeGreaterThanOrEqual(2);
    expect(Math.max(...o3)).toBeLessThan(240);
    // Only inside the span: before noon and after 16:00 the hourly means are ordinary.
    for (let h = 0; h < 24; h++) if (h < 12 || h >= 16) expect(o3[h], `hour ${h}`).toBeLessThan(180);
  });

  it('leaves other stations and other pollutants alone', () => {
    const plain = periodMeans([], SUMMER_MORNING, DAY_MS, HOUR_MS, ['o3', 'no2']);
    for (let h = 0; h < 24; h++) {
      expect(hourly('st-01', 'o3', h)).toBe(plain('st-01', 'o3', h));
      expect(hourly('st-02', 'no2', h)).toBe(plain('st-02', 'no2', h));
    }
  });
});

describe('pm-episode', () => {
  // Days 2–5 of a winter run, in every station.
  const scenario = { kind: 'pm-episode' as const, target: '*', startAfterMs: 2 * DAY_MS, durationMs: 3 * DAY_MS };
  const daily = periodMeans([scenario], WINTER, 7 * DAY_MS, DAY_MS, ['pm10', 'pm25', 'temperature']);
  const plain = periodMeans([], WINTER, 7 * DAY_MS, DAY_MS, ['pm10', 'pm25', 'temperature']);

  it('pushes daily PM10 means above the 50 µg/m³ limit for the full days of the episode', () => {
    for (const station of ['st-01', 'st-02', 'st-03', 'st-04']) {
      for (const day of [3, 4]) expect(daily(station, 'pm10', day), `${station} day ${day}`).toBeGreaterThan(50);
      for (const day of [0, 1, 6]) expect(daily(station, 'pm10', day), `${station} day ${day}`).toBe(plain(station, 'pm10', day));
      expect(daily(station, 'pm25', 3)).toBeGreaterThan(plain(station, 'pm25', 3) + 40);
    }
  });

  it('changes no weather metric', () => {
    for (let day = 0; day < 7; day++) expect(daily('st-01', 'temperature', day)).toBe(plain('st-01', 'temperature', day));
  });
});

describe('dust-event', () => {
  const scenario = { kind: 'dust-event' as const, target: 'st-02', startAfterMs: 10 * HOUR_MS, durationMs: 6 * HOUR_MS };
  const hourly = periodMeans([scenario], SUMMER_MORNING, DAY_MS, HOUR_MS, ['pm10', 'pm25']);

  it('spikes PM10 for hours, mostly coarse, and returns to normal after', () => {
    const peak = Math.max(...Array.from({ length: 6 }, (_, k) => hourly('st-02', 'pm10', 10 + k)));
    expect(peak).toBeGreaterThan(250);
    expect(hourly('st-02', 'pm25', 13) / hourly('st-02', 'pm10', 13)).toBeLessThan(0.35);
    expect(hourly('st-02', 'pm10', 9)).toBeLessThan(60);
    expect(hourly('st-02', 'pm10', 17)).toBeLessThan(60);
  });
});

describe('episodeLevel', () => {
  it('ramps in and out within the span, with a ramp of at most a quarter of it', () => {
    const long = [{ start: 0, end: 10 * HOUR_MS }];
    expect(episodeLevel(long, -1, DUST_EVENT_RAMP_MS)).toBe(0);
    expect(episodeLevel(long, DUST_EVENT_RAMP_MS / 2, DUST_EVENT_RAMP_MS)).toBeCloseTo(0.5, 12);
    expect(episodeLevel(long, 5 * HOUR_MS, DUST_EVENT_RAMP_MS)).toBe(1);
    expect(episodeLevel(long, 10 * HOUR_MS - DUST_EVENT_RAMP_MS / 4, DUST_EVENT_RAMP_MS)).toBeCloseTo(0.25, 12);
    expect(episodeLevel(long, 10 * HOUR_MS, DUST_EVENT_RAMP_MS)).toBe(0);
    const short = [{ start: 0, end: 400_000 }];
    expect(episodeLevel(short, 100_000, DUST_EVENT_RAMP_MS)).toBe(1);
  });
});
