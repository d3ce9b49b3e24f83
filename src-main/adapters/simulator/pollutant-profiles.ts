/**
 * The expected pollutant levels at a station for a local hour and season, before weather noise — the
 * deterministic part of the simulator's pollutant series. Shapes follow what European monitoring
 * networks publish as typical diurnal cycles:
 * - traffic (NO2, PM, CO) peaks at the morning rush (≈ 08:00) and, broader, in the evening (≈ 18:00),
 *   far stronger at traffic sites than in the background or the countryside;
 * - O3 is photochemical: low at night, highest mid-afternoon (≈ 15:00) and in summer, and titrated by
 *   fresh NO (so lower where NO2 is high: traffic sites and rush hours);
 * - PM is higher in winter (heating in the evening, shallow mixing layer), SO2 comes from industry.
 * Levels in µg/m³ (CO mg/m³); the order of the output is POLLUTANT_ORDER.
 */
import type { StationType } from '../../../src-shared/domain/station';

/** Output order of levels and of the simulated pollutant metrics (ids as in core/air-quality/pollutants.ts). */
export const POLLUTANT_ORDER = ['pm10', 'pm25', 'no2', 'o3', 'so2', 'co'] as const;
export const PM10 = 0;
export const PM25 = 1;
export const NO2 = 2;
export const O3 = 3;
export const SO2 = 4;
export const CO = 5;

/** Per site type: background levels and how strongly traffic and industry add to them. */
interface SiteProfile {
  /** NO2 background and traffic amplitude (µg/m³ at a full rush-hour peak). */
  readonly no2Background: number;
  readonly no2Traffic: number;
  /** PM2.5 background and traffic amplitude; coarse PM (PM10 − PM2.5) background and traffic resuspension. */
  readonly pm25Background: number;
  readonly pm25Traffic: number;
  readonly coarseBackground: number;
  readonly coarseTraffic: number;
  /** SO2 background and working-hours industrial addition. */
  readonly so2Background: number;
  readonly so2Industry: number;
  /** CO background and traffic amplitude (mg/m³). */
  readonly coBackground: number;
  readonly coTraffic: number;
  /** O3 regional background and afternoon photochemical amplitude in midsummer. */
  readonly o3Background: number;
  readonly o3Photochemical: number;
}

const URBAN: SiteProfile = {
  no2Background: 14, no2Traffic: 24,
  pm25Background: 8, pm25Traffic: 4, coarseBackground: 7, coarseTraffic: 4,
  so2Background: 2.5, so2Industry: 1.5,
  coBackground: 0.25, coTraffic: 0.2,
  o3Background: 48, o3Photochemical: 70,
};

const PROFILES: Readonly<Record<StationType, SiteProfile>> = {
  'urban-background': URBAN,
  traffic: { ...URBAN, no2Background: 18, no2Traffic: 48, pm25Traffic: 8, coarseTraffic: 10, coBackground: 0.3, coTraffic: 0.6 },
  industrial: { ...URBAN, no2Background: 16, no2Traffic: 26, pm25Background: 10, coarseBackground: 10, so2Background: 8, so2Industry: 22, coBackground: 0.3 },
  rural: { ...URBAN, no2Background: 5, no2Traffic: 4, pm25Background: 6, pm25Traffic: 0.8, coarseBackground: 5, coarseTraffic: 0.8, so2Background: 1.2, so2Industry: 0, coBackground: 0.18, coTraffic: 0.03, o3Background: 58, o3Photochemical: 72 },
};

/** O3 lost per µg/m³ of NO2 above the station's background (titration by the NO that came with it). */
export const O3_TITRATION = 0.7;

/** Traffic intensity 0..≈1.2 over the local day: night minimum, morning and evening rush, daytime plateau. */
export function trafficCycle(localHour: number): number {
  return 0.12 + 0.3 * bump(localHour, 13, 4.5) + bump(localHour, 8, 1.2) + 0.8 * bump(localHour, 18, 1.7);
}

/** Photochemical activity 0..1 over the local day, highest at 15:00. */
export function sunCycle(localHour: number): number {
  return bump(localHour, 15, 2.8);
}

/**
 * Season from the day of the year: +1 in mid-January (winter), −1 in mid-July (summer). Northern
 * hemisphere; the simulated city's default centre is Amsterdam.
 */
export function seasonAt(epochMs: number): number {
  const dayOfYear = (epochMs / 86_400_000) % 365.2425;
  return Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.2425);
}

/** Local solar hour (0..24) at a longitude: UTC plus 4 minutes per degree east. Pure, no time zone table. */
export function solarHour(epochMs: number, lon: number): number {
  const hours = epochMs / 3_600_000 + lon / 15;
  return ((hours % 24) + 24) % 24;
}

/** Writes the expected levels for a site type at `localHour` in `season` into out[offset .. offset+6). */
export function expectedLevels(type: StationType, localHour: number, season: number, out: Float64Array, offset: number): void {
  const p = PROFILES[type];
  const traffic = trafficCycle(localHour);
  const winter = Math.max(0, season);
  const summer = Math.max(0, -season);
  // Winter: shallow mixing layer and heating raise NO2 and PM; heating peaks in the evening.
  const no2Background = p.no2Background * (1 + 0.3 * season);
  const no2 = no2Background + p.no2Traffic * traffic;
  const heating = 4 * winter * bump(localHour, 20, 2.5);
  const pm25 = p.pm25Background * (1 + 0.4 * season) + p.pm25Traffic * traffic + heating;
  const pm10 = pm25 + p.coarseBackground * (1 - 0.2 * season) + p.coarseTraffic * traffic;
  const working = bump(localHour, 12, 4);
  const so2 = p.so2Background * (1 + 0.3 * winter) + p.so2Industry * working;
  const co = p.coBackground * (1 + 0.4 * winter) + p.coTraffic * traffic;
  const o3Formed = p.o3Background * (1 - 0.25 * season) + p.o3Photochemical * (0.2 + 0.8 * summer) * sunCycle(localHour);
  const o3 = Math.max(2, o3Formed - O3_TITRATION * (no2 - no2Background) - 0.3 * winter * no2Background);
  out[offset + PM10] = pm10;
  out[offset + PM25] = pm25;
  out[offset + NO2] = no2;
  out[offset + O3] = o3;
  out[offset + SO2] = so2;
  out[offset + CO] = co;
}

/** A bump of height 1 at `centre` hours with width `sd` hours, wrapping around midnight. */
function bump(hour: number, centre: number, sd: number): number {
  let d = Math.abs(hour - centre);
  if (d > 12) d = 24 - d;
  return Math.exp((-d * d) / (2 * sd * sd));
}
