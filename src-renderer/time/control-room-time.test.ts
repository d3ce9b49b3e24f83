import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlRoomZone, dateInZone, instantOfWallClock, formatDateTime, formatHourMinute, formatShort, formatTime, isSameDay, setControlRoomZone, systemZone, zoneLabel } from './control-room-time';

const WINTER = Date.UTC(2026, 0, 15, 12, 30, 5); // 15 Jan 2026 12:30:05 UTC
const SUMMER = Date.UTC(2026, 6, 15, 12, 30, 5); // 15 Jul 2026 12:30:05 UTC
const L = 'en-GB';

describe('control-room time', () => {
  afterEach(() => setControlRoomZone(null));

  it('formats Amsterdam winter (UTC+1) and summer (UTC+2) time, with the matching label', () => {
    expect(formatTime(WINTER, 'Europe/Amsterdam', L)).toBe('13:30:05');
    expect(formatTime(SUMMER, 'Europe/Amsterdam', L)).toBe('14:30:05');
    expect(zoneLabel(WINTER, 'Europe/Amsterdam', L)).toBe('CET');
    expect(zoneLabel(SUMMER, 'Europe/Amsterdam', L)).toBe('CEST');
  });

  it('formats New York (UTC-5 in winter) across the date line of the day', () => {
    const lateUtc = Date.UTC(2026, 0, 16, 3, 0, 0); // 22:00 on the 15th in New York
    expect(formatDateTime(lateUtc, 'America/New_York', L)).toBe('15/01/2026, 22:00:00');
    expect(formatShort(lateUtc, 'America/New_York', L)).toBe('15 Jan, 22:00');
    expect(formatHourMinute(WINTER, 'America/New_York', L)).toBe('07:30');
    expect(zoneLabel(WINTER, 'America/New_York', 'en-US')).toBe('EST');
    expect(isSameDay(lateUtc, WINTER, 'America/New_York')).toBe(true);
    expect(isSameDay(lateUtc, WINTER, 'UTC')).toBe(false);
  });

  it('formats UTC unchanged', () => {
    expect(formatDateTime(SUMMER, 'UTC', L)).toBe('15/07/2026, 12:30:05');
    expect(zoneLabel(SUMMER, 'UTC', L)).toBe('UTC');
  });

  it('uses the configured zone, and the system zone when none is set', () => {
    expect(controlRoomZone()).toBe(systemZone());
    setControlRoomZone('America/New_York');
    expect(controlRoomZone()).toBe('America/New_York');
    expect(formatTime(SUMMER, undefined, L)).toBe('08:30:05');
  });

  it('asks the runtime for the system zone at most once a minute: chart axes format every tick label, every redraw', () => {
    formatHourMinute(SUMMER); // its formatter cached
    // An hour past any earlier reading in this process: the first ask reads the zone.
    const start = performance.now() + 3_600_000;
    const Original = Intl.DateTimeFormat;
    // Counts constructions and builds the real thing (a constructor that returns an object yields that object).
    const built = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      return new Original(...args);
    } as typeof Intl.DateTimeFormat);
    try {
      const zone = systemZone(start);
      expect(built).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 1000; i++) formatHourMinute(SUMMER + i * 60_000);
      expect(systemZone(start + 59_000)).toBe(zone);
      expect(built).toHaveBeenCalledTimes(1);
      expect(systemZone(start + 61_000)).toBe(zone);
      expect(built).toHaveBeenCalledTimes(2);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('gives uPlot a Date whose local fields are the zone wall clock', () => {
    const d = dateInZone(SUMMER, 'Europe/Amsterdam');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([2026, 6, 15, 14, 30, 5]);
  });

  it('turns a wall-clock reading in the zone back into the instant', () => {
    expect(instantOfWallClock('2026-01-15T13:30:05', 'Europe/Amsterdam')).toBe(WINTER);
    expect(instantOfWallClock('2026-07-15T14:30:05', 'Europe/Amsterdam')).toBe(SUMMER);
    expect(instantOfWallClock('2026-01-15T22:00', 'America/New_York')).toBe(Date.UTC(2026, 0, 16, 3, 0, 0));
    expect(instantOfWallClock('2026-07-15 12:30:05', 'UTC')).toBe(SUMMER);
    expect(instantOfWallClock('', 'UTC')).toBeNull();
    expect(instantOfWallClock('yesterday', 'UTC')).toBeNull();
  });
});
