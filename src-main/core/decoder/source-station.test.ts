import { describe, expect, it } from 'vitest';
import { DecodedReading } from './decoder';
import { NOW, bytesOf, makeDecoder } from './test-helpers';

describe('the station a source names (an MQTT topic level)', () => {
  const record = { ts: '2026-11-23T10:15:00.120Z', temperature: 24.1 };

  it('is used when the payload names no station', () => {
    const out = new DecodedReading();
    expect(makeDecoder().decodeInto(bytesOf(record), NOW, out, 's-from-topic')).toBeNull();
    expect(out.toReading()).toEqual({ stationId: 's-from-topic', ts: Date.parse(record.ts), metrics: { temperature: 24.1 } });
  });

  it('without it the message is still rejected as no-station', () => {
    expect(makeDecoder().decodeInto(bytesOf(record), NOW, new DecodedReading())).toMatchObject({ reason: 'no-station' });
  });

  it('gives way to the station the payload names', () => {
    const out = new DecodedReading();
    expect(makeDecoder().decodeInto(bytesOf({ station_id: 's-in-payload', ...record }), NOW, out, 's-from-topic')).toBeNull();
    expect(out.stationId).toBe('s-in-payload');
  });

  it('is checked like any station id', () => {
    expect(makeDecoder().decodeInto(bytesOf(record), NOW, new DecodedReading(), '*')).toMatchObject({ reason: 'invalid-station' });
  });
});
