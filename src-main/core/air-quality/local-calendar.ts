import { ZoneClock } from '../shapes/zone-clock';
import { HOUR_MS } from './validity';

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

/** A calendar day of the installation's time zone. */
export interface LocalDay {
  /** Days since 1970-01-01 in the local calendar. */
  readonly dayNumber: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly year: number;
  /** UTC instants of the local midnights that bound it (end exclusive). */
  readonly startMs: number;
  readonly endMs: number;
  /** 24, or 23 / 25 on a daylight-saving change. */
  readonly hours: number;
}

/**
 * Calendar days and years in one IANA zone — the zone compliance is counted in (a "calendar year"
 * of the directives is the installation's local year). A zone with a fixed offset such as
 * `Etc/GMT-1` gives the standard-time convention of the EU e-Reporting data instead.
 *
 * Hours are UTC-aligned; each belongs to the local day its start falls in. Offsets come from the
 * runtime's ICU through `ZoneClock` (one home for zone arithmetic).
 */
export class LocalCalendar {
  private readonly clock: ZoneClock;
  private readonly days = new Map<number, LocalDay>();

  constructor(zone: string) {
    this.clock = new ZoneClock(zone);
  }

  get zone(): string {
    return this.clock.zone;
  }

  /** The local day number of instant `utcMs`. */
  dayNumberOf(utcMs: number): number {
    return Math.floor((utcMs + this.clock.offsetAt(utcMs)) / DAY_MS);
  }

  /** The local day that instant `utcMs` falls in. */
  dayOf(utcMs: number): LocalDay {
    return this.day(this.dayNumberOf(utcMs));
  }

  /** Local day number `dayNumber`, with its bounds. */
  day(dayNumber: number): LocalDay {
    const cached = this.days.get(dayNumber);
    if (cached !== undefined) return cached;
    const startMs = this.midnight(dayNumber);
    const endMs = this.midnight(dayNumber + 1);
    const date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    const day: LocalDay = { dayNumber, date, year: Number(date.slice(0, 4)), startMs, endMs, hours: Math.round((endMs - startMs) / HOUR_MS) };
    if (this.days.size > 4000) this.days.clear();
    this.days.set(dayNumber, day);
    return day;
  }

  /** UTC bounds of local calendar year `year` (end exclusive) and its hours (8760, or 8784 in a leap year). */
  year(year: number): { startMs: number; endMs: number; hours: number; days: number } {
    const first = Math.round(Date.UTC(year, 0, 1) / DAY_MS);
    const next = Math.round(Date.UTC(year + 1, 0, 1) / DAY_MS);
    const startMs = this.midnight(first);
    const endMs = this.midnight(next);
    return { startMs, endMs, hours: Math.round((endMs - startMs) / HOUR_MS), days: next - first };
  }

  /** `YYYY-MM-DD HH:mm` local wall time of `utcMs`. */
  formatLocal(utcMs: number): string {
    return new Date(utcMs + this.clock.offsetAt(utcMs)).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** The UTC instant local day `dayNumber` starts; when midnight falls in a gap, the first local time after it. */
  private midnight(dayNumber: number): number {
    const wall = dayNumber * DAY_MS;
    for (let step = 0; step <= 16; step++) {
      const utc = this.clock.toUtc(wall + step * QUARTER_HOUR_MS);
      if (!Number.isNaN(utc)) return step === 0 ? utc : this.firstInstantOfDay(utc, dayNumber);
    }
    throw new Error(`no local midnight found for day ${dayNumber} in ${this.clock.zone}`);
  }

  /** After a gap at midnight the day starts at the transition: walk back to it a minute at a time. */
  private firstInstantOfDay(utc: number, dayNumber: number): number {
    let start = utc;
    while (this.dayNumberOf(start - 60_000) === dayNumber) start -= 60_000;
    return start;
  }
}
