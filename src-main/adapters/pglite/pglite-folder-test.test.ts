import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPgliteFolder } from './pglite-folder-test';

const dir = mkdtempSync(join(tmpdir(), 'sw-pglite-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('testPgliteFolder', () => {
  it('passes for an existing writable folder and reports its free space', async () => {
    const folder = join(dir, 'existing');
    mkdirSync(folder);
    const steps = await testPgliteFolder(folder);
    expect(steps.map((s) => [s.step, s.ok])).toEqual([['folder', true], ['space', true]]);
    expect(steps[0]!.detail).toBe(`${folder} is writable`);
    expect(steps[1]!.detail).toMatch(/^\d+(\.\d)? (GiB|MiB) free of \d+(\.\d)? (GiB|MiB)$/);
  });

  it('fails for a file, and for a folder whose parent does not exist (PGlite creates only the last folder)', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await testPgliteFolder(file)).toMatchObject([{ step: 'folder', ok: false, detail: `${file} is a file, not a folder` }]);
    const deep = join(dir, 'missing', 'pglite');
    const steps = await testPgliteFolder(deep);
    expect(steps).toMatchObject([{ step: 'folder', ok: false, detail: `neither ${deep} nor its parent folder exists` }]);
    expect(steps[0]!.hint).toContain(`Create ${join(dir, 'missing')} first`);
  });
});
