/**
 * The real main-side handlers (handleAll + main router + SettingsService) against the real preload
 * API, over an in-memory ipcMain/ipcRenderer pair that carries everything through structuredClone,
 * with a real engine (simulator, memory database) behind them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReadyShell } from '../../../tests/helpers/strict-electron';
import { testCipher } from '../../../tests/helpers/test-cipher';
import type { StationwatchApi } from '../../../src-shared/ipc/contract';
import { runContractSuite } from '../../../src-shared/ipc/contract-suite';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import { startEngine } from '../../engine/process/engine';
import type { EngineHandle, EngineOptions, StopReport } from '../../engine/engine-api';
import { EventHub } from '../../engine/process/event-hub';
import { forwardEvents } from '../../engine/process/engine-endpoint';
import { EVENT_PORT_CHANNEL } from './ipc-channels';
import type { RoutedEngine } from './main-router';
import { createMainRouter } from './main-router';
import type { EventPort } from './preload-api';
import { openDesktopSettings } from '../../settings/settings-service';
import type { SettingsService } from '../../settings/settings-service';
import { saveSettings } from '../../settings/settings-store';

// Main and the page on the strict Electron fake: main's ipcMain handlers, the page's ipcRenderer and contextBridge.
const electron = vi.hoisted((): ReadyShell => ({}));
vi.mock('electron', async () => (await import('../../../tests/helpers/strict-electron')).mockReadyShell(electron, 'sw-ipc-electron-'));

const { handleAll } = await import('./ipc-main');
const { isAppUrl } = await import('../window/app-location');
await import('./preload');
const page = electron.page!;

const SECRETS = { sasl: 'sasl-pw-7f3a91c2', db: 'db-pw-0b8e44d1', key: '-----BEGIN KEY----- zz91' };

/** An in-process stand-in for EngineHost: the real engine, restartable, with listeners that survive restarts. */
class InProcessEngine implements RoutedEngine {
  private engine: EngineHandle | null = null;
  private readonly hub = new EventHub();
  private unsubscribes: (() => void)[] = [];
  readonly started: EngineOptions[] = [];
  async restart(options: EngineOptions): Promise<void> {
    await this.stop();
    this.started.push(options);
    this.engine = await startEngine(options);
    this.unsubscribes = (['stream:frame', 'alarm:changed', 'status:changed'] as const).map((name) => this.engine!.subscribe(name, (payload) => this.hub.emit(name, payload as never)));
  }
  request: EngineHandle['request'] = (name, args) => this.engine!.request(name, args);
  subscribe: EngineHandle['subscribe'] = (event, listener) => this.hub.subscribe(event, listener);
  async stop(): Promise<StopReport | null> {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    const report = (await this.engine?.stop()) ?? null;
    this.engine = null;
    return report;
  }
}

function simulatorSettings(): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [
      { id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 4, seed: 7, outlierRate: 0, speed: 5 }, database: { kind: 'memory' } },
      { id: 'city', name: 'City Kafka', source: { kind: 'kafka', brokers: ['kafka.city.local:9092'], topics: ['readings'], sasl: { mechanism: 'scram-sha-512', username: 'sw' } }, database: { kind: 'memory' } },
    ],
  });
}

describe('IPC contract: preload API ⇄ main handlers ⇄ real engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-ipc-'));
  const location = { kind: 'bundle', rootDir: join(dir, 'renderer') } as const;
  const engine = new InProcessEngine();
  let settings: SettingsService;
  let api: StationwatchApi;
  let closeRelay: () => void = () => undefined;
  let dispose: () => void = () => undefined;

  beforeAll(async () => {
    saveSettings(dir, simulatorSettings());
    settings = openDesktopSettings(dir, testCipher());
    const engineOptions = () => ({ settings: settings.settings, secrets: settings.secretValues(), dataDir: dir, operator: 'test-operator' });
    await engine.restart(engineOptions());
    dispose = handleAll(createMainRouter({ engine, settings, engineOptions }), (url) => isAppUrl(url, location));
    page.sender.url = 'app://stationwatch/index.html#/alarms';
    // The event port, as main hands it over after a page load; its other end is served by the engine
    // itself (forwardEvents is what the engine runs on an attached port in its utility process).
    const { port1, port2 } = new MessageChannel();
    closeRelay = forwardEvents(engine, port1);
    port2.addEventListener('message', (event) => page.received.push((event as MessageEvent).data));
    page.deliver(EVENT_PORT_CHANNEL, [port2 as unknown as EventPort]);
    api = page.exposed.get('stationwatch') as StationwatchApi;
  });
  afterAll(async () => {
    closeRelay();
    dispose();
    await engine.stop();
  });

  it('exposes exactly one object with request and subscribe', () => {
    expect([...page.exposed.keys()]).toEqual(['stationwatch']);
    expect(Object.keys(api).sort()).toEqual(['request', 'subscribe']);
  });

  it('passes the shared contract suite', async () => {
    const passed = await runContractSuite(api, { wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    expect(passed.length).toBeGreaterThanOrEqual(7);
  });

  it('rejects bad arguments with a readable message and the invalid-arguments code', async () => {
    await expect(api.request('alarms:shelve', { alarmId: 'x@y', reason: '', until: -1 })).rejects.toMatchObject({ code: 'invalid-arguments', message: expect.stringMatching(/^Invalid arguments for alarms:shelve: /) });
  });

  it('refuses requests from an unknown sender or a subframe before validating them', async () => {
    const good = page.sender.url;
    try {
      for (const url of ['https://evil.example/index.html', `file://${join(dir, 'other.html')}`, 'file:///etc/passwd', '']) {
        page.sender.url = url;
        await expect(api.request('pipeline:status', {}), url).rejects.toMatchObject({ code: 'forbidden' });
      }
      page.sender.url = good;
      page.sender.parent = { url: good };
      await expect(api.request('pipeline:status', {})).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      page.sender.url = good;
      page.sender.parent = null;
    }
    await expect(api.request('pipeline:status', {})).resolves.toMatchObject({ profileId: 'sim' });
  });

  it('stores secrets encrypted, never returns them, and restarts only the engine when the active profile changes', async () => {
    const before = engine.started.length;
    const { settings: current } = await api.request('settings:get', {});
    const saved = await api.request('settings:save', { settings: current, secrets: { city: { saslPassword: SECRETS.sasl, tlsKey: SECRETS.key } } });
    expect(saved.secrets.city).toMatchObject({ saslPassword: true, tlsKey: true, databasePassword: false });
    expect(engine.started.length).toBe(before); // a non-active profile's secrets need no restart

    const renamed = await api.request('settings:save', { settings: { ...current, operator: 'night shift' }, secrets: { sim: { databasePassword: SECRETS.db } } });
    expect(renamed.secrets.sim?.databasePassword).toBe(true);
    expect(engine.started.length).toBe(before + 1); // the active profile's secrets changed
    expect(engine.started.at(-1)?.secrets.sim?.databasePassword).toBe(SECRETS.db);
    expect(engine.started.at(-1)?.secrets.city?.saslPassword).toBe(SECRETS.sasl);

    const deleted = await api.request('settings:save', { settings: renamed.settings, secrets: { city: { tlsKey: null } } });
    expect(deleted.secrets.city).toMatchObject({ saslPassword: true, tlsKey: false });
    await expect(api.request('connection:test', { profile: current.profiles[0]!, secrets: {} })).resolves.toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1200)); // let status events and frames flow to the port too

    const scan = JSON.stringify(page.received, (_key, value: unknown) => (ArrayBuffer.isView(value) ? '[typed array]' : value));
    expect(page.received.length).toBeGreaterThan(10);
    for (const secret of Object.values(SECRETS)) expect(scan).not.toContain(secret);
    expect(scan).toContain('"saslPassword":true');
  });
});
