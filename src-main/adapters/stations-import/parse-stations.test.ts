import { describe, expect, it } from 'vitest';
import { parseStationFile, parseStationsCsv, parseStationsGeoJson } from './parse-stations';

describe('parseStationsCsv', () => {
  it('reads columns by name in any order and case, with aliases', () => {
    const csv = '\ufeffLatitude,ID,Name,District,Lng\n52.37,st-01,Dam,Centrum,4.89\n,st-02,Depot,Noord,\n';
    const { stations, problems } = parseStationsCsv(csv);
    expect(problems).toEqual([]);
    expect(stations).toEqual([
      { id: 'st-01', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89 },
      { id: 'st-02', name: 'Depot', district: 'Noord', lat: null, lon: null },
    ]);
  });

  it('reports bad rows and keeps the good ones', () => {
    const csv = 'id,name,lat,lon\n,nameless,1,1\nst-9,Far,95,4\nst-10,Ok,"52,1",4.5\n';
    const { stations, problems } = parseStationsCsv(csv);
    expect(stations).toEqual([{ id: 'st-10', name: 'Ok', district: '', lat: 52.1, lon: 4.5 }]);
    expect(problems).toEqual(['row 2: no station id', 'row 3 (st-9): latitude 95 is outside -90..90']);
  });
});

describe('parseStationsGeoJson', () => {
  it('reads Point features as [lon, lat] and features without geometry as unplaced', () => {
    const geo = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'st-01', name: 'Dam', district: 'Centrum' }, geometry: { type: 'Point', coordinates: [4.89, 52.37] } },
        { type: 'Feature', id: 'st-02', properties: { name: 'Depot' }, geometry: null },
        { type: 'Feature', properties: { id: 'st-03' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
      ],
    };
    const { stations, problems } = parseStationsGeoJson(JSON.stringify(geo));
    expect(stations).toEqual([
      { id: 'st-01', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89 },
      { id: 'st-02', name: 'Depot', district: '', lat: null, lon: null },
    ]);
    expect(problems).toEqual(['feature 3: geometry LineString is not a Point']);
  });

  it('refuses a document that is not a FeatureCollection', () => {
    expect(parseStationsGeoJson('{"type":"Feature"}').problems).toEqual(['not a GeoJSON FeatureCollection']);
  });
});

describe('parseStationFile', () => {
  it('chooses the format from the extension or the content', () => {
    expect(parseStationFile('x.csv', 'id\nst-1\n').stations[0]?.id).toBe('st-1');
    expect(parseStationFile('x.txt', '{"type":"FeatureCollection","features":[{"properties":{"id":"st-2"},"geometry":null}]}').stations[0]?.id).toBe('st-2');
  });
});
