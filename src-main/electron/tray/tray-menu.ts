/** The tray menu and the application menu as plain templates (Menu.buildFromTemplate takes them as is). */

/** A menu item as Electron's MenuItemConstructorOptions accepts it. */
export interface MenuItemTemplate {
  readonly label?: string;
  readonly type?: 'separator' | 'normal' | 'submenu';
  readonly role?: 'quit' | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'copy' | 'paste' | 'cut' | 'selectAll' | 'undo' | 'redo' | 'minimize' | 'close' | 'about' | 'appMenu' | 'windowMenu' | 'hide' | 'hideOthers' | 'unhide';
  readonly enabled?: boolean;
  readonly accelerator?: string;
  readonly click?: () => void;
  readonly submenu?: readonly MenuItemTemplate[];
}

export interface TrayActions {
  show(): void;
  pauseFor(minutes: number): void;
  resume(): void;
  quit(): void;
}

/** Show · pause notifications 15 / 60 min (or resume) · quit. */
export function trayMenuTemplate(actions: TrayActions, pausedUntil: string | null): MenuItemTemplate[] {
  return [
    { label: 'Show Stationwatch', click: () => actions.show() },
    { type: 'separator' },
    ...(pausedUntil === null
      ? [
          { label: 'Pause notifications for 15 minutes', click: () => actions.pauseFor(15) },
          { label: 'Pause notifications for 60 minutes', click: () => actions.pauseFor(60) },
        ]
      : [{ label: `Resume notifications (paused until ${pausedUntil})`, click: () => actions.resume() }]),
    { type: 'separator' },
    { label: 'Quit Stationwatch', click: () => actions.quit() },
  ];
}

export interface AppMenuActions {
  exportDiagnostics(): void;
  openLogs(): void;
  quit(): void;
}

/**
 * The window's menu. On macOS the first menu is always the app menu, so it is Electron's `appMenu` role
 * (About, Hide, Hide Others, Quit) and a `windowMenu` (Minimize, Zoom, Close with Cmd+W) follows, as the
 * macOS guidelines expect (docs/api/menu.md, "Notes on macOS Application Menu"). Reload is always there:
 * after a renderer crash or a stuck page an operator must be able to get the screen back. Dev tools only
 * in development.
 */
export function appMenuTemplate(actions: AppMenuActions, isDevelopment: boolean, platform: NodeJS.Platform): MenuItemTemplate[] {
  const isMac = platform === 'darwin';
  const quit: MenuItemTemplate = { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Export diagnostics…', click: () => actions.exportDiagnostics() },
        { label: 'Open log folder', click: () => actions.openLogs() },
        { type: 'separator' },
        isMac ? { role: 'close', accelerator: 'Cmd+W' } : quit,
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        { role: 'reload', accelerator: 'CmdOrCtrl+R' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(isDevelopment ? [{ type: 'separator' as const }, { role: 'forceReload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    ...(isMac ? [{ role: 'windowMenu' as const }] : []),
  ];
}
