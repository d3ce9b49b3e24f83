/**
 * The regulated pollutants Stationwatch knows, and their unit conversions.
 *
 * Concentrations travel as the EU directives report them: µg/m³ for PM10, PM2.5, NO2, O3 and SO2,
 * mg/m³ for CO. The US EPA AQI is defined on mixing ratios (ppm, ppb) for the gases, so the AQI
 * converts at the boundary with `toMixingRatio`.
 */
export type Pollutant = 'pm10' | 'pm25' | 'no2' | 'o3' | 'so2' | 'co';

export const POLLUTANTS: readonly Pollutant[] = ['pm10', 'pm25', 'no2', 'o3', 'so2', 'co'];

/** The unit each pollutant's concentration is carried in (the directives' units). */
export const CONCENTRATION_UNIT: Readonly<Record<Pollutant, 'µg/m³' | 'mg/m³'>> = {
  pm10: 'µg/m³',
  pm25: 'µg/m³',
  no2: 'µg/m³',
  o3: 'µg/m³',
  so2: 'µg/m³',
  co: 'mg/m³',
};

/** Display names as the directives write them. */
export const POLLUTANT_LABEL: Readonly<Record<Pollutant, string>> = {
  pm10: 'PM10',
  pm25: 'PM2.5',
  no2: 'NO2',
  o3: 'O3',
  so2: 'SO2',
  co: 'CO',
};

/** Molar masses (g/mol) of the gases, for µg/m³ ↔ ppb. */
const MOLAR_MASS: Readonly<Record<'no2' | 'o3' | 'so2' | 'co', number>> = { no2: 46.0055, o3: 47.9982, so2: 64.066, co: 28.0101 };

/**
 * Molar volume (L/mol) of an ideal gas at 293.15 K and 101.325 kPa — the reference the EU directives
 * standardise gas volumes to (2008/50/EC Annex VI C; 2024/2881 Annex VI). A station that reports µg/m³
 * at 25 °C instead passes 24.465 (298.15 K), the EPA's conversion basis.
 */
export const EU_MOLAR_VOLUME_L = 24.055;

/**
 * A gas concentration in the EPA AQI's unit: ppb for NO2 and SO2, ppm for O3 and CO.
 * µg/m³ → ppb = c × Vm / M; CO arrives in mg/m³, so mg/m³ → ppm uses the same formula.
 */
export function toMixingRatio(pollutant: 'no2' | 'o3' | 'so2' | 'co', concentration: number, molarVolumeL = EU_MOLAR_VOLUME_L): number {
  const ratio = (concentration * molarVolumeL) / MOLAR_MASS[pollutant];
  return pollutant === 'o3' ? ratio / 1000 : ratio;
}
