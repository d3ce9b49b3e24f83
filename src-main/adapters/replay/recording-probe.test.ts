import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isReadableRecording } from './recording-probe';
import { mapping, samplePath, scratchDirectory } from './recording-test-files';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const probe = (path: string, format: 'jsonl' | 'csv' | 'parquet' | null = null, columns = mapping()) => isReadableRecording({ path, format, columns });
const validLine = '{"station_id":"st-1","ts":"2025-01-01T00:00:00Z","temperature":20}';

describe('isReadableRecording', () => {
  it.each(['jsonl', 'csv', 'parquet'] as const)('says yes to the %s sample recording', async (format) => {
    expect(await probe(samplePath(format))).toBe(true);
    expect(await probe(samplePath(format), format)).toBe(true);
  });

  it('says no to what is not a recording: a missing path, a directory, a device, a password file under any format', async () => {
    const shadow = scratch.write('shadow', 'root:$6$salt$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const dir = join(scratch.write('placeholder', ''), '..', 'a-directory.jsonl');
    mkdirSync(dir);
    expect(await probe(join(dir, 'missing.jsonl'))).toBe(false);
    expect(await probe(dir)).toBe(false);
    expect(await probe('/dev/null', 'jsonl')).toBe(false);
    expect(await probe(shadow)).toBe(false);
    for (const format of ['jsonl', 'csv', 'parquet'] as const) expect(await probe(shadow, format)).toBe(false);
  });

  it('says no to a file of the right kind whose rows do not decode with the mapping', async () => {
    expect(await probe(scratch.write('other.csv', 'name,value\nalpha,1\n'))).toBe(false);
    expect(await probe(scratch.write('plain.json', '{"hello":"world"}\n[1,2,3]\n'))).toBe(false);
    expect(await probe(scratch.write('fake.parquet', 'PAR1 not really'))).toBe(false);
    expect(await probe(samplePath('csv'), null, mapping({ stationColumn: 'no_such_column' }))).toBe(false);
  });

  it('looks at the first rows only', async () => {
    const late = scratch.write('late.jsonl', `${'not json\n'.repeat(1_000)}${validLine}\n`);
    expect(await probe(late)).toBe(false);
    expect(await isReadableRecording({ path: late, format: null, columns: mapping() }, {}, { rows: 1_001 })).toBe(true);
    expect(await probe(scratch.write('one.jsonl', `not json\n${validLine}\n`))).toBe(true);
  });
});
