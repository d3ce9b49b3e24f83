import { describe, expect, it } from 'vitest';
import { formatStationRegistry, parseStationRegistry } from './station-registry';
import { generateStations } from './generate-stations';
import { withAirQualityMetadata } from './station-metadata';

describe('station registry format', () => {
  it('round-trips a generated registry', () => {
    const stations = generateStations(12, { lat: 52.37, lon: 4.9 }, 42);
    const text = formatStationRegistry(stations);
    expect(text.split('\n').length).toBe(12 + 3);
    expect(parseStationRegistry(text)).toEqual({ ok: true, stations });
    expect(parseStationRegistry(formatStationRegistry([]))).toEqual({ ok: true, stations: [] });
  });

  it('round-trips the air-quality metadata, with the due date as a calendar date', () => {
    const stations = withAirQualityMetadata(generateStations(6, { lat: 52.37, lon: 4.9 }, 42), { lat: 52.37, lon: 4.9 }, 42, Date.UTC(2026, 11, 6, 9));
    const text = formatStationRegistry(stations);
    expect(text).toContain('"stationType":"traffic","instrumentClass":"reference","calibrationDue":"20');
    expect(parseStationRegistry(text)).toEqual({ ok: true, stations });
    const unknown = parseStationRegistry('[{"id":"a","name":"A","stationType":null,"calibrationDue":null}]');
    expect(unknown).toEqual({ ok: true, stations: [{ id: 'a', name: 'A', district: '', lat: null, lon: null, stationType: null, calibrationDueAt: null }] });
  });

  it('fills defaults for unplaced stations without a district', () => {
    const result = parseStationRegistry('[{"id":"harbour-1","name":"Harbour pier"}]');
    expect(result).toEqual({ ok: true, stations: [{ id: 'harbour-1', name: 'Harbour pier', district: '', lat: null, lon: null }] });
  });

  it.each([
    ['not json', 'Not JSON'],
    ['{"id":"a"}', 'Invalid station registry'],
    ['[{"id":"","name":"x"}]', 'at 0.id'],
    ['[{"id":"a\\u0007b","name":"x"}]', 'control character'],
    ['[{"id":"*","name":"x"}]', 'reserved'],
    [`[{"id":"${'x'.repeat(129)}","name":"x"}]`, 'at 0.id'],
    ['[{"id":"a","name":"x","lat":91,"lon":0}]', 'at 0.lat'],
    ['[{"id":"a","name":"x"},{"id":"a","name":"y"}]', 'Duplicate station id "a"'],
    ['[{"id":"a","name":"x","stationType":"suburban"}]', 'at 0.stationType'],
    ['[{"id":"a","name":"x","instrumentClass":"cheap"}]', 'at 0.instrumentClass'],
    ['[{"id":"a","name":"x","calibrationDue":"2026-02-30"}]', 'calibration due date "2026-02-30" does not exist'],
  ])('rejects %s with a reason', (text, reason) => {
    const result = parseStationRegistry(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});
