import { describe, expect, it } from 'vitest';
import { formatRaisedAt } from './alarm-row';

describe('formatRaisedAt in the control-room zone', () => {
  const raised = Date.UTC(2026, 0, 16, 3, 0, 0); // 22:00 on 15 Jan in New York, 04:00 on 16 Jan in Amsterdam

  it('shows the time alone when the data clock is on the same day in the zone', () => {
    const sameNyEvening = Date.UTC(2026, 0, 16, 4, 30, 0); // 23:30 on 15 Jan in New York
    expect(formatRaisedAt(raised, sameNyEvening, 'America/New_York')).toMatch(/^22:00:00$/);
  });

  it('adds the date when the zone has moved to another day, even though UTC has not', () => {
    const nextNyDay = Date.UTC(2026, 0, 16, 6, 0, 0); // 01:00 on 16 Jan in New York, same UTC day as raised
    const shown = formatRaisedAt(raised, nextNyDay, 'America/New_York');
    expect(shown).toContain('22:00');
    expect(shown).toContain('15');
    expect(formatRaisedAt(raised, nextNyDay, 'Europe/Amsterdam')).toBe('04:00:00');
  });
});
