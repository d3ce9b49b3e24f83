import { AQI_CATEGORIES, AQI_TABLES, type AqiCategory, type AqiTableId, type BreakpointTable } from './epa-aqi-table';
import { nowcast } from './nowcast';
import { toMixingRatio } from './pollutants';

/** A sub-index: the AQI value one pollutant's concentration gives. */
export interface SubIndex {
  readonly table: AqiTableId;
  /** The concentration after truncation, in the table's unit. */
  readonly concentration: number;
  readonly aqi: number;
  readonly category: AqiCategory;
  /** True when the concentration is above the table's last row: reported as 500, the top of the index. */
  readonly isBeyondIndex: boolean;
}

/**
 * The AQI of `concentration` (in the table's unit) by the TAD's equation: truncate to the table's
 * digits, find the row with cLow ≤ c ≤ cHigh, interpolate I = (iHigh − iLow)/(cHigh − cLow)·(c − cLow) + iLow
 * and round to the nearest integer. Null for a missing or negative value, or one below the table's
 * first row (the O3 1-hour and SO2 24-hour tables start at AQI 101 and 201).
 */
export function subIndex(tableId: AqiTableId, concentration: number): SubIndex | null {
  if (!Number.isFinite(concentration) || concentration < 0) return null;
  const table: BreakpointTable = AQI_TABLES[tableId];
  const c = truncate(concentration, table.decimals);
  const first = table.rows[0];
  const last = table.rows[table.rows.length - 1];
  if (first === undefined || last === undefined || c < first.cLow) return null;
  if (c > last.cHigh) return { table: tableId, concentration: c, aqi: 500, category: categoryOf(500), isBeyondIndex: true };
  for (const row of table.rows) {
    if (c >= row.cLow && c <= row.cHigh) {
      // In whole units of the last kept digit, so 0.078 − 0.071 is exactly 7 and a .5 rounds up as the TAD's examples do.
      const factor = 10 ** table.decimals;
      const [units, low, high] = [Math.round(c * factor), Math.round(row.cLow * factor), Math.round(row.cHigh * factor)];
      const aqi = Math.round(((row.iHigh - row.iLow) * (units - low)) / (high - low) + row.iLow);
      return { table: tableId, concentration: c, aqi, category: categoryOf(aqi), isBeyondIndex: false };
    }
  }
  return null;
}

/** Truncation (not rounding) to `decimals`, as the TAD requires; the tiny guard keeps 0.29·100 from flooring to 28. */
export function truncate(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 1e-7) / factor;
}

/** The category an AQI value falls in. */
export function categoryOf(aqi: number): AqiCategory {
  for (const category of AQI_CATEGORIES) if (aqi <= category.high) return category;
  return AQI_CATEGORIES[AQI_CATEGORIES.length - 1] as AqiCategory;
}

/** Hourly means of one station, most recent first (index 0 = the latest closed hour), in the directives' units (µg/m³; CO mg/m³); null for invalid hours. */
export interface RecentHours {
  readonly pm25?: readonly (number | null)[];
  readonly pm10?: readonly (number | null)[];
  readonly o3?: readonly (number | null)[];
  readonly no2?: readonly (number | null)[];
  readonly so2?: readonly (number | null)[];
  /** CO: the latest 8-hour mean (mg/m³), when valid. */
  readonly co8h?: number | null;
}

/** The current ("NowCast") AQI of a station and the pollutant that decides it. */
export interface CurrentAqi {
  readonly aqi: number;
  readonly category: AqiCategory;
  readonly decidingPollutant: 'pm25' | 'pm10' | 'o3' | 'no2' | 'so2' | 'co';
  readonly subIndices: Readonly<Partial<Record<CurrentAqi['decidingPollutant'], SubIndex>>>;
}

/**
 * The hourly AQI as AirNow reports it: NowCast for PM2.5, PM10 and O3 (the O3 NowCast read on the
 * 8-hour table; when the latest 1-hour O3 reaches the 1-hour table, the higher of the two), the latest
 * hour for NO2 and SO2, and CO's 8-hour mean. Gases are converted µg/m³ → ppb/ppm at `molarVolumeL`
 * (see `toMixingRatio`). Null when no pollutant gives a sub-index.
 */
export function currentAqi(recent: RecentHours, molarVolumeL?: number): CurrentAqi | null {
  const sub: Partial<Record<CurrentAqi['decidingPollutant'], SubIndex>> = {};
  const pm25 = recent.pm25 === undefined ? null : nowcast('pm', recent.pm25);
  if (pm25 !== null) put(sub, 'pm25', subIndex('pm25-24h', pm25));
  const pm10 = recent.pm10 === undefined ? null : nowcast('pm', recent.pm10);
  if (pm10 !== null) put(sub, 'pm10', subIndex('pm10-24h', pm10));
  if (recent.o3 !== undefined) {
    const o3 = nowcast('o3', recent.o3.map((c) => (c === null ? null : toMixingRatio('o3', c, molarVolumeL))));
    const eightHour = o3 === null ? null : subIndex('o3-8h', o3);
    const latest = recent.o3[0];
    const oneHour = latest === null || latest === undefined ? null : subIndex('o3-1h', toMixingRatio('o3', latest, molarVolumeL));
    // 8-hour values do not define an AQI above 300: past the 8-hour table the 1-hour one speaks.
    put(sub, 'o3', higher(eightHour?.isBeyondIndex === true ? null : eightHour, oneHour));
  }
  const no2 = recent.no2?.[0];
  if (no2 !== null && no2 !== undefined) put(sub, 'no2', subIndex('no2-1h', toMixingRatio('no2', no2, molarVolumeL)));
  const so2 = recent.so2?.[0];
  if (so2 !== null && so2 !== undefined) put(sub, 'so2', so2SubIndex(toMixingRatio('so2', so2, molarVolumeL)));
  if (recent.co8h !== null && recent.co8h !== undefined) put(sub, 'co', subIndex('co-8h', toMixingRatio('co', recent.co8h, molarVolumeL)));
  let best: CurrentAqi['decidingPollutant'] | null = null;
  for (const key of Object.keys(sub) as CurrentAqi['decidingPollutant'][]) {
    if (best === null || (sub[key] as SubIndex).aqi > (sub[best] as SubIndex).aqi) best = key;
  }
  if (best === null) return null;
  const top = sub[best] as SubIndex;
  return { aqi: top.aqi, category: top.category, decidingPollutant: best, subIndices: sub };
}

/** SO2 from a 1-hour value: the 1-hour table up to 304 ppb; above, the TAD reads it as AQI 200 unless a 24-hour value is used (not available hourly). */
function so2SubIndex(ppb: number): SubIndex | null {
  const oneHour = subIndex('so2-1h', ppb);
  if (oneHour === null || !oneHour.isBeyondIndex) return oneHour;
  return { table: 'so2-1h', concentration: truncate(ppb, 0), aqi: 200, category: categoryOf(200), isBeyondIndex: true };
}

function higher(a: SubIndex | null, b: SubIndex | null): SubIndex | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.aqi > a.aqi ? b : a;
}

function put(target: Partial<Record<CurrentAqi['decidingPollutant'], SubIndex>>, key: CurrentAqi['decidingPollutant'], value: SubIndex | null): void {
  if (value !== null) target[key] = value;
}
