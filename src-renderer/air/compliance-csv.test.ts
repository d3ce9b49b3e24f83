import { describe, expect, it } from 'vitest';
import type { AirComplianceFigure, AirComplianceResult } from '../../src-shared/domain/air-quality';
import { complianceToCsv } from './compliance-csv';
import { AirIndexStore, airIndexText, legendBands } from './air-index-store';
import type { StreamFrame } from '../../src-shared/ipc/frame';

const figure: AirComplianceFigure = {
  standard: { id: '2008/50:pm10-daily', pollutant: 'pm10', statistic: 'daily-mean', level: 50, kind: 'limit value', allowedPerYear: 35, averagedOverYears: 1, source: '2008/50/EC Annex XI B (PM10, one day)' },
  year: 2026,
  unit: 'µg/m³',
  status: 'in-progress',
  exceedances: 2,
  allowed: 35,
  exceedanceList: [
    { startMs: 0, label: '2026-07-01', value: 61 },
    { startMs: 1, label: '2026-07-02', value: 55 },
  ],
  projected: 4,
  elapsedPeriods: 183,
  validPeriods: 2,
  periodsInYear: 365,
  dataCapture: 2 / 183,
  annualMean: null,
  annualCapture: null,
  text: 'PM10 daily limit value: 2 of 35 allowed days used in 2026',
};

describe('complianceToCsv', () => {
  it('writes one row per station and standard, numbers as numbers, a formula-looking station id neutralised', () => {
    const result: AirComplianceResult = { year: 2026, standard: '2008/50/EC', timeZone: 'Europe/Amsterdam', note: null, rows: [{ stationId: '=st-1', pollutant: 'pm10', figures: [figure] }] };
    const lines = complianceToCsv(result).split('\r\n');
    expect(lines[0]).toBe('year,standard_set,station_id,pollutant,standard,source,status,exceedances,allowed,projected,valid_periods,elapsed_periods,data_capture,annual_mean,annual_capture,exceedance_list');
    expect(lines[1]).toBe(`2026,2008/50/EC,"'=st-1",PM10,2008/50:pm10-daily,"2008/50/EC Annex XI B (PM10, one day)",in-progress,2,35,4,2,183,${2 / 183},,,2026-07-01 2026-07-02`);
    expect(lines).toHaveLength(3);
  });
});

describe('AirIndexStore', () => {
  const index = { stationId: 'st-1', index: 'eea' as const, value: 4, band: 'Poor', colour: '#FF5050', decidingPollutant: 'o3', hourStartMs: 0 };
  const frame = (airQuality?: StreamFrame['airQuality']): StreamFrame => ({ airQuality } as unknown as StreamFrame);

  it('keeps the last list across frames without one, and changes only when the list does', () => {
    const store = new AirIndexStore();
    let changes = 0;
    store.byStation.subscribe(() => changes++);
    store.ingest(frame([index]));
    store.ingest(frame(undefined));
    store.ingest(frame([index]));
    expect(changes).toBe(1);
    expect(store.byStation.get().get('st-1')).toEqual(index);
    expect(airIndexText(index)).toBe('European index 4 (Poor), decided by O3');
  });

  it('lists the legend bands best first with station counts', () => {
    const bands = legendBands([index, { ...index, stationId: 'st-2', value: 2, band: 'Fair', colour: '#50CCAA' }, { ...index, stationId: 'st-3' }]);
    expect(bands.map((b) => [b.band, b.stations])).toEqual([['Fair', 1], ['Poor', 2]]);
  });
});
