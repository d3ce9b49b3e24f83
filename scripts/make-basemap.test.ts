import { describe, expect, it } from 'vitest';
import { PMTiles, type Source } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { makeBasemap } from './make-basemap';
import { cityBasemap } from '../tests/e2e/helpers/demo-city';

/** Reads the bytes the way a browser reads the served file: by ranges. */
function memorySource(bytes: Uint8Array): Source {
  return {
    getKey: () => 'memory',
    getBytes: async (offset, length) => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
}

describe('makeBasemap', () => {
  it('writes a PMTiles v3 archive that the pmtiles reader opens, with vector tiles in the Protomaps schema', async () => {
    const bytes = makeBasemap(cityBasemap(), 11, 14, 'Test city');
    const archive = new PMTiles(memorySource(bytes));
    const header = await archive.getHeader();
    expect([header.specVersion, header.minZoom, header.maxZoom, header.tileType]).toEqual([3, 11, 14, 1]);
    expect(header.centerLon).toBeCloseTo(11.4, 1);
    expect(header.centerLat).toBeCloseTo(47.27, 1);
    expect(await archive.getMetadata()).toMatchObject({ attribution: 'Test city' });
    // The tile holding the city centre at z14 (Web Mercator): 11.4 E, 47.27 N.
    const n = 2 ** 14;
    const x = Math.floor(((11.4 + 180) / 360) * n);
    const rad = (47.27 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    const tile = await archive.getZxy(14, x, y);
    expect(tile).toBeDefined();
    const decoded = new VectorTile(new Pbf(new Uint8Array(tile!.data)));
    expect(Object.keys(decoded.layers).sort()).toEqual(['earth', 'roads']);
    const roads = decoded.layers.roads!;
    const kinds = new Set(Array.from({ length: roads.length }, (_, i) => roads.feature(i).properties.kind));
    expect(kinds).toEqual(new Set(['major_road', 'minor_road']));
    expect(await archive.getZxy(14, x + 200, y)).toBeUndefined();
  });

  it('refuses a feature outside the schema in plain words', () => {
    const city = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: { layer: 'rivers' }, geometry: { type: 'Point' as const, coordinates: [1, 2] } }] };
    expect(() => makeBasemap(city)).toThrow('A feature\'s "layer" property is "rivers"; expected one of earth, landuse, water, roads, buildings, places.');
  });
});
