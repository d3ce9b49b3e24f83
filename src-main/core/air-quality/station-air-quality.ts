import { PollutantYearCounter } from './compliance-counter';
import { standardStatus, type StandardStatus } from './compliance-summary';
import { eeaIndex, type EeaIndex } from './eea-index';
import type { EeaPollutant } from './eea-index-table';
import { currentAqi, type CurrentAqi } from './epa-aqi';
import { standardsFor, type AlertThreshold, type StandardSet } from './eu-standards';
import type { LocalCalendar } from './local-calendar';
import { POLLUTANTS, type Pollutant } from './pollutants';
import { RunningEightHourMean } from './running-mean';
import { ThresholdTracker, type ThresholdEvent } from './threshold-tracker';
import { HOUR_MS, isHourValid, type HourlyValue } from './validity';

const RECENT_HOURS = 12;

/** What one closed hour changed for a station. */
export interface HourOutcome {
  /** Threshold events other than `none` (crossed, continues, ended), for the alarm manager and the notice. */
  readonly thresholdEvents: readonly Exclude<ThresholdEvent, { type: 'none' }>[];
}

/**
 * The air-quality state of one station, fed as its hourly windows close (one call per pollutant and
 * hour, O(1) each): compliance counters of the current and previous local year for the selected
 * standard set, the information/alert threshold trackers, and the last 12 hours per pollutant for the
 * indices. The one owner of that state; the engine only routes hours to it and reads answers.
 */
export class StationAirQuality {
  readonly stationId: string;
  private readonly calendar: LocalCalendar;
  private readonly set: StandardSet;
  private readonly counters = new Map<string, PollutantYearCounter>();
  private readonly trackers: Map<Pollutant, ThresholdTracker[]>;
  private readonly recent = new Map<Pollutant, { hourIndex: Float64Array; values: Float64Array }>();
  private readonly co8h = new RunningEightHourMean();

  constructor(options: { stationId: string; calendar: LocalCalendar; set: StandardSet; thresholds: readonly AlertThreshold[] }) {
    this.stationId = options.stationId;
    this.calendar = options.calendar;
    this.set = options.set;
    this.trackers = new Map(POLLUTANTS.map((p) => [p, options.thresholds.filter((t) => t.pollutant === p).map((t) => new ThresholdTracker(t))]));
  }

  /** A closed hourly window of `pollutant` (hours of one pollutant in increasing order; a repeat throws and changes nothing). */
  addHour(pollutant: Pollutant, hour: HourlyValue): HourOutcome {
    const counter = this.counterFor(pollutant, this.calendar.dayOf(hour.startMs).year);
    counter.addHour(hour);
    const previous = this.counters.get(key(pollutant, counter.year - 1));
    if (previous !== undefined && !previous.isYearComplete) previous.advanceTo(hour.startMs);
    const events: Exclude<ThresholdEvent, { type: 'none' }>[] = [];
    for (const tracker of this.trackers.get(pollutant) ?? []) {
      const event = tracker.addHour(hour);
      if (event.type !== 'none') events.push(event);
    }
    this.remember(pollutant, hour);
    if (pollutant === 'co') this.co8h.add(hour);
    return { thresholdEvents: events };
  }

  /** Whether the threshold `thresholdId` (`2008/50:no2-alert`) has an episode under way. */
  hasEpisode(thresholdId: string): boolean {
    for (const trackers of this.trackers.values()) for (const t of trackers) if (t.threshold.id === thresholdId) return t.current !== null;
    return false;
  }

  /** The watermark passed `utcMs`: days that ended without data close as invalid. */
  advanceTo(utcMs: number): void {
    for (const counter of this.counters.values()) counter.advanceTo(utcMs);
  }

  /** The European index of the hour starting at `hourStartMs`, from the valid values of that hour. */
  eeaIndexAt(hourStartMs: number): EeaIndex | null {
    const index = Math.floor(hourStartMs / HOUR_MS);
    const values: Partial<Record<EeaPollutant, number>> = {};
    for (const pollutant of ['pm25', 'pm10', 'no2', 'o3', 'so2'] as const) {
      const value = this.valueAt(pollutant, index);
      if (value !== null) values[pollutant] = value;
    }
    return eeaIndex(values);
  }

  /** The EPA AQI (NowCast) as of the hour starting at `hourStartMs`. */
  aqiAt(hourStartMs: number, molarVolumeL?: number): CurrentAqi | null {
    const index = Math.floor(hourStartMs / HOUR_MS);
    const series = (p: Pollutant): (number | null)[] => Array.from({ length: RECENT_HOURS }, (_, i) => this.valueAt(p, index - i));
    const co = this.co8h.meanEndingAt(index);
    return currentAqi({ pm25: series('pm25'), pm10: series('pm10'), o3: series('o3'), no2: series('no2'), so2: series('so2'), co8h: Number.isNaN(co) ? null : co }, molarVolumeL);
  }

  /** Compliance of `pollutant` in local year `year` against the selected set; empty when no hour of that year was seen. */
  compliance(pollutant: Pollutant, year: number, excusedHours?: number): StandardStatus[] {
    const counter = this.counters.get(key(pollutant, year));
    if (counter === undefined) return [];
    return standardsFor(this.set, pollutant).map((s) => standardStatus(counter, s, excusedHours));
  }

  private counterFor(pollutant: Pollutant, year: number): PollutantYearCounter {
    const existing = this.counters.get(key(pollutant, year));
    if (existing !== undefined) return existing;
    const counter = new PollutantYearCounter({ pollutant, year, calendar: this.calendar, standards: standardsFor(this.set, pollutant) });
    // Prime the new year's running 8-hour mean with the old year's last hours.
    this.counters.set(key(pollutant, year), counter);
    this.counters.delete(key(pollutant, year - 2));
    const recent = this.recent.get(pollutant);
    if (recent !== undefined) {
      const order = [...recent.hourIndex.keys()].filter((i) => Number.isFinite(recent.hourIndex[i] as number)).sort((a, b) => (recent.hourIndex[a] as number) - (recent.hourIndex[b] as number));
      for (const i of order) counter.addHour({ startMs: (recent.hourIndex[i] as number) * HOUR_MS, value: recent.values[i] as number, coverage: Number.isNaN(recent.values[i] as number) ? 0 : 1 });
    }
    return counter;
  }

  private remember(pollutant: Pollutant, hour: HourlyValue): void {
    let ring = this.recent.get(pollutant);
    if (ring === undefined) {
      ring = { hourIndex: new Float64Array(RECENT_HOURS).fill(Number.NaN), values: new Float64Array(RECENT_HOURS) };
      this.recent.set(pollutant, ring);
    }
    const index = Math.floor(hour.startMs / HOUR_MS);
    const slot = index % RECENT_HOURS;
    ring.hourIndex[slot] = index;
    ring.values[slot] = isHourValid(hour) ? hour.value : Number.NaN;
  }

  private valueAt(pollutant: Pollutant, index: number): number | null {
    const ring = this.recent.get(pollutant);
    if (ring === undefined) return null;
    const slot = ((index % RECENT_HOURS) + RECENT_HOURS) % RECENT_HOURS;
    if (ring.hourIndex[slot] !== index) return null;
    const value = ring.values[slot] as number;
    return Number.isNaN(value) ? null : value;
  }
}

function key(pollutant: Pollutant, year: number): string {
  return `${pollutant}:${year}`;
}
