import { describe, expect, it } from 'vitest';
import { currentAqi, subIndex, truncate } from './epa-aqi';
import { AQI_TABLES, type AqiTableId } from './epa-aqi-table';
import { EU_MOLAR_VOLUME_L } from './pollutants';

describe('subIndex', () => {
  it('gives AQI 126 for the TAD worked example of 8-hour ozone 0.07853 ppm (truncated to 0.078)', () => {
    const result = subIndex('o3-8h', 0.07853);
    expect(result?.concentration).toBe(0.078);
    expect(result?.aqi).toBe(126);
    expect(result?.category.name).toBe('Unhealthy for Sensitive Groups');
  });

  it('computes PM2.5 35.9 µg/m³ → 102 and CO 8.4 ppm → 90 by the TAD equation (hand arithmetic in the comments)', () => {
    // (150 − 101) / (55.4 − 35.5) · (35.9 − 35.5) + 101 = 49 / 19.9 · 0.4 + 101 = 101.98 → 102
    expect(subIndex('pm25-24h', 35.9)?.aqi).toBe(102);
    // (100 − 51) / (9.4 − 4.5) · (8.4 − 4.5) + 51 = 10 · 3.9 + 51 = 90
    expect(subIndex('co-8h', 8.4)?.aqi).toBe(90);
  });

  it('maps every row edge of every table to the row’s own index bounds', () => {
    for (const [id, table] of Object.entries(AQI_TABLES) as [AqiTableId, (typeof AQI_TABLES)[AqiTableId]][]) {
      for (const row of table.rows) {
        expect(subIndex(id, row.cLow)?.aqi, `${id} at ${row.cLow}`).toBe(row.iLow);
        expect(subIndex(id, row.cHigh)?.aqi, `${id} at ${row.cHigh}`).toBe(row.iHigh);
      }
    }
  });

  it('uses the 2024 PM2.5 breakpoints: 9.0 is Good (50), 9.1 Moderate (51), 225.5 Hazardous (301)', () => {
    expect(subIndex('pm25-24h', 9.0)?.aqi).toBe(50);
    expect(subIndex('pm25-24h', 9.1)?.aqi).toBe(51);
    expect(subIndex('pm25-24h', 9.1)?.category.name).toBe('Moderate');
    expect(subIndex('pm25-24h', 225.5)?.category.name).toBe('Hazardous');
  });

  it('truncates before the lookup, so 9.09 µg/m³ is still 50 and 54.9 µg/m³ PM10 is 50', () => {
    expect(subIndex('pm25-24h', 9.09)?.aqi).toBe(50);
    expect(subIndex('pm10-24h', 54.9)?.aqi).toBe(50);
    expect(truncate(0.29, 2)).toBe(0.29);
    expect(truncate(35.49, 1)).toBe(35.4);
  });

  it('reports a concentration above the last row as 500, beyond the index', () => {
    expect(subIndex('pm25-24h', 400)).toMatchObject({ aqi: 500, isBeyondIndex: true });
  });

  it('has no 1-hour ozone index below 0.125 ppm and none for a negative or missing value', () => {
    expect(subIndex('o3-1h', 0.1)).toBeNull();
    expect(subIndex('pm10-24h', -3)).toBeNull();
    expect(subIndex('pm10-24h', Number.NaN)).toBeNull();
  });
});

describe('currentAqi', () => {
  it('uses the PM NowCast and names the pollutant that decides', () => {
    const steadyPm25 = Array.from({ length: 12 }, () => 40);
    const result = currentAqi({ pm25: steadyPm25, pm10: Array.from({ length: 12 }, () => 30) });
    // NowCast of a constant series is the constant: 40.0 µg/m³ → (150 − 101)/(55.4 − 35.5)·(40 − 35.5) + 101 = 112.08 → 112.
    expect(result?.aqi).toBe(112);
    expect(result?.decidingPollutant).toBe('pm25');
    expect(result?.subIndices.pm10?.aqi).toBe(28);
  });

  it('converts gases from µg/m³ at the EU reference (293 K): NO2 200 µg/m³ is 104.6 ppb → 101', () => {
    const ppb = (200 * EU_MOLAR_VOLUME_L) / 46.0055;
    expect(ppb).toBeCloseTo(104.6, 1);
    const result = currentAqi({ no2: [200] });
    // 104 ppb: (150 − 101)/(360 − 101)·(104 − 101) + 101 = 101.57 → 102
    expect(result?.subIndices.no2?.concentration).toBe(104);
    expect(result?.aqi).toBe(102);
  });

  it('reads ozone past the 8-hour table (above 0.200 ppm) on the 1-hour table, and the higher of the two otherwise', () => {
    // Steady 500 µg/m³ ≈ 0.2506 ppm: no 8-hour AQI above 300, so the 1-hour row 0.205–0.404 speaks:
    // (300 − 201)/(0.404 − 0.205)·(0.250 − 0.205) + 201 = 99/199·45 + 201 = 223.4 → 223.
    const high = currentAqi({ o3: Array.from({ length: 8 }, () => 500) });
    expect(high?.subIndices.o3).toMatchObject({ table: 'o3-1h', aqi: 223 });
    // Steady 260 µg/m³ ≈ 0.1303 ppm: 8-hour (0.130) → 99/94·24 + 201 = 226.3 → 226 beats 1-hour (107).
    const moderate = currentAqi({ o3: Array.from({ length: 8 }, () => 260) });
    expect(moderate?.subIndices.o3).toMatchObject({ table: 'o3-8h', aqi: 226 });
  });

  it('has no AQI when nothing gives a sub-index', () => {
    expect(currentAqi({ pm25: [null, null, 30] })).toBeNull();
    expect(currentAqi({})).toBeNull();
  });
});
