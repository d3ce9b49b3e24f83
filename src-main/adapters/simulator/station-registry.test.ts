import { describe, expect, it } from 'vitest';
import { formatStationRegistry, parseStationRegistry } from './station-registry';
import { generateStations } from './generate-stations';

describe('station registry format', () => {
  it('round-trips a generated registry', () => {
    const stations = generateStations(12, { lat: 52.37, lon: 4.9 }, 42);
    const text = formatStationRegistry(stations);
    expect(text.split('\n').length).toBe(12 + 3);
    expect(parseStationRegistry(text)).toEqual({ ok: true, stations });
    expect(parseStationRegistry(formatStationRegistry([]))).toEqual({ ok: true, stations: [] });
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
  ])('rejects %s with a reason', (text, reason) => {
    const result = parseStationRegistry(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});
