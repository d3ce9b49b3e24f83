/**
 * The real main process (main.ts and everything it wires) on the strict Electron fake, with the real engine
 * in a real child process behind the fake utilityProcess (simulator + PGlite in a temporary user-data dir).
 * Each test drives what a user or the OS does and checks what Electron would see.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStrictElectron } from '../../../tests/helpers/strict-electron';
import type { FakeMessagePortMain, StrictElectron, StrictElectronOptions } from '../../../tests/helpers/strict-electron';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import { seedPgliteDir } from '../../../tests/helpers/pglite-template';

const started: StrictElectron[] = [];
const savedDesktop = process.env.XDG_CURRENT_DESKTOP;

afterEach(() => {
  for (const fake of started.splice(0)) fake.killChildren();
  process.env.XDG_CURRENT_DESKTOP = savedDesktop;
});

/**
 * Load main.ts fresh against a new strict fake; `desktop` picks the tray-host fallback (no session bus here). A
 * new user-data folder starts with a copy of the migrated, empty embedded database (pglite-template.ts), or with
 * none when `database` is 'new' (the installed app's first start, which makes it).
 */
async function launch(options: Partial<StrictElectronOptions> = {}, desktop = 'KDE', database: 'copy' | 'new' = 'copy'): Promise<StrictElectron> {
  process.env.XDG_CURRENT_DESKTOP = desktop;
  let userDataDir = options.userDataDir;
  if (userDataDir === undefined) {
    userDataDir = mkdtempSync(join(tmpdir(), 'sw-main-'));
    if (database === 'copy') await seedPgliteDir(join(userDataDir, 'pglite'));
  }
  const fake = createStrictElectron({ ...options, userDataDir });
  started.push(fake);
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  await import('./main');
  return fake;
}

async function startApp(options: Partial<StrictElectronOptions> = {}, desktop = 'KDE'): Promise<StrictElectron> {
  const fake = await launch(options, desktop);
  fake.app.start();
  return fake;
}

/** The page's end of the newest engine port main handed to the window's `load`-th page load. */
async function enginePort(fake: StrictElectron, load: number): Promise<FakeMessagePortMain> {
  let port: FakeMessagePortMain | undefined;
  await vi.waitFor(
    () => {
      const sent = fake.windows[0]?.webContents.sent.filter((entry) => entry.message === 'engine' && entry.load === load) ?? [];
      port = sent.at(-1)?.ports[0];
      if (port === undefined) throw new Error(`no engine port for load ${load} yet`);
    },
    { timeout: 120_000, interval: 50 },
  );
  return port!;
}

/**
 * Resolves with the first live frame of the window's `load`-th page load, on whichever engine port main
 * handed that page: main sends one at the page load and a fresh one when the engine reports running, and
 * the engine keeps only the newest, so the test listens on every one of them, as the preload does.
 */
function firstFrame(fake: StrictElectron, load: number, timeoutMs = 120_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const watched = new Set<FakeMessagePortMain>();
    const deadline = setTimeout(() => (clearInterval(poll), reject(new Error(`no live frame for page load ${load} within ${timeoutMs / 1000} s`))), timeoutMs);
    const poll = setInterval(() => {
      for (const entry of fake.windows[0]?.webContents.sent ?? []) {
        const port = entry.ports[0];
        if (entry.message !== 'engine' || entry.load !== load || port === undefined || watched.has(port)) continue;
        watched.add(port);
        port.on('message', (event: { data: { name: string; payload: unknown } }) => {
          if (event.data.name !== 'stream:frame') return;
          clearTimeout(deadline);
          clearInterval(poll);
          resolve(event.data.payload);
        });
        port.start();
      }
    }, 25);
  });
}

function logText(fake: StrictElectron): string {
  return readFileSync(join(fake.app.getPath('userData'), 'logs', 'main.log'), 'utf8');
}

function menuItem(fake: StrictElectron, path: string) {
  const found = fake.applicationMenu()?.flatten().find((entry) => entry.path === path);
  if (found === undefined) throw new Error(`no menu item ${path}; menu: ${fake.applicationMenu()?.flatten().map((entry) => entry.path).join(', ')}`);
  return found.item;
}

/** A request as the app's own page sends it through main's ipcMain handler; answers the contract's envelope. */
function invoke(fake: StrictElectron, name: string, args: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const handler = fake.handlers.get(name);
  if (handler === undefined) throw new Error(`no handler for ${name}`);
  return handler({ senderFrame: { url: 'app://stationwatch/index.html', parent: null } }, structuredClone(args)) as Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
}

/** The simulator on an in-memory database, plus a Kafka profile that needs a SASL password (not active). */
const simulatorWithCity = SettingsSchema.parse({
  activeProfileId: 'sim',
  profiles: [
    { id: 'sim', name: 'Simulator', source: { kind: 'simulator' }, database: { kind: 'memory' } },
    { id: 'city', name: 'City Kafka', source: { kind: 'kafka', brokers: ['kafka.city.invalid:9092'], topics: ['readings'], sasl: { mechanism: 'scram-sha-512', username: 'sw' } }, database: { kind: 'memory' } },
  ],
});

async function expectCleanStop(fake: StrictElectron): Promise<void> {
  await vi.waitFor(() => expect(fake.app.lifecycle).toContain('quit'), { timeout: 120_000, interval: 50 });
  const engine = fake.utilityProcesses[0]!;
  await vi.waitFor(() => expect(engine.exitCode).toBe(0), { timeout: 60_000 });
  // The engine itself said it flushed the store and closed PGlite (the simulator has no offsets).
  expect(engine.received).toContainEqual({ type: 'stopped', report: { flushed: true, committed: null, storeClosed: true } });
  expect(logText(fake)).toMatch(/engine stopped cleanly: windows flushed, no offsets to commit, store closed/);
  // The tray went last, after the stop, and nothing touched a destroyed object on the way.
  expect(fake.trays[0]?.isDestroyed()).toBe(true);
  expect(fake.runtime.violations).toEqual([]);
}

describe('the desktop main process on the strict Electron fake', () => {
  it('registers app:// before ready, shows live frames and the tray, and a quit through the menu stops the engine cleanly first', { timeout: 240_000 }, async () => {
    const fake = await launch({}, 'KDE', 'new');
    expect(fake.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.app.appUserModelId).toBe(process.execPath); // development: Electron's own shortcut carries the exe path
    fake.app.start();

    const frame = await firstFrame(fake, 1);
    expect(frame).toHaveProperty('stations');
    expect(fake.windows[0]?.isVisible()).toBe(true);
    // The tray: 16 px at 1x (what the macOS menu bar and most Linux panels draw) with a 2x variant.
    const image = fake.trays[0]!.image;
    expect(image.isEmpty()).toBe(false);
    expect(image.getSize()).toEqual({ width: 16, height: 16 });
    expect(image.scaleFactors).toEqual([1, 2]);

    menuItem(fake, 'File > Quit').click();
    // The first before-quit is held while the engine stops; the app quits for real afterwards.
    await expectCleanStop(fake);
    expect(fake.app.lifecycle.filter((event) => event === 'before-quit').length).toBeGreaterThanOrEqual(2);
    expect(fake.app.lifecycle.slice(-2)).toEqual(['will-quit', 'quit']);
  });

  it('reloads the window after a renderer crash, and asks the operator after repeated crashes', { timeout: 240_000 }, async () => {
    const fake = await startApp({ dialogAnswer: 0 });
    await firstFrame(fake, 1);
    const contents = fake.windows[0]!.webContents;

    contents.crash('crashed');
    // A new page load gets fresh ports, and frames flow again.
    await firstFrame(fake, 2);
    expect(logText(fake)).toMatch(/window renderer gone \(crashed\); reloading/);

    contents.crash('oom');
    await enginePort(fake, 3);
    contents.crash('crashed');
    await vi.waitFor(() => expect(fake.dialogs.map((dialog) => dialog.title)).toContain('Stationwatch window crashed'), { timeout: 60_000 });
    // The operator chose "Reload the window".
    await firstFrame(fake, 4);
    expect(fake.runtime.violations).toEqual([]);
    fake.app.quit();
    await expectCleanStop(fake);
  });

  it('stops the engine before the OS shuts down (Linux, macOS) and delays the shutdown', { timeout: 240_000 }, async () => {
    const fake = await startApp();
    await firstFrame(fake, 1);
    expect(fake.systemShutdown()).toBe(true);
    await expectCleanStop(fake);
  });

  it('stops the engine when Windows ends the session', { timeout: 240_000 }, async () => {
    const fake = await startApp();
    await firstFrame(fake, 1);
    fake.sessionEnd();
    await expectCleanStop(fake);
  });

  it('on a desktop without tray icons, closing the window asks, and quitting then stops the engine cleanly', { timeout: 240_000 }, async () => {
    const fake = await startApp({ dialogAnswer: 1 }, 'ubuntu:GNOME');
    await firstFrame(fake, 1);
    const window = fake.windows[0]!;
    window.close();
    await vi.waitFor(() => expect(fake.dialogs.map((dialog) => dialog.title)).toContain('Quit Stationwatch?'));
    expect(fake.dialogs.at(-1)?.content).toMatch(/AppIndicator/);
    // "Keep the window open": the window stays.
    expect(window.isDestroyed()).toBe(false);
    expect(fake.app.lifecycle).not.toContain('quit');
    fake.app.quit();
    await expectCleanStop(fake);
  });

  it('with a tray, closing the window keeps the app and the engine running', { timeout: 240_000 }, async () => {
    const fake = await startApp();
    await firstFrame(fake, 1);
    fake.windows[0]!.close();
    expect(fake.windows[0]!.isDestroyed()).toBe(true);
    expect(fake.dialogs).toEqual([]);
    expect(fake.app.lifecycle).not.toContain('before-quit');
    expect(fake.utilityProcesses[0]?.exitCode).toBeNull();
    menuItem(fake, 'File > Quit').click();
    await expectCleanStop(fake);
  });

  it('shows an error and exits when start-up fails, instead of leaving an invisible process', { timeout: 30_000 }, async () => {
    // A user-data path that is a file: the log folder cannot be made inside ready().
    const blocked = join(mkdtempSync(join(tmpdir(), 'sw-main-')), 'not-a-dir');
    writeFileSync(blocked, '');
    const fake = await startApp({ userDataDir: blocked });
    await vi.waitFor(() => expect(fake.dialogs.map((dialog) => dialog.title)).toEqual(['Stationwatch could not start']));
    expect(fake.dialogs[0]?.content).toMatch(/ENOTDIR|not a directory/i);
    expect(fake.app.exitCode).toBe(1);
    expect(fake.runtime.hasQuit).toBe(true);
  });

  it('on a faulty settings file starts no engine (never the simulator defaults), names the field, and starts once the settings are saved', { timeout: 240_000 }, async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'sw-main-'));
    const settingsFile = join(userDataDir, 'settings.json');
    const faulty = JSON.stringify({ ...simulatorWithCity, windows: { ...simulatorWithCity.windows, sizesMs: [0] } });
    writeFileSync(settingsFile, faulty);
    const fake = await startApp({ userDataDir });
    await vi.waitFor(() => expect(fake.dialogs.map((dialog) => dialog.title)).toContain('Stationwatch configuration error'));
    expect(fake.dialogs.find((dialog) => dialog.title === 'Stationwatch configuration error')?.content).toMatch(/invalid value at “windows\.sizesMs\[0\]”/);
    expect(logText(fake)).toMatch(/ERROR Configuration error: the settings file .*settings\.json has an invalid value at “windows\.sizesMs\[0\]”/);
    expect(fake.windows[0]?.isVisible()).toBe(true);
    // The page asks: settings come with the problem; everything the engine would answer is refused with it.
    expect(await invoke(fake, 'settings:get', {})).toMatchObject({ ok: true, result: { problem: { file: settingsFile, field: 'windows.sizesMs[0]', fallback: 'none' } } });
    expect(await invoke(fake, 'pipeline:status', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/“windows\.sizesMs\[0\]”.*not processing any data/) } });
    expect(fake.utilityProcesses).toEqual([]);
    expect(readFileSync(settingsFile, 'utf8')).toBe(faulty);

    // Saved from the settings dialog: a copy of the faulty file is kept, and the engine starts on what was saved.
    const saved = await invoke(fake, 'settings:save', { settings: simulatorWithCity, secrets: {} });
    expect(saved).toMatchObject({ ok: true, result: { problem: null, notice: expect.stringMatching(/The engine restarted with profile “Simulator”\. The faulty settings file was kept as .*settings\.json\.invalid-/) } });
    expect(readdirSync(userDataDir).filter((file) => file.startsWith('settings.json')).sort()).toEqual(['settings.json', expect.stringMatching(/^settings\.json\.invalid-/), 'settings.json.last-good']);
    await firstFrame(fake, 1);
    expect(fake.utilityProcesses).toHaveLength(1);
    fake.app.quit();
    await expectCleanStop(fake);
  });

  it("on Linux's basic_text backend the settings say so, and a secret is stored only when the user confirmed it", { timeout: 240_000 }, async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'sw-main-'));
    writeFileSync(join(userDataDir, 'settings.json'), JSON.stringify(simulatorWithCity));
    const fake = await startApp({ userDataDir, platform: 'linux', safeStorageBackend: 'basic_text' });
    await firstFrame(fake, 1);
    expect(await invoke(fake, 'settings:get', {})).toMatchObject({ ok: true, result: { secretStorage: { isWeak: true, warning: expect.stringMatching(/basic_text backend, whose key is hard-coded/) } } });
    const refused = await invoke(fake, 'settings:save', { settings: simulatorWithCity, secrets: { city: { saslPassword: 'typed-pw-41c9' } } });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The password was not saved\. On this Linux desktop Electron would keep secrets with its basic_text backend/) } });
    expect(existsSync(join(userDataDir, 'secrets.json'))).toBe(false);
    const confirmed = await invoke(fake, 'settings:save', { settings: simulatorWithCity, secrets: { city: { saslPassword: 'typed-pw-41c9' } }, allowWeakSecretStorage: true });
    expect(confirmed).toMatchObject({ ok: true, result: { secrets: { city: { saslPassword: true } } } });
    const onDisk = readFileSync(join(userDataDir, 'secrets.json'), 'utf8');
    expect(onDisk).toContain('"city"');
    expect(onDisk).not.toContain('typed-pw-41c9');
    fake.app.quit();
    await expectCleanStop(fake);
  });

  it('uses the installer shortcut AppUserModelID when packaged (Windows toasts need the shortcut that carries it)', async () => {
    const fake = await launch({ isPackaged: true }, 'KDE', 'new');
    expect(fake.app.appUserModelId).toBe('org.stationwatch.desktop');
  });

});
