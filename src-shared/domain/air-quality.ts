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

/**
 * Kinds of automatic data-quality flag (src-main/core/air-quality/quality-flagger.ts): a reading outside the
 * plausible range, a stuck sensor, a one-hour spike the neighbours did not see, a lasting disagreement with
 * neighbouring stations of the same type (drift), and a short one (a possible local event, still counted).
 */
export type AirQualityFlagKind = 'out-of-range' | 'stuck' | 'spike' | 'drift' | 'local-event';

/** A station's pollutant whose latest closed hour carries an automatic data-quality flag. */
export interface AirQualityFlag {
  readonly stationId: string;
  /** Pollutant id (pm25, pm10, no2, o3, so2, co). */
  readonly pollutant: string;
  readonly kind: AirQualityFlagKind;
  /** True: the hour is left out of the index, the live compliance counting and threshold alarms; false: shown, still counted. */
  readonly isExcluded: boolean;
  /** UTC start of the first hour of this run of flags and of the latest flagged hour, epoch ms. */
  readonly sinceMs: number;
  readonly hourStartMs: number;
  /** Hours flagged in a row. */
  readonly hours: number;
  /** The reason in plain words, e.g. "NO2 has read exactly 41 µg/m³ for 180 readings over 3 hours: …". */
  readonly reason: string;
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

/**
 * One hour of a station's pollutant that carried an automatic data-quality flag, as stored (issue 18):
 * `isExcluded` hours (out of range, stuck, spike, drift) are left out of the stored compliance figures like
 * invalidated ones; a possible local event is shown and still counted.
 */
export interface QualityFlagHour {
  readonly stationId: string;
  /** Pollutant id (pm25, pm10, no2, o3, so2, co). */
  readonly metric: string;
  /** UTC start of the flagged hour, epoch ms. */
  readonly hourStartMs: number;
  readonly kind: AirQualityFlagKind;
  readonly isExcluded: boolean;
  /** The reason in plain words, as the engine gave it when the hour closed. */
  readonly reason: string;
}

/** An operator's mark (issue 18): [fromMs, toMs) of a station's metric is invalid — left out of indices and compliance, shown in history. */
export interface QualityInvalidation {
  readonly id: string;
  readonly stationId: string;
  readonly metric: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly reason: string;
  /** Who marked it (the named operator), and when (epoch ms). */
  readonly by: string;
  readonly at: number;
}

/** An invalidation an operator revoked (issue 18): its hours count again; the stored row keeps who revoked it and when. */
export interface RevokedInvalidation extends QualityInvalidation {
  readonly revokedBy: string;
  readonly revokedAt: number;
  readonly revokeReason: string;
}
