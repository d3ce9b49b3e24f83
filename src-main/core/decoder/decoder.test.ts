import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from './decoder';
import { NOW, bytesOf, makeDecoder, outcome, wideRecord } from './test-helpers';

describe('Decoder: accepted records', () => {
  it('decodes a wide record into station, epoch-ms time and every numeric field', () => {
    const result = makeDecoder().decode(bytesOf(wideRecord('st-07', { pressure: 1013.2, noise_level: 50 })), NOW);
    expect(result).toEqual({ ok: true, reading: { stationId: 'st-07', ts: Date.UTC(2026, 10, 23, 10, 15, 0, 120), metrics: { temperature: 24.1, humidity: 61.2, pressure: 1013.2, noise_level: 50 } } });
  });

  it('turns unknown numeric fields into metrics and ignores strings, booleans, null, arrays and objects', () => {
    const extra = { soil_moisture: 0.31, label: 'roof', active: true, note: null, tags: [1, 2], nested: { deep: 5 } };
    const result = makeDecoder().decode(bytesOf(wideRecord('st-07', extra)), NOW);
    expect(result.ok && result.reading.metrics).toEqual({ temperature: 24.1, humidity: 61.2, soil_moisture: 0.31 });
  });

  it('decodes narrow records and keeps their extra fields out of the metrics', () => {
    const decoder = makeDecoder();
    const result = decoder.decode(bytesOf({ station_id: 'st-01', ts: '2026-11-23T10:00:00Z', metric: 'rainfall', value: 1.5, seq: 99 }), NOW);
    expect(result).toEqual({ ok: true, reading: { stationId: 'st-01', ts: Date.UTC(2026, 10, 23, 10), metrics: { rainfall: 1.5 } } });
    expect(decoder.metricCount).toBe(1);
  });

  it('uses configured keys and time formats', () => {
    const seconds = makeDecoder({ stationKey: 'sid', timeKey: 't', timeFormat: 'epoch-s', metricKey: 'm', valueKey: 'v' });
    const wide = seconds.decode(bytesOf({ sid: 'a', t: 1_795_000_000.5, co2: 410 }), NOW);
    expect(wide.ok && wide.reading).toEqual({ stationId: 'a', ts: 1_795_000_000_500, metrics: { co2: 410 } });
    const narrow = seconds.decode(bytesOf({ sid: 'a', t: 1_795_000_001, m: 'co2', v: 411 }), NOW);
    expect(narrow.ok && narrow.reading.metrics).toEqual({ co2: 411 });
    const millis = makeDecoder({ timeFormat: 'epoch-ms' });
    const ms = millis.decode(bytesOf({ station_id: 'a', ts: 1_795_000_000_123, temperature: 1 }), NOW);
    expect(ms.ok && ms.reading.ts).toBe(1_795_000_000_123);
    // The default keys no longer mean anything once remapped: station_id is just a (string) extra field.
    expect(outcome(seconds.decode(bytesOf({ station_id: 'a', ts: 1, co2: 1 }), NOW))).toBe('no-station');
  });

  it('accepts non-negative integer station ids as their decimal string', () => {
    const result = makeDecoder().decode(bytesOf(wideRecord('x', { station_id: 7 })), NOW);
    expect(result.ok && result.reading.stationId).toBe('7');
  });

  it('counts a station once however often it reports, on both decode paths', () => {
    const decoder = makeDecoder();
    decoder.decode(bytesOf(wideRecord('station-with-a-long-name-01')), NOW);
    decoder.decode(bytesOf(wideRecord('station-with-a-long-name-01', { label: true })), NOW); // a literal: JSON.parse path
    decoder.decode(bytesOf(wideRecord('station-with-a-long-name-02')), NOW);
    expect(decoder.stationCount).toBe(2);
  });

  it('accepts readings far in the past: lateness is the pipeline\'s business', () => {
    const result = makeDecoder().decode(bytesOf({ station_id: 'a', ts: '1999-01-01T00:00:00Z', temperature: 3 }), NOW);
    expect(result.ok && result.reading.ts).toBe(Date.UTC(1999, 0, 1));
  });

  it('accepts a time up to maxFutureMs ahead and strips a UTF-8 byte order mark', () => {
    const decoder = makeDecoder({ maxFutureMs: 60_000 });
    const ahead = new Date(NOW + 60_000).toISOString();
    expect(outcome(decoder.decode(bytesOf(`\uFEFF{"station_id":"a","ts":"${ahead}","x":1}`), NOW))).toBe('ok');
  });
});

describe('Decoder: every rejection reason, with a real payload', () => {
  const nowIso = new Date(NOW).toISOString();
  const cases: [string, Uint8Array | null, RegExp][] = [
    ['empty', null, /null/],
    ['empty', new Uint8Array(0), /0 bytes/],
    ['empty', bytesOf('  \n '), /whitespace/],
    ['oversize', bytesOf(JSON.stringify(wideRecord('a', { pad: 'x'.repeat(2_000) }))), /bytes; the limit .* is 1000/],
    ['not-json', bytesOf('{"station_id": "a", "ts": '), /not valid JSON/],
    ['not-json', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ['not-object', bytesOf([wideRecord()]), /an array/],
    ['not-object', bytesOf('42'), /a number/],
    ['no-station', bytesOf({ ts: nowIso, temperature: 1 }), /no station field "station_id"/],
    ['no-station', bytesOf({ station_id: null, ts: nowIso, temperature: 1 }), /no station field/],
    ['invalid-station', bytesOf({ station_id: '', ts: nowIso, temperature: 1 }), /"" is empty/],
    ['invalid-station', bytesOf({ station_id: '*', ts: nowIso, temperature: 1 }), /reserved for city-wide/],
    ['invalid-station', bytesOf({ station_id: 'x'.repeat(129), ts: nowIso, temperature: 1 }), /129 characters long \(max 128\)/],
    ['invalid-station', bytesOf({ station_id: 'st\u000007', ts: nowIso, temperature: 1 }), /control character U\+0000 at position 2/],
    ['invalid-station', bytesOf({ station_id: true, ts: nowIso, temperature: 1 }), /a boolean/],
    ['invalid-station', bytesOf({ station_id: -3, ts: nowIso, temperature: 1 }), /non-negative integer/],
    ['bad-time', bytesOf({ station_id: 'a', temperature: 1 }), /time field "ts" is missing/],
    ['bad-time', bytesOf({ station_id: 'a', ts: 'yesterday', temperature: 1 }), /"yesterday" is not an ISO-8601/],
    ['bad-time', bytesOf({ station_id: 'a', ts: 1_795_000_000_000, temperature: 1 }), /a number; expected an ISO-8601 string/],
    ['bad-time', bytesOf({ station_id: 'a', ts: '2026-11-23T10:15:00', temperature: 1 }), /with a zone/],
    ['future-time', bytesOf({ station_id: 'a', ts: '2100-01-01T00:00:00Z', temperature: 1 }), /2100-01-01T00:00:00.000Z is \d+ s ahead/],
    ['no-metric', bytesOf({ station_id: 'a', ts: nowIso, label: 'x', ok: true }), /no numeric metric field[^;]*$/],
    ['no-metric', bytesOf({ station_id: 'a', ts: nowIso, label: 'x', temperature: '21.5' }), /; "temperature" holds "21.5", a number written as text: send it without quotes$/],
    ['no-metric', bytesOf({ station_id: 'a', ts: nowIso, metric: 'rainfall' }), /value field "value" is missing/],
    ['no-metric', bytesOf({ station_id: 'a', ts: nowIso, 'bad\nname': 1 }), /metric name "bad\\nname" contains control character U\+000A/],
    ['non-finite', bytesOf({ station_id: 'a', ts: nowIso, temperature: 'NaN' }), /"temperature" is "NaN"/],
    ['non-finite', bytesOf({ station_id: 'a', ts: nowIso, metric: 'wind_speed', value: '-Infinity' }), /"wind_speed" is "-Infinity"/],
    ['non-finite', bytesOf(`{"station_id":"a","ts":"${nowIso}","temperature":1e999}`), /"temperature" is Infinity/],
    ['non-finite', bytesOf(`{"station_id":"a","ts":"${nowIso}","temperature":NaN}`), /bare NaN at character \d+/],
    // Finite but no measurement: its square overflows a window's statistics (the city's stddev became NaN).
    ['out-of-range', bytesOf(`{"station_id":"a","ts":"${nowIso}","temperature":1e300,"humidity":50}`), /"temperature" is 1e\+300; a metric value must lie within ±1e\+100/],
    ['out-of-range', bytesOf({ station_id: 'a', ts: nowIso, metric: 'wind_speed', value: -2e100 }), /"wind_speed" is -2e\+100/],
    ['too-many-metrics', bytesOf({ station_id: 'a', ts: nowIso, ...manyMetrics(65) }), /more than 64 numeric metric fields/],
  ];

  it.each(cases)('%s: %s', (reason, payload, detail) => {
    const result = makeDecoder({ maxMessageBytes: 1_000 }).decode(payload, NOW);
    expect(outcome(result)).toBe(reason);
    expect(!result.ok && result.detail).toMatch(detail);
  });

  it('covers every reason in REJECT_REASONS (the caps are tested below)', () => {
    // not-literal comes from the Python-literal shape (src-main/core/shapes/shape-decoder-text.test.ts), never from Decoder.
    const covered = new Set([...cases.map(([reason]) => reason), 'station-cap', 'metric-cap', 'not-literal']);
    expect([...REJECT_REASONS].sort()).toEqual([...covered].sort());
  });

  it('station-cap: a new station beyond maxStations is refused, known ones still pass', () => {
    const decoder = makeDecoder({ maxStations: 2 });
    expect(outcome(decoder.decode(bytesOf(wideRecord('a')), NOW))).toBe('ok');
    expect(outcome(decoder.decode(bytesOf(wideRecord('b')), NOW))).toBe('ok');
    const refused = decoder.decode(bytesOf(wideRecord('c')), NOW);
    expect(outcome(refused)).toBe('station-cap');
    expect(!refused.ok && refused.detail).toMatch(/"c" refused: 2 distinct stations already/);
    expect(outcome(decoder.decode(bytesOf(wideRecord('a')), NOW))).toBe('ok');
    expect(decoder.stationCount).toBe(2);
  });

  it('metric-cap: a message bringing new metrics beyond maxDistinctMetrics is refused whole', () => {
    const decoder = makeDecoder({ maxDistinctMetrics: 3 });
    expect(outcome(decoder.decode(bytesOf(wideRecord('a')), NOW))).toBe('ok'); // temperature, humidity
    const refused = decoder.decode(bytesOf(wideRecord('a', { co2: 1, no2: 2 })), NOW);
    expect(!refused.ok && refused.reason + ' ' + refused.detail).toMatch(/^metric-cap new metric "co2", "no2" refused: 2 distinct/);
    expect(outcome(decoder.decode(bytesOf(wideRecord('a', { co2: 1 })), NOW))).toBe('ok');
    expect(outcome(decoder.decode(bytesOf(wideRecord('a', { no2: 1 })), NOW))).toBe('metric-cap');
    expect(decoder.metricCount).toBe(3);
  });

  it('rejected messages never use up a cap', () => {
    const decoder = makeDecoder({ maxStations: 1, maxDistinctMetrics: 2 });
    expect(outcome(decoder.decode(bytesOf({ station_id: 'ghost', ts: 'bad', co2: 1 }), NOW))).toBe('bad-time');
    expect(outcome(decoder.decode(bytesOf({ station_id: 'ghost', ts: '2100-01-01T00:00:00Z', co2: 1 }), NOW))).toBe('future-time');
    expect([decoder.stationCount, decoder.metricCount]).toEqual([0, 0]);
    expect(outcome(decoder.decode(bytesOf(wideRecord('real')), NOW))).toBe('ok');
  });
});

/** `count` distinct numeric fields. */
function manyMetrics(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`m${i}`, i]));
}
