// What the last `npm install` did about Electron's binary when it did not install it: skipped on purpose
// (ELECTRON_SKIP_BINARY_DOWNLOAD) or failed, with the reason. scripts/postinstall.mjs writes it, `npm start`
// reads it (start-lib.mjs) to say why there is no binary. It lives in node_modules/.cache/, beside the electron
// package it is about, so a fresh node_modules starts without one.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The record's file for the electron package in `electronDir` (node_modules/electron/). */
export function electronInstallRecordFile(electronDir) {
  return join(electronDir, '..', '.cache', 'stationwatch', 'electron-install.json');
}

/** The installed electron package's version, or null when its package.json cannot be read. */
export function electronPackageVersion(electronDir) {
  try {
    return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** Records the outcome for this electron package (its version is added). */
export function writeElectronInstallRecord(electronDir, record) {
  const file = electronInstallRecordFile(electronDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...record, electronVersion: electronPackageVersion(electronDir) }, null, 2)}\n`);
  return file;
}

/** Forgets the outcome (the binary is installed). */
export function clearElectronInstallRecord(electronDir) {
  rmSync(electronInstallRecordFile(electronDir), { force: true });
}

/**
 * The recorded outcome, or null when there is none, it cannot be read, or it is about another version of
 * electron than the one installed now (an upgrade that did not run our postinstall).
 */
export function readElectronInstallRecord(electronDir) {
  try {
    const record = JSON.parse(readFileSync(electronInstallRecordFile(electronDir), 'utf8'));
    const isCurrent = record.electronVersion !== null && record.electronVersion === electronPackageVersion(electronDir);
    return isCurrent && (record.outcome === 'skipped' || record.outcome === 'failed') ? record : null;
  } catch {
    return null;
  }
}
