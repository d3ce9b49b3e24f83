import { describe, expect, it } from 'vitest';
import { DIRECTIVE_2008_50, THRESHOLDS_2008_50 } from './eu-standards';
import { LocalCalendar } from './local-calendar';
import { StationAirQuality } from './station-air-quality';

const HOUR = 3_600_000;
const calendar = new LocalCalendar('Europe/Amsterdam');

function station(): StationAirQuality {
  return new StationAirQuality({ stationId: 'st-01', calendar, set: DIRECTIVE_2008_50, thresholds: THRESHOLDS_2008_50 });
}

describe('StationAirQuality', () => {
  it('raises the O3 information threshold from the hourly windows and reports the episode', () => {
    const aq = station();
    const t0 = Date.parse('2026-07-15T10:00:00Z');
    expect(aq.addHour('o3', { startMs: t0, value: 170, coverage: 1 }).thresholdEvents).toEqual([]);
    const events = aq.addHour('o3', { startMs: t0 + HOUR, value: 190, coverage: 1 }).thresholdEvents;
    expect(events.map((e) => [e.type, e.episode.threshold.id])).toEqual([['crossed', '2008/50:o3-information']]);
  });

  it('computes the EEA index of an hour from the pollutants of that hour only', () => {
    const aq = station();
    const t0 = Date.parse('2026-03-02T08:00:00Z');
    aq.addHour('no2', { startMs: t0, value: 70, coverage: 1 });
    aq.addHour('pm25', { startMs: t0, value: 8, coverage: 1 });
    aq.addHour('pm25', { startMs: t0 + HOUR, value: 60, coverage: 1 });
    expect(aq.eeaIndexAt(t0)).toMatchObject({ level: 4, decidingPollutant: 'no2' });
    expect(aq.eeaIndexAt(t0 + HOUR)).toMatchObject({ level: 4, name: 'Poor', decidingPollutant: 'pm25' });
    expect(aq.eeaIndexAt(t0 + 5 * HOUR)).toBeNull();
  });

  it('computes the AQI with the NowCast of the last hours', () => {
    const aq = station();
    const t0 = Date.parse('2026-03-02T00:00:00Z');
    for (let i = 0; i < 12; i++) aq.addHour('pm25', { startMs: t0 + i * HOUR, value: 40, coverage: 1 });
    expect(aq.aqiAt(t0 + 11 * HOUR)).toMatchObject({ aqi: 112, decidingPollutant: 'pm25' });
    // Two of the three latest hours missing: no NowCast, no AQI.
    expect(aq.aqiAt(t0 + 13 * HOUR)).toBeNull();
  });

  it('carries the running 8-hour mean across New Year into the new year’s first day', () => {
    const aq = station();
    // Local 2026-12-31 16:00 … 2027-01-01 23:00 (UTC+1): CO 12 mg/m³ for the last 8 hours of 2026, then 1.
    const from = Date.parse('2026-12-31T15:00:00Z');
    const newYear = Date.parse('2026-12-31T23:00:00Z');
    for (let t = from; t < newYear + 24 * HOUR; t += HOUR) aq.addHour('co', { startMs: t, value: t < newYear ? 12 : 1, coverage: 1 });
    const [co2027] = aq.compliance('co', 2027);
    // The first 8-hour mean of 1 January (17:00–01:00) holds seven hours of 12 and one of 1: 10.625 > 10.
    expect(co2027?.exceedanceList).toEqual([{ startMs: newYear, label: '2027-01-01', value: (7 * 12 + 1) / 8 }]);
    // 31 December itself had only 8 hours, so 4 valid running means: an invalid day, not an exceedance.
    expect(aq.compliance('co', 2026)[0]).toMatchObject({ exceedances: 0, validPeriods: 0, elapsedPeriods: 365 });
  });
});
