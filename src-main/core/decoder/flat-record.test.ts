import { describe, expect, it } from 'vitest';
import { ByteStringTable } from './byte-string-table';
import { FIELD_NUMBER, FIELD_STRING, FlatRecord, scanFlatRecord } from './flat-record';

const encoder = new TextEncoder();
const scan = (text: string, out = new FlatRecord()) => (scanFlatRecord(encoder.encode(text), out) ? out : null);

describe('scanFlatRecord', () => {
  it('reads keys, plain strings and numbers of a flat object', () => {
    const text = ' {"station_id" : "st-07",\n"ts":"2026-11-23T10:15:00Z", "t":-24.5 ,"n":0}\r\n';
    const out = scan(text);
    expect(out?.count).toBe(4);
    const bytes = encoder.encode(text);
    const slice = (a: number, b: number) => new TextDecoder().decode(bytes.subarray(a, b));
    expect(slice(out!.keyStart[0]!, out!.keyEnd[0]!)).toBe('station_id');
    expect(out!.kind[1]).toBe(FIELD_STRING);
    expect(slice(out!.valueStart[1]!, out!.valueEnd[1]!)).toBe('2026-11-23T10:15:00Z');
    expect([out!.kind[2], out!.numbers[2], out!.numbers[3]]).toEqual([FIELD_NUMBER, -24.5, 0]);
  });

  it.each([
    '', '[]', '{}', '{"a":1,}', '{"a":1', '{"a":1}x', '{"a" 1}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":1e3}', '{"a":-}',
    '{"a":"\\n"}', '{"a":"é"}', '{"é":1}', '{"a":true}', '{"a":null}', '{"a":[1]}', '{"a":{"b":1}}', '{"a":1234567890123456}',
    '{"a":"x\u0001"}', '{a:1}', '\uFEFF{"a":1}', '{"a":NaN}', '{"1":1}',
  ])('gives up on %j', (text) => {
    expect(scan(text)).toBeNull();
  });

  it('parses ≤15-digit decimals exactly as JSON.parse does', () => {
    let seed = 99;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const out = new FlatRecord();
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(random() * 15);
      const fraction = Math.floor(random() * digits);
      let text = String(1 + Math.floor(random() * 9));
      for (let d = 1; d < digits; d++) text += String(Math.floor(random() * 10));
      if (fraction > 0) text = text.slice(0, digits - fraction) + '.' + text.slice(digits - fraction);
      if (random() < 0.3) text = '0.' + '0'.repeat(Math.floor(random() * 3)) + text.replace('.', '').slice(0, 12);
      if (random() < 0.5) text = '-' + text;
      expect(scanFlatRecord(encoder.encode(`{"v":${text}}`), out)).toBe(true);
      expect(Object.is(out.numbers[0], JSON.parse(text))).toBe(true);
    }
    expect(Object.is(scan('{"v":-0}')?.numbers[0], -0)).toBe(true);
  });
});

describe('ByteStringTable', () => {
  it('returns the same instance for the same bytes, and stays within its limit', () => {
    const table = new ByteStringTable(2);
    const bytes = encoder.encode('alphabetagamma');
    const a = table.intern(bytes, 0, 5);
    expect(a).toBe('alpha');
    expect(table.intern(encoder.encode('xalpha'), 1, 6)).toBe(a);
    expect(table.intern(bytes, 5, 9)).toBe('beta');
    const first = table.intern(bytes, 9, 14);
    const second = table.intern(bytes, 9, 14);
    expect([first, second]).toEqual(['gamma', 'gamma']);
    expect(table.lastSlot).toBe(-1); // full: not stored, so markLast reports "seen"
    expect(table.markLast(1)).toBe(true);
  });

  it('seeds configured strings so lookups return that very instance, and marks repeats per generation', () => {
    const table = new ByteStringTable(16);
    const key = ['station', 'id'].join('_');
    table.seed(key);
    expect(table.intern(encoder.encode('station_id'), 0, 10)).toBe(key);
    expect(table.markLast(7)).toBe(false);
    expect(table.markLast(7)).toBe(true);
    expect(table.markLast(8)).toBe(false);
  });
});
