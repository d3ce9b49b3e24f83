/**
 * `app` as Electron 39 documents it (docs/api/app.md), strict where the real one is strict. The test drives
 * start-up (`start()`), a user closing windows and the OS shutting down; the app drives quitting.
 */
import { join } from 'node:path';
import type { FakeRuntime } from './rules';
import { Emitter, preventableEvent } from './rules';

/** What the app needs from the windows when it quits (FakeBrowserWindow implements it). */
export interface ClosableWindow {
  isDestroyed(): boolean;
  /** Emit 'close' (preventable); true when the window closed. */
  tryClose(): boolean;
  /** Close without 'close' (app.exit). */
  destroy(): void;
}

export interface FakeAppOptions {
  readonly userDataDir: string;
  readonly appPath: string;
  readonly isPackaged: boolean;
  readonly hasSingleInstanceLock: boolean;
  readonly version: string;
}

/** The names app.getPath knows (app.md, "app.getPath(name)"); anything else throws "Failed to get '…' path". */
const PATH_NAMES = ['home', 'appData', 'assets', 'userData', 'sessionData', 'temp', 'exe', 'module', 'desktop', 'documents', 'downloads', 'music', 'pictures', 'videos', 'recent', 'logs', 'crashDumps'];

export class FakeApp extends Emitter {
  readonly isPackaged: boolean;
  appUserModelId: string | null = null;
  exitCode: number | null = null;
  /** Every lifecycle event in the order the app emitted it. */
  readonly lifecycle: string[] = [];
  private readyResolve: (() => void) | null = null;
  private readonly ready: Promise<void>;
  private isQuitting = false;

  constructor(
    private readonly runtime: FakeRuntime,
    private readonly options: FakeAppOptions,
    private readonly windows: () => readonly ClosableWindow[],
  ) {
    super();
    this.isPackaged = options.isPackaged;
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
  }

  /** Electron finishes initialising: 'will-finish-launching', then 'ready' — once (app.md, Event 'ready': "Emitted once"). */
  start(): void {
    if (this.runtime.isReady) throw new Error('fake electron: the app is ready already; Electron emits ready once');
    this.record('will-finish-launching');
    this.runtime.isReady = true;
    this.record('ready', { preventDefault() {} }, {});
    this.readyResolve?.();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  isReady(): boolean {
    return this.runtime.isReady;
  }

  requestSingleInstanceLock(): boolean {
    return this.options.hasSingleInstanceLock;
  }

  /** Defined on every platform; Electron ignores it outside Windows (app.md, "@platform win32"). */
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  /** Works before 'ready' too; an unknown name throws (app.md, "On failure, an Error is thrown"). */
  getPath(name: string): string {
    if (!PATH_NAMES.includes(name)) this.runtime.refuse(`Failed to get '${name}' path`);
    if (name === 'userData' || name === 'sessionData') return this.options.userDataDir;
    if (name === 'logs') return join(this.options.userDataDir, 'logs');
    return join(this.options.userDataDir, '..', `fake-${name}`);
  }

  getAppPath(): string {
    return this.options.appPath;
  }

  getVersion(): string {
    return this.options.version;
  }

  getName(): string {
    return 'Stationwatch';
  }

  /**
   * app.md, "app.quit()": 'before-quit' first (preventable); then every window gets 'close' (preventable);
   * when all closed, 'will-quit' (preventable), then 'quit'. 'window-all-closed' is not emitted when quitting.
   */
  quit(): void {
    if (this.runtime.hasQuit || this.isQuitting) return;
    const beforeQuit = preventableEvent();
    this.record('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.isQuitting = true;
    try {
      for (const window of this.windows()) if (!window.isDestroyed() && !window.tryClose()) return;
      const willQuit = preventableEvent();
      this.record('will-quit', willQuit);
      if (willQuit.defaultPrevented) return;
      this.finish(0);
      this.record('quit', preventableEvent(), 0);
    } finally {
      this.isQuitting = false;
    }
  }

  /** app.md, "app.exit([exitCode])": windows close at once, without before-quit or will-quit. */
  exit(code = 0): void {
    if (this.runtime.hasQuit) return;
    for (const window of this.windows()) if (!window.isDestroyed()) window.destroy();
    this.finish(code);
  }

  /** Called by a window that the user closed: app.md, Event 'window-all-closed' — without a listener the app quits. */
  onWindowClosedByUser(): void {
    if (this.isQuitting || this.windows().some((window) => !window.isDestroyed())) return;
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.record('window-all-closed');
  }

  private finish(code: number): void {
    this.runtime.hasQuit = true;
    this.exitCode = code;
  }

  private record(event: string, ...args: unknown[]): void {
    this.lifecycle.push(event);
    this.emit(event, ...args);
  }
}
