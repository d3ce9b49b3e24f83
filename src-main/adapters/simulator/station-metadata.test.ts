import { describe, expect, it } from 'vitest';
import { STATION_TYPES } from '../../../src-shared/domain/station';
import { generateStations } from './generate-stations';
import { MIN_CALIBRATION_DUE_DAYS, withAirQualityMetadata } from './station-metadata';

const amsterdam = { lat: 52.37, lon: 4.9 };
const DAY = 86_400_000;
const NOON = Date.UTC(2026, 11, 6, 12, 30);

describe('withAirQualityMetadata', () => {
  it('gives the first four stations one of each type as reference sites, and no station a calibration due within the 30-day warning', () => {
    const stations = withAirQualityMetadata(generateStations(12, amsterdam, 42), amsterdam, 42, NOON);
    expect(stations.slice(0, 4).map((s) => s.stationType)).toEqual(['traffic', 'urban-background', 'industrial', 'rural']);
    expect(stations.slice(0, 4).every((s) => s.instrumentClass === 'reference')).toBe(true);
    for (const s of stations) {
      expect(STATION_TYPES).toContain(s.stationType);
      expect((s.calibrationDueAt as number) % DAY).toBe(0);
      expect(s.calibrationDueAt as number).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 6) + MIN_CALIBRATION_DUE_DAYS * DAY);
      expect(s.calibrationDueAt as number).toBeLessThanOrEqual(Date.UTC(2026, 11, 6) + 400 * DAY);
    }
  });

  it('keeps every generated field, is deterministic, and mixes types and instrument classes in a large city', () => {
    const plain = generateStations(300, amsterdam, 3);
    const stations = withAirQualityMetadata(plain, amsterdam, 3, NOON);
    expect(stations.map(({ id, name, district, lat, lon }) => ({ id, name, district, lat, lon }))).toEqual(plain);
    expect(withAirQualityMetadata(plain, amsterdam, 3, NOON)).toEqual(stations);
    const count = (predicate: (s: (typeof stations)[number]) => boolean): number => stations.filter(predicate).length;
    for (const type of STATION_TYPES) expect(count((s) => s.stationType === type), type).toBeGreaterThan(10);
    expect(count((s) => s.instrumentClass === 'low-cost')).toBeGreaterThan(100);
    // Industry stands by the harbour.
    const industrial = stations.filter((s) => s.stationType === 'industrial').slice(1);
    expect(industrial.filter((s) => s.district === 'Harbour').length / industrial.length).toBeGreaterThan(0.5);
  });
});
