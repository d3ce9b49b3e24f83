/**
 * A month of the simulator's default city (12 stations, no scenario: every flag is a false one) through the live
 * feed's data-quality checks with the default tuning: no hour of any station is left out as drift. Hourly windows
 * are computed here from the readings (one every two minutes per station).
 */
import { describe, expect, it } from 'vitest';
import { AirQualityFeed } from '../../core/air-quality-feed';
import { HOUR_MS, hourlyPollutantWindows, pollutantSettings } from './pollutant-test-support';

const START = Date.UTC(2026, 0, 10);
const HOURS = 30 * 24;

describe('a month of the simulated city through the data-quality checks', () => {
  it('takes no healthy station for a drifting one', { timeout: 60_000 }, () => {
    const { stations, byHour } = hourlyPollutantWindows(pollutantSettings({ stations: 12, ratePerStation: 1 / 120 }), START, HOURS);
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
