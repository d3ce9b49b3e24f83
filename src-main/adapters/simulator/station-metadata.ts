/**
 * Air-quality metadata for the simulated stations: site type, instrument class and calibration due date.
 * The first four stations are one of each type (st-01 traffic, st-02 urban background, st-03 industrial,
 * st-04 rural), so every pattern can be demonstrated in a small city; the rest follow where they stand —
 * traffic sites in the centre, industry by the harbour, rural sites at the edge. Drawn from a stream of
 * their own, so adding metadata moved no station and changed no other draw.
 */
import type { InstrumentClass, Station, StationType } from '../../../src-shared/domain/station';
import { CITY_RADIUS_KM, distanceKm, type GeoPoint } from './generate-stations';
import { RandomStreams } from './random-streams';

const METADATA_SALT = 0x3e7a;
const DAY_MS = 86_400_000;
const FIXED_TYPES: readonly StationType[] = ['traffic', 'urban-background', 'industrial', 'rural'];
/**
 * The soonest a simulated station's calibration falls due, in days: beyond the 30-day warning, so a fresh
 * simulator starts with no alarm (the warning is shown by importing a station file with a nearer date).
 */
export const MIN_CALIBRATION_DUE_DAYS = 45;

/**
 * The stations with type, instrument class and calibration due date (UTC midnight, `referenceMs`'s day
 * plus MIN_CALIBRATION_DUE_DAYS–400 days). Deterministic in (stations, center, seed, day).
 */
export function withAirQualityMetadata(stations: readonly Station[], center: GeoPoint, seed: number, referenceMs: number): Station[] {
  const random = new RandomStreams(1, seed, METADATA_SALT);
  const referenceDay = Math.floor(referenceMs / DAY_MS) * DAY_MS;
  return stations.map((station, i) => {
    const draw = random.uniform(0);
    const stationType = FIXED_TYPES[i] ?? typeFor(station, center, draw);
    const instrumentClass: InstrumentClass = i < FIXED_TYPES.length || random.uniform(0) < 0.4 ? 'reference' : 'low-cost';
    const dueDays = MIN_CALIBRATION_DUE_DAYS + Math.floor(random.uniform(0) * (401 - MIN_CALIBRATION_DUE_DAYS));
    return { ...station, stationType, instrumentClass, calibrationDueAt: referenceDay + dueDays * DAY_MS };
  });
}

function typeFor(station: Station, center: GeoPoint, draw: number): StationType {
  const fromCentreKm = station.lat === null || station.lon === null ? 0 : distanceKm(center, { lat: station.lat, lon: station.lon });
  if (station.district === 'Harbour') return draw < 0.6 ? 'industrial' : 'urban-background';
  if (fromCentreKm > CITY_RADIUS_KM - 1.2) return draw < 0.5 ? 'rural' : 'urban-background';
  if (station.district === 'Centre') return draw < 0.5 ? 'traffic' : 'urban-background';
  return draw < 0.3 ? 'traffic' : draw < 0.35 ? 'industrial' : 'urban-background';
}
