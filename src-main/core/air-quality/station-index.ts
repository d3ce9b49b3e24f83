/** A station's current air-quality index for the frames (issue 18): the European index or the EPA AQI (NowCast) of an hour. */
import type { StationAirIndex } from '../../../src-shared/domain/air-quality';
import type { StationAirQuality } from './station-air-quality';

/** The European index of the hour starting at `hourStart`; null without a valid pollutant hour. */
export function eeaIndex(station: StationAirQuality, stationId: string, hourStart: number): StationAirIndex | null {
  const index = station.eeaIndexAt(hourStart);
  if (index === null) return null;
  return { stationId, index: 'eea', value: index.level, band: index.name, colour: index.colour, decidingPollutant: index.decidingPollutant, hourStartMs: hourStart };
}

/** The EPA AQI (NowCast) as of the hour starting at `hourStart`; null when it cannot be computed. */
export function epaIndex(station: StationAirQuality, stationId: string, hourStart: number): StationAirIndex | null {
  const aqi = station.aqiAt(hourStart);
  if (aqi === null) return null;
  return { stationId, index: 'epa', value: aqi.aqi, band: aqi.category.name, colour: aqi.category.colour, decidingPollutant: aqi.decidingPollutant, hourStartMs: hourStart };
}
