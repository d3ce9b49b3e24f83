import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { mergeReadings } from './readings-write';

describe('mergeReadings', () => {
  it('returns the batch itself when every station only moves forward in time', () => {
    const rows: Reading[] = [
      { stationId: 'a', ts: 1, metrics: { t: 1 } },
      { stationId: 'b', ts: 1, metrics: { t: 2 } },
      { stationId: 'a', ts: 2, metrics: { t: 3 } },
    ];
    expect(mergeReadings(rows)).toBe(rows);
  });

  it('returns the batch itself when times go back but no (station, ts) repeats', () => {
    const rows: Reading[] = [
      { stationId: 'a', ts: 2, metrics: { t: 1 } },
      { stationId: 'a', ts: 1, metrics: { t: 2 } },
    ];
    expect(mergeReadings(rows)).toBe(rows);
  });

  it('merges parts of one instant, later values winning, in first-seen order', () => {
    const rows: Reading[] = [
      { stationId: 'a', ts: 1, metrics: { t: 1, h: 5 } },
      { stationId: 'b', ts: 1, metrics: { t: 2 } },
      { stationId: 'a', ts: 1, metrics: { t: 9, p: 7 } },
    ];
    expect(mergeReadings(rows)).toEqual([
      { stationId: 'a', ts: 1, metrics: { t: 9, h: 5, p: 7 } },
      { stationId: 'b', ts: 1, metrics: { t: 2 } },
    ]);
  });
});
