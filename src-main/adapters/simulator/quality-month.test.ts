/**
 * A month of the simulator's default city (12 stations, no scenario: every flag is a false one) through the live
 * feed's data-quality checks with the default tuning: no hour of any station is left out as drift. Hourly windows
 * are computed here from the readings (one every two minutes per station).
 */
import { describe, expect, it } from 'vitest';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { AirQualityFeed } from '../../core/air-quality-feed';
import { POLLUTANT_ORDER } from './pollutant-profiles';
import { HOUR_MS, forEachReading, pollutantSettings } from './pollutant-test-support';

const START = Date.UTC(2026, 0, 10);
const HOURS = 30 * 24;

describe('a month of the simulated city through the data-quality checks', () => {
  it('takes no healthy station for a drifting one', { timeout: 60_000 }, () => {
    const byHour: WindowAggregate[][] = Array.from({ length: HOURS }, () => []);
    const sums = new Map<string, { sum: number; min: number; max: number; count: number }>();
    const stations = forEachReading(pollutantSettings({ stations: 12, ratePerStation: 1 / 120 }), START, HOURS * HOUR_MS, (r) => {
      const hour = Math.floor((r.ts - START) / HOUR_MS);
      for (const metric of POLLUTANT_ORDER) {
        const value = r.metrics[metric];
        if (value === undefined) continue;
        const key = `${hour}|${r.stationId}|${metric}`;
        const acc = sums.get(key) ?? { sum: 0, min: Infinity, max: -Infinity, count: 0 };
        sums.set(key, { sum: acc.sum + value, min: Math.min(acc.min, value), max: Math.max(acc.max, value), count: acc.count + 1 });
      }
    });
    for (const [key, acc] of sums) {
      const [h, stationId, metric] = key.split('|') as [string, string, string];
      byHour[Number(h)]?.push({ stationId, metric, sizeMs: HOUR_MS, start: START + Number(h) * HOUR_MS, count: acc.count, mean: acc.sum / acc.count, min: acc.min, max: acc.max, stddev: 0, p95: acc.max });
    }
    const feed = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
    feed.setStations(stations, START);
    const drift: string[] = [];
    for (const hour of byHour) {
      feed.onWindows(hour);
      drift.push(...feed.drainFlags().filter((f) => f.kind === 'drift').map((f) => `${f.stationId} ${f.metric} ${(f.hourStartMs - START) / HOUR_MS}`));
    }
    expect(drift).toEqual([]);
  });
});
