import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { NOW, bytesOf, makeDecoder, outcome } from './test-helpers';

const ts = Date.UTC(2026, 11, 23, 10);
const reading = (overrides: Partial<Record<keyof Reading, unknown>> = {}): Reading => ({ stationId: 'st-01', ts, metrics: { temperature: 20 }, ...overrides }) as Reading;

describe('Decoder.validate (structured readings from the simulator and replay)', () => {
  it('passes a valid reading through with its values, its station id interned with decoded ones', () => {
    const decoder = makeDecoder({ maxFutureMs: 60_000 });
    const decoded = decoder.decode(bytesOf({ station_id: 'station-number-one', ts: '2026-11-23T10:00:00Z', x: 1 }), NOW);
    const input = reading({ stationId: ['station-number', 'one'].join('-'), ts: NOW - 1_000 });
    const result = decoder.validate(input, NOW);
    expect(decoded.ok && decoder.stationCount).toBe(1);
    expect(result.ok && result.reading).toEqual(input);
    const fresh = reading({ stationId: 'new', ts: NOW });
    const same = decoder.validate(fresh, NOW);
    expect(same.ok && same.reading).toEqual(fresh);
    expect(same.ok && same.reading.metrics).toBe(fresh.metrics);
  });

  it('takes numeric extras far beyond any measurement but within ±1e100 (an epoch-ns counter), as it did before the bound', () => {
    const result = makeDecoder().validate(reading({ metrics: { temperature: 21.5, boot_time_ns: 1.77e18 } }), Date.UTC(2026, 11, 23, 10));
    expect(result.ok).toBe(true);
  });

  it.each([
    ['no-station', reading({ stationId: undefined })],
    ['invalid-station', reading({ stationId: '*' })],
    ['invalid-station', reading({ stationId: 42 })],
    ['bad-time', reading({ ts: '2026-11-23T10:00:00Z' })],
    ['bad-time', reading({ ts: NaN })],
    ['future-time', reading({ ts: Date.UTC(2100, 0, 1) })],
    ['no-metric', reading({ metrics: {} })],
    ['no-metric', reading({ metrics: null })],
    ['no-metric', reading({ metrics: { 'bad\u0000': 1 } })],
    ['non-finite', reading({ metrics: { temperature: NaN } })],
    ['non-finite', reading({ metrics: { temperature: -Infinity } })],
    ['non-finite', reading({ metrics: { temperature: '20' } })],
    ['out-of-range', reading({ metrics: { temperature: 1e300 } })],
    ['out-of-range', reading({ metrics: { humidity: 40, pressure: -1.5e100 } })],
    ['too-many-metrics', reading({ metrics: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])) })],
    ['not-object', null as unknown as Reading],
  ])('%s', (reason, input) => {
    const result = makeDecoder().validate(input, Date.UTC(2026, 11, 23, 10));
    expect(outcome(result)).toBe(reason);
    expect(!result.ok && result.detail.length).toBeGreaterThan(5);
  });

  it('applies the station and metric caps', () => {
    const decoder = makeDecoder({ maxStations: 1, maxDistinctMetrics: 1 });
    expect(outcome(decoder.validate(reading(), ts))).toBe('ok');
    expect(outcome(decoder.validate(reading({ stationId: 'st-02' }), ts))).toBe('station-cap');
    expect(outcome(decoder.validate(reading({ metrics: { humidity: 1 } }), ts))).toBe('metric-cap');
  });
});
