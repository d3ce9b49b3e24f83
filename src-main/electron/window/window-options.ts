/**
 * The main window's options, built without Electron so a test can check them for real.
 * Every webPreferences value here is an item of Electron's security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { WindowBounds } from './window-state';

/** The subset of BrowserWindowConstructorOptions we set; structurally compatible with Electron's type. */
export interface MainWindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: boolean;
  readonly title: string;
  readonly backgroundColor: string;
  readonly icon?: string;
  readonly webPreferences: {
    readonly preload: string;
    /** Checklist #3: the preload and the page live in separate JavaScript worlds. */
    readonly contextIsolation: true;
    /** Checklist #4: the renderer is an OS-sandboxed process; the preload gets only a tiny Node subset. */
    readonly sandbox: true;
    /** Checklist #2: no Node.js in the page. */
    readonly nodeIntegration: false;
    readonly nodeIntegrationInWorker: false;
    readonly nodeIntegrationInSubFrames: false;
    /** Checklist #12: no <webview>. */
    readonly webviewTag: false;
    /** Checklist #5/#6: same-origin policy stays on; no experimental features. */
    readonly webSecurity: true;
    readonly allowRunningInsecureContent: false;
    readonly experimentalFeatures: false;
    readonly navigateOnDragDrop: false;
    readonly spellcheck: false;
  };
}

/** Options for the main window: remembered bounds (if any), the preload, and the secure preferences. */
export function mainWindowOptions(preloadPath: string, bounds: WindowBounds | null, theme: 'dark' | 'light', iconPath?: string): MainWindowOptions {
  return {
    ...(bounds === null ? { width: 1440, height: 900 } : { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }),
    minWidth: 960,
    minHeight: 600,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    title: 'Stationwatch',
    backgroundColor: theme === 'dark' ? '#101418' : '#f4f6f8',
    ...(iconPath === undefined ? {} : { icon: iconPath }),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
