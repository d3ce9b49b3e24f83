import { describe, expect, it } from 'vitest';
import { csvField, historyToCsv } from './csv-export';

describe('historyToCsv', () => {
  it('writes one row per station and time with a header', () => {
    const series = (stationId: string, base: number) => ({ stationId, ts: Float64Array.of(0, 60_000), mean: Float64Array.of(base, base + 1), min: Float64Array.of(base - 1, Number.NaN), max: Float64Array.of(base + 2, base + 3), count: Float64Array.of(6, 6) });
    const csv = historyToCsv({ sizeMs: 60_000, metric: 'temperature', series: [series('st-01', 20), series('st,02', 30)] });
    expect(csv.split('\r\n')).toEqual([
      'station_id,time,metric,window_ms,mean,min,max,count',
      'st-01,1970-01-01T00:00:00.000Z,temperature,60000,20,19,22,6',
      'st-01,1970-01-01T00:01:00.000Z,temperature,60000,21,,23,6',
      '"st,02",1970-01-01T00:00:00.000Z,temperature,60000,30,29,32,6',
      '"st,02",1970-01-01T00:01:00.000Z,temperature,60000,31,,33,6',
      '',
    ]);
  });

  it('neutralises text cells a spreadsheet would run as formulas, and keeps negative values numbers (OWASP CSV injection)', () => {
    const series = { stationId: '=HYPERLINK("http://x.invalid","go")', ts: Float64Array.of(0), mean: Float64Array.of(-3.5), min: Float64Array.of(-7), max: Float64Array.of(-0.5), count: Float64Array.of(2) };
    const csv = historyToCsv({ sizeMs: 60_000, metric: '-2+3', series: [series, { ...series, stationId: '@SUM(A1)' }, { ...series, stationId: '+1' }, { ...series, stationId: '\tcmd' }, { ...series, stationId: '\r=1' }] });
    expect(csv.split('\r\n').slice(1, 6)).toEqual([
      `"'=HYPERLINK(""http://x.invalid"",""go"")",1970-01-01T00:00:00.000Z,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'@SUM(A1)",1970-01-01T00:00:00.000Z,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'+1",1970-01-01T00:00:00.000Z,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'\tcmd",1970-01-01T00:00:00.000Z,"'-2+3",60000,-3.5,-7,-0.5,2`,
      `"'\r=1",1970-01-01T00:00:00.000Z,"'-2+3",60000,-3.5,-7,-0.5,2`,
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
