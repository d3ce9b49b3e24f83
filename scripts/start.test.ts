/**
 * `npm start` against stand-in Electron binaries (shell scripts named by STATIONWATCH_ELECTRON_BINARY):
 * the exit code a shell would report, Electron's stderr passed through while it runs, and the explanation
 * of Ubuntu's sandbox abort. `--no-build` keeps the script from building dist/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const projectDir = resolve(import.meta.dirname, '..');

let scratch = '';
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'stationwatch-start-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A stand-in for the Electron binary: a shell script with this body. */
function fakeElectron(body: string): string {
  const binary = join(scratch, 'electron');
  // No core file from the SIGTRAP below.
  writeFileSync(binary, `#!/bin/sh\nulimit -c 0\n${body}\n`, { mode: 0o755 });
  return binary;
}

interface StartRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node scripts/start.mjs --no-build` with that binary; `onStderr` sees the stderr gathered so far. */
function runStart(binary: string, onStderr: (stderrSoFar: string) => void = () => {}): Promise<StartRun> {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
    cwd: projectDir,
    env: { ...process.env, STATIONWATCH_ELECTRON_BINARY: binary },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr(stderr);
  });
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolveRun({ exitCode, stdout, stderr }));
  });
}

const SUID_ABORT = (sandbox: string): string =>
  `[1:FATAL:setuid_sandbox_host.cc(163)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that ${sandbox} is owned by root and has mode 4755.`;

describe.skipIf(process.platform === 'win32')('npm start with an Electron binary', () => {
  it('explains the SUID sandbox abort with the real paths and exits 128 + SIGTRAP', async () => {
    const sandbox = join(scratch, 'chrome-sandbox');
    writeFileSync(join(scratch, 'abort.txt'), `${SUID_ABORT(sandbox)}\n`);
    const binary = fakeElectron(`cat '${join(scratch, 'abort.txt')}' >&2\nkill -TRAP $$`);
    const run = await runStart(binary);
    expect(run.exitCode).toBe(128 + constants.signals.SIGTRAP);
    expect(run.stderr).toContain('The SUID sandbox helper binary was found'); // Electron's own words still shown
    expect(run.stderr).toContain(`sudo chown root:root ${sandbox} && sudo chmod 4755 ${sandbox}`);
    expect(run.stderr).toContain(`profile stationwatch-dev-electron "${binary}" flags=(unconfined)`);
    expect(run.stderr).toContain('userns,');
    expect(run.stderr).toMatch(/Do not work around it with --no-sandbox/);
  });

  it('exits 128 + the signal number for any signal, without the sandbox advice', async () => {
    const run = await runStart(fakeElectron('kill -TERM $$'));
    expect(run.exitCode).toBe(128 + constants.signals.SIGTERM);
    expect(run.stderr).toContain('Electron was ended by SIGTERM');
    expect(run.stderr).not.toContain('chrome-sandbox');
  });

  it("passes on Electron's exit code, and a clean exit says nothing", async () => {
    expect((await runStart(fakeElectron('exit 3'))).exitCode).toBe(3);
    const clean = await runStart(fakeElectron('exit 0'));
    expect(clean).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  it("shows Electron's stderr while Electron runs, not only when it has exited", async () => {
    const released = join(scratch, 'released');
    // The stand-in waits until the test has seen its first line through start.mjs.
    const binary = fakeElectron(`echo 'window shown' >&2\nwhile [ ! -e '${released}' ]; do sleep 0.05; done\necho 'quitting' >&2`);
    const run = await runStart(binary, (stderrSoFar) => {
      if (stderrSoFar.includes('window shown') && !existsSync(released)) writeFileSync(released, '');
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('window shown\nquitting\n');
  });

  it('refuses a STATIONWATCH_ELECTRON_BINARY that does not exist instead of falling back', async () => {
    const run = await runStart(join(scratch, 'no-such-electron'));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('no-such-electron, which does not exist');
  });
});
