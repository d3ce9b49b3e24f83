/**
 * Whether the desktop will show our tray icon. Electron draws Linux tray icons as StatusNotifierItems,
 * which only a StatusNotifierWatcher on the session bus displays: KDE, Cinnamon, XFCE and Ubuntu's GNOME
 * have one, plain GNOME has none unless the "AppIndicator and KStatusNotifierItem Support" extension is
 * installed. Without a tray, closing the window would leave an invisible app, so main asks before closing.
 */

/** Runs a command, resolving its standard output (rejects on failure or time-out). */
export type RunCommand = (command: string, args: readonly string[]) => Promise<string>;

/** The D-Bus question: does anyone own org.kde.StatusNotifierWatcher? */
export const WATCHER_QUERY = ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', 'org.kde.StatusNotifierWatcher'] as const;

/**
 * True when a tray icon will show. Windows and macOS always have one. On Linux, ask the session bus with
 * gdbus; when that cannot be asked, judge by the desktop: only GNOME is known to hide tray icons.
 */
export async function hasTrayHost(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, run: RunCommand): Promise<boolean> {
  if (platform !== 'linux') return true;
  try {
    const answer = await run('gdbus', WATCHER_QUERY);
    if (/\(true,?\)/.test(answer)) return true;
    if (/\(false,?\)/.test(answer)) return false;
  } catch {
    // No gdbus or no session bus: fall back to the desktop's name.
  }
  return !(env.XDG_CURRENT_DESKTOP ?? '').toUpperCase().split(':').includes('GNOME');
}

/** What the operator is told when closing the window on a desktop without tray icons. */
export const NO_TRAY_MESSAGE = {
  title: 'Quit Stationwatch?',
  message: 'Closing the window quits Stationwatch, and alarm notifications stop.',
  detail:
    'Your desktop shows no tray icons, so Stationwatch cannot keep running in the background. ' +
    'On GNOME, install the "AppIndicator and KStatusNotifierItem Support" extension ' +
    '(Debian and Ubuntu: gnome-shell-extension-appindicator), log out and in again, and Stationwatch will stay in the tray when its window is closed.',
  buttons: ['Quit Stationwatch', 'Keep the window open'],
} as const;
