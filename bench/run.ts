// The benchmark runner (`npm run bench [-- --quick] [--only <suite>]`; `--help` lists the suites): runs
// every module in bench/suites/, merges the results into bench/results.json (docs/DESIGN.md, "Benchmark results") so suites
// run separately keep each other's numbers, and prints a table. A suite that throws "skip: reason" is
// reported as skipped; a suite that fails does not stop the others but makes the exit code 1.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { commandLineOptions } from '../src-main/cli/command-line';
import type { BenchResult, BenchResultsFile, BenchSuite } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(here, 'results.json');

/** Command-line flags. */
interface Flags {
  readonly quick: boolean;
  readonly only: string | null;
}

const SUITE_NAMES = readdirSync(join(here, 'suites'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => basename(file, '.ts'))
  .sort();

const USAGE = `usage: npm run bench -- [options]

Runs the benchmark suites, merges their results into bench/results.json and prints a table.

Options [default]:
  --quick          fewer and shorter runs, for a quick look [off]
  --only <suite>   run one suite: ${SUITE_NAMES.join(', ')} [all]
  -h, --help       print this help

Example:
  npm run bench -- --quick --only aggregate`;

function parseFlags(argv: readonly string[]): Flags {
  const { values } = parseArgs({ args: [...argv], strict: true, options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  if (values.only !== undefined && !SUITE_NAMES.includes(values.only)) throw new Error(`no suite "${values.only}"; suites: ${SUITE_NAMES.join(', ')}`);
  return { quick: values.quick, only: values.only ?? null };
}

function readExisting(): Record<string, BenchResult> {
  if (!existsSync(resultsPath)) return {};
  try {
    const parsed = JSON.parse(readFileSync(resultsPath, 'utf8')) as Partial<BenchResultsFile>;
    return parsed.results ?? {};
  } catch {
    return {};
  }
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(4);
}

async function main(): Promise<void> {
  const flags = commandLineOptions({ command: 'npm run bench', usage: USAGE, parse: parseFlags });
  const fresh: Record<string, BenchResult> = {};
  const rows: string[][] = [];
  let failed = false;
  for (const name of flags.only === null ? SUITE_NAMES : [flags.only]) {
    const started = performance.now();
    try {
      const suite = (await import(pathToFileURL(join(here, 'suites', `${name}.ts`)).href)) as BenchSuite;
      const results = await suite.run({ quick: flags.quick });
      for (const [key, result] of Object.entries(results)) {
        fresh[key] = result;
        rows.push([key, format(result.median), result.p95 === undefined ? '' : format(result.p95), result.unit, String(result.runs)]);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith('skip:')) rows.push([`${name} (skipped)`, '', '', message.slice(5).trim(), '']);
      else {
        failed = true;
        rows.push([`${name} (FAILED)`, '', '', message, '']);
        console.error(error);
      }
    }
    console.error(`suite ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const file: BenchResultsFile = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, model: cpus()[0]?.model ?? 'unknown' },
    results: { ...readExisting(), ...fresh },
  };
  writeFileSync(resultsPath, `${JSON.stringify(file, null, 2)}\n`);
  printTable([['name', 'median', 'p95', 'unit', 'runs'], ...rows]);
  console.log(`\nwrote ${resultsPath}${flags.quick ? ' (quick run)' : ''}`);
  if (failed) process.exitCode = 1;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  '));
}

await main();
