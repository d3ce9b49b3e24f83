import type { AirComplianceResult } from '../../src-shared/domain/air-quality';
import { csvField } from '../history/csv-export';
import { pollutantName } from './air-index-store';

function num(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(value);
}

/**
 * The Compliance page's table as CSV: one row per station and standard, with the count, the allowance,
 * the projection, data capture (fractions 0…1), the annual mean and its capture, and the exceedance
 * labels joined by spaces. Text cells go through csvField (quoted, formula starts neutralised).
 */
export function complianceToCsv(result: AirComplianceResult): string {
  const lines = ['year,standard_set,station_id,pollutant,standard,source,status,exceedances,allowed,projected,valid_periods,elapsed_periods,data_capture,annual_mean,annual_capture,exceedance_list'];
  for (const row of result.rows) {
    for (const f of row.figures) {
      lines.push(
        [
          String(f.year),
          csvField(result.standard),
          csvField(row.stationId),
          csvField(pollutantName(row.pollutant)),
          csvField(f.standard.id),
          csvField(f.standard.source),
          f.status,
          String(f.exceedances),
          num(f.allowed),
          num(f.projected),
          String(f.validPeriods),
          String(f.elapsedPeriods),
          num(f.dataCapture),
          num(f.annualMean),
          num(f.annualCapture),
          csvField(f.exceedanceList.map((e) => e.label).join(' ')),
        ].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
