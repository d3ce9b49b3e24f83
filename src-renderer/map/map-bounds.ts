import { districtBounds, validateDistricts, type DistrictCollection } from '../../src-shared/map/districts';
import type { Station } from '../../src-shared/domain/station';
import builtInText from '../../resources/map/districts.geojson?raw';

type Bounds = [[number, number], [number, number]];

let builtIn: Bounds | null | undefined;

/**
 * What the map's view fits: the placed stations together with the admin's imported districts. With the
 * built-in demo districts: stations inside the demo ring's extent (the simulator's) fit together with it;
 * stations elsewhere (imported stations of a real city) alone, never sharing the view with a distant demo
 * ring; no stations, the demo ring.
 */
export function mapBounds(stations: readonly Pick<Station, 'lat' | 'lon'>[], districts: DistrictCollection | null): Bounds | null {
  const fromStations = stationBounds(stations);
  if (districts !== null) return union(fromStations, districtBounds(districts));
  const demo = builtInBounds();
  if (fromStations === null || demo === null) return fromStations ?? demo;
  return overlaps(fromStations, demo) ? union(fromStations, demo) : fromStations;
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a[0][0] <= b[1][0] && b[0][0] <= a[1][0] && a[0][1] <= b[1][1] && b[0][1] <= a[1][1];
}

function stationBounds(stations: readonly Pick<Station, 'lat' | 'lon'>[]): Bounds | null {
  let result: Bounds | null = null;
  for (const { lat, lon } of stations) if (lat !== null && lon !== null) result = union(result, [[lat, lon], [lat, lon]]);
  return result;
}

function union(a: Bounds | null, b: Bounds | null): Bounds | null {
  if (a === null) return b;
  if (b === null) return a;
  return [[Math.min(a[0][0], b[0][0]), Math.min(a[0][1], b[0][1])], [Math.max(a[1][0], b[1][0]), Math.max(a[1][1], b[1][1])]];
}

function builtInBounds(): Bounds | null {
  if (builtIn === undefined) {
    const parsed = validateDistricts(JSON.parse(builtInText));
    builtIn = parsed.ok ? districtBounds(parsed.districts) : null;
  }
  return builtIn;
}
