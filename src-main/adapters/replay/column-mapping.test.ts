import { afterAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../resources/sample-data/parquet-writer';
import { formatFromPath, selectColumns } from './column-mapping';
import { mapping, readAll, scratchDirectory } from './recording-test-files';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const START = Date.UTC(2025, 0, 1);

describe('column mapping', () => {
  it('reads other station and time columns in epoch seconds or ms, from CSV, JSONL and Parquet', async () => {
    const csv = scratch.write('epoch.csv', 'sensor,when_s,temp,rh\nA1,1735689600,20,50\nA1,1735689601.5,21,51\n');
    const { readings } = await readAll(csv, { stationColumn: 'sensor', timeColumn: 'when_s', timeFormat: 'epoch-s' });
    expect(readings).toEqual([
      { stationId: 'A1', ts: START, metrics: { temp: 20, rh: 50 } },
      { stationId: 'A1', ts: START + 1_500, metrics: { temp: 21, rh: 51 } },
    ]);
    const jsonl = scratch.write('epoch.jsonl', `{"sensor":"A1","when_ms":${START},"temp":20}\n{"sensor":"A1","when_ms":"${START}","temp":21}\n`);
    const fromJsonl = await readAll(jsonl, { stationColumn: 'sensor', timeColumn: 'when_ms', timeFormat: 'epoch-ms' });
    expect(fromJsonl.readings).toEqual([{ stationId: 'A1', ts: START, metrics: { temp: 20 } }]);
    expect(fromJsonl.rejects.map((r) => r.reason)).toEqual(['bad-time']);
    const parquet = scratch.write('epoch.parquet', '');
    writeParquet(parquet, [{ name: 'sensor', kind: 'string' }, { name: 'when_ms', kind: 'int64' }, { name: 'temp', kind: 'double' }], [{ sensor: 'A1', when_ms: BigInt(START + 7), temp: 20 }]);
    expect((await readAll(parquet, { stationColumn: 'sensor', timeColumn: 'when_ms', timeFormat: 'epoch-ms' })).readings).toEqual([{ stationId: 'A1', ts: START + 7, metrics: { temp: 20 } }]);
  });

  it('writes a Parquet TIMESTAMP column in whatever time format is mapped', async () => {
    const parquet = scratch.write('stamp.parquet', '');
    writeParquet(parquet, [{ name: 'station_id', kind: 'string' }, { name: 'ts', kind: 'timestamp-ms' }, { name: 't', kind: 'double' }], [{ station_id: 's', ts: BigInt(START + 250), t: 1 }]);
    for (const timeFormat of ['iso', 'epoch-s', 'epoch-ms'] as const) {
      expect((await readAll(parquet, { timeFormat })).readings.map((r) => r.ts)).toEqual([START + 250]);
    }
  });

  it('keeps only the listed metrics when given a list', async () => {
    const csv = scratch.write('list.csv', 'station_id,ts,temperature,humidity,battery\ns1,2025-01-01T00:00:00Z,20,50,3.7\ns1,2025-01-01T00:00:01Z,,51,NaN\ns1,2025-01-01T00:00:02Z,,,3.6\n');
    const { readings, rejects } = await readAll(csv, { metrics: ['temperature', 'humidity'] });
    expect(readings.map((r) => r.metrics)).toEqual([{ temperature: 20, humidity: 50 }, { humidity: 51 }]);
    expect(rejects.map((r) => [r.row, r.reason])).toEqual([[4, 'no-metric']]);
    const jsonl = scratch.write('list.jsonl', '{"station_id":"s1","ts":"2025-01-01T00:00:00Z","temperature":20,"battery":3.7}\n{"station_id":"s1","ts":"2025-01-01T00:00:01Z","battery":3.6}\n');
    const fromJsonl = await readAll(jsonl, { metrics: ['temperature'] });
    expect(fromJsonl.readings.map((r) => r.metrics)).toEqual([{ temperature: 20 }]);
    expect(fromJsonl.rejects[0]?.detail).toContain('none of the listed metrics (temperature)');
  });

  it('reads the narrow form (station, time, metric, value) with its own column names', async () => {
    const csv = scratch.write('narrow.csv', 'sid,time,quantity,reading\ns1,2025-01-01T00:00:00Z,temperature,20.5\ns1,2025-01-01T00:00:00Z,humidity,55\ns1,2025-01-01T00:00:01Z,temperature,oops\n');
    const { readings, rejects } = await readAll(csv, { stationColumn: 'sid', timeColumn: 'time', metricColumn: 'quantity', valueColumn: 'reading' });
    expect(readings).toEqual([
      { stationId: 's1', ts: START, metrics: { temperature: 20.5 } },
      { stationId: 's1', ts: START, metrics: { humidity: 55 } },
    ]);
    expect(rejects.map((r) => r.reason)).toEqual(['no-metric']);
  });

  it('refuses a recording whose header lacks a mapped column, naming what it has', async () => {
    const csv = scratch.write('header.csv', 'station,ts,temperature\ns1,2025-01-01T00:00:00Z,1\n');
    await expect(readAll(csv)).rejects.toThrow('Column "station_id" not found; the recording has "station", "ts", "temperature".');
    await expect(readAll(csv, { stationColumn: 'station', metrics: ['pm25'] })).rejects.toThrow('Column "pm25" not found');
  });

  it('selects the rendered columns and tells the format from the extension', () => {
    expect(selectColumns(['station_id', 'ts', 'a', 'b', 'note'], mapping())).toEqual(['station_id', 'ts', 'a', 'b', 'note']);
    expect(selectColumns(['station_id', 'ts', 'a', 'b', 'note'], mapping({ metrics: ['b'] }))).toEqual(['station_id', 'ts', 'b']);
    expect(formatFromPath('/data/x.JSONL')).toBe('jsonl');
    expect(formatFromPath('x.ndjson')).toBe('jsonl');
    expect(formatFromPath('x.csv')).toBe('csv');
    expect(formatFromPath('x.parquet')).toBe('parquet');
    expect(() => formatFromPath('x.xlsx')).toThrow(/--format jsonl\|csv\|parquet/);
  });
});
