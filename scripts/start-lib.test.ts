import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeMissingElectron, exitCodeOf, explainElectronExit, locateElectron } from './start-lib.mjs';

describe('locateElectron', () => {
  let electronDir = '';
  beforeEach(() => {
    electronDir = `${mkdtempSync(join(tmpdir(), 'stationwatch-electron-package-'))}/`;
  });
  afterEach(() => {
    rmSync(electronDir, { recursive: true, force: true });
  });

  function install(relativeBinary: string, options: { readonly isBinaryPresent: boolean }): string {
    writeFileSync(join(electronDir, 'path.txt'), relativeBinary);
    const binary = join(electronDir, 'dist', relativeBinary);
    if (options.isBinaryPresent) {
      mkdirSync(join(electronDir, 'dist'), { recursive: true });
      writeFileSync(binary, '');
    }
    return binary;
  }

  it('finds the binary path.txt names', () => {
    const binary = install('electron', { isBinaryPresent: true });
    expect(locateElectron({ env: {}, electronDir })).toEqual({ kind: 'found', binary });
  });

  it('calls a missing path.txt a skipped download, and says so with how to retry', () => {
    const location = locateElectron({ env: {}, electronDir });
    expect(location).toEqual({ kind: 'download-skipped', isSkipSet: false });
    if (location.kind !== 'download-skipped') throw new Error('unreachable');
    const text = describeMissingElectron(location);
    expect(text).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD=1/);
    expect(text).toContain('node node_modules/electron/install.js');
    // Not `npm rebuild electron`: package.json's allowScripts denies electron's own script (scripts/postinstall.mjs runs it).
    expect(text).toContain('npm run postinstall');
  });

  it('names ELECTRON_SKIP_BINARY_DOWNLOAD when it is set', () => {
    install('electron', { isBinaryPresent: false });
    const location = locateElectron({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, electronDir });
    expect(location).toEqual({ kind: 'download-skipped', isSkipSet: true });
  });

  it('calls a binary missing after a download that was not skipped a failed download', () => {
    const binary = install('electron', { isBinaryPresent: false });
    const location = locateElectron({ env: {}, electronDir });
    expect(location).toEqual({ kind: 'download-failed', binary });
    if (location.kind !== 'download-failed') throw new Error('unreachable');
    expect(describeMissingElectron(location)).toMatch(/download or its extraction failed[\s\S]*node node_modules\/electron\/install\.js/);
  });

  it('prefers STATIONWATCH_ELECTRON_BINARY, and reports one that does not exist', () => {
    const binary = install('electron', { isBinaryPresent: true });
    expect(locateElectron({ env: { STATIONWATCH_ELECTRON_BINARY: binary }, electronDir: null })).toEqual({ kind: 'found', binary });
    expect(locateElectron({ env: { STATIONWATCH_ELECTRON_BINARY: '/nowhere/electron' }, electronDir })).toEqual({ kind: 'override-missing', binary: '/nowhere/electron' });
  });

  it('reports a missing electron package', () => {
    expect(locateElectron({ env: {}, electronDir: null })).toEqual({ kind: 'package-missing' });
  });
});

describe('exit codes', () => {
  it('passes a code on, and turns a signal into 128 + its number as a shell does', () => {
    expect(exitCodeOf({ code: 0, signal: null })).toBe(0);
    expect(exitCodeOf({ code: 2, signal: null })).toBe(2);
    expect(exitCodeOf({ code: null, signal: 'SIGKILL' })).toBe(128 + constants.signals.SIGKILL);
    expect(exitCodeOf({ code: null, signal: 'SIGTRAP' })).toBe(128 + constants.signals.SIGTRAP);
  });
});

describe('explainElectronExit', () => {
  const electronBinary = '/home/dev/stationwatch/node_modules/electron/dist/electron';
  const abort = (sandbox: string): string =>
    `[9:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that ${sandbox} is owned by root and has mode 4755.\n`;

  it('explains the sandbox abort with the path Chromium names', () => {
    const sandbox = '/home/dev/stationwatch/node_modules/electron/dist/chrome-sandbox';
    const { exitCode, explanation } = explainElectronExit({ code: null, signal: 'SIGTRAP', stderr: `noise\n${abort(sandbox)}`, electronBinary });
    expect(exitCode).toBe(128 + constants.signals.SIGTRAP);
    expect(explanation).toContain(`sudo chown root:root ${sandbox} && sudo chmod 4755 ${sandbox}`);
    expect(explanation).toContain(`profile stationwatch-dev-electron "${electronBinary}" flags=(unconfined) {`);
    expect(explanation).toContain('sudo apparmor_parser -r /etc/apparmor.d/stationwatch-dev-electron');
    expect(explanation).not.toMatch(/^\s*(electron|npm start).*--no-sandbox/m);
  });

  it('quotes a sandbox path with spaces for the shell', () => {
    const sandbox = "/home/dev/my apps/it's/chrome-sandbox";
    const { explanation } = explainElectronExit({ code: null, signal: 'SIGTRAP', stderr: abort(sandbox), electronBinary });
    expect(explanation).toContain(`sudo chmod 4755 '/home/dev/my apps/it'\\''s/chrome-sandbox'`);
  });

  it('falls back to the chrome-sandbox beside the binary when the message names none', () => {
    const stderr = 'The SUID sandbox helper binary was found, but is not configured correctly.';
    const { explanation } = explainElectronExit({ code: null, signal: 'SIGTRAP', stderr, electronBinary });
    expect(explanation).toContain('sudo chmod 4755 /home/dev/stationwatch/node_modules/electron/dist/chrome-sandbox');
  });

  it('says which signal ended Electron otherwise, and nothing after a normal exit', () => {
    expect(explainElectronExit({ code: null, signal: 'SIGSEGV', stderr: '', electronBinary }).explanation).toBe(`Electron was ended by SIGSEGV (exit code ${128 + constants.signals.SIGSEGV}).`);
    expect(explainElectronExit({ code: 0, signal: null, stderr: 'some warning', electronBinary })).toEqual({ exitCode: 0, explanation: null });
  });
});
