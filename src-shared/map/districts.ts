/**
 * An admin's own districts: a GeoJSON FeatureCollection of Polygon/MultiPolygon features, each with a
 * name. Validated here (environment-free, shared by the settings schema and the import dialog) so a bad
 * file gets one plain sentence per problem and nothing is stored.
 */

type Position = readonly [number, number];
type Ring = readonly Position[];

/** One district: its name and outline (GeoJSON Polygon or MultiPolygon). */
export interface DistrictFeature {
  readonly type: 'Feature';
  readonly properties: { readonly name: string };
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: readonly Ring[] } | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly Ring[])[] };
}

/** What is stored in settings (ui.districts): only names and outlines, other properties dropped. */
export interface DistrictCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly DistrictFeature[];
}

/** The outcome of reading a districts file: the districts, or every problem found (at most MAX_PROBLEMS). */
export type DistrictsResult = { readonly ok: true; readonly districts: DistrictCollection } | { readonly ok: false; readonly problems: readonly string[] };

/** Most districts one file may hold; a city has tens to a few hundred. */
export const MAX_DISTRICTS = 2000;
const MAX_PROBLEMS = 20;
/** Property names tried for a district's name, in order. */
const NAME_KEYS = ['name', 'Name', 'NAME', 'district', 'naam'];

/** Parses and validates a districts GeoJSON text. */
export function parseDistricts(text: string): DistrictsResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['The file is not valid JSON: expected a GeoJSON FeatureCollection of district polygons.'] };
  }
  return validateDistricts(value);
}

/** Validates an already parsed value (the settings schema uses this for stored districts). */
export function validateDistricts(value: unknown): DistrictsResult {
  if (!isRecord(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    return { ok: false, problems: ['Expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]}).'] };
  }
  if (value.features.length === 0) return { ok: false, problems: ['The FeatureCollection has no features: at least one district polygon is needed.'] };
  if (value.features.length > MAX_DISTRICTS) return { ok: false, problems: [`The file has ${value.features.length} features; at most ${MAX_DISTRICTS} districts are supported.`] };
  const problems: string[] = [];
  const features: DistrictFeature[] = [];
  const names = new Set<string>();
  value.features.forEach((feature: unknown, index: number) => {
    const where = `Feature ${index + 1}`;
    const problem = featureProblem(feature);
    if (problem !== null) return void problems.push(`${where}: ${problem}`);
    const f = feature as { properties: Record<string, unknown>; geometry: DistrictFeature['geometry'] };
    const name = districtName(f.properties);
    if (name === null) return void problems.push(`${where}: has no name (expected a "name" property with text).`);
    if (names.has(name)) return void problems.push(`${where}: the name "${name}" is used by an earlier district.`);
    names.add(name);
    features.push({ type: 'Feature', properties: { name }, geometry: f.geometry });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more problems.`);
    return { ok: false, problems: shown };
  }
  return { ok: true, districts: { type: 'FeatureCollection', features } };
}

/** [[south, west], [north, east]] of every district, or null for none. */
export function districtBounds(districts: DistrictCollection): [[number, number], [number, number]] | null {
  let south = Infinity;
  let west = Infinity;
  let north = -Infinity;
  let east = -Infinity;
  for (const feature of districts.features) {
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const polygon of polygons)
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          south = Math.min(south, lat);
          north = Math.max(north, lat);
          west = Math.min(west, lon);
          east = Math.max(east, lon);
        }
  }
  return south === Infinity ? null : [[south, west], [north, east]];
}

function featureProblem(feature: unknown): string | null {
  if (!isRecord(feature) || feature.type !== 'Feature') return 'is not a GeoJSON Feature.';
  const geometry = feature.geometry;
  if (!isRecord(geometry)) return 'has no geometry.';
  if (geometry.type === 'Polygon') return polygonProblem(geometry.coordinates);
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return 'the MultiPolygon has no polygons.';
    for (const polygon of geometry.coordinates) {
      const problem = polygonProblem(polygon);
      if (problem !== null) return problem;
    }
    return null;
  }
  return `is a ${typeof geometry.type === 'string' ? geometry.type : 'geometry of unknown type'}; districts must be Polygon or MultiPolygon.`;
}

function polygonProblem(coordinates: unknown): string | null {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'the polygon has no rings.';
  for (const ring of coordinates) {
    if (!Array.isArray(ring) || ring.length < 4) return 'a polygon ring needs at least 4 positions (the first repeated as the last).';
    for (const position of ring) {
      if (!Array.isArray(position) || position.length < 2 || !Number.isFinite(position[0]) || !Number.isFinite(position[1])) return 'a position is not a [longitude, latitude] pair of numbers.';
      const [lon, lat] = position as [number, number];
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `the position [${lon}, ${lat}] is outside longitude −180…180 / latitude −90…90 (GeoJSON lists longitude first).`;
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) return 'a polygon ring is not closed (its last position must repeat its first).';
  }
  return null;
}

function districtName(properties: unknown): string | null {
  if (!isRecord(properties)) return null;
  for (const key of NAME_KEYS) {
    const value = properties[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
