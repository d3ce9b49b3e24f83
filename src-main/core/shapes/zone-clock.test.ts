import { describe, expect, it } from 'vitest';
import { ZoneClock } from './zone-clock';

/** A local wall time as epoch ms "as if UTC" (the clock's input). */
function wall(year: number, month: number, day: number, hour: number, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

// Transition instants as published in the IANA tz database (EU rule: 01:00 UTC on the last Sundays of
// March and October; US rule since 2007: 02:00 local on the second Sunday of March and the first of November).
describe('ZoneClock: Europe/Amsterdam', () => {
  const clock = new ZoneClock('Europe/Amsterdam');

  it('converts winter and summer local times with +01:00 and +02:00', () => {
    expect(clock.toUtc(wall(2023, 1, 1, 0))).toBe(Date.UTC(2022, 11, 31, 23));
    expect(clock.toUtc(wall(2023, 7, 1, 12))).toBe(Date.UTC(2023, 6, 1, 10));
  });

  it('refuses the skipped hour of 2023-03-26 (02:00–02:59 do not exist) and converts both sides of it', () => {
    expect(clock.toUtc(wall(2023, 3, 26, 1, 59, 59))).toBe(Date.UTC(2023, 2, 26, 0, 59, 59));
    expect(clock.toUtc(wall(2023, 3, 26, 2, 0))).toBeNaN();
    expect(clock.toUtc(wall(2023, 3, 26, 2, 30))).toBeNaN();
    expect(clock.toUtc(wall(2023, 3, 26, 2, 59, 59))).toBeNaN();
    expect(clock.toUtc(wall(2023, 3, 26, 3, 0))).toBe(Date.UTC(2023, 2, 26, 1, 0));
    expect(clock.describeGap(wall(2023, 3, 26, 2, 30))).toBe('does not exist in Europe/Amsterdam: the clocks skip 60 minutes there (UTC+01:00 → UTC+02:00, a daylight-saving change)');
  });

  it('takes the earlier instant (summer time) in the repeated hour of 2023-10-29', () => {
    expect(clock.toUtc(wall(2023, 10, 29, 2, 0))).toBe(Date.UTC(2023, 9, 29, 0, 0));
    expect(clock.toUtc(wall(2023, 10, 29, 2, 30))).toBe(Date.UTC(2023, 9, 29, 0, 30));
    expect(clock.toUtc(wall(2023, 10, 29, 2, 59, 59))).toBe(Date.UTC(2023, 9, 29, 0, 59, 59));
    expect(clock.toUtc(wall(2023, 10, 29, 3, 0))).toBe(Date.UTC(2023, 9, 29, 2, 0));
    expect(clock.toUtc(wall(2023, 10, 29, 1, 59))).toBe(Date.UTC(2023, 9, 28, 23, 59));
  });

  it('reports the offsets around the transition instants', () => {
    expect(clock.offsetAt(Date.UTC(2023, 2, 26, 0, 59, 59, 999))).toBe(3_600_000);
    expect(clock.offsetAt(Date.UTC(2023, 2, 26, 1, 0))).toBe(7_200_000);
    expect(clock.offsetAt(Date.UTC(2023, 9, 29, 0, 59, 59, 999))).toBe(7_200_000);
    expect(clock.offsetAt(Date.UTC(2023, 9, 29, 1, 0))).toBe(3_600_000);
  });

  it('answers the same from its caches as on first sight, every minute across both transition days', () => {
    const fresh = (w: number): number => new ZoneClock('Europe/Amsterdam').toUtc(w);
    for (const day of [wall(2023, 3, 26, 0), wall(2023, 10, 29, 0)]) {
      for (let minute = 0; minute < 24 * 60; minute += 7) {
        const w = day + minute * 60_000;
        expect(clock.toUtc(w)).toBe(fresh(w));
      }
    }
  });
});

describe('ZoneClock: America/New_York and a half-hour zone', () => {
  const clock = new ZoneClock('America/New_York');

  it('skips 02:00–02:59 on 2023-03-12 and repeats 01:00–01:59 on 2023-11-05, taking EDT (the earlier instant)', () => {
    expect(clock.toUtc(wall(2023, 3, 12, 1, 59))).toBe(Date.UTC(2023, 2, 12, 6, 59));
    expect(clock.toUtc(wall(2023, 3, 12, 2, 30))).toBeNaN();
    expect(clock.toUtc(wall(2023, 3, 12, 3, 0))).toBe(Date.UTC(2023, 2, 12, 7, 0));
    expect(clock.toUtc(wall(2023, 11, 5, 1, 30))).toBe(Date.UTC(2023, 10, 5, 5, 30));
    expect(clock.toUtc(wall(2023, 11, 5, 2, 0))).toBe(Date.UTC(2023, 10, 5, 7, 0));
  });

  it('handles St. John\'s (−03:30), whose transitions fall on half hours in UTC', () => {
    const stJohns = new ZoneClock('America/St_Johns');
    expect(stJohns.toUtc(wall(2023, 3, 12, 1, 59))).toBe(Date.UTC(2023, 2, 12, 5, 29));
    expect(stJohns.toUtc(wall(2023, 3, 12, 2, 30))).toBeNaN();
    expect(stJohns.toUtc(wall(2023, 3, 12, 3, 0))).toBe(Date.UTC(2023, 2, 12, 5, 30));
  });

  it('treats UTC as a zone without transitions', () => {
    const utc = new ZoneClock('UTC');
    expect(utc.toUtc(wall(2023, 3, 26, 2, 30))).toBe(wall(2023, 3, 26, 2, 30));
  });
});
