import { describe, expect, it } from 'vitest';
import { districtLabelPosition } from './label-placement';
import type { DistrictFeature } from '../../src-shared/map/districts';

const square: DistrictFeature = { type: 'Feature', properties: { name: 'Square' }, geometry: { type: 'Polygon', coordinates: [[[10, 50], [10.1, 50], [10.1, 50.1], [10, 50.1], [10, 50]]] } };

describe('districtLabelPosition', () => {
  it('puts the name in the middle when no station is near', () => {
    const [lat, lon] = districtLabelPosition(square, [{ lat: null, lon: null }]);
    expect(lat).toBeCloseTo(50.05, 6);
    expect(lon).toBeCloseTo(10.05, 6);
  });

  it('moves the name off a station in the middle, staying inside the district', () => {
    const station = { lat: 50.05, lon: 10.05 };
    const [lat, lon] = districtLabelPosition(square, [station]);
    expect(lat > 50 && lat < 50.1 && lon > 10 && lon < 10.1).toBe(true);
    // At least a quarter of the district's height from the station (a marker is ~18 px; a district hundreds).
    expect(Math.hypot((lon - station.lon) * Math.cos((50.05 * Math.PI) / 180), lat - station.lat)).toBeGreaterThan(0.025);
  });

  it('keeps to the inside of a concave district', () => {
    // An L shape: the bounding box's middle (10.05, 50.05) is outside it.
    const shape: DistrictFeature = { type: 'Feature', properties: { name: 'L' }, geometry: { type: 'Polygon', coordinates: [[[10, 50], [10.1, 50], [10.1, 50.02], [10.02, 50.02], [10.02, 50.1], [10, 50.1], [10, 50]]] } };
    const [lat, lon] = districtLabelPosition(shape, []);
    expect(lat < 50.02 || lon < 10.02).toBe(true);
  });
});
