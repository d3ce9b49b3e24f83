import { describe, expect, it } from 'vitest';
import { QuietWindow } from './quiet-hours';

const MIN = 60_000;

describe('QuietWindow', () => {
  it('spans midnight in local time (22:00–07:00 Amsterdam, winter: UTC+1)', () => {
    const quiet = new QuietWindow({ start: '22:00', end: '07:00', zone: 'Europe/Amsterdam', allowSeverities: ['critical'] });
    expect(quiet.contains(Date.UTC(2026, 0, 15, 20, 59))).toBe(false); // 21:59 local
    expect(quiet.contains(Date.UTC(2026, 0, 15, 21, 0))).toBe(true); // 22:00 local
    expect(quiet.contains(Date.UTC(2026, 0, 16, 5, 59))).toBe(true); // 06:59 local
    expect(quiet.contains(Date.UTC(2026, 0, 16, 6, 0))).toBe(false); // 07:00 local
  });

  it('follows daylight saving (summer: UTC+2)', () => {
    const quiet = new QuietWindow({ start: '22:00', end: '07:00', zone: 'Europe/Amsterdam', allowSeverities: [] });
    expect(quiet.contains(Date.UTC(2026, 6, 15, 20, 0))).toBe(true); // 22:00 local
    expect(quiet.contains(Date.UTC(2026, 6, 15, 19, 59))).toBe(false);
    // The night the clocks go forward (2026-03-29): 07:00 local is 05:00 UTC.
    expect(quiet.contains(Date.UTC(2026, 2, 29, 4, 59))).toBe(true);
    expect(quiet.contains(Date.UTC(2026, 2, 29, 5, 0))).toBe(false);
  });

  it('a daytime window and an all-day window', () => {
    const day = new QuietWindow({ start: '09:00', end: '17:00', zone: 'UTC', allowSeverities: [] });
    expect(day.contains(Date.UTC(2026, 3, 1, 9, 0))).toBe(true);
    expect(day.contains(Date.UTC(2026, 3, 1, 17, 0))).toBe(false);
    const always = new QuietWindow({ start: '00:00', end: '00:00', zone: 'UTC', allowSeverities: [] });
    expect(always.contains(Date.UTC(2026, 3, 1, 12, 34) + 5 * MIN)).toBe(true);
  });
});
