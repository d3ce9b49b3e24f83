import { describe, expect, it } from 'vitest';
import { chooseResolution } from './history-resolution';

const sizes = [10_000, 60_000, 300_000, 3_600_000];
const hour = 3_600_000;

describe('chooseResolution', () => {
  it('picks the coarsest size that still yields maxPoints', () => {
    // 24 h at 600 px: 1-min windows give 1440 points, 5-min give 288 (< 600), so 1 min.
    expect(chooseResolution(sizes, 0, 24 * hour, 600, false)).toBe(60_000);
    // 30 days at 600 px: 1-h windows give 720 points.
    expect(chooseResolution(sizes, 0, 30 * 24 * hour, 600, false)).toBe(3_600_000);
    // exactly maxPoints counts as enough
    expect(chooseResolution(sizes, 0, 600 * 300_000, 600, false)).toBe(300_000);
  });

  it('falls back to raw readings when even the finest window is too coarse', () => {
    expect(chooseResolution(sizes, 0, 10 * 60_000, 600, true)).toBe(0);
  });

  it('uses the finest window when raw readings are not stored', () => {
    expect(chooseResolution(sizes, 0, 10 * 60_000, 600, false)).toBe(10_000);
  });

  it('ignores the order of sizes and handles an empty store', () => {
    expect(chooseResolution([3_600_000, 10_000, 60_000], 0, 24 * hour, 600, false)).toBe(60_000);
    expect(chooseResolution([], 0, hour, 600, false)).toBeNull();
    expect(chooseResolution([], 0, hour, 600, true)).toBe(0);
  });

  it('ignores sizes that are not positive finite numbers', () => {
    // A size of 0 must not pass for a window that "yields enough points" (it would mean raw readings).
    expect(chooseResolution([0, 60_000], 0, 10 * 60_000, 600, false)).toBe(60_000);
    expect(chooseResolution([0, -5, Number.NaN, Number.POSITIVE_INFINITY], 0, hour, 600, false)).toBeNull();
    expect(chooseResolution([0, 60_000], 0, 10 * 60_000, 600, true)).toBe(0);
  });

  it('treats a reversed range as empty', () => {
    expect(chooseResolution(sizes, hour, 0, 600, false)).toBe(10_000);
    expect(chooseResolution(sizes, hour, 0, 600, true)).toBe(0);
  });
});
