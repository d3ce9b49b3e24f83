/**
 * BrowserWindow, WebContents, Tray, Notification, Menu, nativeImage and MessageChannelMain as Electron 39
 * documents them, strict where the real ones are strict:
 * - a destroyed BrowserWindow or WebContents throws "Object has been destroyed" from every method but
 *   isDestroyed (shell/common/gin_helper/trackable_object.h via gin_helper::Destroyable);
 * - a destroyed Tray throws "Tray is destroyed" (shell/browser/api/electron_api_tray.cc, CheckAlive);
 * - BrowserWindow and Tray cannot be created before 'ready' (docs/api/browser-window.md: "This module
 *   cannot be used until the ready event of the app module is emitted"; electron_api_tray.cc, Tray::New);
 * - a MessagePortMain queues messages until start() and reports 'close' to the other end
 *   (docs/api/message-port-main.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'node:path';
import type { ClosableWindow, FakeApp } from './app';
import type { FakeMenu } from './menu';
import type { FakeRuntime } from './rules';
import { Emitter, preventableEvent } from './rules';

/** Wrap `target` so every method but the allowed ones throws once `isGone()` says so. */
function guarded<T extends object>(target: T, isGone: () => boolean, refuse: (name: string) => never, allowed: readonly string[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || allowed.includes(property) || !isGone()) return value;
      return () => refuse(property);
    },
  });
}

/** A MessagePortMain end. */
export class FakeMessagePortMain extends Emitter {
  peer: FakeMessagePortMain | null = null;
  isClosed = false;
  /** Set when the port was handed to another process; its messages then come from there. */
  transferredTo: string | null = null;
  private isStarted = false;
  private readonly queue: unknown[] = [];

  postMessage(message: unknown): void {
    if (this.isClosed || this.transferredTo !== null) return;
    this.peer?.receive(structuredClone(message));
  }

  /** A message that the process holding this (transferred) end posted on it. */
  postFromRemote(message: unknown): void {
    this.peer?.receive(message);
  }

  start(): void {
    this.isStarted = true;
    for (const message of this.queue.splice(0)) setImmediate(() => this.emit('message', { data: message, ports: [] }));
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const peer = this.peer;
    if (peer !== null && !peer.isClosed) setImmediate(() => peer.emit('close'));
  }

  private receive(message: unknown): void {
    if (this.isClosed) return;
    if (this.isStarted) setImmediate(() => this.emit('message', { data: message, ports: [] }));
    else this.queue.push(message);
  }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakeMessagePortMain();
  readonly port2 = new FakeMessagePortMain();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

/** A message a page received through webContents.postMessage. */
export interface SentToPage {
  readonly channel: string;
  readonly message: unknown;
  readonly ports: readonly FakeMessagePortMain[];
  /** Which page load it reached (1 for the first load, 2 after a reload …). */
  readonly load: number;
}

export class FakeWebContents extends Emitter {
  readonly sent: SentToPage[] = [];
  url = '';
  loads = 0;
  private crashed = false;
  private destroyed = false;
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;

  constructor(private readonly runtime: FakeRuntime) {
    super();
  }

  static create(runtime: FakeRuntime): FakeWebContents {
    const contents = new FakeWebContents(runtime);
    return guarded(contents, () => contents.destroyed, () => runtime.refuse('Object has been destroyed', 'TypeError'), ['isDestroyed', 'markDestroyed', 'emit', 'listenerCount']);
  }

  /** Loads finish asynchronously, as a real page does: 'did-finish-load' follows on a later turn. */
  loadURL(url: string): Promise<void> {
    this.url = url;
    return new Promise((resolve) => setImmediate(() => (this.finishLoad(), resolve())));
  }

  getURL(): string {
    return this.url;
  }

  reload(): void {
    setImmediate(() => this.finishLoad());
  }

  isCrashed(): boolean {
    return this.crashed;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** docs/api/web-contents.md, "contents.postMessage(channel, message, [transfer])": transfer holds MessagePortMain objects only. */
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    for (const port of transfer) if (!(port instanceof FakeMessagePortMain)) this.runtime.refuse('Invalid value for transfer: expected MessagePortMain', 'TypeError');
    // The test plays the page: it holds the transferred ports as they are.
    const ports = transfer as FakeMessagePortMain[];
    this.sent.push({ channel, message: structuredClone(message), ports, load: this.loads });
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, message: structuredClone(args), ports: [], load: this.loads });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }

  /** The test's hand: the renderer process dies (web-contents.md, Event 'render-process-gone'). */
  crash(reason = 'crashed'): void {
    this.crashed = true;
    this.emit('render-process-gone', preventableEvent(), { reason, exitCode: 139 });
  }

  markDestroyed(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  private finishLoad(): void {
    if (this.destroyed) return;
    this.crashed = false;
    this.loads++;
    this.emit('did-finish-load');
  }
}

export class FakeBrowserWindow extends Emitter implements ClosableWindow {
  readonly webContents: FakeWebContents;
  visible = false;
  minimized = false;
  maximized = false;
  focused = false;
  private destroyed = false;
  private hasShownOnce = false;

  constructor(
    readonly options: Record<string, unknown>,
    private readonly runtime: FakeRuntime,
    private readonly app: FakeApp,
  ) {
    super();
    this.webContents = FakeWebContents.create(runtime);
    this.webContents.on('did-finish-load', () => {
      if (this.hasShownOnce) return;
      this.hasShownOnce = true;
      this.emit('ready-to-show');
    });
  }

  static create(options: Record<string, unknown>, runtime: FakeRuntime, app: FakeApp): FakeBrowserWindow {
    runtime.requireReady('BrowserWindow', 'Cannot create BrowserWindow before app is ready');
    const window = new FakeBrowserWindow(options, runtime, app);
    const proxy = guarded(window, () => window.destroyed, () => runtime.refuse('Object has been destroyed', 'TypeError'), ['isDestroyed', 'emit', 'listenerCount', 'tryClose']);
    return proxy;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 10, y: 10, width: Number(this.options.width ?? 800), height: Number(this.options.height ?? 600) };
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  /** browser-window.md, "win.close()": like a user clicking the close button — 'close' may be prevented. */
  close(): void {
    if (this.tryClose()) this.app.onWindowClosedByUser();
  }

  tryClose(): boolean {
    if (this.destroyed) return true;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }

  /** browser-window.md, "win.destroy()": no 'close', but 'closed'. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.markDestroyed();
    this.emit('closed');
  }
}

/** A NativeImage read from a PNG's header: empty when the file is missing (native-image.md, createFromPath). */
export class FakeNativeImage {
  readonly width: number;
  readonly height: number;
  /** Scale factors found: 1 for the file, 2 when a name@2x.png sits beside it (native-image.md, "High Resolution Image"). */
  readonly scaleFactors: number[];

  constructor(readonly path: string) {
    const size = pngSize(path);
    this.width = size?.width ?? 0;
    this.height = size?.height ?? 0;
    const { dir, name, ext } = parse(path);
    this.scaleFactors = size === null ? [] : [1, ...(existsSync(`${dir}/${name}@2x${ext}`) ? [2] : [])];
  }

  isEmpty(): boolean {
    return this.width === 0;
  }

  getSize(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
}

function pngSize(path: string): { width: number; height: number } | null {
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  if (bytes.length < 24 || bytes.toString('latin1', 1, 4) !== 'PNG') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export class FakeTray extends Emitter {
  image: FakeNativeImage;
  tooltip = '';
  contextMenu: FakeMenu | null = null;
  private destroyed = false;

  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
  }

  static create(image: FakeNativeImage | string, runtime: FakeRuntime): FakeTray {
    runtime.requireReady('Tray', 'Cannot create Tray before app is ready');
    const tray = new FakeTray(typeof image === 'string' ? new FakeNativeImage(image) : image);
    const proxy = guarded(tray, () => tray.destroyed, () => runtime.refuse('Tray is destroyed'), ['isDestroyed', 'emit', 'listenerCount']);
    return proxy;
  }

  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter {
  constructor(readonly options: { title?: string; body?: string; urgency?: string; silent?: boolean }) {
    super();
  }
  static isSupported(): boolean {
    return true;
  }
  isShown = false;
  show(): void {
    this.isShown = true;
  }
  close(): void {
    this.emit('close');
  }
}
