/**
 * The engine as it is packaged (issue 14, item 16): built by scripts/build.mjs in a copy of the project,
 * then run as a child process with an embedded (PGlite) database. The engine bundle stays inside app.asar,
 * where ASAR integrity covers it; only the PGlite worker and PGlite's files run from outside it, and the
 * engine starts the worker only when each of them has the SHA-256 digest written into its bundle at build
 * time. A changed file (here, one byte appended) leaves the database unstarted, with a message that names
 * the file; the engine itself keeps running.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { childProcessCarrier } from '../../src-main/engine/host/carriers';
import { engineEntry } from '../../src-main/engine/host/engine-entry-path';
import { EngineHost } from '../../src-main/engine/host/engine-host';
import { UNPACKED_ENGINE_FILES } from '../../scripts/engine-bundles.mjs';

const root = join(import.meta.dirname, '..', '..');
const copy = mkdtempSync(join(tmpdir(), 'sw-engine-bundle-'));
const engineDir = join(copy, 'dist', 'engine');

async function runBuiltEngine(dataDir: string) {
  const settings = SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 3, seed: 5, outlierRate: 0 }, database: { kind: 'pglite', dir: join(dataDir, 'db') } }],
  });
  const host = new EngineHost({ createCarrier: () => childProcessCarrier(engineEntry(join(engineDir, 'engine-entry.cjs'))), engineOptions: { settings, secrets: {}, dataDir, operator: 'duty' }, initTimeoutMs: 60_000 });
  await host.start();
  return host;
}

describe('the built engine and its embedded database worker', () => {
  beforeAll(() => {
    for (const part of ['scripts', 'src-main', 'src-shared', 'resources', 'package.json', 'tsconfig.base.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: copy, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('carries the digest of every file that runs from outside the archive, and nothing of PGlite is loaded from node_modules', () => {
    const engine = readFileSync(join(engineDir, 'engine-entry.cjs'), 'utf8');
    for (const name of UNPACKED_ENGINE_FILES) {
      const digest = createHash('sha256').update(readFileSync(join(engineDir, name))).digest('hex');
      expect(engine, name).toContain(`${JSON.stringify(name)}: ${JSON.stringify(digest)}`);
    }
    expect(readFileSync(join(engineDir, 'pglite-worker.cjs'), 'utf8')).not.toMatch(/require\(["']@electric-sql\/pglite/);
  });

  it('stores with PGlite when the files are as built', async () => {
    const dataDir = mkdtempSync(join(copy, 'data-'));
    const host = await runBuiltEngine(dataDir);
    try {
      await expect.poll(async () => (await host.request('pipeline:status', {})).store, { timeout: 30_000 }).toMatchObject({ kind: 'pglite', state: 'ok' });
      expect((await host.request('stations:list', {})).map((s) => s.id)).toContain('st-01');
    } finally {
      await host.stop();
    }
  }, 60_000);

  it.each(UNPACKED_ENGINE_FILES)('does not start the database when %s was changed, and says which file', async (name) => {
    const original = readFileSync(join(engineDir, name));
    appendFileSync(join(engineDir, name), '\n');
    const dataDir = mkdtempSync(join(copy, 'data-'));
    const host = await runBuiltEngine(dataDir);
    try {
      await expect.poll(async () => (await host.request('pipeline:status', {})).store.detail ?? '', { timeout: 30_000 }).toContain(`${join(engineDir, name)} is not the file this engine was built with`);
      expect((await host.request('pipeline:status', {})).store.state).not.toBe('ok');
    } finally {
      await host.stop();
      writeFileSync(join(engineDir, name), original);
    }
  }, 60_000);
});
