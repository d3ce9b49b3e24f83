/**
 * What the handover says about air-quality limit values: the stations whose count of exceedances is close
 * to, at or over a yearly allowance (e.g. PM10 daily mean, 35 days a year), or projected past it by year-end —
 * the figures the next shift must watch before a further exceedance breaks the law.
 */
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import type { HandoverAllowance } from '../../../src-shared/domain/shift';

/** Share of an allowance from which a count is "near" it: 80 % (28 of 35 days, 15 of 18 hours). */
export const NEAR_ALLOWANCE_SHARE = 0.8;

/** The figures near, at or over their allowance, or projected over it; fullest first. Null compliance: none. */
export function nearAllowance(compliance: AirComplianceResult | null): HandoverAllowance[] {
  if (compliance === null) return [];
  const near: HandoverAllowance[] = [];
  for (const row of compliance.rows) {
    for (const figure of row.figures) {
      const allowed = figure.allowed;
      if (allowed === null || allowed <= 0) continue;
      const isNear = figure.exceedances >= NEAR_ALLOWANCE_SHARE * allowed || (figure.projected !== null && figure.projected > allowed);
      if (!isNear) continue;
      const { pollutant, statistic, level } = figure.standard;
      near.push({ stationId: row.stationId, pollutant: row.pollutant, year: figure.year, standard: `${pollutant} ${statistic} ${level} ${figure.unit}`, used: figure.exceedances, allowed, projected: figure.projected });
    }
  }
  return near.sort((x, y) => y.used / y.allowed - x.used / x.allowed || x.stationId.localeCompare(y.stationId) || x.standard.localeCompare(y.standard));
}
