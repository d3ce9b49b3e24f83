import { describe, expect, it } from 'vitest';
import { describeFieldTime, readFieldTime } from './field-time';
import { LongInteger } from './values';
import { ZoneClock } from './zone-clock';

describe('readFieldTime: epochs', () => {
  it('reads the published "billennium" (1e9 s = 2001-09-09T01:46:40Z) in every epoch unit', () => {
    const expected = Date.UTC(2001, 8, 9, 1, 46, 40);
    expect(readFieldTime(1_000_000_000, 'epoch-s', null)).toBe(expected);
    expect(readFieldTime(1_000_000_000_000, 'epoch-ms', null)).toBe(expected);
    expect(readFieldTime(1_000_000_000_000_000, 'epoch-us', null)).toBe(expected);
    expect(readFieldTime('1000000000000000000', 'epoch-ns', null)).toBe(expected);
    expect(readFieldTime(new LongInteger('1000000000000000000'), 'epoch-ns', null)).toBe(expected);
  });

  it('cuts nanoseconds to the millisecond from the digits, where a double would round up', () => {
    // Sensor Logger's example time: 2023-10-28T13:52:24.401773Z.
    expect(readFieldTime('1698501144401773000', 'epoch-ns', null)).toBe(Date.UTC(2023, 9, 28, 13, 52, 24, 401));
    expect(Number('1698501144401999999')).toBe(1698501144402000000); // the double is already in the next ms
    expect(readFieldTime('1698501144401999999', 'epoch-ns', null)).toBe(1_698_501_144_401);
    expect(readFieldTime(1_698_501_144_401_999, 'epoch-us', null)).toBe(1_698_501_144_401);
  });

  it('floors times before 1970 and rounds seconds to the ms', () => {
    expect(readFieldTime('-1', 'epoch-ns', null)).toBe(-1);
    expect(readFieldTime('-1000000', 'epoch-ns', null)).toBe(-1);
    expect(readFieldTime(-1, 'epoch-us', null)).toBe(-1);
    expect(readFieldTime(1.0005, 'epoch-s', null)).toBe(1001);
  });

  it('refuses non-numbers, fractions of digits, and times outside years 0000–9999', () => {
    expect(readFieldTime('soon', 'epoch-ms', null)).toBeNaN();
    expect(readFieldTime(true, 'epoch-s', null)).toBeNaN();
    expect(readFieldTime(1e20, 'epoch-ms', null)).toBeNaN();
    expect(readFieldTime('9'.repeat(30), 'epoch-ns', null)).toBeNaN();
    expect(describeFieldTime('t', 1e20, 'epoch-ms', null)).toBe('time field "t" the number 100000000000000000000 (epoch milliseconds) is outside years 0000–9999');
    expect(describeFieldTime('t', 'soon', 'epoch-ns', null)).toBe('time field "t" is the text "soon"; expected a number of epoch nanoseconds');
  });
});

describe('readFieldTime: ISO texts', () => {
  it('reads zoned texts as the decoder does and zone-less ones in the configured zone', () => {
    expect(readFieldTime('2023-01-01T00:00:00Z', 'iso', null)).toBe(Date.UTC(2023, 0, 1));
    expect(readFieldTime('2023-01-01 00:00:00', 'iso', new ZoneClock('Europe/Amsterdam'))).toBe(Date.UTC(2022, 11, 31, 23));
    expect(readFieldTime('2023-01-01T00:00:00+05:30', 'iso', new ZoneClock('Europe/Amsterdam'))).toBe(Date.UTC(2022, 11, 31, 18, 30));
  });

  it('explains a zone-less text without a configured zone, a skipped local time, and garbage', () => {
    expect(readFieldTime('2023-01-01 00:00:00', 'iso', null)).toBeNaN();
    expect(describeFieldTime('date_time', '2023-01-01 00:00:00', 'iso', null)).toMatch(/local time without a zone; set the time zone/);
    const clock = new ZoneClock('America/New_York');
    expect(readFieldTime('2023-03-12 02:30:00', 'iso', clock)).toBeNaN();
    expect(describeFieldTime('date_time', '2023-03-12 02:30:00', 'iso', clock)).toMatch(/^time field "date_time": local time "2023-03-12 02:30:00" does not exist in America\/New_York/);
    expect(describeFieldTime('ts', 'yesterday', 'iso', clock)).toMatch(/is the text "yesterday"; expected an ISO-8601 date-time/);
    expect(describeFieldTime('ts', 17, 'iso', null)).toMatch(/is the number 17; expected an ISO-8601 text/);
  });
});
