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
});
