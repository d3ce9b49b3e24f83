import type { Pollutant } from './pollutants';

/** One level of the European Air Quality Index. */
export interface EeaLevel {
  /** 1 (good) … 6 (extremely poor). */
  readonly level: 1 | 2 | 3 | 4 | 5 | 6;
  readonly name: string;
  /** The colour the EEA's viewer paints the level in. */
  readonly colour: string;
}

/**
 * The six levels, names and colours of the European Air Quality Index.
 * Source: European Environment Agency, "European Air Quality Index" (airindex.eea.europa.eu), legend
 * of the index as revised in 2023/2024 to follow the WHO 2021 guidelines.
 */
export const EEA_LEVELS: readonly EeaLevel[] = [
  { level: 1, name: 'Good', colour: '#50F0E6' },
  { level: 2, name: 'Fair', colour: '#50CCAA' },
  { level: 3, name: 'Moderate', colour: '#F0E641' },
  { level: 4, name: 'Poor', colour: '#FF5050' },
  { level: 5, name: 'Very poor', colour: '#960032' },
  { level: 6, name: 'Extremely poor', colour: '#7D2181' },
];

/** Pollutants the EEA index is computed from (CO is not part of it). */
export type EeaPollutant = Exclude<Pollutant, 'co'>;

export const EEA_POLLUTANTS: readonly EeaPollutant[] = ['pm25', 'pm10', 'no2', 'o3', 'so2'];

/**
 * Upper bound (µg/m³, inclusive) of levels 1–5 per pollutant; anything above the fifth bound is level 6.
 * Source: EEA, European Air Quality Index, "Index level (based on pollutant concentrations in µg/m³)",
 * current bands (revised 2023/2024 after the WHO 2021 air quality guidelines), from hourly values of every
 * pollutant, PM included (the 24-hour running mean for PM belonged to the index before the revision). The
 * EEA writes the bands as integer ranges ("0–5, 6–15, 16–50, …"), so a value on an edge is in the lower
 * (better) band, as here. Every row and colour agrees with several independent published copies (the ETC HE
 * report 2024/17's table as quoted by one, threshold tables fetched from the EEA's page by others); the
 * EEA's page itself could not be read from where this was written.
 */
export const EEA_UPPER_BOUNDS: Readonly<Record<EeaPollutant, readonly [number, number, number, number, number]>> = {
  pm25: [5, 15, 50, 90, 140], // EEA EAQI, PM2.5 row
  pm10: [15, 45, 120, 195, 270], // EEA EAQI, PM10 row
  no2: [10, 25, 60, 100, 150], // EEA EAQI, NO2 row
  o3: [60, 100, 120, 160, 180], // EEA EAQI, O3 row
  so2: [20, 40, 125, 190, 275], // EEA EAQI, SO2 row
};
