import { describe, expect, it } from 'vitest';
import { rankPresets, suggestPreset, type ShapeSample } from './suggest-preset';
import { bytes, meta } from './shapes.test-support';

function samples(messages: readonly unknown[], overrides: Parameters<typeof meta>[0] = {}): ShapeSample[] {
  return messages.map((message) => ({ bytes: bytes(message), meta: meta(overrides) }));
}

describe('suggestPreset', () => {
  it('suggests flat with the station from the key and the guessed time field for the ETL records of the issue', () => {
    const etl = samples([{ date_time: '2023-01-01 00:00:00', temp: 20.1, humidity: 55.2 }, { date_time: '2023-01-01 00:01:00', temp: 20.2, humidity: 55.0 }]);
    const best = suggestPreset(etl);
    expect(best).toMatchObject({ decoded: 2, total: 2, firstProblem: null, shape: { preset: 'flat', station: { from: 'key' }, time: { path: 'date_time', zone: 'UTC' } } });
  });

  it('suggests python-dict for str(dict) text and sensor-logger for its batches', () => {
    expect(suggestPreset(samples(["{'station_id': 's1', 'temperature': 24.7}", "{'station_id': 's2', 'temperature': 25.1}"]))?.shape.preset).toBe('python-dict');
    const logger = '{"messageId":0,"sessionId":"s","deviceId":"d","payload":[{"name":"pressure","time":1698501144401773000,"pressure":1013.2}]}';
    expect(suggestPreset(samples([logger, logger]))?.shape.preset).toBe('sensor-logger');
  });

  it('prefers our own format on a tie and ranks every candidate', () => {
    const ours = samples([{ station_id: 'a', ts: '2026-01-01T00:00:00Z', t: 1 }]);
    const ranked = rankPresets(ours);
    expect(ranked[0]).toMatchObject({ shape: { preset: 'stationwatch' }, decoded: 1 });
    expect(ranked.length).toBeGreaterThan(5);
    expect(ranked.at(-1)?.decoded).toBe(0);
    expect(ranked.at(-1)?.firstProblem).not.toBeNull();
  });

  it('answers null when nothing decodes', () => {
    expect(suggestPreset(samples(['not anything', '<xml/>'], { key: null, topic: null }))).toBeNull();
    expect(suggestPreset([])).toBeNull();
  });
});
