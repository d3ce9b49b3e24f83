/**
 * Every time the renderer shows, in one control-room time zone (settings.ui.timeZone; null = the system's) and
 * the user's locale (issue 17 item 11). The app sets the zone once from the settings (setControlRoomZone); the
 * functions take an explicit zone and locale too, so tests are pure. Formatters are cached: Intl.DateTimeFormat
 * is costly to build and these run per row and per axis tick.
 */

type Style = 'dateTime' | 'time' | 'hourMinute' | 'short' | 'label';

const OPTIONS: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  hourMinute: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  short: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  label: { timeZoneName: 'short' },
};

const cache = new Map<string, Intl.DateTimeFormat>();
let configuredZone: string | null = null;

function formatter(style: Style, zone: string, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${style}|${zone}|${locale ?? ''}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

/** How long the system zone is taken as known before the runtime is asked again. */
const SYSTEM_ZONE_TTL_MS = 60_000;
let systemZoneCache: { zone: string; readAt: number } | null = null;

/**
 * The system's own zone, as the runtime reports it. Asked at most once a minute: the answer builds an
 * Intl.DateTimeFormat, and chart axes ask per tick label, every redraw (at city scale that was the largest
 * single cost of a chart frame); a once-a-minute look still follows the machine's zone being changed.
 * `now` is a monotonic clock reading, ms.
 */
export function systemZone(now = performance.now()): string {
  if (systemZoneCache === null || now - systemZoneCache.readAt > SYSTEM_ZONE_TTL_MS) systemZoneCache = { zone: new Intl.DateTimeFormat().resolvedOptions().timeZone, readAt: now };
  return systemZoneCache.zone;
}

/** Sets the control-room zone from settings.ui.timeZone (null = the system's). */
export function setControlRoomZone(zone: string | null): void {
  configuredZone = zone;
}

/** The IANA zone every shown time uses. */
export function controlRoomZone(): string {
  return configuredZone ?? systemZone();
}

/** Date and time to the second, e.g. "06/12/2026, 14:05:09" in en-GB. */
export function formatDateTime(ms: number, zone = controlRoomZone(), locale?: string): string {
  return formatter('dateTime', zone, locale).format(ms);
}

/** Time of day to the second, e.g. "14:05:09". */
export function formatTime(ms: number, zone = controlRoomZone(), locale?: string): string {
  return formatter('time', zone, locale).format(ms);
}

/** Time of day to the minute, e.g. "14:05" (chart ticks, timelines). */
export function formatHourMinute(ms: number, zone = controlRoomZone(), locale?: string): string {
  return formatter('hourMinute', zone, locale).format(ms);
}

/** Day, month and time to the minute, e.g. "6 Dec, 14:05". */
export function formatShort(ms: number, zone = controlRoomZone(), locale?: string): string {
  return formatter('short', zone, locale).format(ms);
}

/** True when both instants fall on the same calendar day in the zone. */
export function isSameDay(a: number, b: number, zone = controlRoomZone()): boolean {
  const f = formatter('dateTime', zone, 'en-CA');
  const day = (ms: number): string => f.formatToParts(ms).filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day').map((p) => p.value).join('-');
  return day(a) === day(b);
}

/**
 * The zone's short name at an instant, e.g. "CET" / "CEST" or "GMT+1" (what the locale knows), for a page
 * header or next to a time. The instant matters: summer and winter time have different names.
 */
export function zoneLabel(ms: number, zone = controlRoomZone(), locale?: string): string {
  const part = formatter('label', zone, locale).formatToParts(ms).find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/**
 * A Date whose local fields (getHours etc.) show the instant's wall-clock time in the zone: what uPlot's
 * `tzDate` option wants so chart axes agree with the rest of the page.
 */
export function dateInZone(ms: number, zone = controlRoomZone()): Date {
  const f = zoneFields(ms, zone);
  return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, ((ms % 1000) + 1000) % 1000);
}

/** The zone's wall-clock fields at an instant (month 1–12). */
function zoneFields(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = formatter('dateTime', zone, 'en-CA').formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, zone: string): number {
  const f = zoneFields(ms, zone);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant at which the zone's wall clock reads `wall` ("2026-01-15T13:30" or with seconds, what a
 * datetime-local input gives), or null for anything else. A time skipped by a clock change resolves with
 * the offset before the change, as browsers do for local time.
 */
export function instantOfWallClock(wall: string, zone = controlRoomZone()): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/.exec(wall);
  if (m === null) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return null;
  const first = asUtc - offsetAt(asUtc, zone);
  return asUtc - offsetAt(first, zone);
}

/** "2026-01-15 13:30:05": the zone's wall-clock time in a form spreadsheets read as a date (CSV local-time column). */
export function formatSortable(ms: number, zone = controlRoomZone()): string {
  const d = dateInZone(ms, zone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
