// The decisions of `npm start` (scripts/start.mjs), kept apart from its processes so tests can call them:
// where the Electron binary is or why it is not, and what an Electron exit means for the developer.
// `npm run smoke:electron` (scripts/smoke-electron.ts) asks the same questions. Plain JavaScript because
// plain Node runs start.mjs; start-lib.d.mts gives its types to the TypeScript that imports it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { readElectronInstallRecord } from './electron-install-record.mjs';

/** Runs this Electron binary instead of node_modules/electron's (tests use a stand-in script). */
export const ELECTRON_BINARY_VARIABLE = 'STATIONWATCH_ELECTRON_BINARY';

// Chromium's setuid_sandbox_host.cc aborts (SIGTRAP) with this line when it cannot get a sandbox.
const SUID_SANDBOX_MESSAGE = /The SUID sandbox helper binary was found, but is not configured correctly/;
const SUID_SANDBOX_PATH = /You need to make sure that (.+?) is owned by root and has mode 4755/;
const APPARMOR_PROFILE_NAME = 'stationwatch-dev-electron';

/** The files scripts/build.mjs writes (its bundle list, and Vite's page): any missing means a build is due. */
export const BUILD_OUTPUTS = [
  'dist/main/main.cjs',
  'dist/preload/preload.cjs',
  'dist/engine/engine-entry.cjs',
  'dist/engine/pglite-worker.cjs',
  'dist/engine/pglite.wasm',
  'dist/engine/pglite.data',
  'dist/engine/initdb.wasm',
  'dist/server/cli.cjs',
  'dist/renderer/index.html',
];

/** node_modules/electron/ (with a trailing separator), or null when the package is not installed. */
export function findElectronPackageDir() {
  try {
    return createRequire(import.meta.url).resolve('electron/package.json').replace(/package\.json$/, '');
  } catch {
    return null;
  }
}

/**
 * Where the Electron binary is, or why it is absent. `electronDir` is the electron package's directory
 * (ending in a separator), null when the package is not installed. Reads electron's path.txt directly:
 * require('electron') would try to download a missing binary. Without one, what our postinstall recorded
 * (scripts/postinstall.mjs) tells a skipped download from a failed one.
 */
export function locateElectron({ env, electronDir }) {
  const override = env[ELECTRON_BINARY_VARIABLE];
  if (override) return existsSync(override) ? { kind: 'found', binary: override } : { kind: 'override-missing', binary: override };
  if (electronDir === null) return { kind: 'package-missing' };
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    const record = readElectronInstallRecord(electronDir);
    if (record?.outcome === 'failed') return { kind: 'download-failed-at-install', reason: record.reason, at: record.at };
    return { kind: 'download-skipped', isSkipSet: Boolean(env.ELECTRON_SKIP_BINARY_DOWNLOAD) || record?.outcome === 'skipped' };
  }
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (existsSync(binary)) return { kind: 'found', binary };
  return env.ELECTRON_SKIP_BINARY_DOWNLOAD ? { kind: 'download-skipped', isSkipSet: true } : { kind: 'download-failed', binary };
}

/** What went wrong when locateElectron found no binary, and how to get one (what happens next is the caller's). */
export function describeMissingElectron(location) {
  // Not `npm rebuild electron`: package.json's allowScripts denies electron's own install script, which
  // scripts/postinstall.mjs runs instead.
  const retry = [
    '  To install it: unset ELECTRON_SKIP_BINARY_DOWNLOAD, then run `npm run postinstall`',
    '  (or `node node_modules/electron/install.js`). Behind a proxy or mirror, see ELECTRON_MIRROR in Electron\'s installation docs.',
  ];
  switch (location.kind) {
    case 'override-missing':
      return `${ELECTRON_BINARY_VARIABLE} names ${location.binary}, which does not exist.`;
    case 'package-missing':
      return 'The electron package is not installed (run `npm install`).';
    case 'download-skipped':
      return [
        location.isSkipSet
          ? 'The Electron binary is not installed: npm install skipped its download, as ELECTRON_SKIP_BINARY_DOWNLOAD was set.'
          : 'The Electron binary is not installed (node_modules/electron/path.txt is missing): npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or --ignore-scripts, or its download failed and npm install reported an error.',
        ...retry,
      ].join('\n');
    case 'download-failed-at-install':
      return [
        `The Electron binary is not installed: its download failed when npm install ran (${location.at}):`,
        `    ${location.reason}`,
        '  To retry the download: `npm run postinstall`. Behind a proxy or mirror, see ELECTRON_MIRROR in Electron\'s installation docs.',
      ].join('\n');
    case 'download-failed':
      return [
        `The Electron binary ${location.binary} is missing although its download was not skipped: the download or its extraction failed, or node_modules was copied from another platform.`,
        '  To download it again: run `npm run postinstall` or `node node_modules/electron/install.js` (set force_no_cache=true if the cached zip is damaged).',
      ].join('\n');
    default:
      throw new Error(`describeMissingElectron: unexpected location ${location.kind}`);
  }
}

/** The exit status a shell would report for a child that ended with `code` or was killed by `signal`. */
export function exitCodeOf({ code, signal }) {
  if (code !== null) return code;
  const number = signal === null ? undefined : constants.signals[signal];
  return number === undefined ? 1 : 128 + number;
}

/**
 * The exit code for Electron's exit, and an explanation when the developer has something to fix. `stderr`
 * is what Electron wrote there (the tail is enough: the sandbox abort is its last word).
 */
export function explainElectronExit({ code, signal, stderr, electronBinary }) {
  const exitCode = exitCodeOf({ code, signal });
  const sandboxExplanation = explainSandboxAbort({ stderr, electronBinary });
  if (sandboxExplanation !== null) return { exitCode, explanation: sandboxExplanation };
  if (signal !== null) return { exitCode, explanation: `Electron was ended by ${signal} (exit code ${exitCode}).` };
  return { exitCode, explanation: null };
}

/**
 * When `stderr` (Electron's, or an error message quoting it) has Chromium's SUID sandbox abort: what
 * happened and the two fixes, with the real paths; otherwise null.
 *
 * Ubuntu 23.10 and later let only AppArmor-profiled programs create unprivileged user namespaces, so
 * Chromium falls back to the setuid helper, which an npm install never makes setuid root
 * (https://github.com/electron/electron/issues/42510). The profile is the one Ubuntu 24.04's release notes
 * give for such programs, and the one electron-builder's deb installs for the packaged app.
 */
export function explainSandboxAbort({ stderr, electronBinary }) {
  if (!SUID_SANDBOX_MESSAGE.test(stderr)) return null;
  const sandboxPath = SUID_SANDBOX_PATH.exec(stderr)?.[1] ?? join(dirname(electronBinary), 'chrome-sandbox');
  const quotedSandbox = shellQuote(sandboxPath);
  const profileFile = `/etc/apparmor.d/${APPARMOR_PROFILE_NAME}`;
  return [
    '',
    'Electron stopped because Linux would not give it a sandbox.',
    '  This system (Ubuntu 23.10 or later, or another AppArmor setup) lets only programs with an AppArmor profile',
    '  create user namespaces, so Chromium fell back to its setuid helper, chrome-sandbox, which npm installed',
    '  without setuid root (https://github.com/electron/electron/issues/42510). Fix it once, either way:',
    '',
    '  1. Make the helper setuid root (again after each reinstall of the electron package):',
    `       sudo chown root:root ${quotedSandbox} && sudo chmod 4755 ${quotedSandbox}`,
    '',
    `  2. Or give this Electron binary an AppArmor profile that allows user namespaces (Ubuntu 24.04 release`,
    `     notes, "Unprivileged user namespace restrictions"): save as ${profileFile}`,
    '       abi <abi/4.0>,',
    '       include <tunables/global>',
    `       profile ${APPARMOR_PROFILE_NAME} ${JSON.stringify(electronBinary)} flags=(unconfined) {`,
    '         userns,',
    '       }',
    `     then load it: sudo apparmor_parser -r ${profileFile}`,
    '',
    '  Do not work around it with --no-sandbox: that turns off the Chromium sandbox the app relies on.',
  ].join('\n');
}

function shellQuote(text) {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The last `limit` characters of `text`: what start.mjs keeps of Electron's stderr to scan at exit. */
export function keepTail(text, limit) {
  return text.length > limit ? text.slice(text.length - limit) : text;
}
