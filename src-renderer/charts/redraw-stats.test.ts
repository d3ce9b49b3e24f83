import { describe, expect, it } from 'vitest';
import { percentile, summariseTimings } from './redraw-stats';

describe('redraw timing summary', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summariseTimings(values)).toEqual({ count: 100, mean: 50.5, median: 50, p95: 95, max: 100 });
    expect(percentile(Float64Array.of(3), 95)).toBe(3);
  });

  it('is NaN when nothing was measured', () => {
    const summary = summariseTimings(new Float64Array(0));
    expect(summary.count).toBe(0);
    expect(summary.p95).toBeNaN();
  });
});
