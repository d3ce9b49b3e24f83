import { describe, expect, it } from 'vitest';
import type { ThresholdRule } from '../../../src-shared/domain/rules';
import type { StoreReader, WindowSeries, WindowSeriesQuery } from '../../core/ports';
import { backtestRule } from './backtest';

const T0 = 1_700_000_000_000;
const SIZE = 10_000;

/** Windows of SIZE ms from T0, one per mean (min = max = mean), as the store would answer. */
function series(stationId: string, means: readonly number[]): WindowSeries {
  const column = (values: readonly number[]) => Float64Array.from(values);
  return { stationId, start: column(means.map((_, i) => T0 + i * SIZE)), count: column(means.map(() => 10)), mean: column(means), min: column(means), max: column(means), stddev: column(means.map(() => 0)), p95: column(means) };
}

/** Only queryWindows is used by the back-test; it answers the stations asked for. */
function storeOf(all: readonly WindowSeries[]): StoreReader {
  const queryWindows = async (q: WindowSeriesQuery) => all.filter((s) => q.stationIds === null || q.stationIds.includes(s.stationId));
  return { queryWindows } as unknown as StoreReader;
}

const RULE: ThresholdRule = { kind: 'threshold', id: 'hot', name: 'Hot', enabled: true, severity: 'critical', metric: 'temperature', stationId: null, statistic: 'mean', windowMs: SIZE, operator: '>', level: 35, clearLevel: 33, pendingMs: 0 };

describe('backtestRule', () => {
  // Station A crosses 35 in its 2nd window, clears below 33 in its 4th, crosses again in its 5th and
  // clears in its 6th; B never crosses; C crosses in its 3rd window and is still above at the end.
  // A window's verdict is known when it closes: start + size.
  const store = storeOf([series('st-a', [30, 36, 37, 32, 36, 30]), series('st-b', [30, 31, 30, 31, 30, 31]), series('st-c', [30, 34, 36, 36, 34, 34])]);
  const end = (i: number) => T0 + i * SIZE + SIZE;

  it('says when each alarm would have fired and cleared, in time order, besides the count and stations', async () => {
    const result = await backtestRule(store, RULE, T0, T0 + 60_000);
    expect(result.activations).toBe(3);
    expect(result.stations).toEqual(['st-a', 'st-c']);
    expect(result.firings).toEqual([
      { stationId: 'st-a', at: end(1), clearedAt: end(3) },
      { stationId: 'st-c', at: end(2), clearedAt: null },
      { stationId: 'st-a', at: end(4), clearedAt: end(5) },
    ]);
  });

  it('waits out the pending time before a firing', async () => {
    const result = await backtestRule(store, { ...RULE, stationId: 'st-c', pendingMs: SIZE }, T0, T0 + 60_000);
    // C breaches at the end of window 2 and is still breached at the end of window 3: fires then.
    expect(result.firings).toEqual([{ stationId: 'st-c', at: end(3), clearedAt: null }]);
  });
});
