import { describe, expect, it } from 'vitest';
import { CITY_RADIUS_KM, SIMULATED_DISTRICTS, distanceKm, generateStations } from './generate-stations';

const amsterdam = { lat: 52.37, lon: 4.9 };

describe('generateStations', () => {
  it('makes st-01..st-12 with names, known districts and coordinates within ~6 km of the centre', () => {
    const stations = generateStations(12, amsterdam, 42);
    expect(stations.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => `st-${String(i + 1).padStart(2, '0')}`));
    for (const s of stations) {
      expect(s.name.length).toBeGreaterThan(0);
      expect(SIMULATED_DISTRICTS).toContain(s.district);
      expect(s.lat).not.toBeNull();
      expect(distanceKm(amsterdam, { lat: s.lat as number, lon: s.lon as number })).toBeLessThanOrEqual(CITY_RADIUS_KM);
    }
    expect(new Set(stations.map((s) => s.name)).size).toBe(12);
    expect(new Set(stations.map((s) => s.district)).size).toBeGreaterThanOrEqual(5);
    expect(stations.filter((s) => s.district === 'Centre').length).toBeGreaterThanOrEqual(1);
  });

  it('pads ids to the width of the count and keeps them unique', () => {
    expect(generateStations(5, amsterdam, 1).map((s) => s.id)).toEqual(['st-01', 'st-02', 'st-03', 'st-04', 'st-05']);
    const many = generateStations(1500, amsterdam, 1);
    expect(many[0]?.id).toBe('st-0001');
    expect(many[1499]?.id).toBe('st-1500');
    expect(new Set(many.map((s) => s.id)).size).toBe(1500);
    expect(new Set(many.map((s) => s.name)).size).toBe(1500);
  });

  it('spreads many stations over the whole disc, without clumping', () => {
    const stations = generateStations(400, amsterdam, 3);
    const distances = stations.map((s) => distanceKm(amsterdam, { lat: s.lat as number, lon: s.lon as number }));
    expect(Math.max(...distances)).toBeLessThanOrEqual(CITY_RADIUS_KM);
    expect(Math.max(...distances)).toBeGreaterThan(5);
    // Uniform over a disc: about a quarter of the stations within half the radius.
    const inner = distances.filter((d) => d < CITY_RADIUS_KM / 2).length / stations.length;
    expect(inner).toBeGreaterThan(0.18);
    expect(inner).toBeLessThan(0.34);
    for (const district of SIMULATED_DISTRICTS) expect(stations.some((s) => s.district === district)).toBe(true);
  });

  it('gives each district a coherent area: a sector station lies on its own side of the centre', () => {
    const stations = generateStations(200, amsterdam, 8);
    for (const s of stations) {
      const north = (s.lat as number) - amsterdam.lat;
      const east = ((s.lon as number) - amsterdam.lon) * Math.cos((amsterdam.lat * Math.PI) / 180);
      if (s.district === 'North') expect(north).toBeGreaterThan(Math.abs(east) * 0.3);
      if (s.district === 'South') expect(-north).toBeGreaterThan(Math.abs(east) * 0.3);
      if (s.district === 'East') expect(east).toBeGreaterThan(Math.abs(north) * 0.3);
      if (s.district === 'West') expect(-east).toBeGreaterThan(Math.abs(north) * 0.3);
    }
  });

  it('is deterministic per seed and centre', () => {
    expect(generateStations(12, amsterdam, 42)).toEqual(generateStations(12, amsterdam, 42));
    expect(generateStations(12, amsterdam, 43)).not.toEqual(generateStations(12, amsterdam, 42));
    const elsewhere = generateStations(12, { lat: -33.87, lon: 151.21 }, 42);
    for (const s of elsewhere) expect(distanceKm({ lat: -33.87, lon: 151.21 }, { lat: s.lat as number, lon: s.lon as number })).toBeLessThanOrEqual(CITY_RADIUS_KM);
  });

  it('keeps longitudes valid near the date line', () => {
    const stations = generateStations(50, { lat: 0, lon: 179.99 }, 2);
    for (const s of stations) {
      expect(s.lon).toBeGreaterThanOrEqual(-180);
      expect(s.lon).toBeLessThanOrEqual(180);
      expect(distanceKm({ lat: 0, lon: 179.99 }, { lat: s.lat as number, lon: s.lon as number })).toBeLessThanOrEqual(CITY_RADIUS_KM);
    }
  });
});
