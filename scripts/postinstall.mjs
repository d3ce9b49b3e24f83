// The project's own postinstall (`npm install` runs it after the dependencies): installs Electron's binary in
// place of the electron package's postinstall, which package.json's allowScripts denies.
//
// Why: electron's postinstall downloads the binary (from GitHub, or ELECTRON_MIRROR) and fails the whole
// `npm install` when it cannot. Run from here, a failed download prints a WARNING with the reason and how to
// retry, and is recorded (electron-install-record.mjs) so that `npm start` says it again when it runs headless
// mode instead of the desktop app; the install itself succeeds. Run by hand to retry (`npm run postinstall`),
// a failure is an error. ELECTRON_SKIP_BINARY_DOWNLOAD=1 (CI) skips the download with one line.
//
// package.json "allowScripts" (https://docs.npmjs.com/cli/commands/npm-install-scripts; npm 11.16 and later
// read it, and npm 12 runs no dependency install script it does not allow; checked with npm 11.19, where a
// `false` entry skips the script. npm 10 ignores it, so there electron's own postinstall still runs):
//   electron: false            run from here instead, as above
//   esbuild: true              its postinstall checks the platform's esbuild binary and fetches it when the
//                              optional dependency that carries it is missing; any version, as vite and tsx
//                              each bring their own
//   electron-winstaller: false copies 7-Zip for Squirrel.Windows installers; we build NSIS (electron-builder.yml)
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { clearElectronInstallRecord, writeElectronInstallRecord } from './electron-install-record.mjs';
import { findElectronPackageDir, keepTail } from './start-lib.mjs';

const INSTALLER_OUTPUT_CHARS = 16 * 1024;

/**
 * Downloads Electron's binary unless ELECTRON_SKIP_BINARY_DOWNLOAD is set, and records a skip or a failure
 * for `npm start`. `download` runs the installer and resolves to `{ ok: true }` or `{ ok: false, reason,
 * output }`; `print` and `warn` are stdout and stderr. A failed download is a warning and exit code 0 within
 * an install, and an error (exit code 1) when run by hand to retry.
 */
export async function installElectronBinary({ env, electronDir, download, now, print, warn }) {
  // `npm install --omit=dev` leaves electron, a devDependency, out: nothing to do.
  if (electronDir === null) return { outcome: 'no-package', exitCode: 0 };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    writeElectronInstallRecord(electronDir, { outcome: 'skipped', at: now().toISOString() });
    print('postinstall: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary is not downloaded (`npm start` runs headless mode).');
    return { outcome: 'skipped', exitCode: 0 };
  }
  const result = await download(electronDir);
  if (result.ok) {
    clearElectronInstallRecord(electronDir);
    return { outcome: 'installed', exitCode: 0 };
  }
  const recordFile = writeElectronInstallRecord(electronDir, { outcome: 'failed', at: now().toISOString(), reason: result.reason, output: result.output });
  // npm names its command in npm_command: install, ci, … within an install; `run` for `npm run postinstall`.
  // Plain `node scripts/postinstall.mjs` has none.
  const isWithinInstall = env.npm_command !== undefined && env.npm_command !== 'run' && env.npm_command !== 'run-script';
  warn(describeDownloadFailure(result.reason, recordFile, isWithinInstall));
  return { outcome: 'failed', reason: result.reason, exitCode: isWithinInstall ? 0 : 1 };
}

/** The warning (within an install) or error (a retry by hand) for a failed download: what it means, why, and how to retry. */
function describeDownloadFailure(reason, recordFile, isWithinInstall) {
  return [
    '',
    `${isWithinInstall ? 'WARNING' : 'ERROR'}: the Electron binary could not be downloaded, so \`npm start\` will run headless mode (the`,
    `app in a browser) instead of the desktop app.${isWithinInstall ? ' npm install itself succeeded.' : ''}`,
    `  Reason: ${reason}`,
    '  To retry the download: npm run postinstall',
    "  Behind a proxy or with a mirror: see ELECTRON_MIRROR and ELECTRON_GET_USE_PROXY in Electron's installation",
    '  docs (https://www.electronjs.org/docs/latest/tutorial/installation). To skip the download on purpose (CI):',
    '  ELECTRON_SKIP_BINARY_DOWNLOAD=1.',
    `  The installer's full output is in ${recordFile}.`,
    '',
  ].join('\n');
}

/** Runs the electron package's own installer (install.js) and keeps its stderr for the reason of a failure. */
function runElectronInstaller(electronDir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['install.js'], { cwd: electronDir, stdio: ['ignore', 'inherit', 'pipe'] });
    let output = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => (output = keepTail(output + text, INSTALLER_OUTPUT_CHARS)));
    child.on('error', (error) => resolve({ ok: false, reason: error.message, output }));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: failureReason(output) ?? `Electron's install.js ended with ${code ?? signal}`, output });
    });
  });
}

/** The error line of the installer's output ("RequestError: getaddrinfo ENOTFOUND github.com"), if any. */
export function failureReason(output) {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /^(\w+)?Error\b/.test(line)) ?? lines[0] ?? null;
}

async function main() {
  const electronDir = findElectronPackageDir();
  if (electronDir !== null && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) console.log('postinstall: making sure the Electron binary is installed (node_modules/electron/install.js)…');
  const { exitCode } = await installElectronBinary({
    env: process.env,
    electronDir,
    download: runElectronInstaller,
    now: () => new Date(),
    print: (line) => console.log(line),
    warn: (text) => console.error(text),
  });
  process.exitCode = exitCode;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
