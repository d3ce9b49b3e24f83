/**
 * npm run smoke:electron [-- --require]
 *
 * The release smoke test, for machines that have the Electron binary: a release is not made until it
 * passes on Linux, Windows and macOS. It starts the real app from dist/ (building it when missing) with a
 * fresh user-data directory, so on the embedded default (simulator + PGlite); waits until the first
 * window shows live data on a chart; quits through the application menu, as a user would; and checks
 * that Electron exited 0 and that main logged a clean engine stop. On Linux without a display it runs
 * under Xvfb. Exits 0 on success, 1 with the reason on failure. Where the Electron binary is not
 * installed (CI: ELECTRON_SKIP_BINARY_DOWNLOAD) it says loudly that it skipped and exits 0, or 1 with
 * --require.
 *
 * It runs the development binary from node_modules, not a package: Playwright drives Electron through
 * --inspect, which the packaged app's fuses switch off (electron-builder.yml, enableNodeCliInspectArguments).
 */
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { BUILD_OUTPUTS, ELECTRON_BINARY_VARIABLE, describeMissingElectron, explainElectronExit, explainSandboxAbort, findElectronPackageDir, keepTail, locateElectron } from './start-lib.mjs';
import type { ChildEnd, ElectronLocation } from './start-lib.mjs';
import { XVFB_MISSING_HELP, hasXvfb, needsVirtualDisplay, startVirtualDisplay } from './virtual-display';
import type { VirtualDisplay } from './virtual-display';

/**
 * What main writes to <userData>/logs/main.log after a clean engine stop (graceful-quit.ts describeStop):
 * windows flushed, offsets committed where there are any, store closed. A stop with losses says otherwise.
 */
const CLEAN_ENGINE_STOP_LINE = 'engine stopped cleanly';
const LAUNCH_TIMEOUT_MS = 60_000;
const LIVE_FRAME_TIMEOUT_MS = 60_000;
/** main.ts gives the engine 15 s (QUIT_TIMEOUT_MS) to stop; then Electron itself has to exit. */
const EXIT_TIMEOUT_MS = 30_000;
const STDERR_TAIL_CHARS = 16 * 1024;
/** The live chart and the attributes it keeps for tests (src-renderer/charts/metric-chart.tsx). */
const LIVE_CHART = '[data-testid="chart-temperature"] .chart-plot';
const RELEASE_RULE = 'a release is not made until `npm run smoke:electron` passes on Linux, Windows and macOS';

/** A check that did not hold; its message is the reason printed. */
class SmokeFailure extends Error {}

const projectDir = resolve(import.meta.dirname, '..');

// When Electron dies while starting, Playwright rejects launch() with the reason, but also leaves a wait
// for Electron's output rejected with nobody listening; launch()'s rejection is the one reported.
process.on('unhandledRejection', (reason) => {
  if (reason instanceof Error && reason.message === 'Process failed to launch!') return;
  throw reason;
});

process.exit(await main(process.argv.includes('--require')));

async function main(isRequired: boolean): Promise<number> {
  const location = locateElectron({ env: process.env, electronDir: findElectronPackageDir() });
  if (location.kind !== 'found') return location.kind === 'override-missing' ? fail(describeMissingElectron(location)) : skip(location, isRequired);
  if (BUILD_OUTPUTS.some((file) => !existsSync(join(projectDir, file)))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: projectDir, stdio: 'inherit' });
  }
  let display: VirtualDisplay | null = null;
  if (needsVirtualDisplay(process.platform, process.env)) {
    if (!hasXvfb()) return fail(XVFB_MISSING_HELP);
    display = await startVirtualDisplay();
    console.log(`smoke: no display, so Electron runs on Xvfb ${display.display}`);
  }
  const userData = mkdtempSync(join(tmpdir(), 'stationwatch-smoke-'));
  try {
    const summary = await smoke(location.binary, userData, display);
    rmSync(userData, { recursive: true, force: true });
    console.log(`smoke: PASSED — ${summary}`);
    return 0;
  } catch (error) {
    if (!(error instanceof SmokeFailure)) throw error;
    if (!existsSync(join(userData, 'logs'))) {
      rmSync(userData, { recursive: true, force: true });
      return fail(error.message);
    }
    return fail(`${error.message}\n  The app's user data, with logs/main.log, is kept in ${userData}`);
  } finally {
    display?.stop();
  }
}

/** Launch, see a live frame, quit from the menu, check the exit and the log; a summary of what was seen. */
async function smoke(binary: string, userData: string, display: VirtualDisplay | null): Promise<string> {
  const app = await launch(binary, userData, display);
  const child = app.process();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = keepTail(stderr + chunk.toString(), STDERR_TAIL_CHARS)));
  const exited = exitOf(child);
  try {
    const page = await app.firstWindow({ timeout: LAUNCH_TIMEOUT_MS });
    const pageProblems: string[] = [];
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => (message.type() === 'error' ? pageProblems.push(`console error: ${message.text()}`) : undefined));
    const points = await waitForLiveFrame(page, userData);
    const quitLabel = await clickQuitInMenu(app);
    const end = await Promise.race([exited, delay(EXIT_TIMEOUT_MS)]);
    if (end === null) throw new SmokeFailure(`Electron had not exited ${EXIT_TIMEOUT_MS / 1000} s after "${quitLabel}" was clicked in the menu.`);
    const { exitCode, explanation } = explainElectronExit({ ...end, stderr, electronBinary: binary });
    if (exitCode !== 0) throw new SmokeFailure(`Electron exited with ${exitCode} after "${quitLabel}".${explanation === null ? '' : `\n${explanation}`}\n${stderrTail(stderr)}`);
    if (pageProblems.length > 0) throw new SmokeFailure(`the window reported errors:\n  ${pageProblems.join('\n  ')}`);
    return `the window showed live data (${points} chart points), "${quitLabel}" in the menu quit the app with exit code 0, main.log: ${cleanStopLine(userData)}`;
  } catch (error) {
    if (error instanceof SmokeFailure) throw error;
    throw new SmokeFailure(`${error instanceof Error ? error.message : String(error)}\n${stderrTail(stderr)}`);
  } finally {
    await endIfRunning(app, exited);
  }
}

/** After a failure: quit the app (its engine stops as on any quit), and kill it if that does not end it. */
async function endIfRunning(app: ElectronApplication, exited: Promise<ChildEnd>): Promise<void> {
  const child = app.process();
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([app.close().catch(() => undefined), exited, delay(EXIT_TIMEOUT_MS)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function delay(ms: number): Promise<null> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms, null).unref());
}

async function launch(binary: string, userData: string, display: VirtualDisplay | null): Promise<ElectronApplication> {
  const env = Object.fromEntries(Object.entries({ ...process.env, ...(display === null ? {} : { DISPLAY: display.display }) }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  try {
    return await _electron.launch({
      args: ['.', `--user-data-dir=${userData}`],
      cwd: projectDir,
      env,
      // The real sandbox, as users run it (Playwright turns it off on Linux unless asked).
      chromiumSandbox: true,
      timeout: LAUNCH_TIMEOUT_MS,
      // Without executablePath Playwright runs node_modules/electron with its loader, which holds 'ready' until it is attached.
      ...(process.env[ELECTRON_BINARY_VARIABLE] ? { executablePath: binary } : {}),
    });
  } catch (error) {
    // Playwright's error quotes Electron's output, where a sandbox abort would be.
    const message = error instanceof Error ? error.message : String(error);
    const explanation = /Running as root without --no-sandbox/.test(message)
      ? 'Chromium runs its sandbox only for a normal user: run the smoke test as one, as the app is run.'
      : explainSandboxAbort({ stderr: message, electronBinary: binary });
    throw new SmokeFailure(`Electron did not start: ${message}${explanation === null ? '' : `\n${explanation}`}`);
  }
}

/** Wait until the temperature chart has points and its newest timestamp moves on; the number of points. */
async function waitForLiveFrame(page: Page, userData: string): Promise<number> {
  try {
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.getAttribute('data-points') ?? 0) > 0, LIVE_CHART, { timeout: LIVE_FRAME_TIMEOUT_MS });
    const firstTs = Number(await page.getAttribute(LIVE_CHART, 'data-last-ts'));
    await page.waitForFunction(([selector, ts]) => Number(document.querySelector(selector)?.getAttribute('data-last-ts') ?? 0) > ts, [LIVE_CHART, firstTs] as const, { timeout: LIVE_FRAME_TIMEOUT_MS });
    return Number(await page.getAttribute(LIVE_CHART, 'data-points'));
  } catch (error) {
    await page.screenshot({ path: join(userData, 'smoke-window.png') }).catch(() => undefined);
    const points = await page.getAttribute(LIVE_CHART, 'data-points', { timeout: 1000 }).catch(() => null);
    const connection = await page.getAttribute('[data-testid="connection-state"]', 'data-state', { timeout: 1000 }).catch(() => null);
    throw new SmokeFailure(`no live data on the temperature chart within ${LIVE_FRAME_TIMEOUT_MS / 1000} s (data-points=${points}, connection=${connection}; screenshot smoke-window.png): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/**
 * Click the application menu's Quit item in the main process, as the user's click would (File → Quit;
 * on macOS the app menu's Quit role). The click waits for the next tick so the answer gets back first.
 * No named functions inside: the function is sent as source text.
 */
async function clickQuitInMenu(app: ElectronApplication): Promise<string> {
  const label = await app.evaluate(({ Menu }) => {
    const queue = [...(Menu.getApplicationMenu()?.items ?? [])];
    while (queue.length > 0) {
      const item = queue.shift();
      if (item === undefined) break;
      if (item.role === 'quit' || /^Quit\b/.test(item.label)) {
        setTimeout(() => item.click(), 0);
        return item.label;
      }
      if (item.submenu) queue.push(...item.submenu.items);
    }
    return null;
  });
  if (label === null) throw new SmokeFailure('the application menu has no Quit item.');
  return label;
}

/** How the child ended, once it has. */
function exitOf(child: ChildProcess): Promise<ChildEnd> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolveEnd) => child.once('exit', (code, signal) => resolveEnd({ code, signal })));
}

/** main.log's engine-stop line, when it says the stop was clean. */
function cleanStopLine(userData: string): string {
  const logFile = join(userData, 'logs', 'main.log');
  if (!existsSync(logFile)) throw new SmokeFailure(`there is no ${logFile}: main never logged.`);
  const stopLines = readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('engine shutdown'));
  const clean = stopLines.find((line) => line.includes(CLEAN_ENGINE_STOP_LINE));
  if (clean === undefined) {
    throw new SmokeFailure(`main.log has no "${CLEAN_ENGINE_STOP_LINE}" line; its engine shutdown lines: ${stopLines.length === 0 ? 'none' : `\n  ${stopLines.join('\n  ')}`}`);
  }
  return clean.trim();
}

function stderrTail(stderr: string): string {
  const lines = stderr.trimEnd().split('\n').slice(-20);
  return stderr.trim() === '' ? "  (Electron's stderr was empty)" : `  The end of Electron's stderr:\n    ${lines.join('\n    ')}`;
}

function skip(location: Exclude<ElectronLocation, { kind: 'found' }>, isRequired: boolean): number {
  const rule = '='.repeat(100);
  const why = location.kind === 'download-skipped' ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD)' : '';
  console.error(`${rule}\nSKIPPED: the Electron binary is not installed here${why} — ${RELEASE_RULE}.\n${describeMissingElectron(location)}`);
  console.error(isRequired ? `--require was given: this counts as a failure.\n${rule}` : rule);
  return isRequired ? 1 : 0;
}

function fail(reason: string): number {
  console.error(`smoke: FAILED — ${reason}`);
  return 1;
}
