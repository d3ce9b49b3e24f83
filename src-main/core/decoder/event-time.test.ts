import { describe, expect, it } from 'vitest';
import { MAX_EVENT_TIME_MS, MIN_EVENT_TIME_MS, parseIsoTime, readEventTime } from './event-time';

describe('parseIsoTime', () => {
  it.each([
    ['2026-11-23T10:15:00.120Z', Date.UTC(2026, 10, 23, 10, 15, 0, 120)],
    ['2026-11-23T10:15:00Z', Date.UTC(2026, 10, 23, 10, 15, 0)],
    ['2026-11-23T10:15Z', Date.UTC(2026, 10, 23, 10, 15)],
    ['2026-11-23t10:15:00z', Date.UTC(2026, 10, 23, 10, 15)],
    ['2026-11-23 10:15:00.5Z', Date.UTC(2026, 10, 23, 10, 15, 0, 500)],
    ['2026-11-23T10:15:00,25Z', Date.UTC(2026, 10, 23, 10, 15, 0, 250)],
    ['2026-11-23T10:15:00.123999999Z', Date.UTC(2026, 10, 23, 10, 15, 0, 123)],
    ['2026-11-23T12:15:00+02:00', Date.UTC(2026, 10, 23, 10, 15)],
    ['2026-11-23T05:45:00-0430', Date.UTC(2026, 10, 23, 10, 15)],
    ['2026-11-23T11:15:00+01', Date.UTC(2026, 10, 23, 10, 15)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0000-01-01T00:00:00Z', MIN_EVENT_TIME_MS],
    ['9999-12-31T23:59:59.999Z', MAX_EVENT_TIME_MS],
  ])('%s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each([
    '', 'yesterday', '2026-11-23', '2026-11-23T10:15:00', '2026-13-01T00:00:00Z', '2026-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z', '2026-11-23T24:00:00Z', '2026-11-23T10:60:00Z', '2026-11-23T10:15:60Z', '2026-11-23T10:15:00.Z',
    '2026-11-23T10:15:00ZZ', '2026-11-23T10:15:00+2:00', '2026-11-23T10:15:00+02:0', '2026-11-23T10:15:00+24:00', '26-11-23T10:15:00Z',
    '2026/11/23T10:15:00Z', '+02026-11-23T10:15:00Z', '2026-11-23T10:15:00 Z', '２０２６-11-23T10:15:00Z', '2026-1a-23T10:15:00Z',
  ])('refuses %j', (text) => {
    expect(parseIsoTime(text)).toBeNaN();
  });

  it('agrees with Date.parse on random valid times', () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 2_000; i++) {
      const ms = Math.floor((random() * 2 - 0.2) * 4e12);
      const iso = new Date(ms).toISOString();
      expect(parseIsoTime(iso)).toBe(ms);
      const offset = Math.floor(random() * 27 - 13) * 60 + (random() < 0.3 ? 30 : 0);
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
      const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      expect(parseIsoTime(local + zone)).toBe(Date.parse(local + zone));
    }
  });
});

describe('readEventTime', () => {
  it('checks the JSON type against the format', () => {
    expect(readEventTime('2026-11-23T10:15:00Z', 'iso')).toBe(Date.UTC(2026, 10, 23, 10, 15));
    expect(readEventTime(1_795_000_000, 'iso')).toBeNaN();
    expect(readEventTime(1_795_000_000.1234, 'epoch-s')).toBe(1_795_000_000_123);
    expect(readEventTime('1795000000', 'epoch-s')).toBeNaN();
    expect(readEventTime(1_795_000_000_000, 'epoch-ms')).toBe(1_795_000_000_000);
    expect(readEventTime(null, 'epoch-ms')).toBeNaN();
    expect(readEventTime(undefined, 'epoch-ms')).toBeNaN();
  });

  it('refuses non-finite and out-of-range epochs', () => {
    expect(readEventTime(Infinity, 'epoch-ms')).toBeNaN();
    expect(readEventTime(NaN, 'epoch-s')).toBeNaN();
    expect(readEventTime(MAX_EVENT_TIME_MS + 1, 'epoch-ms')).toBeNaN();
    expect(readEventTime(1e15, 'epoch-s')).toBeNaN();
    expect(readEventTime(MIN_EVENT_TIME_MS, 'epoch-ms')).toBe(MIN_EVENT_TIME_MS);
  });
});
