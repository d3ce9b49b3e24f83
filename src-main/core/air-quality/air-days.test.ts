import { describe, expect, it } from 'vitest';
import { buildDays, withoutFlagged, withoutInvalidated } from './air-days';
import { LocalCalendar } from './local-calendar';
import { HOUR_MS, type HourlyValue } from './validity';

const calendar = new LocalCalendar('Europe/Amsterdam');

function hours(fromMs: number, count: number, value: (i: number) => number, coverage = 1): HourlyValue[] {
  return Array.from({ length: count }, (_, i) => ({ startMs: fromMs + i * HOUR_MS, value: value(i), coverage }));
}

describe('closed days from stored hours', () => {
  const day = calendar.dayOf(Date.UTC(2024, 4, 15, 12));

  it('a daily mean needs 18 valid hours: 17 are not enough', () => {
    const full = hours(day.startMs, 24, () => 60);
    const seventeen = full.map((h, i) => (i < 17 ? h : { ...h, coverage: 0.74 }));
    const eighteen = full.map((h, i) => (i < 18 ? h : { ...h, coverage: 0.74 }));
    const at = { stationId: 's', pollutant: 'pm10' as const, calendar, fromMs: day.startMs, untilMs: day.endMs };
    expect(buildDays(seventeen, at)[0]).toMatchObject({ validHours: 17, mean: null });
    expect(buildDays(eighteen, at)[0]).toMatchObject({ validHours: 18, mean: 60, validSum: 1080 });
  });

  it('the 8-hour means of a day start with the one from 17:00 the day before, and need 6 of 8 hours', () => {
    // 40 before the day, 120 from its first hour on: the first mean (17:00–01:00) is (7 × 40 + 120) / 8 = 50.
    const series = [...hours(day.startMs - 7 * HOUR_MS, 7, () => 40), ...hours(day.startMs, 24, () => 120)];
    const [built] = buildDays(series, { stationId: 's', pollutant: 'o3', calendar, fromMs: day.startMs, untilMs: day.endMs });
    expect(built).toMatchObject({ validRunningMeans: 24, maxRunningMean: 120 });
    const gappy = series.filter((h) => h.startMs < day.startMs + 10 * HOUR_MS);
    // Hours 10… are missing: means ending at 10:00 and 11:00 still have 6 of 8 hours; from 12:00 on they have fewer.
    expect(buildDays(gappy, { stationId: 's', pollutant: 'o3', calendar, fromMs: day.startMs, untilMs: day.endMs })[0]).toMatchObject({ validRunningMeans: 12, maxRunningMean: null });
  });

  it('the 23-hour day of the spring change needs 18 valid hours, the 25-hour autumn day 19', () => {
    const spring = calendar.dayOf(Date.UTC(2024, 2, 31, 12));
    const autumn = calendar.dayOf(Date.UTC(2024, 9, 27, 12));
    expect([spring.hours, autumn.hours]).toEqual([23, 25]);
    const springDay = buildDays(hours(spring.startMs, 18, () => 10), { stationId: 's', pollutant: 'pm10', calendar, fromMs: spring.startMs, untilMs: spring.endMs })[0];
    const autumnDay = buildDays(hours(autumn.startMs, 18, () => 10), { stationId: 's', pollutant: 'pm10', calendar, fromMs: autumn.startMs, untilMs: autumn.endMs })[0];
    expect([springDay?.mean, autumnDay?.mean]).toEqual([10, null]);
  });

  it('hours in an invalidated period count as invalid, and hours above the lowest hourly level are kept with their value', () => {
    const series = hours(day.startMs, 24, (i) => (i === 3 || i === 20 ? 250 : 30));
    const marked = withoutInvalidated(series, [{ fromMs: day.startMs + 19 * HOUR_MS + 1, toMs: day.startMs + 21 * HOUR_MS }]);
    const [built] = buildDays(marked, { stationId: 's', pollutant: 'no2', calendar, fromMs: day.startMs, untilMs: day.endMs });
    expect(built).toMatchObject({ validHours: 22, hoursOver: [[day.startMs + 3 * HOUR_MS, 250]] });
  });

  it('hours whose stored flag leaves them out count as invalid like invalidated ones: neither exceedance nor valid hour', () => {
    // A stuck or drifting sensor's 7 hours of 24, one of them above the NO2 hourly level: 17 valid hours, no daily mean, no hour over.
    const series = hours(day.startMs, 24, (i) => (i === 10 ? 250 : 30));
    const flagged = new Set(Array.from({ length: 7 }, (_, i) => day.startMs + (8 + i) * HOUR_MS));
    const at = { stationId: 's', pollutant: 'no2' as const, calendar, fromMs: day.startMs, untilMs: day.endMs };
    expect(buildDays(series, at)[0]).toMatchObject({ validHours: 24, hoursOver: [[day.startMs + 10 * HOUR_MS, 250]] });
    expect(buildDays(withoutFlagged(series, flagged), at)[0]).toMatchObject({ validHours: 17, validSum: 17 * 30, mean: null, hoursOver: [] });
    // Six flagged hours leave 18: the daily mean stands, from the unflagged hours only.
    const six = new Set([...flagged].slice(0, 6));
    expect(buildDays(withoutFlagged(series, six), at)[0]).toMatchObject({ validHours: 18, mean: 30 });
    // Nothing flagged (or no set for the series): the hours as they are, a copy.
    expect(withoutFlagged(series, undefined)).toEqual(series);
    expect(withoutFlagged(series, new Set())).not.toBe(series);
  });
});
