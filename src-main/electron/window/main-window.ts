/**
 * Creates the main window with the secure options, the CSP, the navigation guard, remembered bounds,
 * and — after every page load — a fresh event port wired to the engine.
 */
import { BrowserWindow, MessageChannelMain, dialog, screen, session, shell } from 'electron';
import type { Settings } from '../../../src-shared/settings/schema';
import type { EngineHandle } from '../../engine/engine-api';
import { appUrl } from './app-location';
import type { AppLocation } from './app-location';
import { buildCsp } from '../../../src-shared/security/csp';
import { withCsp } from './csp';
import { openMainPort } from '../ipc/event-relay';
import type { EventPortSource, EventRelay } from '../ipc/event-relay';
import type { EventPortLike } from '../../engine/protocol';
import { EVENT_PORT_CHANNEL } from '../ipc/ipc-channels';
import { push } from '../ipc/ipc-main';
import { installNavigationGuard } from './navigation-guard';
import type { RecoveryDecision, RendererRecovery } from '../app/renderer-recovery';
import { mainWindowOptions } from './window-options';
import { clampToDisplays, loadWindowBounds, saveWindowBounds } from './window-state';

export interface MainWindowDeps {
  readonly location: AppLocation;
  readonly preloadPath: string;
  readonly iconPath: string;
  readonly userDataDir: string;
  readonly settings: () => Settings;
  /** Hands the engine a port for this page's events (EngineHost.attachEventPort). */
  readonly engine: Pick<EngineHandle, 'subscribe'> & { attachEventPort(port: EventPortLike): boolean };
  /** Decides what a renderer crash leads to (reload, or ask after repeated crashes). */
  readonly recovery: RendererRecovery;
  /** Asked after repeated crashes: true to reload once more, false when the operator chose to quit. */
  askAfterCrashes(reason: string): Promise<boolean>;
  /** Told of every renderer crash, for the log. */
  onRendererGone?(reason: string, decision: RecoveryDecision): void;
  /** True once the app is quitting (the engine is stopping or stopped): the page may not hold the window open then. */
  isQuitting?(): boolean;
}

/** The window plus main's own port to its current page (null between loads). */
export interface MainWindow {
  readonly window: BrowserWindow;
  relay(): EventRelay | null;
  /** Wire a fresh engine port to the page, e.g. after the engine restarted (its old port died with it). */
  attachEngine(): void;
}

/** Install the CSP (for the dev server; app:// responses carry it already) and the deny-all permission policy on the default session (once, before the first window). */
export function secureSession(settings: () => Settings): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders, buildCsp(settings())) }));
  // Checklist #5: the page never needs camera, geolocation, notifications from the page, etc.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Create and show the main window. */
export function createMainWindow(deps: MainWindowDeps): MainWindow {
  const saved = clampToDisplays(loadWindowBounds(deps.userDataDir), screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow(mainWindowOptions(deps.preloadPath, saved, deps.settings().ui.theme, deps.iconPath));
  if (saved?.isMaximized === true) window.maximize();
  installNavigationGuard(window.webContents, deps.location, (url) => shell.openExternal(url));
  window.once('ready-to-show', () => window.show());

  let relay: EventRelay | null = null;
  const sendPort = (source: EventPortSource, port: Electron.MessagePortMain): boolean => push(window.webContents, EVENT_PORT_CHANNEL, source, [port]);
  // Engine events: one end to the engine's utility process, the other to the page — main is not in between.
  const attachEngine = (): void => {
    if (window.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    if (!deps.engine.attachEventPort(port1)) {
      port1.close();
      port2.close();
      return;
    }
    if (!sendPort('engine', port2)) port2.close();
  };
  // Each load (first load, reload) gets new ports; the old page's ports die with it.
  window.webContents.on('did-finish-load', () => {
    relay?.close();
    const { port1, port2 } = new MessageChannelMain();
    const mainPort = openMainPort(port1);
    relay = mainPort;
    if (!sendPort('main', port2)) mainPort.close();
    attachEngine();
  });
  // The page's process died (crash, OOM, killed): its ports died with it. Reload, so the control-room screen
  // comes back on its own; after repeated crashes ask first (renderer-recovery.ts).
  const reload = (): void => {
    if (!window.isDestroyed()) window.webContents.reload();
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    relay?.close();
    relay = null;
    const decision = deps.recovery.onGone(details.reason, Date.now());
    deps.onRendererGone?.(details.reason, decision);
    if (decision === 'reload') setTimeout(reload, deps.recovery.reloadDelayMs);
    else if (decision === 'ask') {
      void deps.askAfterCrashes(details.reason).then((again) => {
        if (!again) return;
        deps.recovery.reset();
        reload();
      });
    }
  });

  // The page asks before unsaved work (the Rules page's list) is lost, with beforeunload. Electron shows no
  // prompt of its own and silently keeps the page, so main asks (web-contents.md, Event 'will-prevent-unload')
  // — except when the app quits: the engine has stopped by then, and a window kept open would show a dead app.
  window.webContents.on('will-prevent-unload', (event) => {
    if (deps.isQuitting?.() === true) return event.preventDefault();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      title: 'Unsaved changes',
      message: 'Leave without saving the rules?',
      detail: 'The rule list has changes that are not saved. Leaving discards them; the rules in force stay as they are.',
      buttons: ['Leave and discard', 'Stay'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice === 0) event.preventDefault();
  });

  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.getNormalBounds();
    saveWindowBounds(deps.userDataDir, { ...bounds, isMaximized: window.isMaximized() });
  };
  window.on('close', remember);
  window.on('closed', () => relay?.close());

  void window.loadURL(appUrl(deps.location));
  return { window, relay: () => relay, attachEngine };
}

/** Bring the window to the front (second launch, notification click, tray "show"). */
export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
