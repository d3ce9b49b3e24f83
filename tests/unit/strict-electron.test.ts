/** The strict Electron fake keeps Electron's rules: if it were kinder, the shell's tests would hide bugs. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStrictElectron, createStrictRenderer } from '../helpers/strict-electron';

const icon = join(import.meta.dirname, '..', '..', 'resources', 'icons', 'tray-grey.png');

function fresh() {
  return createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-fake-')) });
}

describe('strict Electron fake', () => {
  it('refuses what Electron refuses before ready, and registers privileged schemes only before it', () => {
    const fake = fresh();
    const { module } = fake;
    expect(() => new (module.BrowserWindow as unknown as new (options: object) => unknown)({})).toThrow('Cannot create BrowserWindow before app is ready');
    expect(() => new (module.Tray as unknown as new (path: string) => unknown)(icon)).toThrow('Cannot create Tray before app is ready');
    expect(() => module.screen).toThrow(/before the app 'ready' event/);
    expect(() => module.powerMonitor).toThrow(/before the app 'ready' event/);
    expect(() => module.utilityProcess.fork('x.js')).toThrow(/before app is ready/);
    expect(module.safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => module.safeStorage.encryptString('pw')).toThrow(/Encryption is not available/);
    expect(module.app.getPath('userData')).toBeTruthy(); // app.getPath has no such limit
    expect(() => module.app.getPath('nonsense')).toThrow("Failed to get 'nonsense' path");
    module.protocol.registerSchemesAsPrivileged([{ scheme: 'app' }]);
    fake.app.start();
    expect(() => fake.app.start()).toThrow(/ready once/);
    expect(() => module.protocol.registerSchemesAsPrivileged([{ scheme: 'late' }])).toThrow('protocol.registerSchemesAsPrivileged should be called before app is ready');
    expect(module.safeStorage.decryptString(module.safeStorage.encryptString('pw'))).toBe('pw');
    expect(fake.runtime.violations.length).toBeGreaterThan(5);
  });

  it("has safeStorage.getSelectedStorageBackend on Linux only, answering 'unknown' until ready", () => {
    const linux = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-fake-')), platform: 'linux', safeStorageBackend: 'basic_text' });
    const storage = linux.module.safeStorage as { getSelectedStorageBackend?: () => string };
    expect(storage.getSelectedStorageBackend?.()).toBe('unknown');
    linux.app.start();
    expect(storage.getSelectedStorageBackend?.()).toBe('basic_text');
    const keyring = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-fake-')), platform: 'linux' });
    keyring.app.start();
    expect((keyring.module.safeStorage as { getSelectedStorageBackend?: () => string }).getSelectedStorageBackend?.()).toBe('gnome_libsecret');
    for (const platform of ['darwin', 'win32'] as const) {
      const other = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-fake-')), platform });
      other.app.start();
      expect('getSelectedStorageBackend' in other.module.safeStorage).toBe(false);
    }
  });

  it('throws from every method of a destroyed Tray or BrowserWindow', () => {
    const fake = fresh();
    fake.app.start();
    const tray = new (fake.module.Tray as unknown as new (path: string) => { setToolTip(text: string): void; destroy(): void; isDestroyed(): boolean })(icon);
    tray.destroy();
    expect(tray.isDestroyed()).toBe(true);
    expect(() => tray.setToolTip('x')).toThrow('Tray is destroyed');
    const window = new (fake.module.BrowserWindow as unknown as new (options: object) => { destroy(): void; show(): void; isDestroyed(): boolean; webContents: { send(channel: string): void } })({});
    const contents = window.webContents;
    window.destroy();
    expect(() => window.show()).toThrow('Object has been destroyed');
    expect(() => contents.send('x')).toThrow('Object has been destroyed');
  });

  it("quits in Electron's order, honours preventDefault, and emits no window-all-closed while quitting", () => {
    const fake = fresh();
    fake.app.start();
    const seen: string[] = [];
    fake.app.on('window-all-closed', () => seen.push('window-all-closed'));
    let hold = true;
    fake.app.on('before-quit', (event: { preventDefault(): void }) => {
      if (hold) event.preventDefault();
    });
    const window = new (fake.module.BrowserWindow as unknown as new (options: object) => { on(event: string, listener: () => void): void })({});
    window.on('closed', () => seen.push('closed'));
    fake.app.quit();
    expect(fake.app.lifecycle.at(-1)).toBe('before-quit');
    hold = false;
    fake.app.quit();
    expect(fake.app.lifecycle.slice(-3)).toEqual(['before-quit', 'will-quit', 'quit']);
    expect(seen).toEqual(['closed']);
    expect(fake.runtime.hasQuit).toBe(true);
  });

  it('refuses a second ipcMain handler for one channel, and a second contextBridge key', async () => {
    const fake = fresh();
    fake.module.ipcMain.handle('a', () => 1);
    expect(() => fake.module.ipcMain.handle('a', () => 2)).toThrow("Attempted to register a second handler for 'a'");
    const page = createStrictRenderer(fake.handlers);
    await expect(page.module.ipcRenderer.invoke('a')).resolves.toBe(1);
    await expect(page.module.ipcRenderer.invoke('b')).rejects.toThrow("No handler registered for 'b'");
    page.module.contextBridge.exposeInMainWorld('api', {});
    expect(() => page.module.contextBridge.exposeInMainWorld('api', {})).toThrow(/existing property/);
  });

  it('rejects a menu item with no label, role or type', () => {
    const fake = fresh();
    expect(() => fake.module.Menu.buildFromTemplate([{ click: () => undefined } as never])).toThrow('must have at least one of label, role or type');
  });
});
