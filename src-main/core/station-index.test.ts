import { describe, expect, it } from 'vitest';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import { defaultSettings } from '../../src-shared/settings/schema';
import { CITY_SLOT, StationIndex } from './station-index';
import { Decoder, DecodedReading } from './decoder/decoder';

const encoder = new TextEncoder();
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('StationIndex', () => {
  it('hands out dense slots after the city, never reuses them, and refuses new stations at the cap', () => {
    const index = new StationIndex(2);
    expect(index.find(CITY_STATION_ID)).toBe(CITY_SLOT);
    expect(index.slotOf('a')).toBe(1);
    expect(index.slotOf('b')).toBe(2);
    expect(index.slotOf('c')).toBe(-1);
    expect(index.slotOf('a')).toBe(1);
    expect(index.find('c')).toBe(-1);
    expect([index.idOf(2), index.size, index.stationCount]).toEqual(['b', 3, 2]);
    // The city keeps its slot at the cap, so city-wide rule state always has one.
    expect(index.slotOf(CITY_STATION_ID)).toBe(CITY_SLOT);
    expect(() => index.idOf(7)).toThrow(RangeError);
  });

  it('at the cap, asks its listener to release idle stations, then hands a released slot to the new station', () => {
    const index = new StationIndex(2);
    const [a, b] = [index.slotOf('a'), index.slotOf('b')];
    index.touch(a, 1_000);
    index.touch(b, 50_000);
    expect(index.idleSlots(10_000)).toEqual([a]);
    let asked = 0;
    index.whenFull(() => {
      asked++;
      for (const slot of index.idleSlots(10_000)) index.release(slot);
    });
    expect(index.slotOf('c')).toBe(a);
    expect([asked, index.find('a'), index.idOf(a), index.stationCount]).toEqual([1, -1, 'c', 2]);
    // Nothing idle any more: the next new station is refused.
    index.touch(a, 60_000);
    expect(index.slotOf('d')).toBe(-1);
    expect(() => index.release(CITY_SLOT)).toThrow(RangeError);
  });

  it('without the city (a standalone window aggregator) slots start at 0', () => {
    const index = new StationIndex(1, false);
    expect([index.slotOf('a'), index.slotOf('b'), index.find(CITY_STATION_ID)]).toEqual([0, -1, -1]);
  });

  it('is created by the decoder, which admits stations into it and carries the slot with each decoded reading', () => {
    const base = defaultSettings();
    const decoder = new Decoder({ ...base.decoder, maxStations: 2 });
    const d = new DecodedReading();
    const decode = (station: string) => decoder.decodeInto(encoder.encode(JSON.stringify({ station_id: station, ts: new Date(T0).toISOString(), temperature: 20 })), T0, d);
    expect(decode('st-01')).toBeNull();
    expect([d.station, decoder.stations.idOf(d.station)]).toEqual([1, 'st-01']);
    expect(decode('st-02')).toBeNull();
    expect(d.station).toBe(2);
    expect(decode('st-03')?.reason).toBe('station-cap');
    // The general (JSON.parse) path and structured readings get the same slot.
    const narrow = { station_id: 'st-01', ts: new Date(T0).toISOString(), metric: 'temperature', value: 21 };
    expect(decoder.decodeInto(encoder.encode(JSON.stringify(narrow)), T0, d)).toBeNull();
    expect(d.station).toBe(1);
    expect(decoder.validateInto({ stationId: 'st-02', ts: T0, metrics: { temperature: 1 } }, T0, d)).toBeNull();
    expect(d.station).toBe(2);
    // The city's reserved slot is not a station a message may name.
    expect(decode(CITY_STATION_ID)?.reason).toBe('invalid-station');
  });
});
