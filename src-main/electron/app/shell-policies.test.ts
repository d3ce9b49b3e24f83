/** The shell's pure decisions: menus per platform (built on the strict fake), tray hosts, crash recovery. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStrictElectron } from '../../../tests/helpers/strict-electron';
import { RendererRecovery } from './renderer-recovery';
import { hasTrayHost, WATCHER_QUERY } from '../tray/tray-host';
import { appMenuTemplate } from '../tray/tray-menu';

function built(platform: NodeJS.Platform, isDevelopment: boolean) {
  const fake = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-menu-')) });
  const calls: string[] = [];
  const template = appMenuTemplate({ exportDiagnostics: () => calls.push('diagnostics'), openLogs: () => calls.push('logs'), quit: () => calls.push('quit') }, isDevelopment, platform);
  const menu = fake.module.Menu.buildFromTemplate(template as never[]);
  return { paths: menu.flatten().map((entry) => `${entry.path}${entry.item.accelerator === null ? '' : ` [${entry.item.accelerator}]`}`), menu, calls };
}

describe('application menu', () => {
  it('on macOS starts with the app menu, ends with the Window menu, and closes windows with Cmd+W', () => {
    const { paths } = built('darwin', false);
    expect(paths[0]).toBe('appMenu');
    expect(paths.at(-1)).toBe('windowMenu');
    expect(paths).toContain('File > close [Cmd+W]');
    expect(paths).not.toContain('File > Quit [CmdOrCtrl+Q]'); // Quit lives in the app menu on macOS
  });

  it('elsewhere has File > Quit, and Reload in production too; dev tools only in development', () => {
    const production = built('linux', false);
    expect(production.paths).toContain('File > Quit [CmdOrCtrl+Q]');
    expect(production.paths).toContain('View > reload [CmdOrCtrl+R]');
    expect(production.paths).not.toContain('View > toggleDevTools');
    expect(built('win32', true).paths).toContain('View > toggleDevTools');
    production.menu.flatten().find((entry) => entry.path === 'File > Quit')?.item.click();
    expect(production.calls).toEqual(['quit']);
  });
});

describe('tray host', () => {
  const fails = () => Promise.reject(new Error('gdbus: Cannot autolaunch D-Bus without X11 $DISPLAY'));

  it('asks the session bus for a StatusNotifierWatcher on Linux', async () => {
    const asked: string[] = [];
    const answer = (text: string) => (command: string, args: readonly string[]) => (asked.push(`${command} ${args.join(' ')}`), Promise.resolve(text));
    expect(await hasTrayHost('linux', { XDG_CURRENT_DESKTOP: 'GNOME' }, answer('(true,)\n'))).toBe(true);
    expect(await hasTrayHost('linux', { XDG_CURRENT_DESKTOP: 'KDE' }, answer('(false,)\n'))).toBe(false);
    expect(asked[0]).toBe(`gdbus ${WATCHER_QUERY.join(' ')}`);
  });

  it('falls back to the desktop name when the bus cannot be asked, and always has one on Windows and macOS', async () => {
    expect(await hasTrayHost('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, fails)).toBe(false);
    expect(await hasTrayHost('linux', { XDG_CURRENT_DESKTOP: 'KDE' }, fails)).toBe(true);
    expect(await hasTrayHost('linux', {}, fails)).toBe(true);
    expect(await hasTrayHost('win32', { XDG_CURRENT_DESKTOP: 'GNOME' }, fails)).toBe(true);
    expect(await hasTrayHost('darwin', {}, fails)).toBe(true);
  });
});

describe('renderer crash recovery', () => {
  it('reloads after a crash, asks after three within a minute, and ignores a clean exit', () => {
    const recovery = new RendererRecovery({ maxCrashes: 3, windowMs: 60_000, reloadDelayMs: 1_000 });
    expect(recovery.onGone('clean-exit', 0)).toBe('none');
    expect(recovery.onGone('crashed', 1_000)).toBe('reload');
    expect(recovery.onGone('oom', 2_000)).toBe('reload');
    expect(recovery.onGone('crashed', 3_000)).toBe('ask');
    recovery.reset();
    expect(recovery.onGone('crashed', 4_000)).toBe('reload');
    // Crashes older than the window are forgotten.
    expect(recovery.onGone('crashed', 70_000)).toBe('reload');
    expect(recovery.onGone('crashed', 130_001)).toBe('reload');
  });
});
