import type { Standard, Statistic } from './eu-standards';
import type { Pollutant } from './pollutants';
import { CONCENTRATION_UNIT, POLLUTANT_LABEL } from './pollutants';
import { ANNUAL_MIN_CAPTURE, annualCapture } from './validity';

/** One exceedance: a valid hour or day above the level. */
export interface Exceedance {
  readonly startMs: number;
  /** Local `YYYY-MM-DD` (days) or `YYYY-MM-DD HH:mm` (hours). */
  readonly label: string;
  readonly value: number;
}

/** The daily figures of one statistic so far: days elapsed, days with a valid value, and the valid days above a level. */
export interface DailyFigures {
  readonly elapsed: number;
  readonly valid: number;
  readonly above: readonly Exceedance[];
}

/**
 * What a station's year of one pollutant is judged on: the live counter (PollutantYearCounter) and the
 * stored days (stored-year.ts) both answer it, so one set of functions turns either into figures.
 */
export interface YearCounts {
  readonly pollutant: Pollutant;
  readonly year: number;
  readonly hoursInYear: number;
  readonly daysInYear: number;
  readonly isYearComplete: boolean;
  /** Hours of the year that have passed, how many held a valid value, and their sum. */
  hours(): { elapsed: number; valid: number; sum: number };
  /** Valid hours above `level`, labelled with their local time. */
  hoursAbove(level: number): readonly Exceedance[];
  dailyFigures(statistic: Exclude<Statistic, 'hourly' | 'annual-mean'>, level: number): DailyFigures;
}

/**
 * Where a station stands against one standard in one year, and the data capture it rests on.
 * `in-progress`: the year is not over and the allowance is not yet used up; `insufficient-data`: an
 * annual mean whose year ended below the required data capture. For a standard whose allowance is an
 * average over years (the O3 target value), the status judges this year's count against the yearly
 * allowance and is never `exceeded` before the year ends; `averageOverYears` gives the target's figure.
 */
export interface StandardStatus {
  readonly standard: Standard;
  readonly year: number;
  readonly unit: string;
  readonly status: 'within' | 'exceeded' | 'in-progress' | 'insufficient-data';
  /** Counted standards: valid periods above the level, the allowance, and the list. */
  readonly exceedances: number;
  readonly allowed: number | null;
  readonly exceedanceList: readonly Exceedance[];
  /** Exceedances at the year's end if the rate so far (per elapsed period, valid or not) holds; null before any period has passed. */
  readonly projected: number | null;
  /** Periods (hours or days) elapsed, valid, and in the whole year. */
  readonly elapsedPeriods: number;
  readonly validPeriods: number;
  readonly periodsInYear: number;
  /** validPeriods / elapsedPeriods (0 before any has elapsed). */
  readonly dataCapture: number;
  /** Annual means: the mean of the valid hours so far, and its capture against the whole year. */
  readonly annualMean: number | null;
  readonly annualCapture: number | null;
  /** A one-line summary for the page, e.g. "PM10 daily limit value: 23 of 35 allowed days used in 2026". */
  readonly text: string;
}

/** The status of `standard` from `counter` (same pollutant and year). `excusedHours`: hours lost to calibration and maintenance. */
export function standardStatus(counter: YearCounts, standard: Standard, excusedHours = 0): StandardStatus {
  if (standard.pollutant !== counter.pollutant) throw new Error(`standard ${standard.id} is for ${standard.pollutant}, the counter for ${counter.pollutant}`);
  switch (standard.statistic) {
    case 'hourly':
      return hourlyStatus(counter, standard);
    case 'daily-mean':
      return dailyStatus(counter, standard, 'daily');
    case 'max-daily-8h-mean':
      return dailyStatus(counter, standard, 'maximum daily 8-hour mean');
    case 'annual-mean':
      return annualStatus(counter, standard, excusedHours);
    default:
      return assertNever(standard.statistic);
  }
}

function hourlyStatus(counter: YearCounts, standard: Standard): StandardStatus {
  const hours = counter.hours();
  return counted(counter, standard, [...counter.hoursAbove(standard.level)], hours.elapsed, hours.valid, counter.hoursInYear, 'hourly', 'hours');
}

function dailyStatus(counter: YearCounts, standard: Standard, what: string): StandardStatus {
  const statistic = standard.statistic === 'max-daily-8h-mean' ? 'max-daily-8h-mean' : 'daily-mean';
  const figures = counter.dailyFigures(statistic, standard.level);
  return counted(counter, standard, [...figures.above], figures.elapsed, figures.valid, counter.daysInYear, what, 'days');
}

function counted(counter: YearCounts, standard: Standard, list: Exceedance[], elapsed: number, valid: number, inYear: number, what: string, noun: 'hours' | 'days'): StandardStatus {
  const allowed = standard.allowedPerYear ?? 0;
  const isOver = list.length > allowed && standard.averagedOverYears === 1;
  const status = isOver ? 'exceeded' : counter.isYearComplete ? (list.length > allowed ? 'exceeded' : 'within') : 'in-progress';
  const capture = elapsed > 0 ? valid / elapsed : 0;
  return {
    standard,
    year: counter.year,
    unit: CONCENTRATION_UNIT[standard.pollutant],
    status,
    exceedances: list.length,
    allowed: standard.allowedPerYear,
    exceedanceList: list,
    projected: elapsed > 0 ? (list.length / elapsed) * inYear : null,
    elapsedPeriods: elapsed,
    validPeriods: valid,
    periodsInYear: inYear,
    dataCapture: capture,
    annualMean: null,
    annualCapture: null,
    text: countedText(standard, counter.year, list.length, what, noun, capture),
  };
}

function annualStatus(counter: YearCounts, standard: Standard, excusedHours: number): StandardStatus {
  const hours = counter.hours();
  const mean = hours.valid > 0 ? hours.sum / hours.valid : null;
  const capture = annualCapture(hours.valid, counter.hoursInYear, excusedHours);
  const isCaptured = capture >= ANNUAL_MIN_CAPTURE - 1e-9;
  let status: StandardStatus['status'] = 'in-progress';
  if (counter.isYearComplete) status = !isCaptured || mean === null ? 'insufficient-data' : mean > standard.level ? 'exceeded' : 'within';
  const unit = CONCENTRATION_UNIT[standard.pollutant];
  const meanText = mean === null ? 'no valid hours' : `${mean.toFixed(1)} ${unit}`;
  return {
    standard,
    year: counter.year,
    unit,
    status,
    exceedances: 0,
    allowed: null,
    exceedanceList: [],
    projected: null,
    elapsedPeriods: hours.elapsed,
    validPeriods: hours.valid,
    periodsInYear: counter.hoursInYear,
    dataCapture: hours.elapsed > 0 ? hours.valid / hours.elapsed : 0,
    annualMean: mean,
    annualCapture: capture,
    text: `${POLLUTANT_LABEL[standard.pollutant]} annual mean ${counter.year}: ${meanText} (${standard.kind} ${standard.level} ${unit}), data capture ${percent(capture)} of the year (${percent(ANNUAL_MIN_CAPTURE)} required)`,
  };
}

function countedText(standard: Standard, year: number, count: number, what: string, noun: 'hours' | 'days', capture: number): string {
  const head = `${POLLUTANT_LABEL[standard.pollutant]} ${what} ${standard.kind}`;
  const tail = `, ${percent(capture)} data capture`;
  const allowed = standard.allowedPerYear ?? 0;
  const level = `${standard.level} ${CONCENTRATION_UNIT[standard.pollutant]}`;
  if (standard.averagedOverYears > 1) return `${head}: ${count} ${noun} above ${level} in ${year} (${allowed} allowed per year, averaged over ${standard.averagedOverYears} years)${tail}`;
  if (allowed === 0) return `${head}: ${count} ${noun} above ${level} in ${year} (none allowed)${tail}`;
  return `${head}: ${count} of ${allowed} allowed ${noun} used in ${year}${count > allowed ? ' — exceeded' : ''}${tail}`;
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 1000) / 10} %`;
}

/**
 * The O3 target value's yearly count averaged over three years (2008/50/EC Annex VII B, note 2: when
 * three consecutive years are not all available, one valid year is the minimum). `counts` are the
 * exceedance days of the years, null for a year without valid data. Null when no year is valid.
 */
export function averageOverYears(counts: readonly (number | null)[]): number | null {
  const valid = counts.filter((c): c is number => c !== null);
  return valid.length === 0 ? null : valid.reduce((a, b) => a + b, 0) / valid.length;
}

function assertNever(value: never): never {
  throw new Error(`unexpected statistic ${String(value)}`);
}
