/** The tray menu and the application menu as plain templates (Menu.buildFromTemplate takes them as is). */

/** A menu item as Electron's MenuItemConstructorOptions accepts it. */
export interface MenuItemTemplate {
  readonly label?: string;
  readonly type?: 'separator' | 'normal' | 'submenu';
  readonly role?: 'quit' | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'copy' | 'paste' | 'cut' | 'selectAll' | 'undo' | 'redo' | 'minimize' | 'close' | 'about';
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

/** The window's menu: file (diagnostics, quit), edit, view (dev tools only in development). */
export function appMenuTemplate(actions: AppMenuActions, isDevelopment: boolean): MenuItemTemplate[] {
  return [
    {
      label: 'File',
      submenu: [
        { label: 'Export diagnostics…', click: () => actions.exportDiagnostics() },
        { label: 'Open log folder', click: () => actions.openLogs() },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(isDevelopment ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : [])],
    },
  ];
}
