import { describe, expect, it } from 'vitest';
import type { QualityFlagHour } from '../../src-shared/domain/air-quality';
import { flagRuns } from './flag-runs';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);

function flag(stationId: string, hour: number, kind: QualityFlagHour['kind'] = 'drift'): QualityFlagHour {
  return { stationId, metric: 'no2', hourStartMs: T0 + hour * H, kind, isExcluded: kind !== 'local-event', reason: `${kind} at ${hour}` };
}

describe('flagRuns', () => {
  it('joins consecutive hours of one station and kind, and splits on a gap, another kind or another station', () => {
    const runs = flagRuns([flag('b', 0), flag('a', 2), flag('a', 0, 'local-event'), flag('a', 1, 'local-event'), flag('a', 3), flag('a', 5)]);
    expect(runs).toEqual([
      { stationId: 'a', kind: 'local-event', isExcluded: false, fromMs: T0, toMs: T0 + 2 * H, hours: 2, reason: 'local-event at 1' },
      { stationId: 'a', kind: 'drift', isExcluded: true, fromMs: T0 + 2 * H, toMs: T0 + 4 * H, hours: 2, reason: 'drift at 3' },
      { stationId: 'a', kind: 'drift', isExcluded: true, fromMs: T0 + 5 * H, toMs: T0 + 6 * H, hours: 1, reason: 'drift at 5' },
      { stationId: 'b', kind: 'drift', isExcluded: true, fromMs: T0, toMs: T0 + H, hours: 1, reason: 'drift at 0' },
    ]);
  });

  it('has no run without flags', () => {
    expect(flagRuns([])).toEqual([]);
  });
});
