const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Bounds each zone's caches (one entry per hour seen); past it they start over. */
const MAX_CACHED_HOURS = 50_000;

/**
 * Local (zone-less) times of one IANA zone to UTC, with offsets from the runtime's ICU (`Intl`).
 *
 * DST: a local time that does not exist (spring forward: 02:30 in Europe/Amsterdam on 2023-03-26) is
 * refused — `toUtc` answers NaN and `describeGap` explains it; a local time that exists twice (fall
 * back: 02:30 on 2023-10-29) is taken at its **earlier** instant, i.e. with the summer-time offset, as
 * Temporal's and java.time's default ("compatible") does. Zones whose offsets change at other
 * boundaries (half hours, historical seconds) are handled: a cached hour is one with a single offset.
 * Speed: one Map lookup per local time once its hour has been seen.
 */
export class ZoneClock {
  readonly zone: string;
  private readonly format: Intl.DateTimeFormat;
  /** UTC hour index → the offset (ms) throughout that hour, or NaN when the offset changes inside it. */
  private readonly utcHours = new Map<number, number>();
  /** Local hour index → the offset that converts every local time of that hour, or NaN (a gap or an overlap is in it). */
  private readonly localHours = new Map<number, number>();

  constructor(zone: string) {
    this.zone = zone;
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The UTC instant (epoch ms) of local wall time `wallMs` (the local date-time read as if it were UTC); NaN when it does not exist. */
  toUtc(wallMs: number): number {
    const hour = Math.floor(wallMs / HOUR_MS);
    let offset = this.localHours.get(hour);
    if (offset === undefined) {
      offset = this.uniformLocalOffset(hour * HOUR_MS);
      if (this.localHours.size >= MAX_CACHED_HOURS) this.localHours.clear();
      this.localHours.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.resolve(wallMs) : wallMs - offset;
  }

  /** Offset of the zone from UTC (local − UTC, ms) at instant `utcMs`. */
  offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let offset = this.utcHours.get(hour);
    if (offset === undefined) {
      const start = this.exactOffset(hour * HOUR_MS);
      offset = start === this.exactOffset(hour * HOUR_MS + HOUR_MS - 1) ? start : NaN;
      if (this.utcHours.size >= MAX_CACHED_HOURS) this.utcHours.clear();
      this.utcHours.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.exactOffset(utcMs) : offset;
  }

  /** For a wall time toUtc refused: the offsets before and after the gap, for the rejection detail. */
  describeGap(wallMs: number): string {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    const jump = Math.round((after - before) / 60_000);
    return `does not exist in ${this.zone}: the clocks skip ${jump} minutes there (UTC${formatOffset(before)} → UTC${formatOffset(after)}, a daylight-saving change)`;
  }

  /** The offset every wall time of the local hour starting at `hourWallMs` converts with, or NaN when the hour has a gap or an overlap. */
  private uniformLocalOffset(hourWallMs: number): number {
    const before = this.offsetAt(hourWallMs - DAY_MS);
    const after = this.offsetAt(hourWallMs + DAY_MS);
    if (before !== after) return NaN;
    const isStartValid = this.offsetAt(hourWallMs - before) === before;
    const isEndValid = this.offsetAt(hourWallMs + HOUR_MS - 1 - before) === before;
    return isStartValid && isEndValid ? before : NaN;
  }

  /**
   * Exact conversion near a transition. The candidate offsets are those a day before and a day
   * after (no zone changes twice within two days); a candidate is valid when the instant it gives
   * really has that offset. None valid: a gap. Two: an overlap, and the earlier instant wins.
   */
  private resolve(wallMs: number): number {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    const first = wallMs - before;
    const second = wallMs - after;
    const isFirstValid = this.offsetAt(first) === before;
    const isSecondValid = this.offsetAt(second) === after;
    if (isFirstValid && isSecondValid) return Math.min(first, second);
    if (isFirstValid) return first;
    if (isSecondValid) return second;
    return NaN;
  }

  /** local − UTC at `utcMs`, from ICU (the slow call the caches avoid). */
  private exactOffset(utcMs: number): number {
    const whole = Math.floor(utcMs / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let isBeforeChrist = false;
    for (const part of this.format.formatToParts(whole)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        case 'era': isBeforeChrist = part.value === 'BC' || part.value === 'B'; break;
        default: break;
      }
    }
    // Date.UTC maps years 0–99 to 1900–1999, so the year is set on its own.
    const local = new Date(0);
    local.setUTCFullYear(isBeforeChrist ? 1 - year : year, month - 1, day);
    local.setUTCHours(hour, minute, second, 0);
    return local.getTime() - whole;
  }
}

function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
