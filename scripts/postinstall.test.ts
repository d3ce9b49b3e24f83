/**
 * The postinstall's decisions with the download injected (no network): a skip and a failure are recorded
 * for `npm start`, which then says why there is no binary; a success clears the record; a failure warns
 * with the reason and how to retry, and never fails the install.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronInstallRecordFile, readElectronInstallRecord } from './electron-install-record.mjs';
import { failureReason, installElectronBinary } from './postinstall.mjs';
import type { DownloadResult } from './postinstall.mjs';
import { describeMissingElectron, locateElectron } from './start-lib.mjs';

const NOW = new Date('2026-12-06T09:30:00.000Z');
const REASON = 'RequestError: getaddrinfo ENOTFOUND github.com';

let projectDir = '';
let electronDir = '';
beforeEach(() => {
  projectDir = mkdtempSync(join(tmpdir(), 'stationwatch-postinstall-'));
  electronDir = join(projectDir, 'node_modules', 'electron') + '/';
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '39.8.10' }));
});
afterEach(() => {
  rmSync(projectDir, { recursive: true, force: true });
});

/** What install.js does when it succeeds: the binary, and path.txt naming it. */
async function downloadThatWorks(dir: string): Promise<DownloadResult> {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'electron'), '');
  writeFileSync(join(dir, 'path.txt'), 'electron');
  return { ok: true };
}

async function downloadThatFails(): Promise<DownloadResult> {
  return { ok: false, reason: REASON, output: `${REASON}\n    at ClientRequest.<anonymous> (got/dist/source/core/index.js:970:111)\n` };
}

// npm sets npm_command for the scripts it runs: `install` within npm install, `run` for npm run postinstall.
const WITHIN_INSTALL = { npm_command: 'install' };

function install(env: NodeJS.ProcessEnv, download: (dir: string) => Promise<DownloadResult>) {
  const printed: string[] = [];
  const warned: string[] = [];
  const outcome = installElectronBinary({ env, electronDir, download, now: () => NOW, print: (line) => printed.push(line), warn: (text) => warned.push(text) });
  return { outcome, printed, warned };
}

describe('installElectronBinary', () => {
  it('skips the download with one line when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and records the skip', async () => {
    const download = vi.fn(downloadThatWorks);
    const run = install({ ...WITHIN_INSTALL, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, download);
    expect(await run.outcome).toEqual({ outcome: 'skipped', exitCode: 0 });
    expect(download).not.toHaveBeenCalled();
    expect(run.printed).toEqual([expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD is set')]);
    expect(run.warned).toEqual([]);
    // npm start, in a shell without the variable, still knows the download was skipped on purpose.
    expect(locateElectron({ env: {}, electronDir })).toEqual({ kind: 'download-skipped', isSkipSet: true });
  });

  it('warns with the reason and how to retry when the download fails within npm install, records it, and does not fail', async () => {
    const run = install(WITHIN_INSTALL, downloadThatFails);
    expect(await run.outcome).toEqual({ outcome: 'failed', reason: REASON, exitCode: 0 });
    const warning = run.warned.join('\n');
    expect(warning).toContain('WARNING: the Electron binary could not be downloaded');
    expect(warning).toContain('npm install itself succeeded');
    expect(warning).toContain(`Reason: ${REASON}`);
    expect(warning).toContain('npm run postinstall');
    expect(warning).toContain(electronInstallRecordFile(electronDir));
    expect(JSON.parse(readFileSync(electronInstallRecordFile(electronDir), 'utf8'))).toEqual({
      outcome: 'failed',
      at: NOW.toISOString(),
      reason: REASON,
      output: expect.stringContaining('ClientRequest'),
      electronVersion: '39.8.10',
    });
    // npm start falls back to headless mode and says why.
    const location = locateElectron({ env: {}, electronDir });
    expect(location).toEqual({ kind: 'download-failed-at-install', reason: REASON, at: NOW.toISOString() });
    if (location.kind !== 'download-failed-at-install') throw new Error('unreachable');
    expect(describeMissingElectron(location)).toMatch(new RegExp(`download failed when npm install ran[\\s\\S]*${REASON}[\\s\\S]*npm run postinstall`));
  });

  it('fails a retry by hand (npm run postinstall) that fails again', async () => {
    const run = install({ npm_command: 'run' }, downloadThatFails);
    expect(await run.outcome).toEqual({ outcome: 'failed', reason: REASON, exitCode: 1 });
    expect(run.warned.join('\n')).toMatch(/^ERROR: the Electron binary could not be downloaded/m);
    expect(run.warned.join('\n')).not.toContain('npm install itself succeeded');
  });

  it('clears a recorded failure once a download succeeds', async () => {
    await install(WITHIN_INSTALL, downloadThatFails).outcome;
    const run = install({ npm_command: 'run' }, downloadThatWorks);
    expect(await run.outcome).toEqual({ outcome: 'installed', exitCode: 0 });
    expect(run.warned).toEqual([]);
    expect(readElectronInstallRecord(electronDir)).toBeNull();
    expect(locateElectron({ env: {}, electronDir })).toEqual({ kind: 'found', binary: join(electronDir, 'dist', 'electron') });
  });

  it('does nothing without the electron package (npm install --omit=dev)', async () => {
    const download = vi.fn(downloadThatWorks);
    const outcome = await installElectronBinary({ env: {}, electronDir: null, download, now: () => NOW, print: () => {}, warn: () => {} });
    expect(outcome).toEqual({ outcome: 'no-package', exitCode: 0 });
    expect(download).not.toHaveBeenCalled();
  });

  it('ignores a record about another electron version', async () => {
    await install(WITHIN_INSTALL, downloadThatFails).outcome;
    writeFileSync(join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '40.0.0' }));
    expect(readElectronInstallRecord(electronDir)).toBeNull();
    expect(locateElectron({ env: {}, electronDir })).toEqual({ kind: 'download-skipped', isSkipSet: false });
  });
});

describe('failureReason', () => {
  it("takes the error line of the installer's output", () => {
    expect(failureReason(`${REASON}\n    at ClientRequest.<anonymous> (index.js:970:111)\n`)).toBe(REASON);
    // An uncaught throw: node prints the source line first.
    const thrown = "/p/node_modules/electron/install.js:104\n      throw new Error('Electron builds are not available on platform: ' + platform);\n      ^\n\nError: Electron builds are not available on platform: aix\n    at getPlatformPath";
    expect(failureReason(thrown)).toBe('Error: Electron builds are not available on platform: aix');
    expect(failureReason('HTTPError: Response code 404 (Not Found) for https://github.com/electron/…')).toBe('HTTPError: Response code 404 (Not Found) for https://github.com/electron/…');
    expect(failureReason('\n')).toBeNull();
  });
});
