/**
 * The US EPA Air Quality Index: categories and breakpoints.
 *
 * Source: U.S. EPA, "Technical Assistance Document for the Reporting of Daily Air Quality — the Air
 * Quality Index (AQI)", EPA-454/B-24-002, May 2024, Table 6 (breakpoints) and Table 1 (categories and
 * colours); the PM2.5 rows are those of the 2024 PM NAAQS final rule (89 FR 16202, 6 March 2024,
 * revisions to 40 CFR part 58 appendix G, effective 6 May 2024). The 301–400 and 401–500 rows of the
 * older tables are one "Hazardous" row (301–500) since 2024.
 */

/** One AQI category. */
export interface AqiCategory {
  readonly name: string;
  readonly colour: string;
  /** Lowest and highest index of the category. */
  readonly low: number;
  readonly high: number;
}

/** TAD 2024, Table 1 (AQI categories, colours as hex of the RGB values the TAD prescribes). */
export const AQI_CATEGORIES: readonly AqiCategory[] = [
  { name: 'Good', colour: '#00E400', low: 0, high: 50 },
  { name: 'Moderate', colour: '#FFFF00', low: 51, high: 100 },
  { name: 'Unhealthy for Sensitive Groups', colour: '#FF7E00', low: 101, high: 150 },
  { name: 'Unhealthy', colour: '#FF0000', low: 151, high: 200 },
  { name: 'Very Unhealthy', colour: '#8F3F97', low: 201, high: 300 },
  { name: 'Hazardous', colour: '#7E0023', low: 301, high: 500 },
];

/** One breakpoint row: concentrations cLow…cHigh map linearly onto indices iLow…iHigh. */
export interface Breakpoint {
  readonly cLow: number;
  readonly cHigh: number;
  readonly iLow: number;
  readonly iHigh: number;
}

/** A sub-index table: its averaging time, unit, the digits a concentration is truncated to, and its rows. */
export interface BreakpointTable {
  readonly id: AqiTableId;
  readonly averaging: string;
  readonly unit: 'ppm' | 'ppb' | 'µg/m³';
  /** Decimal places kept by truncation before the lookup (TAD 2024, section "Calculating the AQI", step 1). */
  readonly decimals: number;
  readonly rows: readonly Breakpoint[];
}

export type AqiTableId = 'o3-8h' | 'o3-1h' | 'pm25-24h' | 'pm10-24h' | 'co-8h' | 'so2-1h' | 'so2-24h' | 'no2-1h';

function rows(pairs: readonly (readonly [number, number, number, number])[]): Breakpoint[] {
  return pairs.map(([cLow, cHigh, iLow, iHigh]) => ({ cLow, cHigh, iLow, iHigh }));
}

/** TAD 2024, Table 6, column by column. */
export const AQI_TABLES: Readonly<Record<AqiTableId, BreakpointTable>> = {
  // O3 8-hour (ppm, truncated to 3 decimals); 8-hour values do not define AQI above 300 (use 1-hour).
  'o3-8h': { id: 'o3-8h', averaging: '8-hour', unit: 'ppm', decimals: 3, rows: rows([[0.0, 0.054, 0, 50], [0.055, 0.07, 51, 100], [0.071, 0.085, 101, 150], [0.086, 0.105, 151, 200], [0.106, 0.2, 201, 300]]) },
  // O3 1-hour (ppm, 3 decimals); only defined from AQI 101 up.
  'o3-1h': { id: 'o3-1h', averaging: '1-hour', unit: 'ppm', decimals: 3, rows: rows([[0.125, 0.164, 101, 150], [0.165, 0.204, 151, 200], [0.205, 0.404, 201, 300], [0.405, 0.604, 301, 500]]) },
  // PM2.5 24-hour (µg/m³, 1 decimal) — the 2024 revision (Good ends at 9.0; Hazardous starts at 225.5).
  'pm25-24h': { id: 'pm25-24h', averaging: '24-hour', unit: 'µg/m³', decimals: 1, rows: rows([[0.0, 9.0, 0, 50], [9.1, 35.4, 51, 100], [35.5, 55.4, 101, 150], [55.5, 125.4, 151, 200], [125.5, 225.4, 201, 300], [225.5, 325.4, 301, 500]]) },
  // PM10 24-hour (µg/m³, integer).
  'pm10-24h': { id: 'pm10-24h', averaging: '24-hour', unit: 'µg/m³', decimals: 0, rows: rows([[0, 54, 0, 50], [55, 154, 51, 100], [155, 254, 101, 150], [255, 354, 151, 200], [355, 424, 201, 300], [425, 604, 301, 500]]) },
  // CO 8-hour (ppm, 1 decimal).
  'co-8h': { id: 'co-8h', averaging: '8-hour', unit: 'ppm', decimals: 1, rows: rows([[0.0, 4.4, 0, 50], [4.5, 9.4, 51, 100], [9.5, 12.4, 101, 150], [12.5, 15.4, 151, 200], [15.5, 30.4, 201, 300], [30.5, 50.4, 301, 500]]) },
  // SO2 1-hour (ppb, integer); above 304 ppb the 24-hour table applies.
  'so2-1h': { id: 'so2-1h', averaging: '1-hour', unit: 'ppb', decimals: 0, rows: rows([[0, 35, 0, 50], [36, 75, 51, 100], [76, 185, 101, 150], [186, 304, 151, 200]]) },
  // SO2 24-hour (ppb, integer); only for AQI 201 and up.
  'so2-24h': { id: 'so2-24h', averaging: '24-hour', unit: 'ppb', decimals: 0, rows: rows([[305, 604, 201, 300], [605, 1004, 301, 500]]) },
  // NO2 1-hour (ppb, integer).
  'no2-1h': { id: 'no2-1h', averaging: '1-hour', unit: 'ppb', decimals: 0, rows: rows([[0, 53, 0, 50], [54, 100, 51, 100], [101, 360, 101, 150], [361, 649, 151, 200], [650, 1249, 201, 300], [1250, 2049, 301, 500]]) },
};
