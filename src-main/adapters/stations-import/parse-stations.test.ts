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

describe('station metadata in a station file', () => {
  it('reads type, instrument class and calibration due date from CSV, in the spellings registries use', () => {
    const csv = 'id,name,Station Type,Instrument,Calibration_Due\nst-1,A,Traffic,reference,2027-01-31\nst-2,B,urban_background,Low cost,\nst-3,C,Rural Background,,2026-12-01\nst-4,D,,,\n';
    const { stations, problems } = parseStationsCsv(csv);
    expect(problems).toEqual([]);
    expect(stations).toEqual([
      { id: 'st-1', name: 'A', district: '', lat: null, lon: null, stationType: 'traffic', instrumentClass: 'reference', calibrationDueAt: Date.UTC(2027, 0, 31) },
      { id: 'st-2', name: 'B', district: '', lat: null, lon: null, stationType: 'urban-background', instrumentClass: 'low-cost' },
      { id: 'st-3', name: 'C', district: '', lat: null, lon: null, stationType: 'rural', calibrationDueAt: Date.UTC(2026, 11, 1) },
      { id: 'st-4', name: 'D', district: '', lat: null, lon: null },
    ]);
    // A blank cell leaves the field out, so an upsert keeps what the registry has.
    expect('stationType' in (stations[3] ?? {})).toBe(false);
  });

  it('refuses a row with an unknown type or class or an impossible date, saying why, and keeps the others', () => {
    const csv = 'id,type,instrument_class,calibration_due\nst-1,highway,,\nst-2,,gold,\nst-3,,,31/12/2026\nst-4,,,2026-02-29\nst-5,constructor,,\nst-6,industrial,,2028-02-29\n';
    const { stations, problems } = parseStationsCsv(csv);
    expect(stations.map((s) => s.id)).toEqual(['st-6']);
    expect(stations[0]?.calibrationDueAt).toBe(Date.UTC(2028, 1, 29));
    expect(problems).toEqual([
      'row 2 (st-1): station type "highway" is not one of traffic, urban-background, industrial, rural',
      'row 3 (st-2): instrument class "gold" is not one of reference, low-cost',
      'row 4 (st-3): calibration due date "31/12/2026" is not a date like 2026-03-31',
      'row 5 (st-4): calibration due date "2026-02-29" does not exist',
      'row 6 (st-5): station type "constructor" is not one of traffic, urban-background, industrial, rural',
    ]);
  });

  it('reads the same fields from GeoJSON properties', () => {
    const geo = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'st-1', station_type: 'industrial', instrument_class: 'low-cost', calibration_due: '2027-06-30' }, geometry: { type: 'Point', coordinates: [4.89, 52.37] } }] };
    expect(parseStationsGeoJson(JSON.stringify(geo)).stations).toEqual([
      { id: 'st-1', name: 'st-1', district: '', lat: 52.37, lon: 4.89, stationType: 'industrial', instrumentClass: 'low-cost', calibrationDueAt: Date.UTC(2027, 5, 30) },
    ]);
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
