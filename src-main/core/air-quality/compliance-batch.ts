import { PollutantYearCounter } from './compliance-counter';
import { standardStatus, type StandardStatus } from './compliance-summary';
import { standardsFor, type StandardSet } from './eu-standards';
import type { LocalCalendar } from './local-calendar';
import type { Pollutant } from './pollutants';
import type { HourlyValue } from './validity';

/**
 * A whole year at once: the same counter the live path feeds hour by hour, fed from stored hours
 * (sorted here; a duplicate hour is refused by the counter with a plain error).
 */
export function complianceForYear(hours: Iterable<HourlyValue>, options: { pollutant: Pollutant; year: number; calendar: LocalCalendar; set: StandardSet; excusedHours?: number }): StandardStatus[] {
  const standards = standardsFor(options.set, options.pollutant);
  const counter = new PollutantYearCounter({ pollutant: options.pollutant, year: options.year, calendar: options.calendar, standards });
  const sorted = [...hours].sort((a, b) => a.startMs - b.startMs);
  for (const hour of sorted) counter.addHour(hour);
  counter.advanceTo(counter.yearEndMs);
  return standards.map((s) => standardStatus(counter, s, options.excusedHours));
}
