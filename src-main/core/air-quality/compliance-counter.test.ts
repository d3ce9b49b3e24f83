import { describe, expect, it } from 'vitest';
import { complianceForYear } from './compliance-batch';
import { PollutantYearCounter } from './compliance-counter';
import { hoursBetween, referenceDays, seededRandom } from './compliance-reference.test-support';
import { standardStatus } from './compliance-summary';
import { DIRECTIVE_2008_50, DIRECTIVE_2024_2881, standardsFor } from './eu-standards';
import { LocalCalendar } from './local-calendar';
import type { HourlyValue } from './validity';

const ZONE = 'Europe/Amsterdam';
const calendar = new LocalCalendar(ZONE);
const dateOf = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' });
const M44 = 44 / 60;
const M45 = 45 / 60;

/** Hours of `date` (local) whose local hour is in `localHours` get `coverage`; everything else is full. */
function pm10Year(): HourlyValue[] {
  const fullDays = new Set(Array.from({ length: 20 }, (_, i) => `2026-01-${String(5 + i).padStart(2, '0')}`));
  // date → [coverage of its first N local hours, N]: the validity edges.
  const partial: Record<string, [number, number]> = {
    '2026-02-10': [M44, 6], // 18 valid of 24 → valid, counts
    '2026-02-11': [M44, 7], // 17 valid of 24 → invalid
    '2026-02-12': [M45, 7], // 45 minutes are enough → 24 valid, counts
    '2026-03-29': [M44, 5], // DST spring day: 18 valid of 23 → valid, counts
    '2026-10-25': [M44, 7], // DST autumn day: 18 valid of 25 → invalid (needs 19)
  };
  let seenOnDate = new Map<string, number>();
  return hoursBetween('2025-12-31T00:00:00Z', '2027-01-01T00:00:00Z', (t) => {
    const date = dateOf.format(t);
    const n = seenOnDate.get(date) ?? 0;
    seenOnDate.set(date, n + 1);
    if (seenOnDate.size > 3) seenOnDate = new Map([[date, n + 1]]);
    const edge = partial[date];
    if (edge !== undefined) return { value: 80, coverage: n < edge[1] ? edge[0] : 1 };
    return { value: fullDays.has(date) ? 80 : 20, coverage: 1 };
  });
}

describe('compliance on a synthetic year with a known answer (PM10, Europe/Amsterdam, 2026)', () => {
  const hours = pm10Year();
  const [daily, annual] = complianceForYear(hours, { pollutant: 'pm10', year: 2026, calendar, set: DIRECTIVE_2008_50 });

  it('counts 23 exceedance days: 20 full days and the valid edge days, not the invalid ones', () => {
    expect(daily?.exceedances).toBe(23);
    expect(daily?.text).toBe('PM10 daily limit value: 23 of 35 allowed days used in 2026, 99.4 % data capture');
    expect(daily?.status).toBe('within');
    const dates = daily?.exceedanceList.map((e) => e.label) ?? [];
    expect(dates).toContain('2026-02-10');
    expect(dates).toContain('2026-02-12');
    expect(dates).toContain('2026-03-29');
    expect(dates).not.toContain('2026-02-11');
    expect(dates).not.toContain('2026-10-25');
    expect(daily?.validPeriods).toBe(363);
    expect(daily?.elapsedPeriods).toBe(365);
  });

  it('agrees with the brute-force reference on every day', () => {
    const reference = referenceDays(hours, ZONE, 2026);
    const expected = reference.filter((d) => d.mean !== null && d.mean > 50).map((d) => d.date);
    expect(daily?.exceedanceList.map((e) => e.label)).toEqual(expected);
    expect(reference.filter((d) => d.mean !== null)).toHaveLength(363);
  });

  it('gives the annual mean of the valid hours with its data capture', () => {
    const inYear = hours.filter((h) => dateOf.format(h.startMs).startsWith('2026-'));
    const valid = inYear.filter((h) => h.coverage >= 0.75);
    expect(valid).toHaveLength(8760 - 25);
    const mean = valid.reduce((a, h) => a + h.value, 0) / valid.length;
    expect(annual?.annualMean).toBeCloseTo(mean, 9);
    expect(annual?.annualCapture).toBeCloseTo(8735 / 8760, 12);
    expect(annual?.status).toBe('within');
  });

  it('is over the 2030 limit (45 µg/m³, 18 days allowed) with the same data', () => {
    const [daily2030] = complianceForYear(hours, { pollutant: 'pm10', year: 2026, calendar, set: DIRECTIVE_2024_2881 });
    expect(daily2030?.exceedances).toBe(23);
    expect(daily2030?.status).toBe('exceeded');
    expect(daily2030?.text).toContain('23 of 18 allowed days used in 2026 — exceeded');
  });
});

describe('compliance on a random leap year (2024) against the brute-force reference', () => {
  const random = seededRandom(2024);
  const make = (t: number): { value: number; coverage: number } => {
    const localHour = Number(hourOf.format(t));
    const r = random();
    const coverage = r < 0.03 ? 0 : r < 0.08 ? M44 : r < 0.11 ? M45 : 1;
    const value = 48 + 60 * Math.sin(((localHour - 9) / 24) * 2 * Math.PI) + 40 * random();
    return { value, coverage };
  };
  const hours = hoursBetween('2023-12-30T00:00:00Z', '2025-01-02T00:00:00Z', make);
  const reference = referenceDays(hours, ZONE, 2024);

  it('has the leap day and 8784 hours', () => {
    expect(reference).toHaveLength(366);
    expect(reference.reduce((a, d) => a + d.hours, 0)).toBe(8784);
    expect(reference.find((d) => d.date === '2024-02-29')).toBeDefined();
  });

  it('counts O3 days with a maximum daily 8-hour mean above 120 exactly as the reference', () => {
    const [o3] = complianceForYear(hours, { pollutant: 'o3', year: 2024, calendar, set: DIRECTIVE_2008_50 });
    const expected = reference.filter((d) => d.maxRunningMean !== null && d.maxRunningMean > 120);
    const validDays = reference.filter((d) => d.maxRunningMean !== null).length;
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(validDays - 10);
    expect(validDays).toBeLessThan(366);
    expect(o3?.exceedanceList.map((e) => e.label)).toEqual(expected.map((d) => d.date));
    o3?.exceedanceList.forEach((e, i) => expect(e.value).toBeCloseTo(expected[i]?.maxRunningMean as number, 9));
    expect(o3?.validPeriods).toBe(reference.filter((d) => d.maxRunningMean !== null).length);
    expect(o3?.periodsInYear).toBe(366);
    expect(o3?.text).toMatch(/^O3 maximum daily 8-hour mean target value: \d+ days above 120 µg\/m³ in 2024 \(25 allowed per year, averaged over 3 years\)/);
  });

  it('counts NO2 hours above 200 and days above the 2030 daily limit exactly as the reference', () => {
    const scaled = hours.map((h) => ({ ...h, value: h.value * 2 }));
    const statuses = complianceForYear(scaled, { pollutant: 'no2', year: 2024, calendar, set: DIRECTIVE_2024_2881 });
    const hourly = statuses.find((s) => s.standard.statistic === 'hourly');
    const dailyStatus = statuses.find((s) => s.standard.statistic === 'daily-mean');
    const inYear = scaled.filter((h) => dateOf.format(h.startMs).startsWith('2024-'));
    const expectedHours = inYear.filter((h) => h.coverage >= 0.75 && h.value > 200).map((h) => h.startMs);
    expect(expectedHours.length).toBeGreaterThan(0);
    expect(hourly?.exceedanceList.map((e) => e.startMs)).toEqual(expectedHours);
    expect(hourly?.validPeriods).toBe(inYear.filter((h) => h.coverage >= 0.75).length);
    const scaledReference = referenceDays(scaled, ZONE, 2024);
    expect(dailyStatus?.exceedanceList.map((e) => e.label)).toEqual(scaledReference.filter((d) => d.mean !== null && d.mean > 50).map((d) => d.date));
  });
});

describe('PollutantYearCounter, fed hour by hour', () => {
  const coStandards = standardsFor(DIRECTIVE_2008_50, 'co');

  function autumnDay(invalidHours: number): HourlyValue[] {
    // 2026-10-25 in Amsterdam: 25 hours from 2026-10-24T22:00Z. Invalid hours in the middle of the day.
    return hoursBetween('2026-10-24T12:00:00Z', '2026-10-26T00:00:00Z', (t, i) => ({ value: 11, coverage: i >= 20 && i < 20 + invalidHours ? 0 : 1 }));
  }

  function coDay(hours: HourlyValue[]): { maxRunningMean: number | null; validRunningMeans: number } | undefined {
    const counter = new PollutantYearCounter({ pollutant: 'co', year: 2026, calendar, standards: coStandards });
    for (const h of hours) counter.addHour(h);
    return counter.days().find((d) => d.date === '2026-10-25');
  }

  it('needs 19 of the 25 running 8-hour means on the autumn DST day: 18 is not enough', () => {
    // Four invalid hours in a row spoil seven running means (25 − 7 = 18); three spoil six (19).
    expect(coDay(autumnDay(4))).toMatchObject({ validRunningMeans: 18, maxRunningMean: null });
    expect(coDay(autumnDay(3))).toMatchObject({ validRunningMeans: 19, maxRunningMean: 11 });
  });

  it('closes days that passed without data when time advances, as invalid days', () => {
    const counter = new PollutantYearCounter({ pollutant: 'pm10', year: 2026, calendar, standards: standardsFor(DIRECTIVE_2008_50, 'pm10') });
    counter.addHour({ startMs: Date.parse('2026-01-01T10:00:00Z'), value: 90, coverage: 1 });
    counter.advanceTo(Date.parse('2026-01-05T23:00:00Z'));
    expect(counter.days().map((d) => [d.date, d.validHours, d.mean])).toEqual([
      ['2026-01-01', 1, null],
      ['2026-01-02', 0, null],
      ['2026-01-03', 0, null],
      ['2026-01-04', 0, null],
      ['2026-01-05', 0, null],
    ]);
    expect(counter.hours()).toMatchObject({ elapsed: 5 * 24, valid: 1 });
  });

  it('counts the days without data between data days, and lists them in order among those with data', () => {
    const counter = new PollutantYearCounter({ pollutant: 'pm10', year: 2026, calendar, standards: standardsFor(DIRECTIVE_2008_50, 'pm10') });
    const dayOf = (iso: string, value: number): HourlyValue[] => hoursBetween(`${iso}T00:00:00Z`, `${iso}T23:00:00Z`, () => ({ value, coverage: 1 }));
    // A station first seen on 1 December (its counter starts with the year), then a silent week, then a day above.
    for (const h of [...dayOf('2026-12-01', 60), ...dayOf('2026-12-09', 20)]) counter.addHour(h);
    counter.advanceTo(Date.parse('2026-12-12T00:00:00Z'));
    const days = counter.days();
    const expectedDays = (Date.parse('2026-12-11T23:00:00Z') - Date.parse('2025-12-31T23:00:00Z')) / 86_400_000;
    expect(days).toHaveLength(expectedDays);
    // 00:00–23:00 UTC is 01:00–24:00 in Amsterdam in winter: all 23 hours in the one local day.
    expect(days.filter((d) => d.validHours > 0).map((d) => [d.date, d.validHours])).toEqual([
      ['2026-12-01', 23],
      ['2026-12-09', 23],
    ]);
    expect(days.map((d) => d.date)).toEqual([...new Set(days.map((d) => d.date))].sort());
    const figures = counter.dailyFigures('daily-mean', 50);
    expect(figures.elapsed).toBe(expectedDays);
    expect(figures.valid).toBe(2);
    expect(figures.above.map((e) => e.label)).toEqual(['2026-12-01']);
  });

  it('refuses an hour out of order or not on a whole hour with a plain error, and keeps its state', () => {
    const counter = new PollutantYearCounter({ pollutant: 'no2', year: 2026, calendar, standards: standardsFor(DIRECTIVE_2008_50, 'no2') });
    const noon = Date.parse('2026-03-01T12:00:00Z');
    counter.addHour({ startMs: noon, value: 250, coverage: 1 });
    expect(() => counter.addHour({ startMs: noon, value: 260, coverage: 1 })).toThrow(/increasing order/);
    expect(() => counter.addHour({ startMs: noon + 1_000, value: 260, coverage: 1 })).toThrow(/whole UTC hour/);
    counter.addHour({ startMs: noon + 3_600_000, value: 150, coverage: 1 });
    expect(counter.hourlyExceedances('2008/50:no2-hourly')).toEqual([{ startMs: noon, value: 250 }]);
  });

  it('projects the exceedances to the year end at the rate so far', () => {
    const standards = standardsFor(DIRECTIVE_2008_50, 'pm10');
    const counter = new PollutantYearCounter({ pollutant: 'pm10', year: 2026, calendar, standards });
    // 1 January to 30 June (181 days), every 10th day above the limit: 19 days (day 0, 10, …, 180).
    const hours = hoursBetween('2025-12-31T23:00:00Z', '2026-06-30T22:00:00Z', (t) => {
      const day = Math.floor((t - Date.parse('2025-12-31T23:00:00Z')) / 86_400_000);
      return { value: day % 10 === 0 ? 70 : 30, coverage: 1 };
    });
    for (const h of hours) counter.addHour(h);
    const status = standardStatus(counter, standards[0] as (typeof standards)[number]);
    expect(status.elapsedPeriods).toBe(181);
    expect(status.exceedances).toBe(19);
    expect(status.projected).toBeCloseTo((19 / 181) * 365, 9);
    expect(status.status).toBe('in-progress');
  });

  it('calls the annual mean insufficient below 90 % capture and exceeded above the level with enough data', () => {
    const standards = standardsFor(DIRECTIVE_2008_50, 'no2');
    const annual = standards.find((s) => s.statistic === 'annual-mean');
    // 2026-01-01 local starts 2025-12-31T23:00Z; 8760 hours. Hours with index % 10 === 0 invalid → 90 % exactly.
    const ninety = hoursBetween('2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', (_, i) => ({ value: 45, coverage: i % 10 === 0 ? 0 : 1 }));
    const eightyNine = hoursBetween('2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', (_, i) => ({ value: 45, coverage: i % 10 === 0 || i % 97 === 1 ? 0 : 1 }));
    const at = (hours: HourlyValue[]) => complianceForYear(hours, { pollutant: 'no2', year: 2026, calendar, set: DIRECTIVE_2008_50 }).find((s) => s.standard === annual);
    expect(at(ninety)).toMatchObject({ status: 'exceeded', annualMean: 45 });
    expect(at(ninety)?.annualCapture).toBeCloseTo(0.9, 12);
    expect(at(eightyNine)?.status).toBe('insufficient-data');
  });
});
