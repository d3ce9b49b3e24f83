/**
 * A plausible station registry for a simulated city: stations spread over a disc around the centre
 * (a sunflower spiral with seeded jitter, so they neither clump nor line up), each named after its
 * district, which follows from where it stands: the middle is "Centre", the rest by compass sector.
 */
import type { Station } from '../../../src-shared/domain/station';
import { RandomStreams } from './random-streams';

/** A point on the map in degrees. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** Stations stand within this distance of the centre (km). */
export const CITY_RADIUS_KM = 6;
const CENTRE_RADIUS_KM = 2;
const KM_PER_DEGREE_LAT = 111.32;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const STATION_SALT = 0x57a7;

/** Compass sectors clockwise from north, each a district. */
const SECTOR_DISTRICTS = ['North', 'Harbour', 'East', 'Riverside', 'South', 'University', 'West', 'Parkland'] as const;
const LANDMARKS = ['Square', 'Park', 'Bridge', 'Market', 'Station', 'School', 'Gate', 'Quay', 'Hill', 'Lane', 'Library', 'Stadium', 'Garden', 'Depot', 'Tower', 'Wharf'] as const;

/** Every district name generateStations can produce, centre first. */
export const SIMULATED_DISTRICTS: readonly string[] = ['Centre', ...SECTOR_DISTRICTS];

/** `count` stations `st-01`.. (ids zero-padded to the width of the count, at least 2) around `center`. */
export function generateStations(count: number, center: GeoPoint, seed: number): Station[] {
  const random = new RandomStreams(1, seed, STATION_SALT);
  const width = Math.max(2, String(count).length);
  const rotation = random.uniform(0) * 2 * Math.PI;
  const cosLat = Math.max(0.01, Math.cos((center.lat * Math.PI) / 180));
  const nameCounts = new Map<string, number>();
  const stations: Station[] = new Array<Station>(count);
  for (let i = 0; i < count; i++) {
    const spiralKm = (CITY_RADIUS_KM - 0.5) * Math.sqrt((i + 0.5) / count);
    const distanceKm = Math.min(CITY_RADIUS_KM - 0.05, Math.max(0, spiralKm + (random.uniform(0) - 0.5) * 0.4));
    const bearing = i * GOLDEN_ANGLE + rotation + (random.uniform(0) - 0.5) * 0.3;
    const northKm = distanceKm * Math.cos(bearing);
    const eastKm = distanceKm * Math.sin(bearing);
    const district = districtAt(distanceKm, bearing);
    const landmark = LANDMARKS[Math.floor(random.uniform(0) * LANDMARKS.length)] as string;
    stations[i] = {
      id: `st-${String(i + 1).padStart(width, '0')}`,
      name: uniqueName(`${district} ${landmark}`, nameCounts),
      district,
      lat: round5(clamp(center.lat + northKm / KM_PER_DEGREE_LAT, -90, 90)),
      lon: round5(wrapLongitude(center.lon + eastKm / (KM_PER_DEGREE_LAT * cosLat))),
    };
  }
  return stations;
}

/** Great-circle distance in km (haversine); tests use it to check the spread. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function districtAt(distance: number, bearing: number): string {
  if (distance < CENTRE_RADIUS_KM) return 'Centre';
  const turn = (((bearing / (2 * Math.PI)) % 1) + 1) % 1;
  return SECTOR_DISTRICTS[Math.round(turn * SECTOR_DISTRICTS.length) % SECTOR_DISTRICTS.length] as string;
}

function uniqueName(base: string, counts: Map<string, number>): string {
  const seen = (counts.get(base) ?? 0) + 1;
  counts.set(base, seen);
  return seen === 1 ? base : `${base} ${seen}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function wrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}
