import { describe, expect, it } from 'vitest';
import { RandomStreams, mix32 } from './random-streams';

function draw(streams: RandomStreams, stream: number, n: number): number[] {
  return Array.from({ length: n }, () => streams.uniform(stream));
}

describe('RandomStreams', () => {
  it('repeats exactly for the same seed and differs for another seed or stream', () => {
    const a = new RandomStreams(3, 42);
    const b = new RandomStreams(3, 42);
    const c = new RandomStreams(3, 43);
    const first = draw(a, 1, 20);
    expect(draw(b, 1, 20)).toEqual(first);
    expect(draw(c, 1, 20)).not.toEqual(first);
    expect(draw(new RandomStreams(3, 42), 2, 20)).not.toEqual(first);
  });

  it('keeps streams independent: drawing from one does not move another', () => {
    const a = new RandomStreams(2, 7);
    const b = new RandomStreams(2, 7);
    draw(a, 0, 1000);
    expect(draw(a, 1, 10)).toEqual(draw(b, 1, 10));
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const r = new RandomStreams(1, 1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let k = 0; k < n; k++) {
      const u = r.uniform(0);
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals (mean 0, sd 1, ~4.6% beyond 2σ)', () => {
    const r = new RandomStreams(1, 5);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let beyond2 = 0;
    for (let k = 0; k < n; k++) {
      const z = r.normal(0);
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sumSq / n)).toBeCloseTo(1, 1);
    expect(beyond2 / n).toBeGreaterThan(0.042);
    expect(beyond2 / n).toBeLessThan(0.049);
  });

  it('draws geometric gaps with mean (1-p)/p, and never / always at p = 0 / 1', () => {
    const r = new RandomStreams(1, 9);
    const p = 0.01;
    const n = 50_000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += r.geometric(0, p);
    expect(sum / n).toBeGreaterThan(0.95 * ((1 - p) / p));
    expect(sum / n).toBeLessThan(1.05 * ((1 - p) / p));
    expect(r.geometric(0, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(r.geometric(0, 1)).toBe(0);
  });

  it('mixes seeds into well-spread 32-bit values', () => {
    const values = new Set([0, 1, 2, 3, 4].map(mix32));
    expect(values.size).toBe(5);
    for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
    expect(mix32(1) ^ mix32(2)).not.toBe(mix32(1 ^ 2));
  });
});
