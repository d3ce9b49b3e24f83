import type { Pollutant } from './pollutants';
import type { LocalCalendar, LocalDay } from './local-calendar';
import type { Standard, Statistic } from './eu-standards';
import type { DailyFigures, Exceedance, YearCounts } from './compliance-summary';
import { RunningEightHourMean } from './running-mean';
import { DAILY_MIN_FRACTION, HOUR_MS, isHourValid, requiredCount, type HourlyValue } from './validity';

/** One closed local day of a pollutant: its daily mean and maximum daily 8-hour mean, each null when invalid. */
export interface DayResult {
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly hours: number;
  readonly validHours: number;
  readonly mean: number | null;
  readonly validRunningMeans: number;
  readonly maxRunningMean: number | null;
}

/** One valid hour above an hourly standard. */
export interface HourExceedance {
  readonly startMs: number;
  readonly value: number;
}

/**
 * Per station, pollutant and local calendar year: everything the EU standards are judged on,
 * updated one closed hour at a time (O(1) per hour; a day's figures are fixed when it closes).
 *
 * Feed hours in increasing order. Hours before the year only prime the running 8-hour mean (the
 * first one of 1 January starts at 17:00 on 31 December); hours after it are ignored.
 * `advanceTo` closes days that ended without data (the engine calls it as its watermark passes
 * an hour), so a silent station's days count as invalid rather than vanish.
 */
export class PollutantYearCounter implements YearCounts {
  readonly pollutant: Pollutant;
  readonly year: number;
  readonly yearStartMs: number;
  readonly yearEndMs: number;
  readonly hoursInYear: number;
  readonly daysInYear: number;
  private readonly calendar: LocalCalendar;
  private readonly hourlyStandards: readonly Standard[];
  private readonly running = new RunningEightHourMean();
  /** The closed days that held any data (a valid hour or running mean); the days between had none. */
  private readonly dataDays: DayResult[] = [];
  /** Days of the year closed so far, with data or without. */
  private closedDayCount = 0;
  private readonly hourExceedances = new Map<string, HourExceedance[]>();
  private lastStartMs = Number.NEGATIVE_INFINITY;
  private elapsedUntilMs: number;
  private openDay: LocalDay;
  private daySum = 0;
  private dayValidHours = 0;
  private dayValidRunning = 0;
  private dayMaxRunning = Number.NEGATIVE_INFINITY;
  private yearSum = 0;
  private yearValidHours = 0;

  constructor(options: { pollutant: Pollutant; year: number; calendar: LocalCalendar; standards: readonly Standard[] }) {
    this.pollutant = options.pollutant;
    this.year = options.year;
    this.calendar = options.calendar;
    const bounds = this.calendar.year(options.year);
    this.yearStartMs = bounds.startMs;
    this.yearEndMs = bounds.endMs;
    this.hoursInYear = bounds.hours;
    this.daysInYear = bounds.days;
    this.elapsedUntilMs = bounds.startMs;
    this.openDay = this.calendar.dayOf(bounds.startMs);
    this.hourlyStandards = options.standards.filter((s) => s.pollutant === options.pollutant && s.statistic === 'hourly');
    for (const s of this.hourlyStandards) this.hourExceedances.set(s.id, []);
  }

  /** Adds one closed hour. Throws, changing nothing, when it is not a whole UTC hour or not later than the last one. */
  addHour(hour: HourlyValue): void {
    if (!Number.isFinite(hour.startMs) || hour.startMs % HOUR_MS !== 0) {
      throw new Error(`hour start ${hour.startMs} is not the start of a whole UTC hour (epoch ms divisible by 3600000)`);
    }
    if (hour.startMs <= this.lastStartMs) {
      throw new Error(`hour ${new Date(hour.startMs).toISOString()} arrived after ${new Date(this.lastStartMs).toISOString()}; hours must come in increasing order (recompute the year in batch to take a late hour)`);
    }
    this.lastStartMs = hour.startMs;
    const runningMean = this.running.add(hour);
    if (hour.startMs < this.yearStartMs || hour.startMs >= this.yearEndMs) return;
    this.advanceTo(hour.startMs);
    const isValid = isHourValid(hour);
    if (isValid) {
      this.daySum += hour.value;
      this.dayValidHours++;
      this.yearSum += hour.value;
      this.yearValidHours++;
      for (const s of this.hourlyStandards) {
        if (hour.value > s.level) this.hourExceedances.get(s.id)?.push({ startMs: hour.startMs, value: hour.value });
      }
    }
    if (!Number.isNaN(runningMean)) {
      this.dayValidRunning++;
      if (runningMean > this.dayMaxRunning) this.dayMaxRunning = runningMean;
    }
    this.advanceTo(hour.startMs + HOUR_MS);
  }

  /** Time has reached `utcMs`: closes every day of the year that ended by then, with or without data. */
  advanceTo(utcMs: number): void {
    const until = Math.min(utcMs, this.yearEndMs);
    if (until <= this.elapsedUntilMs) return;
    this.elapsedUntilMs = until;
    if (this.openDay.endMs > until || this.openDay.startMs >= this.yearEndMs) return;
    this.closeDay();
    // The days after it up to `until` had no data: counted, not kept (a station first seen in December
    // would otherwise keep ~340 empty days per pollutant, millions of objects for a city).
    const next = this.calendar.dayOf(until);
    this.closedDayCount += Math.max(0, next.dayNumber - this.openDay.dayNumber);
    if (next.dayNumber > this.openDay.dayNumber) this.openDay = next;
  }

  /** The closed days of the year so far, in order, those without data included (built on each call). */
  days(): readonly DayResult[] {
    const out: DayResult[] = [];
    let stored = 0;
    for (let day = this.calendar.dayOf(this.yearStartMs); out.length < this.closedDayCount; day = this.calendar.day(day.dayNumber + 1)) {
      const data = this.dataDays[stored];
      if (data !== undefined && data.startMs === day.startMs) {
        out.push(data);
        stored++;
      } else out.push({ date: day.date, startMs: day.startMs, endMs: day.endMs, hours: day.hours, validHours: 0, mean: null, validRunningMeans: 0, maxRunningMean: null });
    }
    return out;
  }

  /** Valid hours above hourly standard `standardId`. */
  hourlyExceedances(standardId: string): readonly HourExceedance[] {
    return this.hourExceedances.get(standardId) ?? [];
  }

  /** Valid hours above `level` (the level of one of this pollutant's hourly standards). */
  hoursAbove(level: number): readonly Exceedance[] {
    const standard = this.hourlyStandards.find((s) => s.level === level);
    const hours = standard === undefined ? [] : this.hourlyExceedances(standard.id);
    return hours.map((h) => ({ startMs: h.startMs, label: this.formatLocal(h.startMs), value: h.value }));
  }

  /** The closed days' figures of a daily statistic against `level`. */
  dailyFigures(statistic: Exclude<Statistic, 'hourly' | 'annual-mean'>, level: number): DailyFigures {
    const above: Exceedance[] = [];
    let valid = 0;
    for (const day of this.dataDays) {
      const value = statistic === 'daily-mean' ? day.mean : day.maxRunningMean;
      if (value === null) continue;
      valid++;
      if (value > level) above.push({ startMs: day.startMs, label: day.date, value });
    }
    return { elapsed: this.closedDayCount, valid, above };
  }

  /** Hours of the year that have passed, and how many of them held a valid value. */
  hours(): { elapsed: number; valid: number; sum: number } {
    return { elapsed: Math.round((this.elapsedUntilMs - this.yearStartMs) / HOUR_MS), valid: this.yearValidHours, sum: this.yearSum };
  }

  get isYearComplete(): boolean {
    return this.elapsedUntilMs >= this.yearEndMs;
  }

  /** Formats a UTC instant as local `YYYY-MM-DD HH:mm` of this counter's zone. */
  formatLocal(utcMs: number): string {
    return this.calendar.formatLocal(utcMs);
  }

  private closeDay(): void {
    const day = this.openDay;
    const needed = requiredCount(day.hours, DAILY_MIN_FRACTION);
    this.closedDayCount++;
    if (this.dayValidHours > 0 || this.dayValidRunning > 0) this.dataDays.push({
      date: day.date,
      startMs: day.startMs,
      endMs: day.endMs,
      hours: day.hours,
      validHours: this.dayValidHours,
      mean: this.dayValidHours >= needed ? this.daySum / this.dayValidHours : null,
      validRunningMeans: this.dayValidRunning,
      maxRunningMean: this.dayValidRunning >= needed ? this.dayMaxRunning : null,
    });
    this.daySum = 0;
    this.dayValidHours = 0;
    this.dayValidRunning = 0;
    this.dayMaxRunning = Number.NEGATIVE_INFINITY;
    this.openDay = this.calendar.day(day.dayNumber + 1);
  }
}
