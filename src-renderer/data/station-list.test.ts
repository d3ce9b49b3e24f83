import { describe, expect, it } from 'vitest';
import type { Station } from '../../src-shared/domain/station';
import { isSameStationList } from './station-list';

const station = (id: string, over: Partial<Station> = {}): Station => ({ id, name: `Station ${id}`, district: 'Centre', lat: 52.1, lon: 4.3, ...over });

describe('isSameStationList', () => {
  it('takes two fetches of an unchanged registry (new arrays, new objects) as the same', () => {
    const first = [station('st-01'), station('st-02', { lat: null, lon: null }), station('st-03', { stationType: 'traffic', calibrationDueAt: 1_700_000_000_000 })];
    const again = first.map((s) => ({ ...s }));
    expect(again).not.toBe(first);
    expect(isSameStationList(first, again)).toBe(true);
    expect(isSameStationList([], [])).toBe(true);
  });

  it('sees a new, removed, moved, renamed or re-ordered station', () => {
    const list = [station('st-01'), station('st-02')];
    expect(isSameStationList(list, [...list, station('st-03')])).toBe(false);
    expect(isSameStationList(list, [list[0]!])).toBe(false);
    expect(isSameStationList(list, [list[0]!, station('st-02', { lat: 52.2 })])).toBe(false);
    expect(isSameStationList(list, [list[0]!, station('st-02', { lat: null, lon: null })])).toBe(false);
    expect(isSameStationList(list, [list[0]!, station('st-02', { name: 'Harbour' })])).toBe(false);
    expect(isSameStationList(list, [list[0]!, station('st-02', { district: 'Parkland' })])).toBe(false);
    expect(isSameStationList(list, [list[1]!, list[0]!])).toBe(false);
  });

  it('compares the optional fields, present on one side only too', () => {
    const plain = [station('st-01')];
    expect(isSameStationList(plain, [station('st-01', { instrumentClass: 'low-cost' })])).toBe(false);
    expect(isSameStationList([station('st-01', { instrumentClass: 'low-cost' })], plain)).toBe(false);
    // An optional field absent on one side and undefined on the other says the same thing.
    expect(isSameStationList(plain, [station('st-01', { stationType: undefined })])).toBe(true);
  });
});
