import { describe, expect, it } from 'vitest';
import { mapBounds } from './map-bounds';
import type { DistrictCollection } from '../../src-shared/map/districts';

const districts: DistrictCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { name: 'A' }, geometry: { type: 'Polygon', coordinates: [[[10, 50], [10.5, 50], [10.5, 50.5], [10, 50], [10, 50]]] } }],
};

describe('mapBounds', () => {
  it('fits imported stations together with imported districts, ignoring unplaced stations', () => {
    const stations = [{ lat: 50.2, lon: 9.5 }, { lat: null, lon: null }, { lat: 50.8, lon: 10.1 }];
    expect(mapBounds(stations, districts)).toEqual([[50, 9.5], [50.8, 10.5]]);
  });

  it('fits distant stations alone with the built-in demo districts, nearby ones with the ring, and the ring with no stations', () => {
    expect(mapBounds([{ lat: -33.9, lon: 151.2 }], null)).toEqual([[-33.9, 151.2], [-33.9, 151.2]]);
    const demo = mapBounds([], null);
    expect(demo).not.toBeNull();
    // The bundled ring (resources/map/districts.geojson) surrounds its Centre district at 52.37 N, 4.90 E.
    expect(demo![0][0]).toBeLessThan(52.37);
    expect(demo![1][0]).toBeGreaterThan(52.37);
    expect(demo![0][1]).toBeLessThan(4.9);
    expect(demo![1][1]).toBeGreaterThan(4.9);
    // Stations inside the demo ring (the simulator's) keep the whole ring in view.
    expect(mapBounds([{ lat: 52.37, lon: 4.9 }], null)).toEqual(demo);
  });
});
