import type { AirDay } from './air-days';
import type { DailyFigures, Exceedance, YearCounts } from './compliance-summary';
import type { Statistic } from './eu-standards';
import type { LocalCalendar } from './local-calendar';
import type { Pollutant } from './pollutants';
import { HOUR_MS, isHourValid, type HourlyValue } from './validity';

/** Sums over a series' stored days of one year (the store adds them up, so the page never reads every day). */
export interface StoredDayTotals {
  readonly validMeanDays: number;
  readonly validRunningDays: number;
  readonly validHours: number;
  readonly validSum: number;
}

/**
 * A station's year of one pollutant from the store: the totals of its built days, the days that may
 * exceed a level (the store's candidates: above the lowest level of any set), and the hours of the day
 * not closed yet. Time has reached `untilMs` (the end of the newest stored hour): what lies before it
 * has elapsed, with or without data, as in the live counter.
 */
export class StoredYear implements YearCounts {
  readonly hoursInYear: number;
  readonly daysInYear: number;
  readonly isYearComplete: boolean;
  private readonly elapsedHours: number;
  private readonly elapsedDays: number;
  private readonly openValid: HourlyValue[];

  constructor(
    readonly pollutant: Pollutant,
    readonly year: number,
    private readonly calendar: LocalCalendar,
    untilMs: number,
    private readonly totals: StoredDayTotals,
    private readonly candidates: readonly AirDay[],
    openHours: readonly HourlyValue[],
  ) {
    const bounds = calendar.year(year);
    this.hoursInYear = bounds.hours;
    this.daysInYear = bounds.days;
    const until = Math.max(bounds.startMs, Math.min(untilMs, bounds.endMs));
    this.isYearComplete = until >= bounds.endMs;
    this.elapsedHours = Math.round((until - bounds.startMs) / HOUR_MS);
    this.elapsedDays = this.isYearComplete ? bounds.days : calendar.dayOf(until).dayNumber - calendar.dayOf(bounds.startMs).dayNumber;
    this.openValid = openHours.filter((h) => isHourValid(h) && h.startMs >= bounds.startMs && h.startMs < until);
  }

  hours(): { elapsed: number; valid: number; sum: number } {
    let sum = this.totals.validSum;
    for (const h of this.openValid) sum += h.value;
    return { elapsed: this.elapsedHours, valid: this.totals.validHours + this.openValid.length, sum };
  }

  hoursAbove(level: number): readonly Exceedance[] {
    const list: Exceedance[] = [];
    for (const day of this.candidates) for (const [startMs, value] of day.hoursOver) if (value > level) list.push({ startMs, label: this.calendar.formatLocal(startMs), value });
    for (const h of this.openValid) if (h.value > level) list.push({ startMs: h.startMs, label: this.calendar.formatLocal(h.startMs), value: h.value });
    return list.sort((a, b) => a.startMs - b.startMs);
  }

  dailyFigures(statistic: Exclude<Statistic, 'hourly' | 'annual-mean'>, level: number): DailyFigures {
    const above: Exceedance[] = [];
    for (const day of this.candidates) {
      const value = statistic === 'daily-mean' ? day.mean : day.maxRunningMean;
      if (value !== null && value > level) above.push({ startMs: day.dayStart, label: day.date, value });
    }
    above.sort((a, b) => a.startMs - b.startMs);
    const valid = statistic === 'daily-mean' ? this.totals.validMeanDays : this.totals.validRunningDays;
    return { elapsed: this.elapsedDays, valid, above };
  }
}
