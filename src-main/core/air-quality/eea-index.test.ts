import { describe, expect, it } from 'vitest';
import { eeaIndex, eeaLevelOf } from './eea-index';
import { EEA_UPPER_BOUNDS, type EeaPollutant } from './eea-index-table';

describe('eeaLevelOf', () => {
  it('puts a value on a band edge in the lower band and the next tenth in the higher one, for every pollutant and edge', () => {
    for (const [pollutant, bounds] of Object.entries(EEA_UPPER_BOUNDS) as [EeaPollutant, readonly number[]][]) {
      bounds.forEach((bound, i) => {
        expect(eeaLevelOf(pollutant, bound)?.level, `${pollutant} at ${bound}`).toBe(i + 1);
        expect(eeaLevelOf(pollutant, bound + 0.1)?.level, `${pollutant} above ${bound}`).toBe(i + 2);
      });
    }
  });

  it('reads the EEA table: PM2.5 12 is Fair, NO2 130 Very poor, O3 185 Extremely poor, SO2 0 Good', () => {
    expect(eeaLevelOf('pm25', 12)?.name).toBe('Fair');
    expect(eeaLevelOf('no2', 130)?.name).toBe('Very poor');
    expect(eeaLevelOf('o3', 185)?.name).toBe('Extremely poor');
    expect(eeaLevelOf('so2', 0)?.name).toBe('Good');
  });

  it('has no level for a missing, negative or non-numeric value', () => {
    expect(eeaLevelOf('pm10', Number.NaN)).toBeNull();
    expect(eeaLevelOf('pm10', -1)).toBeNull();
    expect(eeaLevelOf('pm10', Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('eeaIndex', () => {
  it('lets the worst pollutant decide and reports its band, name and colour', () => {
    const index = eeaIndex({ pm25: 4, pm10: 30, no2: 70, o3: 90, so2: 10 });
    expect(index?.level).toBe(4);
    expect(index?.name).toBe('Poor');
    expect(index?.colour).toBe('#FF5050');
    expect(index?.decidingPollutant).toBe('no2');
    expect(index?.subLevels.pm25?.level).toBe(1);
    expect(index?.subLevels.o3?.level).toBe(2);
  });

  it('breaks a tie by the fixed order PM2.5, PM10, NO2, O3, SO2', () => {
    expect(eeaIndex({ o3: 110, no2: 50 })?.decidingPollutant).toBe('no2');
  });

  it('skips pollutants that are missing or invalid, and has no index without any', () => {
    expect(eeaIndex({ pm10: Number.NaN, o3: 50 })?.decidingPollutant).toBe('o3');
    expect(eeaIndex({})).toBeNull();
    expect(eeaIndex({ so2: Number.NaN })).toBeNull();
  });
});
