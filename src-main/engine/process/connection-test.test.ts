import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplaySourceSchema } from '../../../src-shared/settings/schema';
import type { Profile } from '../../../src-shared/settings/schema';
import { testProfileConnection } from './connection-test';

const dir = mkdtempSync(join(tmpdir(), 'sw-conn-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replay(path: string, format: 'jsonl' | 'csv' | 'parquet' | null = null): Profile {
  return { id: 'default', name: 'Replay', source: ReplaySourceSchema.parse({ kind: 'replay', path, format }), database: { kind: 'memory' } };
}

/** The answer without its timing, which differs from run to run. */
async function answer(profile: Profile): Promise<unknown> {
  const result = await testProfileConnection(profile, {});
  return { ...result, steps: result.steps.map((step) => ({ ...step, ms: 0 })) };
}

describe('connection:test of a replay profile', () => {
  it('passes for a recording', async () => {
    const sample = fileURLToPath(new URL('../../../resources/sample-data/city-12x10min.jsonl', import.meta.url));
    expect(await testProfileConnection(replay(sample), {})).toMatchObject({ ok: true, steps: [{ step: 'read', ok: true }] });
  });

  it('says only "not a readable recording" about any other file: no size, no content, nothing that tells a file from a missing one', async () => {
    const secret = 'root:$6$k3y$d1gest:19000:0:99999:7:::\n'.repeat(21);
    const path = join(dir, 'shadow');
    writeFileSync(path, secret);
    const answers = [await answer(replay(path)), await answer(replay(path, 'jsonl')), await answer(replay(path, 'csv')), await answer(replay(join(dir, 'missing'))), await answer(replay(dir, 'jsonl'))];
    expect(answers[0]).toEqual({
      ok: false,
      steps: [{ step: 'read', ok: false, detail: 'Not a readable recording.', hint: 'Choose a JSONL, CSV or Parquet recording that this user may read, with the columns this profile maps (station, time, metrics).', ms: 0 }],
    });
    for (const other of answers) expect(other).toEqual(answers[0]);
    const text = JSON.stringify(answers);
    for (const leak of [String(Buffer.byteLength(secret)), 'bytes', 'root', 'd1gest', 'shadow']) expect(text).not.toContain(leak);
  });
});
