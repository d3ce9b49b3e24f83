import { describe, expect, it } from 'vitest';
import { SKETCH_RELATIVE_ACCURACY, sketchKey, sketchValue } from './key-mapping';
import { SKETCH_BUCKETS_PER_SIGN, SketchPool } from './sketch-pool';
import { seededRandom, sketchRetains } from './window-reference.test-support';

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('key mapping', () => {
  it('keeps every value within the stated relative error of its bucket, in order', () => {
    const random = seededRandom(9);
    let previousKey = Number.NEGATIVE_INFINITY;
    for (let x = -1e6; x < 1e6; x += 997.3 * random()) {
      const key = sketchKey(x);
      expect(key).toBeGreaterThanOrEqual(previousKey);
      previousKey = key;
      if (x !== 0) expect(Math.abs(sketchValue(key) - x)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(x));
    }
    expect(sketchKey(0)).toBe(0);
    expect(sketchKey(1e-12)).toBe(0);
    expect(sketchValue(0)).toBe(0);
  });
});

/** Sketches with their store metadata in records of their own (8 words each), as windows hold them. */
class Sketches {
  readonly pool = new SketchPool(1); // grows on demand
  private readonly meta = new Int32Array(8 * 1_024);
  private readonly slots: number[] = [];

  allocate(): number {
    const record = this.slots.length;
    this.slots.push(this.pool.allocate(this.meta, record * 8, record * 8 + 4));
    return record;
  }
  add(record: number, value: number): void {
    this.pool.add(this.meta, record * 8, record * 8 + 4, this.slots[record]!, value);
  }
  merge(target: number, source: number): void {
    this.pool.merge(this.meta, target * 8, target * 8 + 4, this.slots[target]!, source * 8, source * 8 + 4, this.slots[source]!);
  }
  quantile(record: number, q: number, total: number): number {
    return this.pool.quantile(this.meta, record * 8, record * 8 + 4, this.slots[record]!, q, total);
  }
  /** Releases the record's sketch and gives the record a fresh one; returns the new sketch slot. */
  reuse(record: number): { before: number; after: number } {
    const before = this.slots[record]!;
    this.pool.release(this.meta, record * 8, record * 8 + 4, before);
    this.slots[record] = this.pool.allocate(this.meta, record * 8, record * 8 + 4);
    return { before, after: this.slots[record]! };
  }
}

describe('SketchPool', () => {
  for (const [name, draw] of [
    ['normal-ish around 1013', (r: () => number) => 1013 + (r() + r() + r() - 1.5) * 2],
    ['signed with zeros', (r: () => number) => (r() < 0.2 ? 0 : (r() - 0.4) * 80)],
    ['all negative', (r: () => number) => -5 - r() * 20],
  ] as const) {
    it(`estimates quantiles within the stated error (${name})`, () => {
      const random = seededRandom(name.length);
      const pool = new Sketches();
      const slot = pool.allocate();
      const values: number[] = [];
      for (let i = 0; i < 20_000; i++) {
        const v = draw(random);
        values.push(v);
        pool.add(slot, v);
      }
      const sorted = [...values].sort((x, y) => x - y);
      for (const q of [0.05, 0.5, 0.95, 0.99]) {
        const exact = exactQuantile(values, q);
        const isRetained = sketchRetains(sorted, exact, SKETCH_BUCKETS_PER_SIGN, sketchKey);
        // The guarantee holds while the quantile's bucket was not folded; from the median up it must not be.
        if (q >= 0.5) expect(isRetained).toBe(true);
        if (isRetained) expect(Math.abs(pool.quantile(slot, q, values.length) - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9);
      }
    });
  }

  it('merges exactly: a merged sketch answers like one fed everything', () => {
    const random = seededRandom(4);
    const pool = new Sketches();
    const [a, b, all] = [pool.allocate(), pool.allocate(), pool.allocate()];
    for (let i = 0; i < 5_000; i++) {
      const v = (random() - 0.3) * Math.exp(random() * 5);
      pool.add(i % 2 === 0 ? a : b, v);
      pool.add(all, v);
    }
    pool.merge(a, b);
    for (const q of [0, 0.1, 0.5, 0.9, 0.95, 1]) expect(pool.quantile(a, q, 5_000)).toBe(pool.quantile(all, q, 5_000));
  });

  it('collapses the lowest buckets when values span too widely, keeping high quantiles accurate', () => {
    const pool = new Sketches();
    const slot = pool.allocate();
    const values: number[] = [];
    for (let i = 0; i < 2_000; i++) values.push(1e-6 * 1.02 ** i); // spans ~17 orders of magnitude, > SKETCH_BUCKETS_PER_SIGN keys
    for (const v of values) pool.add(slot, v);
    expect(sketchKey(values[values.length - 1]!) - sketchKey(values[0]!)).toBeGreaterThan(SKETCH_BUCKETS_PER_SIGN);
    const p95 = exactQuantile(values, 0.95);
    expect(Math.abs(pool.quantile(slot, 0.95, values.length) - p95)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * p95);
    expect(pool.quantile(slot, 0.01, values.length)).toBeGreaterThan(exactQuantile(values, 0.01)); // low end folded upward
  });

  it('is empty again after release and reuse', () => {
    const pool = new Sketches();
    const slot = pool.allocate();
    pool.add(slot, 100);
    const { before, after } = pool.reuse(slot);
    expect(after).toBe(before);
    pool.add(slot, -3);
    expect(pool.quantile(slot, 0.95, 1)).toBeCloseTo(-3, 1);
    expect(pool.quantile(slot, 0.95, 0)).toBeNaN();
  });

  it('grows by segments without moving sketches: every sketch answers the same after the pool grew past several segments', () => {
    const random = seededRandom(12);
    const pool = new Sketches();
    const records: number[] = [];
    const values: number[][] = [];
    // 600 sketches span three 256-slot segments; each gets values in both stores and a merge partner.
    for (let r = 0; r < 600; r++) {
      records.push(pool.allocate());
      values.push([]);
      const count = 1 + Math.floor(random() * 300); // some pass 256 adds to a bucket (the high counts)
      for (let i = 0; i < count; i++) {
        const v = random() < 0.5 ? 20 + random() * 0.2 : -(3 + random() * 50);
        pool.add(records[r]!, v);
        values[r]!.push(v);
      }
      if (r > 0 && r % 7 === 0) {
        pool.merge(records[r]!, records[r - 1]!);
        values[r]!.push(...values[r - 1]!);
      }
    }
    for (let r = 0; r < 600; r++) {
      for (const q of [0, 0.5, 0.95, 1]) {
        const exact = exactQuantile(values[r]!, q);
        expect(Math.abs(pool.quantile(records[r]!, q, values[r]!.length) - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9);
      }
    }
  });
});
