/**
 * The BUILT preload (dist/preload/preload.cjs, what the installed app ships) loaded the way Electron's
 * sandbox loads it: in a context with no Node globals, as the body of
 * `function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module)`, with a
 * `require` that serves only 'electron' (docs/tutorial/sandbox.md, "Preload scripts"). Then a request and
 * live frames travel through it to a real engine, over the strict fake's IPC.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StationwatchApi } from '../../../src-shared/ipc/contract';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import type { ReadyShell } from '../../../tests/helpers/strict-electron';
import { startEngine } from '../../engine/process/engine';
import type { EngineHandle } from '../../engine/engine-api';
import { forwardEvents } from '../../engine/process/engine-endpoint';
import { EVENT_PORT_CHANNEL } from './ipc-channels';

const electron = vi.hoisted((): ReadyShell => ({}));
vi.mock('electron', async () => (await import('../../../tests/helpers/strict-electron')).mockReadyShell(electron, 'sw-preload-electron-'));
const { handleAll } = await import('./ipc-main');

const root = join(import.meta.dirname, '..', '..', '..');
const PRELOAD = join(root, 'dist', 'preload', 'preload.cjs');

/** Electron's sandboxed `process`: a small subset, no file system, no module loading. */
const SANDBOXED_PROCESS = Object.freeze({ platform: process.platform, arch: process.arch, type: 'renderer', sandboxed: true, contextIsolated: true, versions: { electron: '39.0.0', chrome: '142.0.0.0' }, env: {}, argv: [] });

/** Run `source` as Electron's sandbox runs a preload; returns the names it asked `require` for. */
function runSandboxedPreload(source: string, electronModule: unknown): string[] {
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electronModule;
    throw new Error(`module not found: ${name}`);
  };
  // A fresh context: no require, module, __filename, __dirname or Node built-ins unless passed in.
  const context = createContext({});
  const wrapper = runInContext(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${source}\n})`, context, { filename: 'preload.cjs' }) as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper(sandboxRequire, SANDBOXED_PROCESS, Buffer, runInContext('globalThis', context), setImmediate, clearImmediate, module.exports, module);
  return required;
}

describe('the built preload in a sandboxed-preload wrapper', () => {
  let engine: EngineHandle;
  let api: StationwatchApi;
  let required: string[] = [];
  let dispose: () => void = () => undefined;

  beforeAll(async () => {
    if (!existsSync(PRELOAD)) execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, stdio: 'inherit' });
    const settings = SettingsSchema.parse({ activeProfileId: 'sim', profiles: [{ id: 'sim', name: 'Sim', source: { kind: 'simulator', stations: 3, outlierRate: 0, speed: 5 }, database: { kind: 'memory' } }] });
    engine = await startEngine({ settings, secrets: {}, dataDir: mkdtempSync(join(tmpdir(), 'sw-preload-')), operator: 'op' });
    dispose = handleAll((name, args) => engine.request(name, args), (url) => url.startsWith('app://stationwatch/'));
    required = runSandboxedPreload(readFileSync(PRELOAD, 'utf8'), electron.page!.module);
    api = electron.page!.exposed.get('stationwatch') as StationwatchApi;
  });
  afterAll(async () => {
    dispose();
    await engine?.stop();
  });

  it('loads with only what the sandbox gives, and exposes exactly window.stationwatch', () => {
    expect(required).toEqual(['electron']);
    expect([...electron.page!.exposed.keys()]).toEqual(['stationwatch']);
    expect(Object.keys(api).sort()).toEqual(['request', 'subscribe']);
  });

  it('carries a request to the real engine and live frames back from it', async () => {
    await expect(api.request('pipeline:status', {})).resolves.toMatchObject({ profileId: 'sim' });
    await expect(api.request('alarms:ack', { alarmId: '', comment: 5 } as never)).rejects.toMatchObject({ code: 'invalid-arguments' });
    // Main hands the page an event port whose other end the engine serves (as after every page load).
    const { port1, port2 } = new MessageChannel();
    const close = forwardEvents(engine, port1);
    try {
      electron.page!.deliver(EVENT_PORT_CHANNEL, [port2], 'engine');
      const frame = await new Promise((resolve) => api.subscribe('stream:frame', resolve));
      expect(frame).toHaveProperty('stations');
    } finally {
      close();
      port2.close();
    }
  });

  it('refuses the pre-fix bundle, whose first line needed __filename and node:url (as Electron does: "Unable to load preload script")', () => {
    const old = `const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n${readFileSync(PRELOAD, 'utf8')}`;
    expect(() => runSandboxedPreload(old, {})).toThrow(/module not found: node:url/);
  });
});
