import { describe, expect, it } from 'vitest';
import type { AirComplianceFigure, AirComplianceResult } from '../../../src-shared/domain/air-quality';
import { nearAllowance } from './near-allowance';

function figure(id: string, statistic: string, level: number, allowed: number | null, exceedances: number, projected: number | null): AirComplianceFigure {
  return {
    standard: { id, pollutant: 'PM10', statistic, level, kind: 'limit', allowedPerYear: allowed, averagedOverYears: 1, source: '2008/50/EC Annex XI' },
    year: 2026, unit: 'µg/m³', status: 'in-progress', exceedances, allowed, exceedanceList: [], projected,
    elapsedPeriods: 300, validPeriods: 290, periodsInYear: 365, dataCapture: 0.97, annualMean: null, annualCapture: null, text: '',
  };
}

function result(rows: AirComplianceResult['rows']): AirComplianceResult {
  return { year: 2026, standard: '2008/50/EC', timeZone: 'Europe/Amsterdam', rows, note: null };
}

describe('nearAllowance', () => {
  it('lists counts from 80 % of their allowance, at or over it, and those projected past it; fullest first', () => {
    const near = nearAllowance(result([
      { stationId: 'st-01', pollutant: 'pm10', figures: [figure('pm10-daily', 'daily mean', 50, 35, 27, 33)] }, // 77 %, projected within: not near
      { stationId: 'st-02', pollutant: 'pm10', figures: [figure('pm10-daily', 'daily mean', 50, 35, 28, 34)] }, // 80 %: near
      { stationId: 'st-03', pollutant: 'pm10', figures: [figure('pm10-daily', 'daily mean', 50, 35, 36, 44)] }, // over
      { stationId: 'st-04', pollutant: 'pm10', figures: [figure('pm10-daily', 'daily mean', 50, 35, 10, 36)] }, // projected past
      { stationId: 'st-05', pollutant: 'pm10', figures: [figure('pm10-annual', 'annual mean', 40, null, 1, null)] }, // no allowance
    ]));
    expect(near.map((n) => [n.stationId, n.used, n.allowed, n.projected])).toEqual([
      ['st-03', 36, 35, 44],
      ['st-02', 28, 35, 34],
      ['st-04', 10, 35, 36],
    ]);
    expect(near[0]!.standard).toBe('PM10 daily mean 50 µg/m³');
  });

  it('says nothing without figures', () => {
    expect(nearAllowance(null)).toEqual([]);
    expect(nearAllowance(result([]))).toEqual([]);
  });
});
