// `npm start`: build what is missing, then run the desktop app. Where the Electron binary is absent
// (CI machines install with ELECTRON_SKIP_BINARY_DOWNLOAD=1), say why and how to get it, and run headless
// mode instead. The exit code is Electron's, or 128 + the signal number when a signal ended it, as a shell
// reports it.
//   --rebuild    build even when dist/ is complete
//   --no-build   never build (tests run this script against a stand-in Electron binary)
//   STATIONWATCH_ELECTRON_BINARY=<path>  run that Electron binary instead of node_modules/electron's
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILD_OUTPUTS, describeMissingElectron, exitCodeOf, explainElectronExit, findElectronPackageDir, keepTail, locateElectron } from './start-lib.mjs';

// Enough of Electron's stderr to find the sandbox abort, which is its last word.
const STDERR_TAIL_CHARS = 64 * 1024;
const STDERR_DRAIN_MS = 1000;

const isBuildWanted = !process.argv.includes('--no-build');
const isDistIncomplete = BUILD_OUTPUTS.some((file) => !existsSync(file));
if (isBuildWanted && (isDistIncomplete || process.argv.includes('--rebuild'))) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const location = locateElectron({ env: process.env, electronDir: findElectronPackageDir() });
if (location.kind === 'found') {
  runElectron(location.binary);
} else if (location.kind === 'override-missing') {
  console.error(describeMissingElectron(location));
  process.exit(1);
} else {
  console.log(`${describeMissingElectron(location)}\n  Starting headless mode instead: open http://127.0.0.1:8080`);
  const child = spawn(process.execPath, ['dist/server/cli.cjs', '--port', '8080'], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(exitCodeOf({ code, signal })));
}

/** Electron with its stderr passed through live and scanned, so a sandbox abort gets explained. */
function runElectron(binary) {
  const child = spawn(binary, ['.'], { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    process.stderr.write(text);
    stderrTail = keepTail(stderrTail + text, STDERR_TAIL_CHARS);
  });
  // Ctrl+C reaches Electron too (the terminal signals the whole process group) and Electron quits on it:
  // stay until it has, or its last words would go to a closed pipe. A second Ctrl+C ends this script at once.
  process.once('SIGINT', () => {});
  // A SIGTERM sent to this script alone is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`start: could not run ${binary}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const finish = () => {
      const { exitCode, explanation } = explainElectronExit({ code, signal, stderr: stderrTail, electronBinary: binary });
      if (explanation !== null) console.error(explanation);
      process.exit(exitCode);
    };
    // The rest of stderr may still be in the pipe; but a helper process Electron left behind (crashpad) can
    // hold the pipe open, so do not wait for it to close for long.
    if (child.stderr.readableEnded) finish();
    child.stderr.once('end', finish);
    setTimeout(finish, STDERR_DRAIN_MS).unref();
  });
}
