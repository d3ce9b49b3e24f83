/**
 * Headless mode on a faulty settings.json in its data directory (the real `serve` command): it never
 * starts on defaults in its place. With nothing to stand in it refuses to start, naming the field; with
 * a last good file it starts on that, says so at start and in the settings it serves, and leaves the
 * faulty file as it is.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const memorySimulator = SettingsSchema.parse({
  activeProfileId: 'sim',
  operator: 'last good shift',
  profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 4 }, database: { kind: 'memory' } }],
});
const faulty = JSON.stringify({ ...memorySimulator, operator: 'faulty shift', windows: { ...memorySimulator.windows, sizesMs: [0] } });

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-serve-settings-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('headless mode on a faulty settings file', () => {
  it('refuses to start when nothing can stand in for it, naming the field, and leaves the file as it is', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json'), faulty);
    const outcome = await startServeProcess(['--port', '0', '--data-dir', dir]).then(
      (server) => (cleanup.push(() => server.stop()), null),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(outcome).toMatch(/serve exited with 1/);
    expect(outcome).toMatch(/Configuration error: the settings file .*settings\.json has an invalid value at “windows\.sizesMs\[0\]”: Too small.*did not start, rather than run on default settings/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(faulty);
  });

  it('starts on the last good settings, says so at start and in the settings it serves', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'settings.json.last-good'), `${JSON.stringify(memorySimulator, null, 2)}\n`);
    writeFileSync(join(dir, 'settings.json'), faulty);
    const server: ServeProcess = await startServeProcess(['--port', '0', '--data-dir', dir]);
    cleanup.push(() => server.stop());
    expect(server.output()).toMatch(/stationwatch: Configuration error: .*“windows\.sizesMs\[0\]”.*runs on the last good settings/);
    const client: WsClient = await connectWsClient(server.url);
    cleanup.push(() => client.close());
    const view = await client.request('settings:get', {});
    expect(view.settings.operator).toBe('last good shift');
    expect(view.problem).toMatchObject({ field: 'windows.sizesMs[0]', fallback: 'last-good' });
    expect((await client.request('pipeline:status', {})).source.kind).toBe('simulator');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(faulty);
  });
});
