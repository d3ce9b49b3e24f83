import { describe, expect, it } from 'vitest';
import { describeInvalidIdentifier, quoteForDetail } from './identifier';

describe('describeInvalidIdentifier', () => {
  it.each([
    'st-07', 'a', 'x'.repeat(128), 'Station Nord / Süd', 'Zürich-Höngg', '東京-01', 'ställe 😀', 'a b', 'α\u00a0β', 'tab-less_id.v2:3',
  ])('accepts %j', (id) => {
    expect(describeInvalidIdentifier(id)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(129), /129 characters long/],
    ['😀'.repeat(65), /130 characters long/],
    [' st-07', /space/],
    ['st-07 ', /space/],
    ['st\t07', /U\+0009/],
    ['st\u007f', /U\+007F/],
    ['st\u0085', /U\+0085/],
    ['st\u009f', /U\+009F/],
    ['st\ud800', /lone surrogate U\+D800/],
    ['\udc00st', /lone surrogate U\+DC00 at position 0/],
    ['st\ud83d-x', /lone surrogate U\+D83D/],
    ['st-\u202e70', /direction-changing character U\+202E/],
    ['st\u200b07', /U\+200B/],
    ['\ufeffst', /U\+FEFF/],
    ['st\u2028', /U\+2028/],
    ['st\uffff', /U\+FFFF/],
  ])('refuses %j', (id, expected) => {
    expect(describeInvalidIdentifier(id)).toMatch(expected);
  });
});

describe('quoteForDetail', () => {
  it('escapes controls and shortens long text without splitting a surrogate pair', () => {
    expect(quoteForDetail('a\u0000b')).toBe('"a\\u0000b"');
    const long = 'x'.repeat(59) + '😀' + 'y'.repeat(100);
    const quoted = quoteForDetail(long);
    expect(quoted).toBe(JSON.stringify('x'.repeat(59)) + '… (161 characters)');
  });
});
