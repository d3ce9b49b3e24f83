/**
 * A made-up but real-looking city for map tests and screenshots: a street basemap (Protomaps schema, for
 * scripts/make-basemap.ts), its districts (for the districts import) and stations (a CSV for the
 * stations import). Far from the built-in demo ring, so a view that does not fit them shows nothing.
 */
import type { Feature, FeatureCollection, Position } from 'geojson';

export const CITY_CENTER: readonly [number, number] = [11.4, 47.27];
const [CX, CY] = CITY_CENTER;
/** Degrees of longitude per degree of latitude at this latitude keep circles round. */
const ASPECT = 1 / Math.cos((CY * Math.PI) / 180);

function point(radiusKm: number, angle: number): Position {
  const dLat = (radiusKm / 111) * Math.sin(angle);
  const dLon = (radiusKm / 111) * Math.cos(angle) * ASPECT;
  return [Number((CX + dLon).toFixed(6)), Number((CY + dLat).toFixed(6))];
}

function feature(layer: string, kind: string, geometry: Feature['geometry'], name?: string): Feature {
  return { type: 'Feature', properties: { layer, kind, ...(name === undefined ? {} : { name }) }, geometry };
}

const DISTRICT_NAMES = ['Altstadt', 'Hafen', 'Nordpark', 'Ostend', 'Südfeld', 'Westhang'];

/** The street basemap's GeoJSON. */
export function cityBasemap(): FeatureCollection {
  const features: Feature[] = [];
  const box = [point(9, Math.PI * 1.25), point(9, Math.PI * 1.75), point(9, Math.PI * 0.25), point(9, Math.PI * 0.75)];
  features.push(feature('earth', 'earth', { type: 'Polygon', coordinates: [[...box, box[0]!]] }));
  // A river across the city, south of the centre.
  const north: Position[] = [];
  const south: Position[] = [];
  for (let i = 0; i <= 40; i++) {
    const x = CX - 0.1 + i * 0.005;
    const y = CY - 0.012 + 0.006 * Math.sin(i / 4);
    north.push([x, y + 0.0025]);
    south.unshift([x, y - 0.0025]);
  }
  features.push(feature('water', 'river', { type: 'Polygon', coordinates: [[...north, ...south, north[0]!]] }, 'Inn'));
  const park = [point(2.2, 1.2), point(3.2, 1.2), point(3.2, 1.7), point(2.2, 1.7)];
  features.push(feature('landuse', 'park', { type: 'Polygon', coordinates: [[...park, park[0]!]] }, 'Stadtpark'));
  // A ring road, radial main roads and a grid of side streets.
  const ring = Array.from({ length: 49 }, (_, i) => point(3, (i / 48) * 2 * Math.PI));
  features.push(feature('roads', 'major_road', { type: 'LineString', coordinates: ring }, 'Ringstraße'));
  for (let k = 0; k < 8; k++) features.push(feature('roads', 'major_road', { type: 'LineString', coordinates: [point(0.2, (k * Math.PI) / 4), point(7, (k * Math.PI) / 4)] }, `Radial ${k + 1}`));
  for (let i = -12; i <= 12; i++) {
    const d = i * 0.004;
    features.push(feature('roads', 'minor_road', { type: 'LineString', coordinates: [[CX - 0.07, CY + d], [CX + 0.07, CY + d]] }));
    features.push(feature('roads', 'minor_road', { type: 'LineString', coordinates: [[CX + d * ASPECT, CY - 0.05], [CX + d * ASPECT, CY + 0.05]] }));
  }
  DISTRICT_NAMES.forEach((name, k) => features.push(feature('places', 'neighbourhood', { type: 'Point', coordinates: point(4.5, ((k + 0.5) * 2 * Math.PI) / 6) }, `${name} quarter`)));
  return { type: 'FeatureCollection', features };
}

/** Six pie-slice districts around the centre, as an admin would export them (extra properties included). */
export function cityDistricts(): FeatureCollection {
  const features: Feature[] = DISTRICT_NAMES.map((name, k) => {
    const from = (k * 2 * Math.PI) / 6;
    const arc = Array.from({ length: 9 }, (_, i) => point(6, from + (i / 8) * ((2 * Math.PI) / 6)));
    const ring = [[CX, CY], ...arc, [CX, CY]];
    return { type: 'Feature', properties: { name, population: 10_000 + k }, geometry: { type: 'Polygon', coordinates: [ring] } };
  });
  return { type: 'FeatureCollection', features };
}

/** `count` stations spread over the districts, as the stations import's CSV (id,name,district,lat,lon). */
export function cityStationsCsv(ids: readonly string[]): string {
  const rows = ids.map((id, i) => {
    const angle = (i * 2.399) % (2 * Math.PI);
    const [lon, lat] = point(0.8 + ((i * 0.37) % 4.6), angle);
    const district = DISTRICT_NAMES[Math.floor(angle / ((2 * Math.PI) / 6)) % 6]!;
    return `${id},${district} ${i + 1},${district},${lat},${lon}`;
  });
  return ['id,name,district,lat,lon', ...rows].join('\n');
}
