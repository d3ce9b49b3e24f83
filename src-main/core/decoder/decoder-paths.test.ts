import { describe, expect, it } from 'vitest';
import { DecoderSchema, type DecoderSettings } from '../../../src-shared/settings/schema';
import { Decoder } from './decoder';
import { NOW } from './test-helpers';

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const KEYS = ['2', '10', 'station_id', 'ts', 'temperature', 'humidity', 'metric', 'value', '__proto__', 'constructor', 'toString', 'label', ' pad', 'x'.repeat(130), 'co2'];
const STRINGS = ['st-07', 'st-08', '', '*', 'NaN', 'nan', '-inf', 'Infinity', 'n/a', '2026-11-23T10:15:00.120Z', '2026-11-23T10:15:00+01:00', '2100-01-01T00:00:00Z', '2026-02-30T00:00:00Z', 'rainfall', ' st', 'é-01'];
const NUMBERS = ['0', '-0', '24.1', '-3.25', '1e3', '1E-2', '1e999', '123456789012345', '1234567890123456', '0.000001', '1795000000', '1795000000123', '1795000000.5', '7'];

/** A random record in JSON text: mostly well formed, with the corner cases each path treats specially. */
function randomRecord(random: () => number, goodTime: string): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const fields: string[] = [];
  if (random() < 0.95) fields.push(`"station_id":${random() < 0.9 ? JSON.stringify(pick(STRINGS.slice(0, 2))) : pick([...STRINGS.map((s) => JSON.stringify(s)), '7', 'true', 'null'])}`);
  if (random() < 0.95) fields.push(`"ts":${random() < 0.8 ? goodTime : pick([...STRINGS.map((s) => JSON.stringify(s)), ...NUMBERS])}`);
  const extra = Math.floor(random() * 6);
  for (let i = 0; i < extra; i++) {
    const key = random() < 0.8 ? pick(KEYS) : `m${Math.floor(random() * 40)}`;
    const value = random() < 0.7 ? pick(NUMBERS) : random() < 0.8 ? JSON.stringify(pick(STRINGS)) : pick(['true', 'null', '[1]', '{"a":1}', '"a\\"b"']);
    fields.push(`${JSON.stringify(key)}:${value}`);
  }
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [fields[i], fields[j]] = [fields[j] as string, fields[i] as string];
  }
  const space = () => (random() < 0.1 ? pick([' ', '\n', '\t', '\r\n']) : '');
  return space() + '{' + fields.map((f) => space() + f + space()).join(',') + '}' + space();
}

function comparePaths(settings: DecoderSettings, seed: number, count: number, goodTime: string): void {
  const random = prng(seed);
  const fast = new Decoder(settings);
  const general = new Decoder(settings, { fastPath: false });
  const encoder = new TextEncoder();
  let accepted = 0;
  for (let i = 0; i < count; i++) {
    const bytes = encoder.encode(randomRecord(random, goodTime));
    const expected = general.decode(bytes, NOW);
    const actual = fast.decode(bytes, NOW);
    expect(actual).toStrictEqual(expected);
    if (actual.ok && expected.ok) {
      expect(Object.keys(actual.reading.metrics)).toEqual(Object.keys(expected.reading.metrics));
      for (const key in actual.reading.metrics) expect(Object.is(actual.reading.metrics[key], expected.reading.metrics[key])).toBe(true);
      accepted++;
    }
  }
  expect([fast.stationCount, fast.metricCount]).toEqual([general.stationCount, general.metricCount]);
  expect(accepted).toBeGreaterThan(count / 50); // the comparison must cover accepted readings, not only rejections
}

describe('Decoder: the byte fast path and the JSON.parse path agree', () => {
  it('on random records with default settings (iso time)', () => {
    comparePaths(DecoderSchema.parse({}), 11, 20_000, '"2026-11-23T10:15:00.120Z"');
  });

  it('on random records with epoch-ms time and tight caps', () => {
    comparePaths(DecoderSchema.parse({ timeFormat: 'epoch-ms', maxFutureMs: 1e13, maxStations: 2, maxDistinctMetrics: 10, maxMetricsPerMessage: 4 }), 12, 20_000, '1795000000123');
  });

  it('on random records with epoch-s time', () => {
    comparePaths(DecoderSchema.parse({ timeFormat: 'epoch-s', maxFutureMs: 1e13 }), 13, 10_000, '1795000000.5');
  });
});
