/**
 * A strict fake of the `electron` module for the shell's tests, built from Electron 39's documented
 * behaviour (each rule cites its page or source file where it is enforced) rather than written to pass.
 * Electron's binary cannot run on our machines; this is the stand-in, and it must never be kinder than
 * the real thing. Use it with `vi.doMock('electron', () => fake.module)` before importing shell code.
 *
 * Rules enforced here (besides those in app.ts, windows.ts, utility-process.ts):
 * - protocol.registerSchemesAsPrivileged only before 'ready', and once (docs/api/protocol.md: "This method
 *   can only be used before the ready event of the app module gets emitted and can be called only once");
 *   protocol.handle only after 'ready', once per scheme (protocol.md: "All methods unless specified can only
 *   be used after the ready event"; lib/browser/api/protocol.ts throws "Failed to register protocol").
 * - safeStorage: isEncryptionAvailable() is false before 'ready' and encryptString then throws
 *   (docs/api/safe-storage.md; electron#32206, fixed by returning false before ready on Linux).
 *   getSelectedStorageBackend() exists on Linux only (safe-storage.md, "@platform linux"; the binding
 *   defines it under IS_LINUX) and answers 'unknown' before 'ready' ("When the function is called before
 *   app has emitted the ready event"), then the backend the desktop gives (`safeStorageBackend`).
 * - screen, powerMonitor and session cannot be used before 'ready' (screen.md, power-monitor.md:
 *   "This module cannot be used until the ready event of the app module is emitted"; session.ts).
 * - ipcMain.handle refuses a second handler for one channel (lib/browser/ipc-main-impl.ts:
 *   "Attempted to register a second handler for '…'").
 * - dialog.showErrorBox may be called before 'ready' (dialog.md: "can be called safely before the ready
 *   event"); the other dialogs are recorded and answered with `dialogAnswer`.
 * - app.getPath works before 'ready' (app.md documents no such limit); an unknown name throws.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FakeAppOptions } from './app';
import { FakeApp } from './app';
import { Emitter, FakeRuntime, preventableEvent } from './rules';
import { FakeUtilityProcess } from './utility-process';
import { buildMenu, FakeMenu } from './menu';
import { FakeBrowserWindow, FakeMessageChannelMain, FakeNativeImage, FakeNotification, FakeTray } from './windows';

export { FakeMenu } from './menu';
export type { FakeMenuItem } from './menu';
export { FakeBrowserWindow, FakeMessagePortMain, FakeNativeImage, FakeNotification, FakeTray, FakeWebContents } from './windows';
export type { SentToPage } from './windows';
export { FakeUtilityProcess } from './utility-process';

export interface StrictElectronOptions extends Partial<FakeAppOptions> {
  readonly userDataDir: string;
  /** Index of the button showMessageBox answers with (default 0). */
  readonly dialogAnswer?: number;
  /** The platform Electron runs on (default process.platform): decides whether safeStorage has getSelectedStorageBackend. */
  readonly platform?: NodeJS.Platform;
  /** Linux: the password store safeStorage picks after ready (default 'gnome_libsecret'; 'basic_text' without a keyring). */
  readonly safeStorageBackend?: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6';
}

/** A recorded dialog: kind plus the options or title/content. */
export interface DialogCall {
  readonly kind: 'errorBox' | 'messageBox' | 'saveDialog';
  readonly title: string;
  readonly content: string;
  readonly beforeReady: boolean;
}

/** One fake Electron: the module to mock with, plus the handles a test drives and inspects. */
export function createStrictElectron(options: StrictElectronOptions) {
  const runtime = new FakeRuntime();
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const utilityProcesses: FakeUtilityProcess[] = [];
  const dialogs: DialogCall[] = [];
  const shellCalls: string[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const privilegedSchemes: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  let schemesRegistered = false;
  let applicationMenu: FakeMenu | null = null;
  const powerMonitor = new Emitter();
  const key = randomBytes(32);

  const app = new FakeApp(
    runtime,
    { appPath: process.cwd(), isPackaged: false, hasSingleInstanceLock: true, version: '0.0.0-test', ...options },
    () => windows,
  );

  const focusedWindow = (): FakeBrowserWindow | undefined => windows.find((window) => !window.isDestroyed());
  const performRole = (role: string): void => {
    const window = focusedWindow();
    if (role === 'quit') app.quit();
    else if ((role === 'reload' || role === 'forceReload') && window !== undefined) window.webContents.reload();
    else if (role === 'close' && window !== undefined) window.close();
    else if (role === 'minimize' && window !== undefined) window.minimize();
    else if (role === 'hide' && window !== undefined) window.hide();
  };

  function BrowserWindow(this: unknown, windowOptions: Record<string, unknown>): FakeBrowserWindow {
    const window = FakeBrowserWindow.create(windowOptions, runtime, app);
    windows.push(window);
    return window;
  }
  BrowserWindow.getAllWindows = () => windows.filter((window) => !window.isDestroyed());

  function Tray(this: unknown, image: FakeNativeImage | string): FakeTray {
    const tray = FakeTray.create(image, runtime);
    trays.push(tray);
    return tray;
  }

  function Notification(this: unknown, notificationOptions: ConstructorParameters<typeof FakeNotification>[0]): FakeNotification {
    const notification = new FakeNotification(notificationOptions);
    notifications.push(notification);
    return notification;
  }
  Notification.isSupported = () => true;

  const module = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    MessageChannelMain: FakeMessageChannelMain,
    Menu: {
      buildFromTemplate: (template: never[]) => buildMenu(template, runtime, performRole),
      setApplicationMenu: (menu: FakeMenu | null) => void (applicationMenu = menu),
      getApplicationMenu: () => applicationMenu,
    },
    nativeImage: { createFromPath: (path: string) => new FakeNativeImage(path) },
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        if (runtime.isReady) runtime.refuse('protocol.registerSchemesAsPrivileged should be called before app is ready');
        if (schemesRegistered) runtime.refuse('protocol.registerSchemesAsPrivileged can be called only once');
        schemesRegistered = true;
        privilegedSchemes.push(...schemes);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        runtime.requireReady('protocol', 'protocol.handle cannot be used before the app is ready');
        if (protocolHandlers.has(scheme)) runtime.refuse(`Failed to register protocol: ${scheme}`);
        protocolHandlers.set(scheme, handler);
      },
    },
    safeStorage: {
      ...((options.platform ?? process.platform) === 'linux' ? { getSelectedStorageBackend: () => (runtime.isReady ? (options.safeStorageBackend ?? 'gnome_libsecret') : 'unknown') } : {}),
      isEncryptionAvailable: () => runtime.isReady,
      encryptString(text: string): Buffer {
        if (!runtime.isReady) runtime.refuse('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]);
      },
      decryptString(blob: Buffer): string {
        if (!runtime.isReady) runtime.refuse('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
        decipher.setAuthTag(blob.subarray(12, 28));
        return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
      },
    },
    get screen() {
      runtime.requireReady('screen', "The 'screen' module can't be used before the app 'ready' event");
      const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
      return { getAllDisplays: () => [{ id: 1, workArea, bounds: { ...workArea, height: 1080 }, scaleFactor: 1 }], getPrimaryDisplay: () => ({ id: 1, workArea, scaleFactor: 1 }) };
    },
    get powerMonitor() {
      runtime.requireReady('powerMonitor', "The 'powerMonitor' module can't be used before the app 'ready' event");
      return powerMonitor;
    },
    get session() {
      runtime.requireReady('session', 'Session can only be received when app is ready');
      return {
        defaultSession: {
          webRequest: { onHeadersReceived: () => undefined },
          setPermissionRequestHandler: () => undefined,
          setPermissionCheckHandler: () => undefined,
        },
      };
    },
    ipcMain: {
      handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
        if (handlers.has(channel)) runtime.refuse(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    utilityProcess: {
      fork(modulePath: string, args: readonly string[] = []) {
        const child = FakeUtilityProcess.fork(modulePath, args, runtime);
        utilityProcesses.push(child);
        return child;
      },
    },
    dialog: {
      showErrorBox(title: string, content: string) {
        dialogs.push({ kind: 'errorBox', title, content, beforeReady: !runtime.isReady });
      },
      async showMessageBox(...args: unknown[]) {
        runtime.requireReady('dialog.showMessageBox');
        const box = (args.length > 1 ? args[1] : args[0]) as { title?: string; message?: string; detail?: string };
        dialogs.push({ kind: 'messageBox', title: box.title ?? '', content: `${box.message ?? ''}\n${box.detail ?? ''}`, beforeReady: false });
        return { response: options.dialogAnswer ?? 0, checkboxChecked: false };
      },
      async showSaveDialog() {
        runtime.requireReady('dialog.showSaveDialog');
        dialogs.push({ kind: 'saveDialog', title: '', content: '', beforeReady: false });
        return { canceled: true, filePath: undefined };
      },
    },
    shell: {
      openPath: async (path: string) => (shellCalls.push(`openPath ${path}`), ''),
      openExternal: async (url: string) => void shellCalls.push(`openExternal ${url}`),
      showItemInFolder: (path: string) => void shellCalls.push(`showItemInFolder ${path}`),
    },
  };

  return {
    module,
    app,
    runtime,
    windows,
    trays,
    notifications,
    utilityProcesses,
    dialogs,
    shellCalls,
    handlers,
    privilegedSchemes,
    protocolHandlers,
    applicationMenu: () => applicationMenu,
    /** The OS is about to shut down or reboot (power-monitor.md, Event 'shutdown', Linux and macOS): true when the app delayed it. */
    systemShutdown(): boolean {
      const event = preventableEvent();
      powerMonitor.emit('shutdown', event);
      return event.defaultPrevented;
    },
    /** Windows is ending the session (browser-window.md, Event 'session-end', Windows): every window is told. */
    sessionEnd(): void {
      for (const window of windows) if (!window.isDestroyed()) window.emit('session-end', { reasons: ['shutdown'] });
    },
    /** Every utility child killed; call in afterEach. */
    killChildren(): void {
      for (const child of utilityProcesses) if (child.exitCode === null) child.child.kill('SIGKILL');
    },
  };
}

export type StrictElectron = ReturnType<typeof createStrictElectron>;

export { createStrictRenderer } from './renderer';
export type { StrictRenderer } from './renderer';

/** Main and one page on a fake that is ready: what a test's `vi.mock('electron', …)` factory hands out. */
export interface ReadyShell {
  fake?: StrictElectron;
  page?: import('./renderer').StrictRenderer;
}

/**
 * For `vi.mock('electron', async () => (await import(…)).mockReadyShell(holder, 'sw-x-'))`: a strict fake
 * after 'ready' plus a page over its ipcMain, both put in `holder`; returns the module both sides import.
 */
export async function mockReadyShell(holder: ReadyShell, tempPrefix: string): Promise<Record<string, unknown>> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createStrictRenderer } = await import('./renderer');
  const fake = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), tempPrefix)) });
  fake.app.start();
  const page = createStrictRenderer(fake.handlers);
  holder.fake = fake;
  holder.page = page;
  return { ...fake.module, ...page.module };
}
