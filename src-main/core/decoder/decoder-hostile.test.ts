import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decoder';
import { REJECT_REASONS } from './decoder';
import { NOW, bytesOf, makeDecoder, outcome, wideRecord } from './test-helpers';

/** Asserts the result has exactly the shape DecodeResult promises. */
function expectWellFormed(result: DecodeResult): void {
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['ok', 'reading']);
    expect(typeof result.reading.stationId).toBe('string');
    expect(result.reading.stationId.length).toBeGreaterThan(0);
    expect(Number.isFinite(result.reading.ts)).toBe(true);
    const values = Object.values(result.reading.metrics);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(Number.isFinite(value)).toBe(true);
  } else {
    expect(Object.keys(result).sort()).toEqual(['detail', 'ok', 'reason']);
    expect(REJECT_REASONS).toContain(result.reason);
    expect(result.detail.length).toBeGreaterThan(0);
    expect(result.detail.length).toBeLessThan(600);
  }
}

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('Decoder: hostile input', () => {
  it('survives 100,000 nested arrays, inside and outside a record', () => {
    const decoder = makeDecoder({ maxMessageBytes: 1_000_000 });
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(outcome(decoder.decode(bytesOf(deep), NOW))).toBe('not-object');
    const inside = decoder.decode(bytesOf(`{"station_id":"a","ts":"2026-11-23T10:00:00Z","x":${deep},"temperature":1}`), NOW);
    expect(inside.ok && inside.reading.metrics).toEqual({ temperature: 1 });
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(outcome(decoder.decode(bytesOf(objects), NOW))).toBe('no-station');
  });

  it('refuses a 10 MB payload before parsing it', () => {
    const huge = new Uint8Array(10 * 1024 * 1024).fill(0x5b); // "[[[[..." — would be costly to parse
    const result = makeDecoder().decode(huge, NOW);
    expect(outcome(result)).toBe('oversize');
    expect(!result.ok && result.detail).toContain('10485760 bytes');
  });

  it('refuses invalid UTF-8 anywhere, including inside a station id', () => {
    const decoder = makeDecoder();
    const good = bytesOf(wideRecord('st-07'));
    const bad = new Uint8Array(good);
    bad[good.indexOf(0x37)] = 0xc3; // a lead byte without its continuation, inside "st-07"
    expect(outcome(decoder.decode(bad, NOW))).toBe('not-json');
    expect(outcome(decoder.decode(new Uint8Array([0xed, 0xa0, 0x80]), NOW))).toBe('not-json'); // UTF-8-encoded surrogate
    expect(decoder.stationCount).toBe(0);
  });

  it('treats escaped lone surrogates and bidi overrides in station ids as invalid', () => {
    const decoder = makeDecoder();
    expect(outcome(decoder.decode(bytesOf('{"station_id":"st\\ud800","ts":"2026-11-23T10:00:00Z","x":1}'), NOW))).toBe('invalid-station');
    expect(outcome(decoder.decode(bytesOf({ station_id: 'st-\u202e70', ts: '2026-11-23T10:00:00Z', x: 1 }), NOW))).toBe('invalid-station');
    expect(outcome(decoder.decode(bytesOf({ station_id: '東京-😀', ts: '2026-11-23T10:00:00Z', x: 1 }), NOW))).toBe('ok');
  });

  it('rejects every spelling of a non-finite string in a metric field, and ignores other strings', () => {
    const decoder = makeDecoder();
    for (const text of ['NaN', 'nan', 'Infinity', '-Infinity', '+Infinity', 'inf', '-inf']) {
      expect(outcome(decoder.decode(bytesOf(wideRecord('a', { temperature: text })), NOW))).toBe('non-finite');
    }
    const other = decoder.decode(bytesOf(wideRecord('a', { firmware: 'NaNo-2' })), NOW);
    expect(other.ok && other.reading.metrics).toEqual({ temperature: 24.1, humidity: 61.2 });
    expect(outcome(decoder.decode(bytesOf('{"station_id":"a","ts":"2026-11-23T10:00:00Z","x":-1e999}'), NOW))).toBe('non-finite');
    expect(outcome(decoder.decode(bytesOf('{"station_id":"a","ts":"2026-11-23T10:00:00Z","x":-Infinity}'), NOW))).toBe('non-finite');
    expect(outcome(decoder.decode(bytesOf('{"station_id":"NaN","ts":"2026-11-23T10:00:00Z","x":1,}'), NOW))).toBe('not-json');
  });

  it('refuses year 2100 in every time format', () => {
    const year2100 = Date.UTC(2100, 0, 1);
    expect(outcome(makeDecoder().decode(bytesOf({ station_id: 'a', ts: '2100-01-01T00:00:00Z', x: 1 }), NOW))).toBe('future-time');
    expect(outcome(makeDecoder({ timeFormat: 'epoch-s' }).decode(bytesOf({ station_id: 'a', ts: year2100 / 1000, x: 1 }), NOW))).toBe('future-time');
    expect(outcome(makeDecoder({ timeFormat: 'epoch-ms' }).decode(bytesOf({ station_id: 'a', ts: year2100, x: 1 }), NOW))).toBe('future-time');
  });

  it('takes 64 metrics, refuses 65, and guards __proto__', () => {
    const decoder = makeDecoder();
    const metrics = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`m${i}`, i]));
    const sixtyFour = decoder.decode(bytesOf({ station_id: 'a', ts: '2026-11-23T10:00:00Z', ...metrics(64) }), NOW);
    expect(sixtyFour.ok && Object.keys(sixtyFour.reading.metrics).length).toBe(64);
    expect(outcome(decoder.decode(bytesOf({ station_id: 'a', ts: '2026-11-23T10:00:00Z', ...metrics(65) }), NOW))).toBe('too-many-metrics');
    expect(outcome(decoder.decode(bytesOf('{"station_id":"a","ts":"2026-11-23T10:00:00Z","__proto__":1}'), NOW))).toBe('no-metric');
  });

  it('keeps memory bounded by the caps under a flood of new stations and metrics', () => {
    const decoder = makeDecoder({ maxStations: 100, maxDistinctMetrics: 10 });
    const reasons = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      const reason = outcome(decoder.decode(bytesOf({ station_id: `s${i}`, ts: '2026-11-23T10:00:00Z', [`m${i % 50}`]: i }), NOW));
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect([decoder.stationCount, decoder.metricCount]).toEqual([100, 10]);
    expect(reasons.get('ok')).toBe(100);
    expect((reasons.get('station-cap') ?? 0) + (reasons.get('metric-cap') ?? 0)).toBe(4_900);
  });
});

describe('Decoder: fuzz', () => {
  it('never throws and always returns a well-formed result for random bytes', () => {
    const random = prng(1);
    const decoder = makeDecoder({ maxMessageBytes: 512 });
    const alphabet = bytesOf('{}[]":,.-+0123456789eEtrufalsn \\u\t\nNaINfy');
    for (let i = 0; i < 5_000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 600));
      const structured = random() < 0.5;
      for (let j = 0; j < bytes.length; j++) bytes[j] = structured ? (alphabet[Math.floor(random() * alphabet.length)] as number) : Math.floor(random() * 256);
      expectWellFormed(decoder.decode(bytes, NOW));
    }
  });

  it('never throws on random mutations of valid wide and narrow messages', () => {
    const random = prng(2);
    const decoder = makeDecoder({ maxStations: 200, maxDistinctMetrics: 40 });
    const seeds = [
      bytesOf(wideRecord('st-07', { pressure: 1013.25, label: 'x', nested: { a: [1, 2] } })),
      bytesOf({ station_id: 'st-08', ts: '2026-11-23T10:15:00+01:00', metric: 'rainfall', value: 0.5 }),
      bytesOf({ station_id: 12, ts: '2026-11-23T10:15:00.5Z', noise_level: 55.5 }),
    ];
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const base = seeds[i % seeds.length] as Uint8Array;
      const bytes = new Uint8Array(base);
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      const result = decoder.decode(cut, NOW);
      expectWellFormed(result);
      counts.set(outcome(result), (counts.get(outcome(result)) ?? 0) + 1);
    }
    // The mutations must reach past the parser, or this test would only fuzz JSON.parse.
    expect(counts.get('ok') ?? 0).toBeGreaterThan(100);
    expect(counts.size).toBeGreaterThanOrEqual(6);
  });
});
