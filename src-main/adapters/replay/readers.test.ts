import { afterAll, describe, expect, it } from 'vitest';
import { writeParquet } from '../../../resources/sample-data/parquet-writer';
import { readAll, samplePath, scratchDirectory } from './recording-test-files';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const START = Date.UTC(2025, 0, 1);

describe('sample recordings', () => {
  it('give the same 7,200 readings in all three formats, with their recorded event times', async () => {
    const jsonl = await readAll(samplePath('jsonl'));
    const csv = await readAll(samplePath('csv'));
    const parquet = await readAll(samplePath('parquet'));
    expect(jsonl.rejects).toEqual([]);
    expect(csv.rejects).toEqual([]);
    expect(parquet.rejects).toEqual([]);
    expect(jsonl.readings).toHaveLength(7_200);
    expect(new Set(jsonl.readings.map((r) => r.stationId)).size).toBe(12);
    expect(jsonl.readings[0]).toEqual({
      stationId: 'st-01',
      ts: START,
      metrics: { temperature: 24.86, humidity: 61.81, pressure: 1012.84, air_quality: 200.67, particulate_matter: 30.83, noise_level: 49.58, illuminance: 524.84, wind_speed: 6.35, rainfall: 1.05 },
    });
    expect(jsonl.readings.at(-1)?.ts).toBeLessThan(START + 600_000);
    expect(csv.readings).toEqual(jsonl.readings);
    expect(parquet.readings).toEqual(jsonl.readings);
  });
});

describe('JSONL reader', () => {
  it('reports bad lines with the decoder reason and line number and reads on', async () => {
    const lines = [
      '{"station_id":"st-1","ts":"2025-01-01T00:00:00Z","temperature":20}',
      'not json at all',
      '',
      '{"station_id":"st-1","ts":"yesterday","temperature":21}',
      '{"station_id":"st-1","ts":"2025-01-01T00:00:02Z","temperature":"NaN"}',
      '[1,2,3]',
      '{"ts":"2025-01-01T00:00:03Z","temperature":22}',
      '{"station_id":"st-2","ts":"2025-01-01T00:00:04Z","temperature":23}\r',
      '{"station_id":"st-2","ts":"2025-01-01T00:00:05Z","temperature":24}',
    ];
    const { readings, rejects } = await readAll(scratch.write('bad.jsonl', lines.join('\n')));
    expect(readings.map((r) => [r.stationId, r.ts - START, r.metrics['temperature']])).toEqual([
      ['st-1', 0, 20],
      ['st-2', 4_000, 23],
      ['st-2', 5_000, 24],
    ]);
    expect(rejects.map((r) => [r.row, r.reason])).toEqual([
      [2, 'not-json'],
      [4, 'bad-time'],
      [5, 'non-finite'],
      [6, 'not-object'],
      [7, 'no-station'],
    ]);
    expect(rejects[0]?.position).toEqual({ topic: 'replay:test', partition: 0, offset: '2' });
    expect(new TextDecoder().decode(rejects[0]?.bytes ?? new Uint8Array())).toBe('not json at all');
    expect(rejects[1]?.detail).toMatch(/^row 4: time field "ts"/);
  });

  it('refuses an over-long line without buffering it and goes on with the next', async () => {
    const long = `{"station_id":"st-1","ts":"2025-01-01T00:00:00Z","note":"${'x'.repeat(3_000_000)}","temperature":1}`;
    const path = scratch.write('long.jsonl', `${long}\n{"station_id":"st-1","ts":"2025-01-01T00:00:01Z","temperature":2}`);
    const { readings, rejects } = await readAll(path);
    expect(readings.map((r) => r.metrics['temperature'])).toEqual([2]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.reason).toBe('oversize');
    expect(rejects[0]?.row).toBe(1);
    expect(rejects[0]?.detail).toContain(`${long.length} bytes`);
    expect(rejects[0]?.bytes?.length).toBeLessThanOrEqual(2_048);
  });
});

describe('CSV reader', () => {
  it('reports records with the wrong field count or broken quoting and reads on', async () => {
    const csv = [
      'station_id,ts,temperature,humidity',
      'st-1,2025-01-01T00:00:00Z,20.5,60',
      'st-1,2025-01-01T00:00:01Z,21',
      'st-1,2025-01-01T00:00:02Z,NaN,61',
      'st-1,not-a-time,22,62',
      'st-1,2025-01-01T00:00:04Z,"23,5",63',
      ',2025-01-01T00:00:05Z,24,64',
      'st-1,2025-01-01T00:00:06Z,,65',
      'st-1,2025-01-01T00:00:07Z,n/a,n/a',
      'st-1,2025-01-01T00:00:08Z,1e1,66',
    ].join('\n');
    const { readings, rejects } = await readAll(scratch.write('bad.csv', csv));
    expect(readings.map((r) => [r.ts - START, r.metrics])).toEqual([
      [0, { temperature: 20.5, humidity: 60 }],
      [4_000, { humidity: 63 }], // "23,5" is text, not a number: ignored, as in a Kafka record
      [6_000, { humidity: 65 }],
      [8_000, { temperature: 10, humidity: 66 }],
    ]);
    expect(rejects.map((r) => [r.row, r.reason])).toEqual([
      [3, 'bad-row'],
      [4, 'non-finite'],
      [5, 'bad-time'],
      [7, 'no-station'],
      [9, 'no-metric'],
    ]);
    expect(rejects[0]?.detail).toBe('row 3: CSV line 3 has 3 fields; the header has 4');
    expect(new TextDecoder().decode(rejects[0]?.bytes ?? new Uint8Array())).toContain('st-1,2025-01-01T00:00:01Z,21');
  });

  it('skips a record csv-parse cannot read and keeps going', async () => {
    const csv = ['station_id,ts,temperature', 'st-1,2025-01-01T00:00:00Z,1', 'st-1,2025-01-01T00:00:01Z,2"x', 'st-1,2025-01-01T00:00:02Z,3'].join('\n');
    const { readings, rejects } = await readAll(scratch.write('quotes.csv', csv));
    expect(readings.map((r) => r.metrics['temperature'])).toEqual([1, 3]);
    expect(rejects.map((r) => r.reason)).toEqual(['bad-row']);
    expect(rejects[0]?.detail).toContain('CSV line 3: Invalid Opening Quote');
  });

  it('reports an unclosed quote (which swallows the rest of the file) without failing', async () => {
    const csv = ['station_id,ts,temperature', 'st-1,2025-01-01T00:00:00Z,1', 'st-1,2025-01-01T00:00:01Z,"2', 'st-1,2025-01-01T00:00:02Z,3'].join('\n');
    const { readings, rejects } = await readAll(scratch.write('unclosed.csv', csv));
    expect(readings.map((r) => r.metrics['temperature'])).toEqual([1]);
    expect(rejects.map((r) => r.reason)).toEqual(['bad-row']);
    expect(rejects[0]?.detail).toContain('Quote Not Closed');
  });

  it('keeps station ids as text (leading zeros survive)', async () => {
    const { readings } = await readAll(scratch.write('ids.csv', 'station_id,ts,temperature\n007,2025-01-01T00:00:00Z,1\n'));
    expect(readings[0]?.stationId).toBe('007');
  });
});

describe('Parquet reader', () => {
  it('reads across row groups, leaves nulls out and reports bad rows', async () => {
    const rows = [
      { station_id: 'st-1', ts: BigInt(START), temperature: 20, status: 'ok' },
      { station_id: 'st-1', ts: BigInt(START + 1_000), temperature: null, status: 'ok' },
      { station_id: 'st-1', ts: BigInt(START + 2_000), temperature: Number.NaN, status: 'ok' },
      { station_id: null, ts: BigInt(START + 3_000), temperature: 23, status: 'ok' },
      { station_id: 'st-2', ts: BigInt(START + 4_000), temperature: 24, status: null },
      { station_id: 'x'.repeat(200), ts: BigInt(START + 5_000), temperature: 25, status: 'ok' },
      { station_id: 'st-2', ts: BigInt(START + 6_000), temperature: 26, status: 'ok' },
    ];
    const path = scratch.write('bad.parquet', '');
    writeParquet(
      path,
      [
        { name: 'station_id', kind: 'string', optional: true },
        { name: 'ts', kind: 'timestamp-ms' },
        { name: 'temperature', kind: 'double', optional: true },
        { name: 'status', kind: 'string', optional: true },
      ],
      rows,
      3,
    );
    const { readings, rejects } = await readAll(path);
    expect(readings.map((r) => [r.stationId, r.ts - START, r.metrics])).toEqual([
      ['st-1', 0, { temperature: 20 }],
      ['st-2', 4_000, { temperature: 24 }],
      ['st-2', 6_000, { temperature: 26 }],
    ]);
    expect(rejects.map((r) => [r.row, r.reason])).toEqual([
      [2, 'no-metric'],
      [3, 'non-finite'],
      [4, 'no-station'],
      [6, 'invalid-station'],
    ]);
  });

  it('reads a file that is not Parquet as an error, not a crash', async () => {
    await expect(readAll(scratch.write('fake.parquet', 'this is not parquet'))).rejects.toThrow();
  });
});
