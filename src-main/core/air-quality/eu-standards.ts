import type { Pollutant } from './pollutants';

/**
 * EU air-quality standards as data: Directive 2008/50/EC and the 2030 limit values of Directive (EU)
 * 2024/2881. Numbers and the annex they stand in; no text of the directives is reproduced.
 *
 * A value exceeds a standard when it is strictly greater than the level ("not to be exceeded").
 */

/** The statistic a standard is judged on, with the directive's validity rule behind each. */
export type Statistic = 'hourly' | 'daily-mean' | 'max-daily-8h-mean' | 'annual-mean';

export interface Standard {
  /** Stable id, e.g. `2008/50:pm10-daily`. */
  readonly id: string;
  readonly pollutant: Pollutant;
  readonly statistic: Statistic;
  /** The level, in the pollutant's unit (µg/m³; mg/m³ for CO). */
  readonly level: number;
  readonly kind: 'limit value' | 'target value';
  /** Exceedances allowed per calendar year (hours for hourly, days otherwise); null for annual means. */
  readonly allowedPerYear: number | null;
  /** The allowance is an average over this many years (O3 target value); 1 otherwise. */
  readonly averagedOverYears: number;
  /** Where the number stands. */
  readonly source: string;
}

/** A selectable set of standards. */
export interface StandardSet {
  readonly id: '2008/50/EC' | '2024/2881';
  readonly title: string;
  readonly standards: readonly Standard[];
}

function standard(set: string, name: string, fields: Omit<Standard, 'id' | 'averagedOverYears'> & { averagedOverYears?: number }): Standard {
  return { id: `${set}:${name}`, averagedOverYears: 1, ...fields };
}

const S2008 = '2008/50';

/** Directive 2008/50/EC (OJ L 152, 11.6.2008), Annexes VII, XI and XIV. */
export const DIRECTIVE_2008_50: StandardSet = {
  id: '2008/50/EC',
  title: 'Directive 2008/50/EC',
  standards: [
    standard(S2008, 'so2-hourly', { pollutant: 'so2', statistic: 'hourly', level: 350, kind: 'limit value', allowedPerYear: 24, source: '2008/50/EC Annex XI B (sulphur dioxide, one hour)' }),
    standard(S2008, 'so2-daily', { pollutant: 'so2', statistic: 'daily-mean', level: 125, kind: 'limit value', allowedPerYear: 3, source: '2008/50/EC Annex XI B (sulphur dioxide, one day)' }),
    standard(S2008, 'no2-hourly', { pollutant: 'no2', statistic: 'hourly', level: 200, kind: 'limit value', allowedPerYear: 18, source: '2008/50/EC Annex XI B (nitrogen dioxide, one hour)' }),
    standard(S2008, 'no2-annual', { pollutant: 'no2', statistic: 'annual-mean', level: 40, kind: 'limit value', allowedPerYear: null, source: '2008/50/EC Annex XI B (nitrogen dioxide, calendar year)' }),
    standard(S2008, 'co-8h', { pollutant: 'co', statistic: 'max-daily-8h-mean', level: 10, kind: 'limit value', allowedPerYear: 0, source: '2008/50/EC Annex XI B (carbon monoxide, maximum daily eight hour mean; mg/m³)' }),
    standard(S2008, 'pm10-daily', { pollutant: 'pm10', statistic: 'daily-mean', level: 50, kind: 'limit value', allowedPerYear: 35, source: '2008/50/EC Annex XI B (PM10, one day)' }),
    standard(S2008, 'pm10-annual', { pollutant: 'pm10', statistic: 'annual-mean', level: 40, kind: 'limit value', allowedPerYear: null, source: '2008/50/EC Annex XI B (PM10, calendar year)' }),
    standard(S2008, 'pm25-annual', { pollutant: 'pm25', statistic: 'annual-mean', level: 25, kind: 'limit value', allowedPerYear: null, source: '2008/50/EC Annex XIV E (PM2.5 limit value, stage 1, calendar year)' }),
    standard(S2008, 'o3-8h', { pollutant: 'o3', statistic: 'max-daily-8h-mean', level: 120, kind: 'target value', allowedPerYear: 25, averagedOverYears: 3, source: '2008/50/EC Annex VII B (ozone target value for the protection of human health)' }),
  ],
};

const S2024 = '2024/2881';

/**
 * Directive (EU) 2024/2881 (OJ L, 20.11.2024), Annex I: limit values to be attained by 1 January 2030, and
 * the ozone target value. Every level and yearly allowance (18 days, 3 hours, CO's 4 mg/m³ a day) agrees
 * with three independent public transcriptions of Annex I Table 1 — a formal specification of the directive
 * (jobonaf/aq-framework-snpa, docs/en/tables/t_limit_values.md), the EEA's own Raven software
 * (eea/raven-administration, api/core/data/exceedances.py) and a national app's design document — and the
 * levels with a published comparison table (airclim.org). The Official Journal text itself could not be
 * read from where this was written: check it there before a release relies on these numbers.
 */
export const DIRECTIVE_2024_2881: StandardSet = {
  id: '2024/2881',
  title: 'Directive (EU) 2024/2881 (2030 limit values)',
  standards: [
    standard(S2024, 'pm25-daily', { pollutant: 'pm25', statistic: 'daily-mean', level: 25, kind: 'limit value', allowedPerYear: 18, source: '2024/2881 Annex I Table 1 (PM2.5, one day)' }),
    standard(S2024, 'pm25-annual', { pollutant: 'pm25', statistic: 'annual-mean', level: 10, kind: 'limit value', allowedPerYear: null, source: '2024/2881 Annex I Table 1 (PM2.5, calendar year)' }),
    standard(S2024, 'pm10-daily', { pollutant: 'pm10', statistic: 'daily-mean', level: 45, kind: 'limit value', allowedPerYear: 18, source: '2024/2881 Annex I Table 1 (PM10, one day)' }),
    standard(S2024, 'pm10-annual', { pollutant: 'pm10', statistic: 'annual-mean', level: 20, kind: 'limit value', allowedPerYear: null, source: '2024/2881 Annex I Table 1 (PM10, calendar year)' }),
    standard(S2024, 'no2-hourly', { pollutant: 'no2', statistic: 'hourly', level: 200, kind: 'limit value', allowedPerYear: 3, source: '2024/2881 Annex I Table 1 (NO2, one hour)' }),
    standard(S2024, 'no2-daily', { pollutant: 'no2', statistic: 'daily-mean', level: 50, kind: 'limit value', allowedPerYear: 18, source: '2024/2881 Annex I Table 1 (NO2, one day)' }),
    standard(S2024, 'no2-annual', { pollutant: 'no2', statistic: 'annual-mean', level: 20, kind: 'limit value', allowedPerYear: null, source: '2024/2881 Annex I Table 1 (NO2, calendar year)' }),
    standard(S2024, 'so2-hourly', { pollutant: 'so2', statistic: 'hourly', level: 350, kind: 'limit value', allowedPerYear: 3, source: '2024/2881 Annex I Table 1 (SO2, one hour)' }),
    standard(S2024, 'so2-daily', { pollutant: 'so2', statistic: 'daily-mean', level: 50, kind: 'limit value', allowedPerYear: 18, source: '2024/2881 Annex I Table 1 (SO2, one day)' }),
    standard(S2024, 'so2-annual', { pollutant: 'so2', statistic: 'annual-mean', level: 20, kind: 'limit value', allowedPerYear: null, source: '2024/2881 Annex I Table 1 (SO2, calendar year)' }),
    standard(S2024, 'co-8h', { pollutant: 'co', statistic: 'max-daily-8h-mean', level: 10, kind: 'limit value', allowedPerYear: 0, source: '2024/2881 Annex I Table 1 (CO, maximum daily 8-hour mean; mg/m³)' }),
    standard(S2024, 'co-daily', { pollutant: 'co', statistic: 'daily-mean', level: 4, kind: 'limit value', allowedPerYear: 18, source: '2024/2881 Annex I Table 1 (CO, one day; mg/m³)' }),
    standard(S2024, 'o3-8h', { pollutant: 'o3', statistic: 'max-daily-8h-mean', level: 120, kind: 'target value', allowedPerYear: 18, averagedOverYears: 3, source: '2024/2881 Annex I (ozone target value for the protection of human health)' }),
  ],
};

export const STANDARD_SETS: readonly StandardSet[] = [DIRECTIVE_2008_50, DIRECTIVE_2024_2881];

/** The standards of `set` that judge `pollutant`. */
export function standardsFor(set: StandardSet, pollutant: Pollutant): Standard[] {
  return set.standards.filter((s) => s.pollutant === pollutant);
}

/** Information and alert thresholds: a level that must be exceeded for `consecutiveHours` hours in a row. */
export interface AlertThreshold {
  readonly id: string;
  readonly pollutant: Pollutant;
  readonly kind: 'information' | 'alert';
  readonly level: number;
  readonly consecutiveHours: 1 | 3;
  readonly source: string;
}

/** Directive 2008/50/EC Annex XII (A: SO2 and NO2 alert thresholds; B: ozone information and alert thresholds). */
export const THRESHOLDS_2008_50: readonly AlertThreshold[] = [
  { id: '2008/50:so2-alert', pollutant: 'so2', kind: 'alert', level: 500, consecutiveHours: 3, source: '2008/50/EC Annex XII A (SO2 alert threshold, three consecutive hours)' },
  { id: '2008/50:no2-alert', pollutant: 'no2', kind: 'alert', level: 400, consecutiveHours: 3, source: '2008/50/EC Annex XII A (NO2 alert threshold, three consecutive hours)' },
  { id: '2008/50:o3-information', pollutant: 'o3', kind: 'information', level: 180, consecutiveHours: 1, source: '2008/50/EC Annex XII B (ozone information threshold, 1 hour)' },
  { id: '2008/50:o3-alert', pollutant: 'o3', kind: 'alert', level: 240, consecutiveHours: 1, source: '2008/50/EC Annex XII B (ozone alert threshold, 1 hour)' },
];
