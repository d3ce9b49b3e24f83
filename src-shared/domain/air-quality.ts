/**
 * Air quality as the frame and the contract carry it (issue 18): each station's current index, and the
 * compliance figures of the live counters. Plain data; computed by src-main/core/air-quality-feed.ts.
 */

/** A station's index for its latest closed hour: the band's name and colour and the pollutant that decides it. */
export interface StationAirIndex {
  readonly stationId: string;
  /** Which index: the European Air Quality Index (level 1…6) or the US EPA AQI (NowCast, 0…500). */
  readonly index: 'eea' | 'epa';
  readonly value: number;
  readonly band: string;
  readonly colour: string;
  /** Pollutant id (pm25, pm10, no2, o3, so2, co). */
  readonly decidingPollutant: string;
  /** UTC start of the hour the index is for, epoch ms. */
  readonly hourStartMs: number;
}

/** One exceedance in a compliance figure. */
export interface AirExceedance {
  readonly startMs: number;
  readonly label: string;
  readonly value: number;
}

/** Where one station stands against one standard in one year (the core's StandardStatus, as plain data). */
export interface AirComplianceFigure {
  readonly standard: { readonly id: string; readonly pollutant: string; readonly statistic: string; readonly level: number; readonly kind: string; readonly allowedPerYear: number | null; readonly averagedOverYears: number; readonly source: string };
  readonly year: number;
  readonly unit: string;
  readonly status: 'within' | 'exceeded' | 'in-progress' | 'insufficient-data';
  readonly exceedances: number;
  readonly allowed: number | null;
  readonly exceedanceList: readonly AirExceedance[];
  readonly projected: number | null;
  readonly elapsedPeriods: number;
  readonly validPeriods: number;
  readonly periodsInYear: number;
  readonly dataCapture: number;
  readonly annualMean: number | null;
  readonly annualCapture: number | null;
  readonly text: string;
}

/** The `air:compliance` answer: per station and pollutant, the figures of the selected standard set. */
export interface AirComplianceResult {
  readonly year: number;
  readonly standard: string;
  readonly timeZone: string;
  readonly rows: readonly { readonly stationId: string; readonly pollutant: string; readonly figures: readonly AirComplianceFigure[] }[];
  /** Plain words on what the figures rest on, e.g. that earlier years need the stored history; null when nothing to say. */
  readonly note: string | null;
}
