import { describe, expect, it } from 'vitest';
import { SHAPE_PRESETS, ShapeSchema } from '../../../src-shared/settings/shape';
import { REJECT_REASONS } from '../decoder/reject-reason';
import { ShapeDecoder } from './shape-decoder';
import { bytes, decodeWith, meta, outcomeOf, shapeDecoder } from './shapes.test-support';

const presets = SHAPE_PRESETS.map((preset) => ShapeSchema.parse({ preset }));

describe('hostile input: every preset answers with readings or a reason, never throws', () => {
  it('refuses empty, null, oversize and non-UTF-8 payloads before parsing', () => {
    for (const shape of presets) {
      const decoder = new ShapeDecoder(shape, { maxMessageBytes: 64 });
      expect(decoder.decode(null, meta())).toEqual({ ok: false, reason: 'empty', detail: 'payload is null (e.g. a Kafka tombstone)' });
      expect(outcomeOf(decoder.decode(new Uint8Array(0), meta()))).toBe('empty');
      expect(decoder.decode(new Uint8Array(65), meta())).toEqual({ ok: false, reason: 'oversize', detail: 'payload is 65 bytes; the limit (decoder.maxMessageBytes) is 64' });
      expect(decoder.decode(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), meta())).toEqual({ ok: false, reason: 'not-json', detail: 'payload is not valid UTF-8 text' });
    }
  });

  it('survives a megabyte of nesting in JSON and in Python literals', () => {
    const deep = '['.repeat(500_000) + ']'.repeat(500_000); // 1,000,000 bytes, under the default 1 MiB limit
    expect(outcomeOf(decodeWith({ preset: 'stationwatch' }, deep))).toBe('not-object');
    expect(outcomeOf(decodeWith({ preset: 'python-dict' }, deep))).toBe('not-literal');
    const deepRecord = `{"station_id":"a","ts":"2026-01-01T00:00:00Z","t":1,"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const result = decodeWith({ preset: 'stationwatch' }, deepRecord);
    expect(result.ok && result.readings[0]?.metrics).toEqual({ t: 1 });
  });

  it('refuses numbers beyond the double range and non-finite texts as non-finite', () => {
    expect(decodeWith({ preset: 'stationwatch' }, '{"station_id":"a","ts":"2026-01-01T00:00:00Z","t":1e999}')).toEqual({ ok: false, reason: 'non-finite', detail: 'metric "t" is Infinity (a number beyond the double range, e.g. 1e999); metrics must be finite numbers' });
    expect(outcomeOf(decodeWith({ preset: 'stationwatch' }, '{"station_id":"a","ts":"2026-01-01T00:00:00Z","t":NaN}'))).toBe('non-finite');
    expect(outcomeOf(decodeWith({ preset: 'stationwatch' }, { station_id: 'a', ts: '2026-01-01T00:00:00Z', t: '-inf' }))).toBe('non-finite');
    expect(outcomeOf(decodeWith({ preset: 'sensor-logger' }, `{"deviceId":"d","payload":[{"name":"n","time":${'9'.repeat(400)},"v":1}]}`))).toBe('bad-time');
    expect(outcomeOf(decodeWith({ preset: 'python-dict' }, `{'station_id': 's', 't': 1${'0'.repeat(400)}}`))).toBe('non-finite');
  });

  it('reports wrong types in plain words, field by field', () => {
    expect(decodeWith({ preset: 'stationwatch' }, 42)).toEqual({ ok: false, reason: 'not-object', detail: 'expected a JSON object (or a list of them); found the number 42' });
    expect(decodeWith({ preset: 'stationwatch' }, [1, 2])).toEqual({ ok: false, reason: 'not-object', detail: 'record 1 of 2: expected a record (an object); found the number 1' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: -1, ts: 'x', t: 1 })).toEqual({ ok: false, reason: 'invalid-station', detail: 'station field "station_id" is the number -1; expected a text or a non-negative integer' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: 'a', ts: ['2026'], t: 1 })).toEqual({ ok: false, reason: 'bad-time', detail: 'time field "ts" is a list (1 items); expected an ISO-8601 text such as "2023-01-01T00:00:00Z"' });
    expect(decodeWith({ preset: 'sensor-logger' }, { deviceId: { id: 1 }, payload: [{ name: 'n', time: 1, v: 1 }] })).toEqual({ ok: false, reason: 'invalid-station', detail: 'station field "deviceId" is an object; expected a text or a non-negative integer' });
  });

  it('does not read inherited fields ("constructor", "__proto__") and cannot pollute prototypes', () => {
    expect(outcomeOf(decodeWith({ preset: 'generic', mapping: { station: { from: 'field', path: 'constructor' } } }, { ts: '2026-01-01T00:00:00Z', t: 1 }))).toBe('no-station');
    const result = decodeWith({ preset: 'stationwatch' }, '{"station_id":"a","ts":"2026-01-01T00:00:00Z","__proto__":5,"t":1}');
    expect(result.ok && Object.keys(result.readings[0]!.metrics)).toEqual(['__proto__', 't']);
    expect(result.ok && Object.getPrototypeOf(result.readings[0]!.metrics)).toBe(Object.prototype);
    const mapped = decodeWith({ preset: 'flat', fields: [{ from: 'x', metric: '__proto__' }] }, { date_time: '2023-01-01 00:00:00', x: 1 });
    expect(mapped.ok && Object.hasOwn(mapped.readings[0]!.metrics, '__proto__')).toBe(true);
  });

  it('keeps an escaped quote inside a text from being read as a "time" key', () => {
    const text = '{"deviceId":"d","payload":[{"name":"n\\"time\\":1698501144401999999","time":1698501144401999999,"v":1}]}';
    const result = shapeDecoder({ preset: 'sensor-logger' }).decode(bytes(text), meta());
    expect(result.ok && result.readings[0]).toMatchObject({ ts: 1_698_501_144_401, metrics: { 'n"time":1698501144401999999.v': 1 } });
  });

  it('answers every reason from the known list for random mutations of valid messages', () => {
    const valid: Record<string, string> = {
      stationwatch: '{"station_id":"st-1","ts":"2026-01-01T00:00:00Z","temperature":20.5}',
      'sensor-logger': '{"deviceId":"d","payload":[{"name":"pressure","time":1698501144401773000,"pressure":1013.2}]}',
      'ttn-v3': '{"end_device_ids":{"device_id":"x"},"received_at":"2024-01-01T10:00:00Z","uplink_message":{"decoded_payload":{"t":1}}}',
      'python-dict': "{'station_id': 's', 'temperature': 24.7, 'ok': True}",
      flat: '{"date_time":"2023-01-01 00:00:00","temp":20.1}',
      generic: '{"station_id":"st-1","ts":"2026-01-01T00:00:00Z","temperature":20.5}',
    };
    let seed = 11;
    const random = (n: number): number => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * n);
    for (const shape of presets) {
      const decoder = new ShapeDecoder(shape);
      const source = bytes(valid[shape.preset]);
      expect(outcomeOf(decoder.decode(source, meta()))).toBe('ok');
      for (let i = 0; i < 500; i++) {
        const mutated = source.slice(0, random(source.length + 1));
        for (let j = 0; j < 3; j++) if (mutated.length > 0) mutated[random(mutated.length)] = random(256);
        const result = decoder.decode(mutated, meta());
        if (!result.ok) expect(REJECT_REASONS).toContain(result.reason);
        else expect(Array.isArray(result.readings)).toBe(true);
      }
    }
  });
});

describe('epoch nanoseconds through JSON', () => {
  it('gives the exact millisecond of 19-digit times, also those a double rounds into the next ms', () => {
    const decoder = shapeDecoder({ preset: 'sensor-logger', groupByTime: false });
    let seed = 3;
    const digit = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 10;
    const times: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const nanosInMs = i % 2 === 0 ? String(999_900 + (i % 100)) : Array.from({ length: 6 }, digit).join(''); // half of them hug a ms boundary
      times.push(`16985011${Array.from({ length: 5 }, digit).join('')}${nanosInMs.padStart(6, '0')}`);
    }
    const payload = times.map((time) => `{"name":"n","time":${time},"v":1}`).join(',');
    const result = decoder.decode(bytes(`{"deviceId":"d","payload":[${payload}]}`), meta());
    const expected = times.map((time) => Number(BigInt(time) / 1_000_000n)); // an independent, exact reference
    expect(result.ok && result.readings.map((reading) => reading.ts)).toEqual(expected);
  });
});
