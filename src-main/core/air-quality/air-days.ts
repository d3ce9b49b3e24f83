import type { LocalCalendar } from './local-calendar';
import type { Pollutant } from './pollutants';
import { STANDARD_SETS } from './eu-standards';
import { RunningEightHourMean } from './running-mean';
import { DAILY_MIN_FRACTION, HOUR_MS, isHourValid, requiredCount, type HourlyValue } from './validity';

/**
 * One closed local day of a station's pollutant, as the Compliance page reads it from the store
 * (table `air_days`): what every standard of every set is judged on, so switching the set needs no rebuild.
 */
export interface AirDay {
  readonly stationId: string;
  readonly pollutant: Pollutant;
  /** UTC instant of the local midnight the day starts at. */
  readonly dayStart: number;
  /** Local `YYYY-MM-DD`. */
  readonly date: string;
  readonly validHours: number;
  /** Sum of the valid hours' values (the annual mean adds these up). */
  readonly validSum: number;
  /** Daily mean, null when fewer than 75 % of the day's hours are valid. */
  readonly mean: number | null;
  readonly validRunningMeans: number;
  /** Maximum daily 8-hour mean, null when fewer than 75 % of the day's running means are valid. */
  readonly maxRunningMean: number | null;
  /** Valid hours above the pollutant's lowest hourly level in any standard set: [start, value]. */
  readonly hoursOver: readonly (readonly [number, number])[];
}

/** Per pollutant: the lowest level of each statistic in any standard set (Infinity: none), the store's filter for candidate exceedances. */
export function lowestLevels(pollutant: Pollutant): { hourly: number; daily: number; running: number } {
  const levels = { hourly: Infinity, daily: Infinity, running: Infinity };
  for (const set of STANDARD_SETS) {
    for (const s of set.standards) {
      if (s.pollutant !== pollutant) continue;
      if (s.statistic === 'hourly') levels.hourly = Math.min(levels.hourly, s.level);
      if (s.statistic === 'daily-mean') levels.daily = Math.min(levels.daily, s.level);
      if (s.statistic === 'max-daily-8h-mean') levels.running = Math.min(levels.running, s.level);
    }
  }
  return levels;
}

/** An hour lies in a period an operator marked invalid: [fromMs, toMs). */
export interface InvalidPeriod {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The hours with every hour that overlaps an invalidated period made invalid (coverage 0): it counts neither as exceedance nor as compliance. */
export function withoutInvalidated(hours: readonly HourlyValue[], periods: readonly InvalidPeriod[]): HourlyValue[] {
  if (periods.length === 0) return [...hours];
  return hours.map((h) => (periods.some((p) => p.fromMs < h.startMs + HOUR_MS && p.toMs > h.startMs) ? { ...h, coverage: 0 } : h));
}

/**
 * The hours with every hour whose stored data-quality flag leaves it out (`flagged`: their starts) made
 * invalid (coverage 0), exactly as an invalidated hour: neither exceedance nor compliance.
 */
export function withoutFlagged(hours: readonly HourlyValue[], flagged: ReadonlySet<number> | undefined): HourlyValue[] {
  if (flagged === undefined || flagged.size === 0) return [...hours];
  return hours.map((h) => (flagged.has(h.startMs) ? { ...h, coverage: 0 } : h));
}

/**
 * The closed local days from the one starting at `fromMs` (a local midnight) up to the last one ending by
 * `untilMs`, from one series' hours in increasing order (those of the 7 hours before `fromMs` prime the
 * running 8-hour mean). A day without any hour is left out: it has no valid figure either way.
 *
 * The running 8-hour mean is taken at every hour of the day, present or not (2008/50/EC Annex VII A:
 * the periods 17:00–01:00 of the day before to 16:00–24:00; valid with 6 of its 8 hours).
 */
export function buildDays(hours: readonly HourlyValue[], options: { stationId: string; pollutant: Pollutant; calendar: LocalCalendar; fromMs: number; untilMs: number }): AirDay[] {
  const { calendar, stationId, pollutant } = options;
  const hourlyFloor = lowestLevels(pollutant).hourly;
  const running = new RunningEightHourMean();
  const days: AirDay[] = [];
  let next = 0;
  for (let day = calendar.dayOf(options.fromMs); day.endMs <= options.untilMs; day = calendar.day(day.dayNumber + 1)) {
    while (next < hours.length && (hours[next] as HourlyValue).startMs < day.startMs) running.add(hours[next++] as HourlyValue);
    let validHours = 0;
    let validSum = 0;
    let validRunning = 0;
    let maxRunning = Number.NEGATIVE_INFINITY;
    let hasHour = false;
    const hoursOver: [number, number][] = [];
    // Hours are whole UTC hours; a zone whose midnight is not one gives each day the hours that start in it.
    for (let start = Math.ceil(day.startMs / HOUR_MS) * HOUR_MS; start < day.endMs; start += HOUR_MS) {
      const hour = next < hours.length && (hours[next] as HourlyValue).startMs === start ? (hours[next++] as HourlyValue) : null;
      if (hour !== null) {
        hasHour = true;
        running.add(hour);
        if (isHourValid(hour)) {
          validHours++;
          validSum += hour.value;
          if (hour.value > hourlyFloor) hoursOver.push([start, hour.value]);
        }
      }
      const mean = running.meanEndingAt(Math.floor(start / HOUR_MS));
      if (!Number.isNaN(mean)) {
        validRunning++;
        if (mean > maxRunning) maxRunning = mean;
      }
    }
    if (!hasHour && validRunning === 0) continue;
    const needed = requiredCount(day.hours, DAILY_MIN_FRACTION);
    days.push({
      stationId,
      pollutant,
      dayStart: day.startMs,
      date: day.date,
      validHours,
      validSum,
      mean: validHours >= needed ? validSum / validHours : null,
      validRunningMeans: validRunning,
      maxRunningMean: validRunning >= needed ? maxRunning : null,
      hoursOver,
    });
  }
  return days;
}
