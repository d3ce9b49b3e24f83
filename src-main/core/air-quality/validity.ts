/**
 * Data capture as Directive 2008/50/EC defines it (Annex XI A and Annex VII A; the 2030 standards are
 * judged with the same criteria here): a figure is valid only when enough of the data under it is.
 * An invalid figure counts neither as an exceedance nor as compliance.
 */

export const HOUR_MS = 3_600_000;

/** One closed hourly window of one station and pollutant. */
export interface HourlyValue {
  /** UTC start of the hour (epoch ms, a whole hour). */
  readonly startMs: number;
  /** Hourly mean (µg/m³; mg/m³ for CO); ignored when the hour is not valid. */
  readonly value: number;
  /** Fraction of the hour's data that was captured, 0…1 (45 of 60 minutes = 0.75). */
  readonly coverage: number;
}

/** 2008/50/EC Annex XI A and Annex VII A: a one-hour value needs 75 % of its data (45 minutes). */
export const HOURLY_MIN_COVERAGE = 0.75;
/** Annex XI A / VII A: an eight-hour mean needs 75 % of its hourly values (6 of 8). */
export const RUNNING_8H_MIN_HOURS = 6;
/** Annex XI A: a 24-hour value needs 75 % of the hourly averages; Annex VII A: 75 % of the running 8-h means (18 of 24). */
export const DAILY_MIN_FRACTION = 0.75;
/** Annex XI A: an annual mean needs 90 % of the one-hour values (Annex I A lists the same 90 % minimum data capture). */
export const ANNUAL_MIN_CAPTURE = 0.9;

/** Coverage of an hour from the minutes it has data for. */
export function coverageFromMinutes(minutes: number): number {
  return minutes / 60;
}

/** True when an hourly value is valid (finite, and at least 45 of its 60 minutes captured). */
export function isHourValid(hour: Pick<HourlyValue, 'value' | 'coverage'>): boolean {
  // The tolerance keeps 45/60 valid whatever the caller's float rounding (0.7499999…).
  return Number.isFinite(hour.value) && hour.coverage >= HOURLY_MIN_COVERAGE - 1e-9;
}

/**
 * How many of `periods` must be valid at `fraction`: 75 % of a 24-hour day is 18 hours. On the
 * 23- and 25-hour days of a daylight-saving change the same 75 % gives 18 and 19 (rounded up), which
 * is how this module reads "75 % (i.e. 18)" for days that are not 24 hours long.
 */
export function requiredCount(periods: number, fraction: number): number {
  return Math.ceil(periods * fraction - 1e-9);
}

/** Validity of an annual mean: valid hours over the hours of the year, less hours excused for calibration and maintenance (Annex XI A, note 1). */
export function annualCapture(validHours: number, hoursInYear: number, excusedHours = 0): number {
  const denominator = hoursInYear - excusedHours;
  return denominator > 0 ? validHours / denominator : 0;
}
