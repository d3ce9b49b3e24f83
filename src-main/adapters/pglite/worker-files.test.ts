import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDatabaseError } from '../sql/describe-error';
import { sha256, verifyWorkerFiles } from './worker-files';

const dir = mkdtempSync(join(tmpdir(), 'sw-worker-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

describe('verifyWorkerFiles', () => {
  writeFileSync(join(dir, 'worker.cjs'), 'worker code');
  writeFileSync(join(dir, 'data.bin'), 'data');

  it('passes files that hash to their digests', async () => {
    expect(await sha256(join(dir, 'worker.cjs'))).toBe(digest('worker code'));
    await expect(verifyWorkerFiles(dir, { 'worker.cjs': digest('worker code'), 'data.bin': digest('data') })).resolves.toBeUndefined();
  });

  it('refuses a changed or missing file by its path, as an unavailable database rather than bad data', async () => {
    const changed = verifyWorkerFiles(dir, { 'worker.cjs': digest('worker code'), 'data.bin': digest('other data') });
    await expect(changed).rejects.toThrow(`${join(dir, 'data.bin')} is not the file this engine was built with`);
    const error = await changed.catch((e: unknown) => e);
    expect(describeDatabaseError(error)).not.toMatchObject({ kind: 'invalid' });
    await expect(verifyWorkerFiles(dir, { 'gone.wasm': digest('') })).rejects.toThrow(`${join(dir, 'gone.wasm')} is missing or unreadable`);
  });
});
