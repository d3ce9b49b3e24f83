import { describe, expect, it } from 'vitest';
import { alarmHistoryRange } from './alarm-history-range';

const DAY_MS = 86_400_000;
const WALL = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('alarmHistoryRange', () => {
  it('is the last days of the wall clock when the data is live', () => {
    expect(alarmHistoryRange(WALL, WALL, 7)).toEqual({ from: WALL - 7 * DAY_MS, to: WALL + 1, dataFrom: WALL + 1 - 7 * DAY_MS, dataTo: WALL + 1 });
  });

  it('reaches the activations of a simulator running hours ahead, and the acknowledgements made now', () => {
    const ahead = WALL + 5 * 3_600_000;
    const range = alarmHistoryRange(WALL, ahead, 7);
    expect(range).toMatchObject({ from: WALL - 7 * DAY_MS, to: ahead + 1, dataTo: ahead + 1, dataFrom: ahead + 1 - 7 * DAY_MS });
    // An activation at the newest data time is inside; the wall-clock range would have cut it off.
    expect(ahead).toBeLessThan(range.dataTo);
  });

  it('reaches back to a replay of last year without losing today’s operator actions', () => {
    const lastYear = WALL - 365 * DAY_MS;
    const range = alarmHistoryRange(WALL, lastYear, 7);
    expect(range.from).toBe(lastYear - 7 * DAY_MS);
    expect(range.to).toBe(WALL + 1);
    expect([range.dataFrom, range.dataTo]).toEqual([lastYear + 1 - 7 * DAY_MS, lastYear + 1]);
  });
});
