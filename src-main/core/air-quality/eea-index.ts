import { EEA_LEVELS, EEA_POLLUTANTS, EEA_UPPER_BOUNDS, type EeaLevel, type EeaPollutant } from './eea-index-table';

/** The European Air Quality Index of one station and hour. */
export interface EeaIndex extends EeaLevel {
  /** The pollutant whose level decided (the worst); on a tie the first in PM2.5, PM10, NO2, O3, SO2 order. */
  readonly decidingPollutant: EeaPollutant;
  /** Each pollutant's own level, for the pollutants given. */
  readonly subLevels: Readonly<Partial<Record<EeaPollutant, EeaLevel>>>;
}

/** The level of one pollutant's concentration (µg/m³); null for a missing or invalid (NaN, negative) value. */
export function eeaLevelOf(pollutant: EeaPollutant, concentration: number): EeaLevel | null {
  if (!Number.isFinite(concentration) || concentration < 0) return null;
  const bounds = EEA_UPPER_BOUNDS[pollutant];
  let i = 0;
  while (i < bounds.length && concentration > (bounds[i] as number)) i++;
  return EEA_LEVELS[i] as EeaLevel;
}

/**
 * The index of an hour: the worst level of the pollutants present decides. Concentrations are the
 * valid values the caller has (hourly means; the caller decides whether PM comes as the hourly or
 * the 24-hour running mean). Null when none is present.
 */
export function eeaIndex(concentrations: Readonly<Partial<Record<EeaPollutant, number>>>): EeaIndex | null {
  let worst: EeaLevel | null = null;
  let deciding: EeaPollutant | null = null;
  const subLevels: Partial<Record<EeaPollutant, EeaLevel>> = {};
  for (const pollutant of EEA_POLLUTANTS) {
    const value = concentrations[pollutant];
    if (value === undefined) continue;
    const level = eeaLevelOf(pollutant, value);
    if (level === null) continue;
    subLevels[pollutant] = level;
    if (worst === null || level.level > worst.level) {
      worst = level;
      deciding = pollutant;
    }
  }
  return worst === null || deciding === null ? null : { ...worst, decidingPollutant: deciding, subLevels };
}
