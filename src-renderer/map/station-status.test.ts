import { describe, expect, it } from 'vitest';
import { formatAge, latestValueLines, lookClass, lookLabel, stationLook, unplacedStations, worstPendingByStation } from './station-status';

const latest = { lastTs: 0, lastSeenAt: 1000, values: new Map([['temperature', 24.123], ['radon', 3.14159], ['humidity', 61]]) };

describe('stationLook', () => {
  it('is stale without data or after the stale time, and keeps the alarm severity', () => {
    expect(stationLook(undefined, undefined, 0, 60_000, false)).toEqual({ severity: null, pending: null, isStale: true, isOutOfService: false });
    expect(stationLook('critical', latest, 61_001, 60_000, false).isStale).toBe(true);
    expect(stationLook('critical', latest, 61_000, 60_000, true)).toEqual({ severity: 'critical', pending: null, isStale: false, isOutOfService: true });
  });

  it('describes itself in words and CSS classes', () => {
    const look = { severity: 'warning' as const, pending: null, isStale: true, isOutOfService: false };
    expect(lookLabel(look)).toBe('Warning, stale');
    expect(lookClass(look)).toBe('station-marker sev-warning is-stale');
    expect(lookClass({ severity: null, pending: null, isStale: false, isOutOfService: true })).toBe('station-marker sev-ok is-oos');
  });

  it('says "Pending" for a station whose rule is breached but not yet an alarm, never "Normal"', () => {
    const pending = stationLook(undefined, latest, 2000, 60_000, false, 'critical');
    expect(pending.pending).toBe('critical');
    expect(lookLabel(pending)).toBe('Pending critical');
    expect(lookClass(pending)).toBe('station-marker sev-ok is-pending pending-critical');
    const both = stationLook('warning', latest, 2000, 60_000, false, 'critical');
    expect(lookLabel(both)).toBe('Warning, pending critical');
    expect(lookClass(both)).toBe('station-marker sev-warning is-pending pending-critical');
  });

  it('takes the worst pending priority of each station', () => {
    const worst = worstPendingByStation([
      { stationId: 'a', severity: 'warning' },
      { stationId: 'a', severity: 'critical' },
      { stationId: 'a', severity: 'warning' },
      { stationId: 'b', severity: 'warning' },
    ]);
    expect([...worst]).toEqual([['a', 'critical'], ['b', 'warning']]);
  });
});

describe('tooltip helpers', () => {
  it('formats the data age', () => {
    expect(formatAge(undefined, 0)).toBe('no data yet');
    expect(formatAge(latest, 5000)).toBe('4 s ago');
    expect(formatAge(latest, 1000 + 600_000)).toBe('10 min ago');
    expect(formatAge(latest, 1000 + 3 * 3_600_000)).toBe('3 h ago');
  });

  it('lists latest values with catalogue units and decimals in the given order', () => {
    expect(latestValueLines(latest, ['humidity', 'temperature', 'radon', 'pressure'])).toEqual([
      { label: 'Humidity', value: '61.0 %' },
      { label: 'Temperature', value: '24.1 °C' },
      { label: 'Radon', value: '3.14' },
    ]);
  });

  it('finds unplaced stations', () => {
    const stations = [{ id: 'a', name: 'A', district: '', lat: 1, lon: 2 }, { id: 'b', name: 'B', district: '', lat: null, lon: null }];
    expect(unplacedStations(stations).map((s) => s.id)).toEqual(['b']);
  });
});
