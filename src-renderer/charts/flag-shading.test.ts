import { describe, expect, it } from 'vitest';
import type { AirQualityFlag } from '../../src-shared/domain/air-quality';
import { flagSpan, flagsShown } from './flag-shading';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);

function flag(stationId: string, pollutant: string, kind: AirQualityFlag['kind'], hours: number): AirQualityFlag {
  return { stationId, pollutant, kind, isExcluded: kind !== 'local-event', sinceMs: T0, hourStartMs: T0 + (hours - 1) * H, hours, reason: `${kind} for ${hours} hours` };
}

describe('live chart flags', () => {
  const flags = [flag('st-01', 'pm10', 'stuck', 3), flag('st-02', 'pm10', 'local-event', 1), flag('st-01', 'no2', 'spike', 1), flag('st-03', 'pm10', 'drift', 6)];

  it('shows the flags of the chart\'s metric for the stations it draws, and no other', () => {
    expect(flagsShown(flags, 'pm10', ['st-01', 'st-02']).map((f) => f.stationId)).toEqual(['st-01', 'st-02']);
    expect(flagsShown(flags, 'pm10', [])).toEqual([]);
    expect(flagsShown(flags, 'temperature', ['st-01'])).toEqual([]);
  });

  it('spans a flag from the first hour of its run to the end of its latest hour', () => {
    expect(flagSpan(flags[0]!)).toEqual({ fromMs: T0, toMs: T0 + 3 * H, isExcluded: true });
    expect(flagSpan(flags[1]!)).toEqual({ fromMs: T0, toMs: T0 + H, isExcluded: false });
  });
});
