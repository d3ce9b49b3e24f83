import { describe, expect, it } from 'vitest';
import { booleanArray, numberArray, textArray } from './sql-array';

describe('array literals', () => {
  it('writes numbers, including the special floats PostgreSQL accepts', () => {
    expect(numberArray([1, 2.5, -0.001, 1795132800000, NaN, Infinity, -Infinity, null])).toBe('{1,2.5,-0.001,1795132800000,NaN,Infinity,-Infinity,NULL}');
    expect(numberArray([])).toBe('{}');
  });

  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArray(['a', 'b"c', 'd\\e', '', 'NULL', '{x,y}', null, ' space '])).toBe('{"a","b\\"c","d\\\\e","","NULL","{x,y}",NULL," space "}');
    expect(textArray([JSON.stringify({ k: 'v"w' })])).toBe('{"{\\"k\\":\\"v\\\\\\"w\\"}"}');
  });

  it('writes booleans', () => {
    expect(booleanArray([true, false])).toBe('{t,f}');
  });
});
