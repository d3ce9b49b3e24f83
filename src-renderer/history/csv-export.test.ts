import { describe, expect, it } from 'vitest';
import { csvField, historyToCsv } from './csv-export';

describe('historyToCsv', () => {
  it('writes one row per station and time with a header', () => {
    const series = (stationId: string, base: number) => ({ stationId, ts: Float64Array.of(0, 60_000), mean: Float64Array.of(base, base + 1), min: Float64Array.of(base - 1, Number.NaN), max: Float64Array.of(base + 2, base + 3), count: Float64Array.of(6, 6) });
    const csv = historyToCsv({ sizeMs: 60_000, metric: 'temperature', series: [series('st-01', 20), series('st,02', 30)] }, 'UTC');
    expect(csv.split('\r\n')).toEqual([
      'station_id,time (UTC),local_time (UTC),metric,window_ms,mean (°C),min (°C),max (°C),count',
      'st-01,1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,temperature,60000,20,19,22,6',
      'st-01,1970-01-01T00:01:00.000Z,1970-01-01 00:01:00,temperature,60000,21,,23,6',
      '"st,02",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,temperature,60000,30,29,32,6',
      '"st,02",1970-01-01T00:01:00.000Z,1970-01-01 00:01:00,temperature,60000,31,,33,6',
      '',
    ]);
  });

  it('adds the control-room wall clock next to ISO UTC, named by zone, in winter and summer', () => {
    const at = (ms: number) => ({ stationId: 'st-01', ts: Float64Array.of(ms), mean: Float64Array.of(1), min: Float64Array.of(1), max: Float64Array.of(1), count: Float64Array.of(1) });
    const winter = Date.UTC(2026, 0, 15, 12, 30, 5);
    const summer = Date.UTC(2026, 6, 15, 12, 30, 5);
    const ams = historyToCsv({ sizeMs: 60_000, metric: 'rainfall', series: [at(winter), at(summer)] }, 'Europe/Amsterdam').split('\r\n');
    expect(ams[0]).toBe('station_id,time (UTC),local_time (Europe/Amsterdam),metric,window_ms,mean (mm/h),min (mm/h),max (mm/h),count');
    expect(ams[1]).toBe('st-01,2026-01-15T12:30:05.000Z,2026-01-15 13:30:05,rainfall,60000,1,1,1,1');
    expect(ams[2]).toBe('st-01,2026-07-15T12:30:05.000Z,2026-07-15 14:30:05,rainfall,60000,1,1,1,1');
    const ny = historyToCsv({ sizeMs: 60_000, metric: 'rainfall', series: [at(Date.UTC(2026, 0, 16, 3, 0, 0))] }, 'America/New_York').split('\r\n');
    expect(ny[1]).toBe('st-01,2026-01-16T03:00:00.000Z,2026-01-15 22:00:00,rainfall,60000,1,1,1,1');
  });

  it('keeps bare value names for a metric without a unit', () => {
    const csv = historyToCsv({ sizeMs: 60_000, metric: 'new_sensor', series: [] }, 'UTC');
    expect(csv.split('\r\n')[0]).toBe('station_id,time (UTC),local_time (UTC),metric,window_ms,mean,min,max,count');
  });

  it('neutralises text cells a spreadsheet would run as formulas, and keeps negative values numbers (OWASP CSV injection)', () => {
    const series = { stationId: '=HYPERLINK("http://x.invalid","go")', ts: Float64Array.of(0), mean: Float64Array.of(-3.5), min: Float64Array.of(-7), max: Float64Array.of(-0.5), count: Float64Array.of(2) };
    const csv = historyToCsv({ sizeMs: 60_000, metric: '-2+3', series: [series, { ...series, stationId: '@SUM(A1)' }, { ...series, stationId: '+1' }, { ...series, stationId: '\tcmd' }, { ...series, stationId: '\r=1' }] }, 'UTC');
    expect(csv.split('\r\n').slice(1, 6)).toEqual([
      `"'=HYPERLINK(""http://x.invalid"",""go"")",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'@SUM(A1)",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'+1",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'\tcmd",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'\r=1",1970-01-01T00:00:00.000Z,1970-01-01 00:00:00,"'-2+3",60000,-3.5,-7,-0.5,2`,
    ]);
  });

  it('leaves ordinary text cells as they were', () => {
    expect(['st-01', 'a-b', 'x=1', 'mail@host'].map(csvField)).toEqual(['st-01', 'a-b', 'x=1', 'mail@host']);
  });

  it('quotes fields with quotes and newlines only', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});
