/**
 * Electron main process entry (bundled to dist/main/main.cjs). Thin on purpose: it wires Electron to
 * the Electron-free pieces beside it. Main owns windows, menu, tray, notifications, settings and
 * secrets; the engine runs in a utilityProcess behind EngineHost (docs/DESIGN.md, "Processes").
 */
import { app, BrowserWindow, dialog, Menu, Notification, powerMonitor, protocol, safeStorage, shell, utilityProcess } from 'electron';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import { defaultEngineEntry } from '../../engine/host/engine-entry-path';
import { EngineHost } from '../../engine/host/engine-host';
import type { EngineHostState } from '../../engine/host/engine-host';
import { openDesktopSettings } from '../../settings/settings-service';
import { buildCsp } from '../../../src-shared/security/csp';
import { describeSettingsProblem } from '../../../src-shared/settings/settings-problem';
import { devServerOrigin, isAppUrl } from '../window/app-location';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from '../window/app-protocol';
import type { AppLocation } from '../window/app-location';
import { buildDiagnosticsZip, diagnosticsFileName } from '../diagnostics/diagnostics';
import { desktopEngineOptions } from './engine-options';
import { desktopCipher } from './desktop-cipher';
import { describeStop, installGracefulQuit, isCleanStop } from './graceful-quit';
import { handleAll } from '../ipc/ipc-main';
import { createMainRouter } from '../ipc/main-router';
import { createMainWindow, focusWindow, secureSession } from '../window/main-window';
import type { MainWindow } from '../window/main-window';
import { NotificationPlanner } from '../notifications/notification-planner';
import { RendererRecovery } from './renderer-recovery';
import { hasTrayHost, NO_TRAY_MESSAGE } from '../tray/tray-host';
import type { StationInfo } from '../notifications/notification-text';
import { Notifier } from '../notifications/notifier';
import { RotatingLog } from '../diagnostics/rotating-log';
import { createAppTray } from '../tray/tray';
import { appMenuTemplate } from '../tray/tray-menu';
import { OpenAlarms, trayState } from '../tray/tray-state';
import { utilityCarrier } from './utility-carrier';
import { MAIN_ENGINE_EVENTS } from '../ipc/event-relay';

/**
 * Windows shows toasts only for an AppUserModelID that a Start-menu shortcut carries. The installer's
 * shortcut carries electron-builder's appId (this must equal it); under `npm start` there is no such
 * shortcut, and Electron's own development shortcut carries the executable's path (docs/tutorial/notifications.md).
 */
const APP_ID = 'org.stationwatch.desktop';
/** Bounded shutdown: stop consuming, flush, commit, close — or quit anyway after this long. */
const QUIT_TIMEOUT_MS = 15_000;

// Before 'ready': app:// must be a standard, secure origin for module scripts and fetch (app-protocol.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath);
  // `.catch` after `.then`, so an error thrown inside ready() is caught too: without it the process kept the
  // single-instance lock with no window, tray or dialog, and a relaunch did nothing.
  app.whenReady().then(ready).catch(failToStart);
}

/** Say what went wrong, then exit: never leave an invisible process holding the single-instance lock. */
function failToStart(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  console.error('Stationwatch could not start:', error);
  dialog.showErrorBox('Stationwatch could not start', `${detail}\n\nIf Stationwatch was just installed or updated, reinstall it; in a source checkout run \`npm run build\` and try again.`);
  app.exit(1);
}

async function ready(): Promise<void> {
  const userData = app.getPath('userData');
  const log = new RotatingLog({ dir: join(userData, 'logs'), name: 'main', maxBytes: 2 * 1_048_576, keep: 5 });
  process.on('uncaughtException', (error) => log.write('error', `uncaught: ${error.stack ?? error.message}`));
  log.write('info', `Stationwatch ${app.getVersion()} starting (Electron ${process.versions.electron})`);

  const settings = openDesktopSettings(userData, desktopCipher(safeStorage, process.platform));
  if (settings.problem !== null) log.write('error', describeSettingsProblem(settings.problem));
  const osUser = safeUserName();
  const engineOptions = () => desktopEngineOptions(settings.settings, settings.secretValues(), userData, osUser);
  const entry = defaultEngineEntry();
  const alarms = new OpenAlarms();
  const stations = new Map<string, StationInfo>();
  let status: PipelineStatus | null = null;
  let engineState: EngineHostState = 'idle';
  let mainWindow: MainWindow | null = null;
  const recovery = new RendererRecovery();
  // Decided once at start: whether closing the window can leave the app running in the tray.
  const canHideInTray = await hasTrayHost(process.platform, process.env, runCommand);
  if (!canHideInTray) log.write('warn', 'no tray host on this desktop (GNOME without the AppIndicator extension?): closing the window quits');

  const engine = new EngineHost({
    createCarrier: () => utilityCarrier((path) => utilityProcess.fork(path, [], { serviceName: 'Stationwatch engine', stdio: 'inherit' }), entry.path),
    // Read at every (re)start, so a restart after a crash runs on the settings saved since.
    engineOptions,
    // Frames go engine → renderer on their own port; main listens only to what it acts on.
    events: MAIN_ENGINE_EVENTS,
    stopTimeoutMs: QUIT_TIMEOUT_MS - 2_000,
    onStateChange: (state) => {
      engineState = state;
      log.write('info', `engine ${state}`);
      if (state === 'running') {
        mainWindow?.attachEngine();
        void refreshFromEngine();
      }
      renderTray();
    },
    onRestart: (info) => {
      // System alarm "engine restarted": pipeline:status.engineRestarts counts it (EngineHost), plus a notification and the tray.
      log.write('warn', `engine crashed (${info.reason}); restart #${info.restarts} in ${info.delayMs} ms`);
      notifier.showPlain('Stationwatch engine restarted', `The processing engine stopped (${info.reason}) and is being restarted (restart ${info.restarts}).`, 'critical', Date.now());
    },
  });

  const location: AppLocation = resolveLocation();
  if (location.kind === 'bundle') protocol.handle(APP_SCHEME, appProtocolHandler(location.rootDir, () => buildCsp(settings.settings), undefined, () => settings.settings.ui.basemapFile ?? null));
  const planner = new NotificationPlanner(settings.settings.notifications, (id) => stations.get(id) ?? null);
  const notifier = new Notifier(planner, (options) => new Notification(options), (clicked) => {
    const window = showWindow();
    if (clicked.stationId !== null) mainWindow?.relay()?.send('ui:focusStation', { stationId: clicked.stationId, alarmId: clicked.alarmId });
    focusWindow(window);
  });
  const tray = createAppTray(iconsDir(), {
    show: () => void showWindow(),
    pauseFor: (minutes) => (planner.pause(Date.now() + minutes * 60_000), renderTray()),
    resume: () => (planner.pause(0), renderTray()),
    quit: () => app.quit(),
  });
  let isQuitting = false;

  function renderTray(): void {
    const now = Date.now();
    const paused = planner.isPaused(now) ? new Date(planner.pausedUntilTime).toLocaleTimeString() : null;
    tray.render(trayState(alarms, status, engineState, paused !== null), paused);
  }
  async function refreshFromEngine(): Promise<void> {
    const [open, list] = await Promise.all([engine.request('alarms:list', { includeNormal: false, includeShelved: false }), engine.request('stations:list', {})]).catch(() => [null, null] as const);
    if (open !== null) alarms.reset(open);
    if (list !== null) for (const station of list) stations.set(station.id, { name: station.name, district: station.district });
    renderTray();
  }
  function showWindow(): BrowserWindow {
    if (mainWindow === null || mainWindow.window.isDestroyed()) {
      mainWindow = createMainWindow({
        location,
        preloadPath: join(__dirname, '..', 'preload', 'preload.cjs'),
        iconPath: join(iconsDir(), 'icon.png'),
        userDataDir: userData,
        settings: () => settings.settings,
        engine,
        recovery,
        askAfterCrashes,
        onRendererGone: (reason, decision) => log.write('error', `window renderer gone (${reason}); ${decision === 'reload' ? 'reloading' : decision === 'ask' ? 'asking the operator' : 'no action'}`),
        isQuitting: () => isQuitting,
      });
      const window = mainWindow.window;
      // Windows ends the session (shutdown, restart, log-off) without 'before-quit': stop the engine now.
      window.on('session-end', () => void quit.stopAndQuit());
      window.on('close', (event) => {
        if (isQuitting || canHideInTray) return;
        // No tray to live in: closing would leave an invisible app. Say so and let the operator choose.
        event.preventDefault();
        void dialog.showMessageBox(window, { type: 'warning', ...NO_TRAY_MESSAGE, buttons: [...NO_TRAY_MESSAGE.buttons], defaultId: 1, cancelId: 1 }).then(({ response }) => {
          if (response === 0) app.quit();
        });
      });
    }
    focusWindow(mainWindow.window);
    return mainWindow.window;
  }

  engine.subscribe('alarm:changed', (change) => {
    alarms.update(change.alarm);
    notifier.onAlarmChanged(change, Date.now());
    renderTray();
  });
  engine.subscribe('status:changed', (next) => {
    status = next;
    renderTray();
  });
  const ticker = setInterval(() => (notifier.tick(Date.now()), renderTray()), 1_000);

  secureSession(() => settings.settings);
  handleAll(
    createMainRouter({ engine, settings, engineOptions, onSettingsSaved: () => (planner.setPolicy(settings.settings.notifications), log.write('info', 'settings saved')) }),
    (url) => isAppUrl(url, location),
  );
  const menu = appMenuTemplate({ exportDiagnostics: () => void exportDiagnostics(), openLogs: () => void shell.openPath(join(userData, 'logs')), quit: () => app.quit() }, !app.isPackaged, process.platform);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu as Electron.MenuItemConstructorOptions[]));
  const quit = installGracefulQuit(app, () => engine.stop(), QUIT_TIMEOUT_MS, {
    beforeStop: () => {
      isQuitting = true;
      clearInterval(ticker);
    },
    // The tray goes last: the engine's state changes redraw it until the stop is over.
    onOutcome: (result) => {
      log.write(isCleanStop(result) ? 'info' : 'warn', describeStop(result));
      tray.destroy();
    },
  });
  // Linux and macOS: delay the OS shutdown until the engine has flushed and committed (power-monitor.md, Event
  // 'shutdown': "If the event handler invokes e.preventDefault(), Electron will attempt to delay system shutdown";
  // electron.d.ts types the listener without its event, hence the optional parameter).
  powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    void quit.stopAndQuit();
  });
  app.on('second-instance', () => void showWindow());
  app.on('activate', () => void showWindow());
  // With a tray, the app (and its notifications) stays alive with every window closed; without one, quit.
  app.on('window-all-closed', () => {
    if (!canHideInTray) app.quit();
  });

  showWindow();
  // A faulty settings file and nothing to stand in for it: the engine waits for a save (never runs on defaults);
  // the window's banner, every request and this dialog say which field is wrong.
  if (!settings.canStartEngine && settings.problem !== null) {
    void dialog.showMessageBox({ type: 'error', title: 'Stationwatch configuration error', message: 'The settings file cannot be used, so Stationwatch is not processing any data.', detail: describeSettingsProblem(settings.problem), buttons: ['OK'] });
    return;
  }
  await engine.start().catch((error: unknown) => log.write('error', `engine failed to start: ${error instanceof Error ? error.message : String(error)}`));

  async function askAfterCrashes(reason: string): Promise<boolean> {
    const answer = await dialog.showMessageBox({
      type: 'error',
      title: 'Stationwatch window crashed',
      message: 'The Stationwatch window keeps crashing.',
      detail: `Its page process ended (${reason}) several times in a minute. The engine is still running: alarms are still raised and stored. Reload the window, or quit and send the diagnostics (File → Export diagnostics) to support.`,
      buttons: ['Reload the window', 'Quit Stationwatch'],
      defaultId: 0,
    });
    if (answer.response === 1) app.quit();
    return answer.response === 0;
  }

  async function exportDiagnostics(): Promise<void> {
    const now = Date.now();
    const target = await dialog.showSaveDialog({ defaultPath: join(app.getPath('downloads'), diagnosticsFileName(now)), filters: [{ name: 'Zip archive', extensions: ['zip'] }] });
    if (target.canceled || target.filePath === undefined) return;
    const current = await engine.request('pipeline:status', {}).catch(() => null);
    writeFileSync(target.filePath, buildDiagnosticsZip({ logFiles: log.files(), settings: settings.settings, versions: { app: app.getVersion(), electron: process.versions.electron ?? '', node: process.versions.node, platform: `${process.platform} ${process.arch}` }, status: current, now }));
    shell.showItemInFolder(target.filePath);
  }
}

function resolveLocation(): AppLocation {
  const dev = app.isPackaged ? null : devServerOrigin(process.env.VITE_DEV_SERVER_URL);
  return dev !== null ? { kind: 'dev', origin: dev } : { kind: 'bundle', rootDir: join(__dirname, '..', 'renderer') };
}

function iconsDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'resources', 'icons');
}

/** A command's output for tray-host.ts: bounded, never a shell. */
function runCommand(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(command, [...args], { timeout: 2_000 }, (error, stdout) => (error === null ? resolve(stdout) : reject(error))));
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
