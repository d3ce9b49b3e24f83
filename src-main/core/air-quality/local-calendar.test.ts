import { describe, expect, it } from 'vitest';
import { LocalCalendar } from './local-calendar';

describe('LocalCalendar', () => {
  const amsterdam = new LocalCalendar('Europe/Amsterdam');

  it('knows the 23-hour spring and 25-hour autumn days of Europe/Amsterdam in 2026', () => {
    const spring = amsterdam.dayOf(Date.parse('2026-03-29T12:00:00Z'));
    expect(spring.date).toBe('2026-03-29');
    expect(spring.hours).toBe(23);
    expect(new Date(spring.startMs).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(spring.endMs).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(amsterdam.dayOf(Date.parse('2026-10-25T12:00:00Z')).hours).toBe(25);
    expect(amsterdam.dayOf(Date.parse('2026-07-01T12:00:00Z')).hours).toBe(24);
  });

  it('puts an hour in the local day its start falls in', () => {
    expect(amsterdam.dayOf(Date.parse('2026-01-01T22:59:59Z')).date).toBe('2026-01-01');
    expect(amsterdam.dayOf(Date.parse('2026-01-01T23:00:00Z')).date).toBe('2026-01-02');
    expect(amsterdam.formatLocal(Date.parse('2026-07-01T06:00:00Z'))).toBe('2026-07-01 08:00');
  });

  it('counts 8784 hours and 366 days in the leap year 2024, 8760 and 365 in 2026', () => {
    expect(amsterdam.year(2024)).toMatchObject({ hours: 8784, days: 366 });
    expect(amsterdam.year(2026)).toMatchObject({ hours: 8760, days: 365 });
    expect(new Date(amsterdam.year(2026).startMs).toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('starts a day whose midnight does not exist at the first local instant after the gap', () => {
    // America/Santiago moved clocks from 00:00 to 01:00 on 2024-09-08.
    const santiago = new LocalCalendar('America/Santiago');
    const day = santiago.dayOf(Date.parse('2024-09-08T12:00:00Z'));
    expect(day.date).toBe('2024-09-08');
    expect(day.hours).toBe(23);
    expect(santiago.dayNumberOf(day.startMs)).toBe(day.dayNumber);
    expect(santiago.dayNumberOf(day.startMs - 60_000)).toBe(day.dayNumber - 1);
  });
});
