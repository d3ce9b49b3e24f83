import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { copyField, readingsArrays, readingsCopyText } from './readings-text';
import { numberArray, textArray } from './sql-array';
import { seededRandom } from '../../../src-shared/test-support/seeded-random';

/** What the old UNNEST path sent: JSON.stringify, NUL escapes swapped for U+FFFD, generic array escaping. */
function referenceArrays(rows: readonly Reading[]): [string, string, string] {
  const nul = (s: string): string => s.replaceAll('\u0000', '\uFFFD');
  const json = (m: unknown): string => JSON.stringify(m).replaceAll('\\u0000', '\\ufffd');
  return [textArray(rows.map((r) => nul(r.stationId))), numberArray(rows.map((r) => r.ts)), textArray(rows.map((r) => json(r.metrics)))];
}

/** Undoes COPY text-format escaping of one field, as the server reads it. */
function unescapeCopy(field: string): string {
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

const oddNames = ['temperature', 'a"b', 'back\\slash', 'new\nline', 'tab\tbed', 'cr\rx', 'nul\u0000x', 'ünïcødé 🌡', 'esc\\N', '\\.', ''];

describe('readingsCopyText', () => {
  it('writes station id, ts and metrics JSON per line, tab-separated', () => {
    const text = readingsCopyText([{ stationId: 'st-1', ts: 1_700_000_000_123, metrics: { temperature: 21.5, humidity: 40 } }], 0, 1);
    expect(text).toBe('st-1\t1700000000123\t{"temperature":21.5,"humidity":40}\n');
  });

  it('escapes backslash, tab, newline and carriage return, and replaces NUL', () => {
    expect(copyField('a\tb\nc\rd\\e\u0000f')).toBe('a\\tb\\nc\\rd\\\\e\uFFFDf');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('plain ünïcødé 🌡')).toBe('plain ünïcødé 🌡');
  });

  it('round-trips odd station ids and metric names to what JSON.stringify would store', () => {
    const rows: Reading[] = oddNames.map((name, i) => ({ stationId: `st\t${name}`, ts: i, metrics: { [name]: i + 0.25, other: -i } }));
    const lines = readingsCopyText(rows, 0, rows.length).split('\n');
    expect(lines.pop()).toBe('');
    lines.forEach((line, i) => {
      const fields = line.split('\t');
      expect(fields).toHaveLength(3);
      const row = rows[i]!;
      expect(unescapeCopy(fields[0]!)).toBe(row.stationId.replaceAll('\u0000', '\uFFFD'));
      expect(Number(fields[1])).toBe(row.ts);
      expect(unescapeCopy(fields[2]!)).toBe(JSON.stringify(row.metrics).replaceAll('\\u0000', '\\ufffd'));
    });
  });

  it('writes non-finite numbers and non-number values as JSON.stringify does', () => {
    const metrics = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0, d: 1e21, e: 5e-7 };
    expect(readingsCopyText([{ stationId: 's', ts: 1, metrics }], 0, 1)).toBe(`s\t1\t${JSON.stringify(metrics)}\n`);
    // A write spilled to disk and read back carries null where NaN was.
    const spilled = JSON.parse('{"a":null,"b":1}') as Record<string, number>;
    expect(readingsCopyText([{ stationId: 's', ts: 1, metrics: spilled }], 0, 1)).toBe('s\t1\t{"a":null,"b":1}\n');
  });

  it('turns lone surrogates in metric names into U+FFFD (jsonb refuses their escapes)', () => {
    const text = readingsCopyText([{ stationId: 's', ts: 1, metrics: { ['x\uD800y']: 1 } }], 0, 1);
    expect(text).toBe('s\t1\t{"x\uFFFDy":1}\n');
  });

  it('writes only the requested range', () => {
    const rows: Reading[] = [0, 1, 2, 3].map((i) => ({ stationId: `s${i}`, ts: i, metrics: {} }));
    expect(readingsCopyText(rows, 1, 3)).toBe('s1\t1\t{}\ns2\t2\t{}\n');
  });
});

describe('readingsArrays', () => {
  it('equals the generic array literals for random readings with odd names', () => {
    const random = seededRandom(7);
    const rows: Reading[] = Array.from({ length: 300 }, (_, i) => {
      const metrics: Record<string, number> = {};
      const count = Math.floor(random() * 5);
      for (let m = 0; m < count; m++) metrics[oddNames[Math.floor(random() * oddNames.length)]!] = random() < 0.1 ? Number.NaN : Math.round((random() - 0.5) * 1e6) / 100;
      return { stationId: oddNames[i % oddNames.length]! + String(i), ts: 1_700_000_000_000 + i, metrics };
    });
    expect(readingsArrays(rows, 0, rows.length)).toEqual(referenceArrays(rows));
    expect(readingsArrays(rows, 100, 150)).toEqual(referenceArrays(rows.slice(100, 150)));
  });

  it('gives empty literals for an empty range', () => {
    expect(readingsArrays([], 0, 0)).toEqual(['{}', '{}', '{}']);
  });
});
