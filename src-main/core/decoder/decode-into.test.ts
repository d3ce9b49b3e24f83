import { describe, expect, it } from 'vitest';
import { DecodedReading } from './decoder';
import { NOW, bytesOf, makeDecoder, wideRecord } from './test-helpers';

function columns(decoded: DecodedReading): [string, number][] {
  return Array.from({ length: decoded.count }, (_, i) => [decoded.names[i]!, decoded.values[i]!]);
}

describe('Decoder.decodeInto', () => {
  it('fills reusable columns with what decode() returns, fast path and general path alike', () => {
    const messages = [
      wideRecord('st-07', { pressure: 1013.2, noise_level: 50 }), // flat: fast path
      wideRecord('st-08', { nested: { deep: 5 }, co2: 410 }), // nested object: JSON.parse path
      { station_id: 'st-01', ts: '2026-11-23T10:00:00Z', metric: 'rainfall', value: 1.5 }, // narrow
    ];
    const decoded = new DecodedReading();
    for (const message of messages) {
      const expected = makeDecoder().decode(bytesOf(message), NOW);
      expect(makeDecoder().decodeInto(bytesOf(message), NOW, decoded)).toBeNull();
      if (!expected.ok) throw new Error('fixture rejected');
      expect(decoded.toReading()).toEqual(expected.reading);
      expect(columns(decoded)).toEqual(Object.entries(expected.reading.metrics));
    }
  });

  it('returns the same rejection as decode() and leaves nothing half-admitted', () => {
    const decoder = makeDecoder({ maxDistinctMetrics: 2 });
    const decoded = new DecodedReading();
    expect(decoder.decodeInto(bytesOf(wideRecord('st-1', { pressure: 1 })), NOW, decoded)).toMatchObject({ ok: false, reason: 'metric-cap' });
    expect(decoder.decodeInto(bytesOf('{"station_id":'), NOW, decoded)).toMatchObject({ ok: false, reason: 'not-json' });
    expect(decoder.metricCount).toBe(0);
    expect(decoder.decodeInto(bytesOf(wideRecord('st-1')), NOW, decoded)).toBeNull();
    expect(decoder.metricCount).toBe(2);
  });

  it('interns metric names and station ids, so a repeated key layout is recognised by reference', () => {
    const decoder = makeDecoder();
    const first = new DecodedReading();
    const second = new DecodedReading();
    decoder.decodeInto(bytesOf(wideRecord('st-1')), NOW, first);
    decoder.decodeInto(bytesOf(wideRecord('st-1')), NOW, second);
    expect(second.names[0]).toBe(first.names[0]);
    expect(second.stationId).toBe(first.stationId);
  });

  it('grows its value column for messages with many metrics', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${i}`, i]));
    const decoded = new DecodedReading();
    expect(makeDecoder().decodeInto(bytesOf({ station_id: 'a', ts: '2026-11-23T10:00:00Z', ...many }), NOW, decoded)).toBeNull();
    expect(decoded.count).toBe(40);
    expect(decoded.values[39]).toBe(39);
  });
});
