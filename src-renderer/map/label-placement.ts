import type { DistrictFeature } from '../../src-shared/map/districts';

type LatLon = readonly [number, number];
/** Candidate positions per side of a district's bounding box. */
// Even, so the middle of the box is a candidate.
const GRID = 10;

/**
 * Where a district's name goes so no station marker covers it: of a grid of points inside the district
 * (its largest polygon's outer ring), the one farthest from every placed station, ties broken towards the
 * district's middle; the middle of the box when no grid point falls inside. Distances on a local
 * equirectangular projection (longitude scaled by cos latitude), enough at city scale.
 */
export function districtLabelPosition(feature: DistrictFeature, stations: readonly { readonly lat: number | null; readonly lon: number | null }[]): LatLon {
  const ring = outerRing(feature);
  let [south, west, north, east] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lon);
    east = Math.max(east, lon);
  }
  const middle: LatLon = [(south + north) / 2, (west + east) / 2];
  const scale = Math.cos((middle[0] * Math.PI) / 180);
  const placed = stations.filter((s): s is { lat: number; lon: number } => s.lat !== null && s.lon !== null);
  let best: LatLon = middle;
  let bestScore = -Infinity;
  for (let i = 1; i < GRID; i++)
    for (let j = 1; j < GRID; j++) {
      const lat = south + ((north - south) * i) / GRID;
      const lon = west + ((east - west) * j) / GRID;
      if (!isInside(lon, lat, ring)) continue;
      let nearest = Infinity;
      for (const s of placed) nearest = Math.min(nearest, Math.hypot((s.lon - lon) * scale, s.lat - lat));
      // Clearance first; among (nearly) equal clearances, nearer the middle.
      const score = Math.min(nearest, (north - south) / 2) - 0.1 * Math.hypot((lon - middle[1]) * scale, lat - middle[0]);
      if (score > bestScore) {
        bestScore = score;
        best = [lat, lon];
      }
    }
  return best;
}

/** The outer ring of the polygon with the most positions (a MultiPolygon's main part). */
function outerRing(feature: DistrictFeature): readonly (readonly [number, number])[] {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  let ring = polygons[0]![0]!;
  for (const polygon of polygons) if (polygon[0]!.length > ring.length) ring = polygon[0]!;
  return ring;
}

/** Even-odd ray casting. */
function isInside(lon: number, lat: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
