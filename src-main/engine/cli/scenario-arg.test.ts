import { describe, expect, it } from 'vitest';
import { parseScenarioArg } from './scenario-arg';

describe('parseScenarioArg', () => {
  it('takes kind, target, start and duration in seconds', () => {
    expect(parseScenarioArg('heatwave:st-03:20:120')).toEqual({ kind: 'heatwave', target: 'st-03', startAfterMs: 20_000, durationMs: 120_000 });
  });

  it('fills defaults and rejects unknown kinds', () => {
    expect(parseScenarioArg('burst')).toMatchObject({ kind: 'burst', target: null });
    expect(() => parseScenarioArg('earthquake')).toThrow();
  });

  it('accepts the air-pollution scenario kinds', () => {
    expect(parseScenarioArg('ozone-episode:st-02:43200:14400')).toEqual({ kind: 'ozone-episode', target: 'st-02', startAfterMs: 43_200_000, durationMs: 14_400_000 });
    expect(parseScenarioArg('pm-episode:*:0:259200')).toEqual({ kind: 'pm-episode', target: '*', startAfterMs: 0, durationMs: 259_200_000 });
    expect(parseScenarioArg('dust-event')).toMatchObject({ kind: 'dust-event', target: null });
    expect(() => parseScenarioArg('volcano')).toThrow();
  });
});
