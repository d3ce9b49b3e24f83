/**
 * Runs `npm run serve` (the same command: tsx src-main/server/cli.ts) as a real child process for
 * end-to-end tests, and reads the URL it prints. `node --import tsx` instead of npm itself saves a
 * process layer and lets the test signal the server directly.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..', '..');

/** A running headless server process. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (graceful), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Start `serve` with these arguments (add `--port 0`); resolves once it prints its URL. Without a
 * `--data-dir` it gets a fresh one, removed at stop(): headless mode keeps its settings there, and a
 * save in one test must not reach another (or the user's own data directory).
 */
export async function startServeProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<ServeProcess> {
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
  const ownDir = args.includes('--data-dir') ? null : mkdtempSync(join(tmpdir(), 'sw-serve-'));
  const dirArgs = ownDir === null ? [] : ['--data-dir', ownDir];
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src-main', 'server', 'cli.ts'), ...args, ...dirArgs], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const removeOwnDir = (): void => {
    if (ownDir !== null) rmSync(ownDir, { recursive: true, force: true });
  };
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(removeOwnDir);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const check = (): void => {
      const match = /Stationwatch headless at (\S+?)\/? /.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${text}`));
    });
  });
  return {
    url,
    child,
    output: () => text,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
