import { describe, expect, it } from 'vitest';
import { seededRandom } from './window-reference.test-support';
import { COUNT, MAX, MIN, STATS_STRIDE, WindowPool } from './window-pool';

function exact(values: readonly number[]): { mean: number; m2: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { mean, m2: values.reduce((sum, v) => sum + (v - mean) ** 2, 0) };
}

describe('WindowPool shifted sums', () => {
  it('keeps mean and M2 of values with a tiny spread next to the mean (pressure ≈ 1013 ± 2)', () => {
    const pool = new WindowPool(4);
    const random = seededRandom(5);
    const values = Array.from({ length: 5_000 }, () => 1013 + (random() - 0.5) * 4);
    const slot = pool.allocate(0, values[0]);
    for (const v of values) pool.add(slot, v);
    const { mean, m2 } = exact(values);
    expect(Math.abs(pool.mean(slot) - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(pool.m2(slot) - m2) / m2).toBeLessThan(1e-10);
  });

  it('merges windows with different shifts into the statistics of all their values', () => {
    const pool = new WindowPool(4);
    const random = seededRandom(9);
    const target = pool.allocate(0);
    const all: number[] = [];
    for (let part = 0; part < 6; part++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 40) }, () => 1013 + part * 0.3 + (random() - 0.5) * 4);
      const source = pool.allocate(0, values[0]);
      for (const v of values) pool.add(source, v);
      pool.merge(target, source);
      pool.release(source);
      all.push(...values);
    }
    const { mean, m2 } = exact(all);
    const b = target * STATS_STRIDE;
    expect(pool.stats[b + COUNT]).toBe(all.length);
    expect(pool.stats[b + MIN]).toBe(Math.min(...all));
    expect(pool.stats[b + MAX]).toBe(Math.max(...all));
    expect(Math.abs(pool.mean(target) - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(pool.m2(target) - m2) / m2).toBeLessThan(1e-10);
  });
});

describe('WindowPool.oldestStart', () => {
  it('tracks the lowest open start as windows open and close, against a scan', () => {
    const pool = new WindowPool(2);
    const random = seededRandom(31);
    const open = new Map<number, number>();
    expect(pool.oldestStart()).toBeNull();
    for (let step = 0; step < 2_000; step++) {
      if (open.size > 0 && random() < 0.45) {
        const slots = [...open.keys()];
        const slot = slots[Math.floor(random() * slots.length)]!;
        pool.release(slot);
        open.delete(slot);
      } else {
        const start = Math.floor(random() * 50) * 10_000;
        open.set(pool.allocate(start), start);
      }
      const expected = open.size === 0 ? null : Math.min(...open.values());
      expect(pool.oldestStart()).toBe(expected);
    }
  });
});
