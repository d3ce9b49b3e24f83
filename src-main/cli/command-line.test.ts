import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHelpRequested, readCommandLine } from './command-line';

const projectDir = resolve(import.meta.dirname, '../..');

describe('isHelpRequested', () => {
  it('finds --help and -h among the options, also in a group of short flags', () => {
    expect(isHelpRequested(['--help'])).toBe(true);
    expect(isHelpRequested(['-h'])).toBe(true);
    expect(isHelpRequested(['recording.csv', '--dry-run', '-h'])).toBe(true);
    expect(isHelpRequested(['-qh'])).toBe(true);
  });

  it('ignores them after -- and as the value of another option', () => {
    expect(isHelpRequested([])).toBe(false);
    expect(isHelpRequested(['--', '--help'])).toBe(false);
    expect(isHelpRequested(['--topic=--help'])).toBe(false);
    expect(isHelpRequested(['--helpful'])).toBe(false);
  });
});

describe('readCommandLine', () => {
  const spec = {
    command: 'npm run example',
    usage: 'usage: npm run example -- --n <count>',
    parse: (argv: readonly string[]): number => {
      if (argv[0] !== '--n' || argv[1] === undefined) throw new Error('--n is required');
      return Number(argv[1]);
    },
  };

  it('runs with the parsed options', () => {
    expect(readCommandLine(['--n', '3'], spec)).toEqual({ kind: 'run', options: 3 });
  });

  it('answers --help with the usage before parsing anything else', () => {
    expect(readCommandLine(['--bogus', '--help'], spec)).toEqual({ kind: 'help', text: spec.usage });
  });

  it('turns a parse error into the mistake and a pointer at --help', () => {
    expect(readCommandLine([], spec)).toEqual({ kind: 'mistake', text: '--n is required\nRun `npm run example -- --help` for the usage.' });
  });
});

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const packageScripts = (JSON.parse(readFileSync(resolve(projectDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * `npm run <script> -- <args>` as a real process: the file package.json's `tsx <file>` script names, run by
 * node with tsx's loader (what the tsx command does, without npm's and tsx's extra start-up time).
 */
function npmRun(script: string, args: readonly string[]): Promise<Run> {
  const file = /^tsx (\S+)$/.exec(packageScripts[script] ?? '')?.[1];
  if (file === undefined) throw new Error(`package.json has no "tsx <file>" script ${script}`);
  return new Promise((resolveRun) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { cwd: projectDir, timeout: 60_000 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolveRun({ exitCode, stdout, stderr });
    });
  });
}

// Every option each command accepts: its --help must name them all.
const COMMANDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['serve', ['--port', '--host', '--config', '--data-dir', '--tls-cert', '--tls-key', '--insecure-http', '--stations', '--seed', '--speed', '--scenario', '--no-outliers', '--database']],
  ['core', ['--simulate', '--duration', '--scenario', '--stations', '--rate', '--seed', '--speed', '--no-outliers']],
  ['simulate', ['--kafka', '--topic', '--stations', '--rate', '--duration', '--count', '--seed', '--scenario', '--fast']],
  ['replay', ['--format', '--station-col', '--time-col', '--time-format', '--metrics', '--metric-col', '--value-col', '--kafka', '--topic', '--speed', '--key', '--dry-run']],
  ['bench', ['--quick', '--only']],
];

describe.concurrent.each(COMMANDS)('npm run %s', (script, options) => {
  it('answers --help with its usage: every option, the defaults and an example; exit code 0', { timeout: 60_000 }, async () => {
    const run = await npmRun(script, ['--help']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: npm run ${script} -- `));
    for (const option of [...options, '-h, --help']) expect(run.stdout).toContain(option);
    expect(run.stdout).toContain('Options [default]:');
    expect(run.stdout).toMatch(new RegExp(`Example:\\n  npm run ${script} -- \\S`));
  });

  it('refuses an unknown option by name, points at --help and exits 2', { timeout: 60_000 }, async () => {
    const run = await npmRun(script, ['--bogus']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain(`Run \`npm run ${script} -- --help\` for the usage.`);
  });
});

it('answers -h like --help', { timeout: 60_000 }, async () => {
  const [short, long] = await Promise.all([npmRun('replay', ['-h']), npmRun('replay', ['--help'])]);
  expect(short.exitCode).toBe(0);
  expect(short).toEqual(long);
});
