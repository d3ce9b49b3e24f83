/**
 * Builds an offline street basemap (one PMTiles v3 file of vector tiles) from a GeoJSON file, for tests,
 * demos and small cities: `npx tsx scripts/make-basemap.ts city.geojson basemap.pmtiles [minZoom] [maxZoom]`.
 * Each feature's `layer` property names its layer in the Protomaps basemap schema (earth, water, landuse,
 * roads, buildings, places), the one protomaps-leaflet draws; `kind` and `name` are kept. A real city's
 * basemap comes from a Protomaps build (`pmtiles extract`), not from this script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import geojsonvt from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';
import { writePmtiles, type PmtilesTile } from './pmtiles-writer';

export const BASEMAP_LAYERS = ['earth', 'landuse', 'water', 'roads', 'buildings', 'places'] as const;

/** The PMTiles bytes for `city`: every tile from minZoom to maxZoom over its extent that holds a feature. */
export function makeBasemap(city: FeatureCollection, minZoom = 10, maxZoom = 15, attribution = 'Stationwatch demo city'): Uint8Array {
  const byLayer = new Map<string, Feature[]>();
  for (const feature of city.features) {
    const layer = String((feature.properties as { layer?: unknown } | null)?.layer ?? '');
    if (!(BASEMAP_LAYERS as readonly string[]).includes(layer)) throw new Error(`A feature's "layer" property is "${layer}"; expected one of ${BASEMAP_LAYERS.join(', ')}.`);
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), feature]);
  }
  const indexes = [...byLayer].map(([name, features]) => ({ name, index: geojsonvt({ type: 'FeatureCollection', features }, { maxZoom, indexMaxZoom: maxZoom, tolerance: 2, extent: 4096, buffer: 64 }) }));
  const [west, south, east, north] = extent(city);
  const tiles: PmtilesTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const [x0, y0] = tileOf(west, north, z);
    const [x1, y1] = tileOf(east, south, z);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const layers: Record<string, ReturnType<ReturnType<typeof geojsonvt>['getTile']>> = {};
        for (const { name, index } of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile !== null && tile.features.length > 0) layers[name] = tile;
        }
        if (Object.keys(layers).length > 0) tiles.push({ z, x, y, data: vtpbf.fromGeojsonVt(layers as Parameters<typeof vtpbf.fromGeojsonVt>[0], { version: 2 }) });
      }
  }
  const vectorLayers = [...byLayer.keys()].map((id) => ({ id, fields: { kind: 'String', name: 'String' } }));
  return writePmtiles({ tiles, metadata: { name: 'Stationwatch basemap', attribution, type: 'baselayer', vector_layers: vectorLayers }, bounds: [west, south, east, north], center: [(west + east) / 2, (south + north) / 2, minZoom] });
}

/** [west, south, east, north] of every coordinate. */
function extent(city: FeatureCollection): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1] as number);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1] as number);
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  for (const f of city.features) if (f.geometry !== null && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (box[0] === Infinity) throw new Error('The GeoJSON has no coordinates.');
  return box;
}

/** The Web-Mercator tile holding a longitude/latitude at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output, minZoom, maxZoom] = process.argv.slice(2);
  if (input === undefined || output === undefined) {
    console.error('Usage: npx tsx scripts/make-basemap.ts city.geojson basemap.pmtiles [minZoom=10] [maxZoom=15]');
    process.exit(2);
  }
  const bytes = makeBasemap(JSON.parse(readFileSync(input, 'utf8')) as FeatureCollection, Number(minZoom ?? 10), Number(maxZoom ?? 15));
  writeFileSync(output, bytes);
  console.log(`Wrote ${output}: ${bytes.length} bytes.`);
}
