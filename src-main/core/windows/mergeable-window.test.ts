/** The mergeable form of a stored window: exported from the pool, merged with late values, read back. */
import { describe, expect, it } from 'vitest';
import { mergeValues, quantileOf } from './mergeable-window';
import { SKETCH_RELATIVE_ACCURACY } from './key-mapping';
import { COUNT, INLINE_VALUES, MAX, MIN, STATS_STRIDE, WindowPool } from './window-pool';
import { seededRandom } from './window-reference.test-support';

function exactRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('mergeable windows', () => {
  it('a window exported from the pool reads back the p95 the pool itself reports (inline and sketched)', () => {
    const random = seededRandom(3);
    for (const n of [5, INLINE_VALUES, INLINE_VALUES + 1, 500]) {
      const pool = new WindowPool();
      const slot = pool.allocate(0, 0);
      for (let i = 0; i < n; i++) pool.add(slot, random() < 0.1 ? 0 : (random() - 0.3) * 100);
      const b = slot * STATS_STRIDE;
      const sketch = pool.mergeableSketch(slot);
      expect(sketch[0]).toBe(n <= INLINE_VALUES ? 0 : 1);
      expect(quantileOf(sketch, 0.95, pool.stats[b + COUNT]!, pool.stats[b + MIN]!, pool.stats[b + MAX]!)).toBe(pool.quantile(slot, 0.95));
    }
  });

  it('merging in parts gives the statistics of all values at once: exact count, min, max; mean and M2 to rounding; p95 within 1 %', () => {
    const random = seededRandom(9);
    const all = Array.from({ length: 3_000 }, () => 1013 + (random() - 0.5) * 4);
    let stored = mergeValues(null, all.slice(0, 7));
    for (let from = 7; from < all.length; from += 293) stored = mergeValues(stored, all.slice(from, from + 293));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const m2 = all.reduce((a, b) => a + (b - mean) ** 2, 0);
    expect(stored.count).toBe(all.length);
    expect(stored.min).toBe(Math.min(...all));
    expect(stored.max).toBe(Math.max(...all));
    expect(Math.abs(stored.mean - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(stored.m2 - m2) / m2).toBeLessThan(1e-9);
    expect(Math.abs(stored.p95 - exactRank(all, 0.95))).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * exactRank(all, 0.95));
  });

  it('stays exact while the values fit inline, as the on-time path is', () => {
    const merged = mergeValues(mergeValues(null, [3, 1, 2]), [10, -4]);
    expect(merged).toMatchObject({ count: 5, min: -4, max: 10, p95: 3, sketch: [0, 3, 1, 2, 10, -4] });
  });

  it('merges into a row stored before sketches were (its p95 stands in for its values)', () => {
    const legacy = { count: 4, mean: 10, m2: 8, min: 8, max: 12, p95: 12, sketch: null };
    const merged = mergeValues(legacy, [20]);
    expect(merged.count).toBe(5);
    expect(merged.mean).toBeCloseTo(12, 12);
    expect(merged.max).toBe(20);
    expect(merged.m2).toBeCloseTo(8 + (10 * 10 * 4) / 5, 9);
  });
});
