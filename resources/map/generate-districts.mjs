// Writes districts.geojson: the offline base layer for the default simulated city (centre 52.37 N,
// 4.9 E). Matches src-main/adapters/simulator/generate-stations.ts: "Centre" within 2 km, then eight
// 45° compass sectors clockwise from north out to 6.5 km (stations stand within 6 km).
// Run: node resources/map/generate-districts.mjs
import { writeFileSync } from 'node:fs';

const centre = { lat: 52.37, lon: 4.9 };
const KM_PER_DEGREE_LAT = 111.32;
const cosLat = Math.cos((centre.lat * Math.PI) / 180);
const sectors = ['North', 'Harbour', 'East', 'Riverside', 'South', 'University', 'West', 'Parkland'];
const INNER_KM = 2;
const OUTER_KM = 6.5;

function point(km, bearing) {
  const lat = centre.lat + (km * Math.cos(bearing)) / KM_PER_DEGREE_LAT;
  const lon = centre.lon + (km * Math.sin(bearing)) / (KM_PER_DEGREE_LAT * cosLat);
  return [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5];
}

function arc(km, from, to, steps) {
  return Array.from({ length: steps + 1 }, (_, i) => point(km, from + ((to - from) * i) / steps));
}

const features = [];
const centreRing = arc(INNER_KM, 0, 2 * Math.PI, 48);
features.push({ type: 'Feature', properties: { name: 'Centre' }, geometry: { type: 'Polygon', coordinates: [centreRing] } });
sectors.forEach((name, i) => {
  const from = ((i - 0.5) * Math.PI) / 4;
  const to = ((i + 0.5) * Math.PI) / 4;
  const ring = [...arc(OUTER_KM, from, to, 12), ...arc(INNER_KM, to, from, 6)];
  ring.push(ring[0]);
  features.push({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } });
});
writeFileSync(new URL('./districts.geojson', import.meta.url), `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
