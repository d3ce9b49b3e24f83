import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from './duplicate-filter';
import { seededRandom } from '../../src-shared/test-support/seeded-random';
import { DecodedReading } from './decoder/decoded-reading';

/** A reading of station `stationId` at `ts` with these metric names (values do not matter to the filter). */
const reading = (stationId: string, ts: number, ...names: string[]) => ({ stationId, ts, metrics: Object.fromEntries(names.map((n) => [n, 1])) });

describe('DuplicateFilter', () => {
  it('takes the same station, time and metrics once; the repeat is a duplicate', () => {
    const filter = new DuplicateFilter();
    expect(filter.isDuplicateReading(reading('a', 1_000, 't'))).toBe(false);
    expect(filter.isDuplicateReading(reading('a', 1_000, 't'))).toBe(true);
    expect(filter.isDuplicateReading(reading('a', 1_000, 't'))).toBe(true);
    expect(filter.isDuplicateReading(reading('b', 1_000, 't'))).toBe(false);
    expect(filter.isDuplicateReading(reading('a', 2_000, 't'))).toBe(false);
  });

  it('catches out-of-order repeats within the ring, and forgets beyond it', () => {
    const filter = new DuplicateFilter({ ringSize: 4 });
    const isDuplicate = (ts: number) => filter.isDuplicateReading(reading('a', ts, 't', 'h'));
    for (const ts of [10, 30, 20, 40]) expect(isDuplicate(ts)).toBe(false);
    expect(isDuplicate(20)).toBe(true);
    expect(isDuplicate(25)).toBe(false); // evicts 10
    expect(isDuplicate(10)).toBe(false); // forgotten: bounded memory
    expect(isDuplicate(25)).toBe(true);
  });

  it('at a station and time seen before, a reading brings only the metrics not seen there yet (narrow records, two boards)', () => {
    const filter = new DuplicateFilter();
    const slot = 0;
    const fresh = (...names: string[]) => {
      const n = filter.freshAt(slot, 5, names, names.length);
      return n === names.length ? names : names.filter((_, i) => filter.freshMask()[i] === 1).slice(0, n);
    };
    expect(fresh('temperature')).toEqual(['temperature']);
    expect(fresh('humidity')).toEqual(['humidity']);
    expect(fresh('temperature')).toEqual([]);
    // Before: any reading with several metrics at a time seen was dropped whole.
    expect(fresh('pressure', 'wind_speed')).toEqual(['pressure', 'wind_speed']);
    expect(fresh('temperature', 'rainfall', 'humidity')).toEqual(['rainfall']);
    expect(fresh('wind_speed', 'pressure', 'rainfall')).toEqual([]);
    expect(fresh('noise', 'temperature')).toEqual(['noise']);
  });

  it('with a DecodedReading\'s layout version, a changed layout is never taken for the one before', () => {
    const filter = new DuplicateFilter();
    const d = new DecodedReading();
    const take = (ts: number, ...names: string[]) => {
      names.forEach((name, i) => d.setMetric(i, name, i));
      d.count = names.length;
      return filter.freshAt(0, ts, d.names, d.count, d.layoutVersion);
    };
    expect(take(5, 't', 'h')).toBe(2);
    expect(take(6, 't', 'h')).toBe(2);
    // Same array, other names (the version moves), then fewer of the same names (the count tells).
    expect(take(6, 'p', 'w')).toBe(2);
    expect(take(6, 't', 'h')).toBe(0);
    expect(take(6, 'p')).toBe(0);
    expect(take(5, 'p', 'h')).toBe(1);
  });

  it('tracks at most maxStations stations and never flags the untracked ones', () => {
    const filter = new DuplicateFilter({ maxStations: 3 });
    for (const id of ['a', 'b', 'c', 'd']) filter.isDuplicateReading(reading(id, 1, 't'));
    expect(filter.stationCount).toBe(3);
    expect(filter.isDuplicateReading(reading('d', 1, 't'))).toBe(false);
    expect(filter.isDuplicateReading(reading('c', 1, 't'))).toBe(true);
  });

  it('agrees with an exact set of (station, time, metric) on random streams while the repeats fit the ring', () => {
    const random = seededRandom(7);
    const filter = new DuplicateFilter({ ringSize: 64 });
    const seen = new Set<string>();
    const metrics = ['t', 'h', 'p', 'w'];
    let partial = 0;
    let duplicates = 0;
    for (let i = 0; i < 20_000; i++) {
      const station = `s${Math.floor(random() * 20)}`;
      // In order, 10 % repeats of an earlier second; one to four metrics, in any order.
      const ts = Math.floor(i / 20) * 1000 + (random() < 0.1 ? -1000 : 0);
      const names = metrics.filter(() => random() < 0.5);
      if (names.length === 0) continue;
      if (random() < 0.5) names.reverse();
      const expected = names.filter((n) => !seen.has(`${station}@${ts}@${n}`));
      for (const n of names) seen.add(`${station}@${ts}@${n}`);
      const slot = Number(station.slice(1));
      const n = filter.freshAt(slot, ts, names, names.length);
      const taken = n === names.length ? names : names.filter((_, k) => filter.freshMask()[k] === 1);
      expect([n, taken]).toEqual([expected.length, n === 0 ? [] : expected]);
      if (n === 0) duplicates++;
      else if (n < names.length) partial++;
    }
    expect(duplicates).toBeGreaterThan(100);
    expect(partial).toBeGreaterThan(100);
  });
});
