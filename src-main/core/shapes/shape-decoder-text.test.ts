import { describe, expect, it } from 'vitest';
import { ShapeSchema } from '../../../src-shared/settings/shape';
import { describeShapeProblem } from './shape-decoder';
import { decodeWith, meta, outcomeOf } from './shapes.test-support';

describe('python-dict preset', () => {
  const text = "{'station_id': 'station_3fa9c1d2e', 'temperature': 24.7, 'ok': True, 'note': None}";

  it('reads the literal and takes the Kafka record timestamp when the message has no time', () => {
    expect(decodeWith({ preset: 'python-dict' }, text)).toEqual({
      ok: true,
      readings: [{ stationId: 'station_3fa9c1d2e', ts: Date.UTC(2026, 0, 2, 3, 4, 5, 6), metrics: { temperature: 24.7 }, timeSource: 'record' }],
    });
  });

  it('prefers a time field when there is one, and falls back to arrival when so configured', () => {
    const timed = decodeWith({ preset: 'python-dict' }, "{'station_id': 's', 'ts': '2026-01-01T00:00:00Z', 't': 1}");
    expect(timed.ok && timed.readings[0]).toMatchObject({ ts: Date.UTC(2026, 0, 1), timeSource: 'field' });
    const arrival = decodeWith({ preset: 'python-dict', time: { path: null, otherwise: 'arrival' } }, text, meta({ recordTimestampMs: null }));
    expect(arrival.ok && arrival.readings[0]).toMatchObject({ ts: Date.UTC(2026, 0, 2, 3, 4, 6), timeSource: 'arrival' });
  });

  it('says so when neither a time field nor a record timestamp exists (MQTT, HTTP)', () => {
    expect(decodeWith({ preset: 'python-dict' }, text, meta({ recordTimestampMs: null }))).toEqual({
      ok: false,
      reason: 'bad-time',
      detail: 'time field "ts" is missing and the message has no record timestamp (only Kafka records carry one; elsewhere, set "Without a time field" to the arrival time)',
    });
  });

  it('refuses code with the new not-literal reason and never evaluates it', () => {
    expect(decodeWith({ preset: 'python-dict' }, "{'station_id': 's', 'ts': datetime.datetime(2023, 1, 1, 0, 0), 't': 1}")).toEqual({
      ok: false,
      reason: 'not-literal',
      detail: 'not a Python literal: a call datetime.datetime(…) is code, not a literal; nothing is evaluated (at character 26: "datetime.datetime(2023, 1, 1, "…)',
    });
    expect(outcomeOf(decodeWith({ preset: 'python-dict' }, "{'station_id': __import__('os').getcwd(), 't': 1}"))).toBe('not-literal');
    expect(outcomeOf(decodeWith({ preset: 'python-dict' }, '{"station_id": "s", "t": 1}'))).toBe('ok'); // JSON objects are Python literals too
  });

  it('keeps every digit of a Python int epoch in nanoseconds and reads long-int metrics as numbers', () => {
    const result = decodeWith({ preset: 'python-dict', time: { path: 'time', format: 'epoch-ns' } }, "{'station_id': 's', 'time': 1698501144401999999, 'count': 123456789012345678901}");
    expect(result.ok && result.readings[0]).toMatchObject({ ts: 1_698_501_144_401, metrics: { count: 123456789012345680000 } });
  });
});

describe('generic mapping', () => {
  it('reads nested field paths with unit conversion, one reading per array element', () => {
    const shape = {
      preset: 'generic',
      mapping: {
        records: 'data.readings',
        station: { from: 'field', path: 'site.id' },
        time: { path: 'observed', format: 'epoch-ms' },
        metrics: {
          include: 'mapped',
          fields: [
            { from: 'sensors.temp', metric: 'temperature', unit: 'degF' },
            { from: 'sensors.wind', metric: 'wind_speed', unit: 'mph' },
            { from: 'sensors.gust', metric: 'gust', unit: 'knots' },
            { from: 'sensors.baro', metric: 'pressure', unit: 'Pa' },
          ],
        },
      },
    };
    const message = {
      site: { id: 'harbour' },
      data: {
        readings: [
          { observed: 1_700_000_000_000, sensors: { temp: 212, wind: 10, gust: 3600, baro: 101_325, other: 5 } },
          { observed: 1_700_000_060_000, sensors: { temp: 32 } },
        ],
      },
    };
    const result = decodeWith(shape, message);
    expect(result.ok && result.readings).toEqual([
      { stationId: 'harbour', ts: 1_700_000_000_000, metrics: { temperature: 100, wind_speed: 4.4704, gust: 1852, pressure: 1013.25 }, timeSource: 'field' },
      { stationId: 'harbour', ts: 1_700_000_060_000, metrics: { temperature: 0 }, timeSource: 'field' },
    ]);
  });

  it('reads a top-level array of records and epoch seconds / microseconds', () => {
    const seconds = decodeWith({ preset: 'generic', mapping: { time: { path: 'ts', format: 'epoch-s' } } }, [{ station_id: 'a', ts: 1_000_000_000, t: 1 }, { station_id: 'b', ts: 1_000_000_001, t: 2 }]);
    expect(seconds.ok && seconds.readings.map((r) => [r.stationId, r.ts])).toEqual([['a', 1_000_000_000_000], ['b', 1_000_000_001_000]]);
    const micros = decodeWith({ preset: 'generic', mapping: { time: { path: 'ts', format: 'epoch-us' } } }, { station_id: 'a', ts: 1_000_000_000_000_123, t: 1 });
    expect(micros.ok && micros.readings[0]?.ts).toBe(1_000_000_000_000);
  });

  it('reads CSV lines with a configured header, keeping station ids as text', () => {
    const shape = {
      preset: 'generic',
      mapping: {
        syntax: { kind: 'csv', columns: ['station', 'time', 'temp_f', 'wind_kn'] },
        station: { from: 'field', path: 'station' },
        time: { path: 'time', zone: 'America/New_York' },
        metrics: { fields: [{ from: 'temp_f', metric: 'temperature', unit: 'degF' }, { from: 'wind_kn', metric: 'wind_speed', unit: 'knots' }] },
      },
    };
    const result = decodeWith(shape, 'station,time,temp_f,wind_kn\n007,2023-11-05 01:30:00,50,36\n008,2023-07-01T12:00:00Z,,\n');
    expect(result.ok && result.readings).toEqual([{ stationId: '007', ts: Date.UTC(2023, 10, 5, 5, 30), metrics: { temperature: 10, wind_speed: 18.52 }, timeSource: 'field' }]);
    expect(decodeWith(shape, '007,2023-11-05 01:30:00,50')).toEqual({ ok: false, reason: 'not-object', detail: 'CSV line 1 has 3 cells; the configured header (station,time,temp_f,wind_kn) has 4' });
    expect(decodeWith(shape, '007,2023-11-05 01:30:00,NaN,1')).toEqual({ ok: false, reason: 'non-finite', detail: 'metric "temp_f" is "NaN"; metrics must be finite numbers' });
  });

  it('takes the record timestamp or the arrival time when configured, and marks them', () => {
    const record = decodeWith({ preset: 'generic', mapping: { time: { path: null, otherwise: 'record' } } }, { station_id: 'a', t: 1 });
    expect(record.ok && record.readings[0]).toMatchObject({ ts: Date.UTC(2026, 0, 2, 3, 4, 5, 6), timeSource: 'record' });
    const arrival = decodeWith({ preset: 'generic', mapping: { time: { path: 'ts', otherwise: 'arrival' } } }, { station_id: 'a', t: 1 });
    expect(arrival.ok && arrival.readings[0]).toMatchObject({ ts: Date.UTC(2026, 0, 2, 3, 4, 6), timeSource: 'arrival' });
  });

  it('names the mapped fields when none holds a number', () => {
    const shape = { preset: 'generic', mapping: { metrics: { include: 'mapped', fields: [{ from: 'a.b', metric: 'x' }, { from: 'c', metric: 'y' }] } } };
    expect(decodeWith(shape, { station_id: 's', ts: '2026-01-01T00:00:00Z', c: 'text', d: 5 })).toEqual({ ok: false, reason: 'no-metric', detail: 'the record has no number in a mapped field ("c", "a.b")' });
  });

  it('refuses a unit that does not fit its metric when the shape is built', () => {
    const shape = { preset: 'generic', mapping: { metrics: { fields: [{ from: 't', metric: 'humidity', unit: 'degF' }] } } };
    expect(() => decodeWith(shape, {})).toThrow(/mapped field "t": metric "humidity" is in %/);
    expect(describeShapeProblem(ShapeSchema.parse(shape))).toBe('mapped field "t": metric "humidity" is in %; a field in degF (a temperature) cannot be converted into it');
    expect(describeShapeProblem(ShapeSchema.parse({ preset: 'ttn-v3', fields: [{ from: 't', metric: 'temperature', unit: 'degF' }] }))).toBeNull();
  });
});
