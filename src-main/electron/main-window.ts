/**
 * Creates the main window with the secure options, the CSP, the navigation guard, remembered bounds,
 * and — after every page load — a fresh event port wired to the engine.
 */
import { BrowserWindow, MessageChannelMain, screen, session, shell } from 'electron';
import type { Settings } from '../../src-shared/settings/schema';
import type { EngineHandle } from '../engine/engine-api';
import { appUrl } from './app-location';
import type { AppLocation } from './app-location';
import { buildCsp, withCsp } from './csp';
import { relayEngineEvents } from './event-relay';
import type { EventRelay } from './event-relay';
import { EVENT_PORT_CHANNEL } from './ipc-channels';
import { push } from './ipc-main';
import { installNavigationGuard } from './navigation-guard';
import { mainWindowOptions } from './window-options';
import { clampToDisplays, loadWindowBounds, saveWindowBounds } from './window-state';

export interface MainWindowDeps {
  readonly location: AppLocation;
  readonly preloadPath: string;
  readonly iconPath: string;
  readonly userDataDir: string;
  readonly settings: () => Settings;
  readonly engine: Pick<EngineHandle, 'subscribe'>;
}

/** The window plus the relay feeding its current page (null between loads). */
export interface MainWindow {
  readonly window: BrowserWindow;
  relay(): EventRelay | null;
}

/** Install the CSP and the deny-all permission policy on the default session (once, before the first window). */
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
  // Each load (first load, reload) gets a new port; the old page's port dies with it.
  window.webContents.on('did-finish-load', () => {
    relay?.close();
    const { port1, port2 } = new MessageChannelMain();
    relay = relayEngineEvents(deps.engine, port1);
    if (!push(window.webContents, EVENT_PORT_CHANNEL, null, [port2])) relay.close();
  });
  window.webContents.on('render-process-gone', () => {
    relay?.close();
    relay = null;
  });

  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.getNormalBounds();
    saveWindowBounds(deps.userDataDir, { ...bounds, isMaximized: window.isMaximized() });
  };
  window.on('close', remember);
  window.on('closed', () => relay?.close());

  void window.loadURL(appUrl(deps.location));
  return { window, relay: () => relay };
}

/** Bring the window to the front (second launch, notification click, tray "show"). */
export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
