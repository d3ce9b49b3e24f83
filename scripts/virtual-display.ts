/**
 * A display for a GUI process on a Linux machine without one (CI, SSH): an Xvfb server this process starts
 * and stops. Xvfb picks a free display number itself and writes it to a pipe once it accepts clients
 * (`-displayfd`), so there is no guessed `:99` to collide with and no sleep; `-nolisten tcp` keeps it off
 * the network. (xvfb-run does the same, but re-running ourselves under it would hide the Xvfb process.)
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';

/** A running display: its DISPLAY value, and how to end it. */
export interface VirtualDisplay {
  readonly display: string;
  stop(): void;
}

const XVFB_READY_TIMEOUT_MS = 10_000;

/** Whether a GUI needs a virtual display here: Linux with neither an X11 nor a Wayland display. */
export function needsVirtualDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
}

/** Whether an Xvfb binary is on PATH. */
export function hasXvfb(): boolean {
  return spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error === undefined;
}

/** What to tell someone whose machine has no display and no Xvfb. */
export const XVFB_MISSING_HELP = [
  'There is no display (neither DISPLAY nor WAYLAND_DISPLAY is set) and no Xvfb to make one.',
  'Install Xvfb (Debian/Ubuntu: sudo apt-get install xvfb; Fedora: sudo dnf install xorg-x11-server-Xvfb),',
  'or run this from a desktop session.',
].join('\n');

/** Start Xvfb with one 1920×1080 screen and resolve once it accepts clients. */
export function startVirtualDisplay(): Promise<VirtualDisplay> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const stop = (): void => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  };
  // However this process ends, the display goes with it.
  process.once('exit', stop);
  let errors = '';
  server.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      stop();
      reject(new Error(`${reason}${errors === '' ? '' : `\n${errors.trim()}`}`));
    };
    const timer = setTimeout(() => fail(`Xvfb did not report a display within ${XVFB_READY_TIMEOUT_MS} ms`), XVFB_READY_TIMEOUT_MS);
    server.on('error', (error) => fail(`could not start Xvfb: ${error.message}`));
    server.on('exit', (code, signal) => fail(`Xvfb exited (${signal ?? code}) before it reported a display`));
    let written = '';
    (server.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      clearTimeout(timer);
      server.removeAllListeners('exit');
      resolve({ display: `:${written.trim()}`, stop });
    });
  });
}
