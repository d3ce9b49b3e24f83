import { describe, expect, it } from 'vitest';
import { districtBounds, parseDistricts } from './districts';

const square = (lon: number, lat: number, d = 0.01) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
const feature = (name: unknown, geometry: object) => ({ type: 'Feature', properties: { name, population: 1 }, geometry });
const collection = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('parseDistricts', () => {
  it('keeps names and outlines of Polygon and MultiPolygon districts, dropping other properties', () => {
    const result = parseDistricts(collection(feature('Old Town', { type: 'Polygon', coordinates: square(10, 50) }), feature('Harbour', { type: 'MultiPolygon', coordinates: [square(10.1, 50), square(10.2, 50)] })));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.districts.features.map((f) => f.properties)).toEqual([{ name: 'Old Town' }, { name: 'Harbour' }]);
    expect(districtBounds(result.districts)?.flat().map((v) => Number(v.toFixed(6)))).toEqual([50, 10, 50.01, 10.21]);
  });

  it('names every bad feature in plain words', () => {
    const result = parseDistricts(
      collection(
        feature('Point', { type: 'Point', coordinates: [10, 50] }),
        feature('', { type: 'Polygon', coordinates: square(10, 50) }),
        feature('Open', { type: 'Polygon', coordinates: [[[10, 50], [11, 50], [11, 51], [10, 51]]] }),
        feature('Swapped', { type: 'Polygon', coordinates: square(52, 120) }),
        feature('Twice', { type: 'Polygon', coordinates: square(10, 50) }),
        feature('Twice', { type: 'Polygon', coordinates: square(11, 50) }),
      ),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'Feature 1: is a Point; districts must be Polygon or MultiPolygon.',
        'Feature 2: has no name (expected a "name" property with text).',
        'Feature 3: a polygon ring is not closed (its last position must repeat its first).',
        'Feature 4: the position [52, 120] is outside longitude −180…180 / latitude −90…90 (GeoJSON lists longitude first).',
        'Feature 6: the name "Twice" is used by an earlier district.',
      ],
    });
  });

  it('refuses what is not a FeatureCollection of districts', () => {
    expect(parseDistricts('{"type":')).toEqual({ ok: false, problems: ['The file is not valid JSON: expected a GeoJSON FeatureCollection of district polygons.'] });
    expect(parseDistricts('{"type":"Feature"}').ok).toBe(false);
    expect(parseDistricts(collection())).toEqual({ ok: false, problems: ['The FeatureCollection has no features: at least one district polygon is needed.'] });
  });
});
