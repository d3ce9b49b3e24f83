import type { QuietHours } from '../../../src-shared/settings/escalation';
import { ZoneClock } from '../shapes/zone-clock';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;

/**
 * A daily local-time window in one IANA zone. The window may span midnight (22:00–07:00); start equal
 * to end means the whole day. Local time comes from ZoneClock, so daylight-saving days are right.
 */
export class QuietWindow {
  private readonly clock: ZoneClock;
  private readonly startMinute: number;
  private readonly endMinute: number;

  constructor(readonly hours: QuietHours) {
    this.clock = new ZoneClock(hours.zone);
    this.startMinute = minuteOfDay(hours.start);
    this.endMinute = minuteOfDay(hours.end);
  }

  /** True when the instant `utcMs` falls inside the window. */
  contains(utcMs: number): boolean {
    const minute = this.localMinute(utcMs);
    if (this.startMinute === this.endMinute) return true;
    if (this.startMinute < this.endMinute) return minute >= this.startMinute && minute < this.endMinute;
    return minute >= this.startMinute || minute < this.endMinute;
  }

  private localMinute(utcMs: number): number {
    const local = utcMs + this.clock.offsetAt(utcMs);
    const minutes = Math.floor(local / MINUTE_MS) % DAY_MINUTES;
    return minutes < 0 ? minutes + DAY_MINUTES : minutes;
  }
}

function minuteOfDay(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
