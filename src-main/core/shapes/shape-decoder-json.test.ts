import { describe, expect, it } from 'vitest';
import { decodeWith, meta, outcomeOf } from './shapes.test-support';

describe('stationwatch preset (our own wire format)', () => {
  it('decodes wide and narrow records like the Decoder', () => {
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: 'st-07', ts: '2026-11-23T10:15:00.120Z', temperature: 24.1, label: 'roof', active: true })).toEqual({
      ok: true,
      readings: [{ stationId: 'st-07', ts: Date.UTC(2026, 10, 23, 10, 15, 0, 120), metrics: { temperature: 24.1 }, timeSource: 'field' }],
    });
    const narrow = decodeWith({ preset: 'stationwatch' }, { station_id: 7, ts: '2026-11-23T10:00:00Z', metric: 'rainfall', value: 1.5, seq: 9 });
    expect(narrow.ok && narrow.readings).toEqual([{ stationId: '7', ts: Date.UTC(2026, 10, 23, 10), metrics: { rainfall: 1.5 }, timeSource: 'field' }]);
  });

  it('names the missing field and what it found', () => {
    expect(decodeWith({ preset: 'stationwatch' }, { ts: '2026-11-23T10:00:00Z', t: 1 })).toEqual({ ok: false, reason: 'no-station', detail: 'station field "station_id" is missing' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: true, ts: 'x', t: 1 })).toEqual({ ok: false, reason: 'invalid-station', detail: 'station field "station_id" is true; expected a text or a non-negative integer' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: 'a', t: 1 })).toEqual({ ok: false, reason: 'bad-time', detail: 'time field "ts" is missing' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: 'a', ts: '2026-11-23T10:00:00Z', note: 'x' })).toEqual({ ok: false, reason: 'no-metric', detail: 'the record has no numeric field besides the station and time' });
    expect(decodeWith({ preset: 'stationwatch' }, { station_id: 'a', ts: '2026-11-23T10:00:00Z', metric: 'rainfall', value: 'wet' })).toEqual({ ok: false, reason: 'no-metric', detail: 'narrow record for metric "rainfall": value field "value" is the text "wet"; expected a number' });
  });
});

describe('sensor-logger preset', () => {
  const message = {
    messageId: 0,
    sessionId: '4a0c6d87-0b2b-4f5e-9b53-1c9b1e8f2f7a',
    deviceId: 'c5d8e1f0-phone',
    payload: [
      { name: 'pressure', time: 'T1', pressure: 1013.2, relativeAltitude: 0.1 },
      { name: 'microphone', time: 'T2', dBFS: -41.5 },
      { name: 'accelerometer', time: 'T3', values: { x: 0.1, y: -0.2, z: 9.81 }, accuracy: 3 },
      { name: 'battery', time: 'T3', batteryState: 'charging', seconds_elapsed: 1.2 },
    ],
  };
  // The app sends 19-digit JSON numbers; as doubles T2 would already be 1698501144402000000 (the next ms).
  const times: Record<string, string> = { T1: '1698501144401773000', T2: '1698501144401999999', T3: '1698501144502000000' };
  const text = JSON.stringify(message).replace(/"(T\d)"/g, (_, name: string) => times[name] as string);

  it('reads ns times from their digits, names metrics <name>.<field>, maps pressure, groups by time, skips sensors without numbers', () => {
    const result = decodeWith({ preset: 'sensor-logger', deviceNames: { 'c5d8e1f0-phone': 'pilot-phone-1' } }, text);
    expect(result).toEqual({
      ok: true,
      readings: [
        { stationId: 'pilot-phone-1', ts: Date.UTC(2023, 9, 28, 13, 52, 24, 401), metrics: { pressure: 1013.2, 'pressure.relativeAltitude': 0.1, 'microphone.dBFS': -41.5 }, timeSource: 'field' },
        { stationId: 'pilot-phone-1', ts: Date.UTC(2023, 9, 28, 13, 52, 24, 502), metrics: { 'accelerometer.x': 0.1, 'accelerometer.y': -0.2, 'accelerometer.z': 9.81 }, timeSource: 'field' },
      ],
    });
  });

  it('keeps one reading per entry when grouping is off, and accepts an empty batch', () => {
    const result = decodeWith({ preset: 'sensor-logger', groupByTime: false }, text);
    expect(result.ok && result.readings.map((r) => r.stationId)).toEqual(['c5d8e1f0-phone', 'c5d8e1f0-phone', 'c5d8e1f0-phone']);
    expect(decodeWith({ preset: 'sensor-logger' }, { messageId: 1, deviceId: 'd', payload: [] })).toEqual({ ok: true, readings: [] });
  });

  it('says which field was expected when the message is not Sensor Logger\'s', () => {
    expect(decodeWith({ preset: 'sensor-logger' }, { station_id: 'a', ts: 1 })).toEqual({ ok: false, reason: 'not-object', detail: 'records field "payload" is missing' });
    expect(decodeWith({ preset: 'sensor-logger' }, { deviceId: 'd', payload: 'x' })).toEqual({ ok: false, reason: 'not-object', detail: 'expected an object or a list of records at "payload"; found the text "x"' });
    expect(decodeWith({ preset: 'sensor-logger' }, { payload: [{ name: 'a', time: 1, v: 1 }] })).toEqual({ ok: false, reason: 'no-station', detail: 'station field "deviceId" is missing' });
    expect(decodeWith({ preset: 'sensor-logger' }, { deviceId: 'd', payload: [{ name: 'a', time: 1, v: 1 }, { name: 'b', time: 'soon', v: 2 }] })).toEqual({
      ok: false,
      reason: 'bad-time',
      detail: 'record 2 of 2: time field "time" is the text "soon"; expected a number of epoch nanoseconds',
    });
  });
});

describe('flat preset (records without a station)', () => {
  const record = { date_time: '2023-01-01 00:00:00', temp: 20.1, humidity: 55.2 };

  it('takes the station from the key, reads the zone-less time in UTC by default, and renames temp', () => {
    expect(decodeWith({ preset: 'flat' }, record)).toEqual({ ok: true, readings: [{ stationId: 'key-station', ts: Date.UTC(2023, 0, 1), metrics: { temperature: 20.1, humidity: 55.2 }, timeSource: 'field' }] });
  });

  it('takes the station from a fixed id, the topic, or a topic segment, renamed by stationNames', () => {
    const fixed = decodeWith({ preset: 'flat', station: { from: 'fixed', id: 'roof-1' } }, record);
    expect(fixed.ok && fixed.readings[0]?.stationId).toBe('roof-1');
    const topic = decodeWith({ preset: 'flat', station: { from: 'topic' } }, record, meta({ topic: 'etl-readings' }));
    expect(topic.ok && topic.readings[0]?.stationId).toBe('etl-readings');
    const segment = decodeWith({ preset: 'flat', station: { from: 'topic', segment: 1 }, stationNames: { north: 'North park' } }, record);
    expect(segment.ok && segment.readings[0]?.stationId).toBe('North park');
  });

  it('reads local times in the configured zone and refuses the skipped hour', () => {
    const amsterdam = { preset: 'flat', time: { path: 'date_time', zone: 'Europe/Amsterdam' } };
    const winter = decodeWith(amsterdam, record);
    expect(winter.ok && winter.readings[0]?.ts).toBe(Date.UTC(2022, 11, 31, 23));
    const repeated = decodeWith(amsterdam, { ...record, date_time: '2023-10-29 02:30:00' });
    expect(repeated.ok && repeated.readings[0]?.ts).toBe(Date.UTC(2023, 9, 29, 0, 30));
    const skipped = decodeWith(amsterdam, { ...record, date_time: '2023-03-26 02:30:00' });
    expect(skipped).toEqual({ ok: false, reason: 'bad-time', detail: 'time field "date_time": local time "2023-03-26 02:30:00" does not exist in Europe/Amsterdam: the clocks skip 60 minutes there (UTC+01:00 → UTC+02:00, a daylight-saving change)' });
  });

  it('explains a missing key or topic, and a key that is not UTF-8', () => {
    expect(decodeWith({ preset: 'flat' }, record, meta({ key: null }))).toEqual({ ok: false, reason: 'no-station', detail: 'the message has no key; this shape takes the station from the Kafka message key' });
    expect(decodeWith({ preset: 'flat' }, record, meta({ key: new Uint8Array([0xff, 0xfe]) }))).toEqual({ ok: false, reason: 'invalid-station', detail: 'the message key is not valid UTF-8 text; this shape takes the station from the Kafka message key' });
    expect(outcomeOf(decodeWith({ preset: 'flat', station: { from: 'topic', segment: 5 } }, record))).toBe('no-station');
  });
});

describe('ttn-v3 preset (The Things Stack uplinks)', () => {
  const uplink = {
    end_device_ids: { device_id: 'eui-70b3d57ed0051234', application_ids: { application_id: 'city-air' }, dev_eui: '70B3D57ED0051234' },
    correlation_ids: ['as:up:01H…'],
    received_at: '2024-01-01T10:00:00.123456789Z',
    uplink_message: { f_port: 2, decoded_payload: { temperature: 21.5, humidity: 40, status: 'ok' }, rx_metadata: [{ rssi: -80 }] },
  };

  it('reads the device id, received_at and the decoded payload', () => {
    expect(decodeWith({ preset: 'ttn-v3', deviceNames: { 'eui-70b3d57ed0051234': 'Dam square' } }, uplink)).toEqual({
      ok: true,
      readings: [{ stationId: 'Dam square', ts: Date.UTC(2024, 0, 1, 10, 0, 0, 123), metrics: { temperature: 21.5, humidity: 40 }, timeSource: 'field' }],
    });
  });

  it('converts a mapped field and explains a join message without a payload', () => {
    const converted = decodeWith({ preset: 'ttn-v3', fields: [{ from: 'temperature', metric: 'temperature', unit: 'degF' }] }, { ...uplink, uplink_message: { decoded_payload: { temperature: 212 } } });
    expect(converted.ok && converted.readings[0]?.metrics).toEqual({ temperature: 100 });
    const join = { end_device_ids: uplink.end_device_ids, received_at: uplink.received_at, join_accept: { session_key_id: 'x' } };
    expect(decodeWith({ preset: 'ttn-v3' }, join)).toEqual({ ok: false, reason: 'not-object', detail: 'records field "uplink_message.decoded_payload" is missing' });
    expect(decodeWith({ preset: 'ttn-v3' }, { ...uplink, end_device_ids: 'x' })).toEqual({ ok: false, reason: 'no-station', detail: 'station field "end_device_ids.device_id" is missing ("end_device_ids" is the text "x", not an object)' });
  });
});
