import { describe, expect, it } from 'vitest';
import { worstClusterStatus } from './cluster-status';
import type { StationLook } from './station-status';

const look = (over: Partial<StationLook> = {}): StationLook => ({ severity: null, pending: null, isStale: false, isOutOfService: false, ...over });

describe('worstClusterStatus', () => {
  it('ranks alarm over pending over stale over normal', () => {
    const normal = look();
    const stale = look({ isStale: true });
    const pending = look({ pending: 'warning', isStale: true });
    const alarm = look({ severity: 'warning' });
    expect(worstClusterStatus([normal, normal])).toBe('normal');
    expect(worstClusterStatus([normal, stale, normal])).toBe('stale');
    expect(worstClusterStatus([stale, pending, normal])).toBe('pending-warning');
    expect(worstClusterStatus([pending, alarm, stale])).toBe('alarm-warning');
    expect(worstClusterStatus([alarm, look({ severity: 'critical' }), pending])).toBe('alarm-critical');
    expect(worstClusterStatus([look({ pending: 'critical' }), pending])).toBe('pending-critical');
  });

  it('lets an out-of-service station hide nothing, and says so when all are', () => {
    expect(worstClusterStatus([look({ isOutOfService: true, severity: 'critical' }), look()])).toBe('normal');
    expect(worstClusterStatus([look({ isOutOfService: true })])).toBe('out-of-service');
    expect(worstClusterStatus([])).toBe('normal');
  });
});
