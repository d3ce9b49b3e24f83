import { describe, expect, it } from 'vitest';
import { initialSpan } from './span-picker';

describe('initialSpan', () => {
  it('accepts only the offered spans from the URL', () => {
    expect(initialSpan('?span=3600000')).toBe(3_600_000);
    expect(initialSpan('?span=42')).toBe(300_000);
    expect(initialSpan('')).toBe(300_000);
  });
});
