import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseReplayArgs, parseSpeed, runReplay } from './replay';

const sample = fileURLToPath(new URL('../resources/sample-data/city-12x10min.csv', import.meta.url));

describe('replay command line', () => {
  it('parses the mapping, speed, key and format options', () => {
    const options = parseReplayArgs(['rec.dat', '--format', 'csv', '--station-col', 'sid', '--time-col', 't', '--time-format', 'epoch-ms', '--metrics', 'a, b', '--kafka', 'k1:9092,k2:9092', '--topic', 'x', '--speed', '10x', '--key', 'none']);
    expect(options).toMatchObject({ file: 'rec.dat', format: 'csv', speed: 10, brokers: ['k1:9092', 'k2:9092'], topic: 'x', keyByStation: false, isDryRun: false });
    expect(options.columns).toMatchObject({ stationColumn: 'sid', timeColumn: 't', timeFormat: 'epoch-ms', metrics: ['a', 'b'] });
    expect(parseReplayArgs(['r.parquet', '--dry-run'])).toMatchObject({ format: 'parquet', speed: 1, isDryRun: true, keyByStation: true });
    expect([parseSpeed('max'), parseSpeed('0'), parseSpeed('0.5x'), parseSpeed('3')]).toEqual([0, 0, 0.5, 3]);
  });

  it('refuses a missing target, a bad speed, time format or key with the usage', () => {
    expect(() => parseReplayArgs(['r.csv'])).toThrow(/--kafka and --topic are required/);
    expect(() => parseReplayArgs(['r.csv', '--dry-run', '--speed', 'fast'])).toThrow(/--speed must be like/);
    expect(() => parseReplayArgs(['r.csv', '--dry-run', '--time-format', 'unix'])).toThrow(/bad column mapping: timeFormat/);
    expect(() => parseReplayArgs(['r.csv', '--dry-run', '--key', 'random'])).toThrow(/--key must be station or none/);
    expect(() => parseReplayArgs([])).toThrow(/exactly one recording file/);
  });

  it('counts a recording in a dry run', async () => {
    const lines: string[] = [];
    const result = await runReplay(parseReplayArgs([sample, '--dry-run', '--speed', 'max']), (line) => lines.push(line));
    expect(result).toMatchObject({ published: 0, rejected: 0 });
    expect(lines.at(-1)).toMatch(/^replayed 7200 readings, 0 rejected \(dry run: nothing published\) in /);
  });
});
