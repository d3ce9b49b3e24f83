import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('averages complete seconds in the window', () => {
    const meter = new RateMeter(5);
    for (let s = 0; s < 10; s++) meter.add(100, s * 1000 + 500);
    expect(meter.perSecond(10_000)).toBe(100);
  });

  it('forgets seconds that left the window and ignores the partial current second', () => {
    const meter = new RateMeter(5);
    meter.add(1000, 500);
    expect(meter.perSecond(1500)).toBe(200);
    expect(meter.perSecond(7000)).toBe(0);
    meter.add(50, 7100);
    expect(meter.perSecond(7200)).toBe(0);
  });
});
