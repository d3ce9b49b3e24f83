import { describe, expect, it } from 'vitest';
import { outOfServiceFor, outOfServiceLabel, sortOutOfService, stationsOutOfService } from './out-of-service';

const entries = [
  { stationId: 'st-04', metric: 'noise_level' },
  { stationId: 'st-02', metric: null },
  { stationId: 'st-04', metric: null },
];

describe('out-of-service entries', () => {
  it('counts a station as out of service only for a whole-station entry', () => {
    expect([...stationsOutOfService(entries)].sort()).toEqual(['st-02', 'st-04']);
    expect(stationsOutOfService([{ stationId: 'st-09', metric: 'pm25' }]).has('st-09')).toBe(false);
  });

  it('lists what of one station is out of service, and labels and sorts entries', () => {
    expect(outOfServiceFor(entries, 'st-04')).toEqual(['noise_level', null]);
    expect(outOfServiceFor(entries, 'st-01')).toEqual([]);
    expect(sortOutOfService(entries).map(outOfServiceLabel)).toEqual(['st-02', 'st-04', 'st-04 · noise_level']);
  });
});
