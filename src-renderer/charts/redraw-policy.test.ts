import { describe, expect, it } from 'vitest';
import { shouldRedraw } from './redraw-policy';

describe('shouldRedraw', () => {
  const drawn = { version: 5, spanMs: 300_000, to: 1_000_000, at: 10_000 };

  it('always draws first, and again when the span changes', () => {
    expect(shouldRedraw(null, 0, 300_000, 0, 0, 600)).toBe(true);
    expect(shouldRedraw(drawn, 5, 900_000, 1_000_000, 10_001, 600)).toBe(true);
  });

  it('skips when nothing new arrived', () => {
    expect(shouldRedraw(drawn, 5, 300_000, 1_100_000, 99_999, 600)).toBe(false);
  });

  it('waits for a pixel of movement (500 ms at 300 s over 600 px) or a second of age', () => {
    expect(shouldRedraw(drawn, 6, 300_000, 1_000_499, 10_100, 600)).toBe(false);
    expect(shouldRedraw(drawn, 6, 300_000, 1_000_500, 10_100, 600)).toBe(true);
    expect(shouldRedraw(drawn, 6, 300_000, 1_000_000, 11_000, 600)).toBe(true);
  });
});
