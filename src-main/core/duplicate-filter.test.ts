import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from './duplicate-filter';

describe('DuplicateFilter', () => {
  it('counts the same station and time once; the repeat is a duplicate', () => {
    const filter = new DuplicateFilter();
    expect(filter.isDuplicate('a', 1_000)).toBe(false);
    expect(filter.isDuplicate('a', 1_000)).toBe(true);
    expect(filter.isDuplicate('a', 1_000)).toBe(true);
    expect(filter.isDuplicate('b', 1_000)).toBe(false);
    expect(filter.isDuplicate('a', 2_000)).toBe(false);
  });

  it('catches out-of-order repeats within the ring, and forgets beyond it', () => {
    const filter = new DuplicateFilter({ ringSize: 4 });
    for (const ts of [10, 30, 20, 40]) expect(filter.isDuplicate('a', ts)).toBe(false);
    expect(filter.isDuplicate('a', 20)).toBe(true);
    expect(filter.isDuplicate('a', 25)).toBe(false); // evicts 10
    expect(filter.isDuplicate('a', 10)).toBe(false); // forgotten: bounded memory
    expect(filter.isDuplicate('a', 25)).toBe(true);
  });

  it('separates tags: narrow records share station and time but not the metric', () => {
    const filter = new DuplicateFilter();
    const narrow = (metric: string) => ({ stationId: 'a', ts: 5, metrics: { [metric]: 1 } });
    expect(filter.isDuplicateReading(narrow('temperature'))).toBe(false);
    expect(filter.isDuplicateReading(narrow('humidity'))).toBe(false);
    expect(filter.isDuplicateReading(narrow('temperature'))).toBe(true);
    const wide = { stationId: 'a', ts: 5, metrics: { temperature: 1, humidity: 2 } };
    expect(filter.isDuplicateReading(wide)).toBe(false);
    expect(filter.isDuplicateReading({ ...wide, metrics: { temperature: 9, humidity: 9, rainfall: 0 } })).toBe(true);
    expect(filter.isDuplicate('a', 5, 7)).toBe(false);
    expect(filter.isDuplicate('a', 5, 7)).toBe(true);
  });

  it('keys messages held as columns exactly as it keys Readings', () => {
    const byReading = new DuplicateFilter();
    const byValues = new DuplicateFilter();
    const messages = [['temperature'], ['humidity'], ['temperature'], ['temperature', 'humidity'], ['rainfall', 'temperature', 'humidity']];
    for (const names of messages) {
      const reading = { stationId: 'a', ts: 5, metrics: Object.fromEntries(names.map((n) => [n, 1])) };
      expect(byValues.isDuplicateValues('a', 5, names, names.length)).toBe(byReading.isDuplicateReading(reading));
    }
  });

  it('tracks at most maxStations stations and never flags the untracked ones', () => {
    const filter = new DuplicateFilter({ maxStations: 3 });
    for (const id of ['a', 'b', 'c', 'd']) filter.isDuplicate(id, 1);
    expect(filter.stationCount).toBe(3);
    expect(filter.isDuplicate('d', 1)).toBe(false);
    expect(filter.isDuplicate('c', 1)).toBe(true);
  });

  it('agrees with an exact set on random streams while the window fits the ring', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const filter = new DuplicateFilter({ ringSize: 64 });
    const seen = new Set<string>();
    let duplicates = 0;
    for (let i = 0; i < 20_000; i++) {
      const station = `s${Math.floor(random() * 20)}`;
      const ts = Math.floor(i / 20) * 1000 + (random() < 0.1 ? -1000 : 0); // in order, 10% repeats of an earlier second
      const key = `${station}@${ts}`;
      const isRepeat = seen.has(key);
      seen.add(key);
      if (isRepeat) duplicates++;
      expect(filter.isDuplicate(station, ts)).toBe(isRepeat);
    }
    expect(duplicates).toBeGreaterThan(100);
  });
});
