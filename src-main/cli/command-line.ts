/**
 * What every command line (`npm run serve`, `core`, `simulate`, `replay`, `bench`) does with its arguments,
 * so they all behave alike: `--help` or `-h` prints the usage and exits 0; a mistake prints what is wrong,
 * points at `--help` and exits 2, the shell's code for a usage error (bash builtins, getopt, Python's
 * argparse). Each command parses its own options with node:util `parseArgs` in strict mode, so an unknown
 * option is refused by name.
 */
import { parseArgs } from 'node:util';

/** The exit code of a mistake on the command line. */
export const USAGE_ERROR_EXIT_CODE = 2;

/** A command: how the user types it, its usage text, and its parser. */
export interface CommandLineSpec<T> {
  /** As the user types it, e.g. `npm run replay`; the pointer at --help names it. */
  readonly command: string;
  readonly usage: string;
  /** Parses the arguments (help is handled before); throws an Error saying what is wrong. */
  readonly parse: (argv: readonly string[]) => T;
}

/** What to do with a command line: run with the options, or print a text and exit. */
export type CommandLineOutcome<T> =
  | { readonly kind: 'run'; readonly options: T }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'mistake'; readonly text: string };

/** True when --help or -h is given as an option (not after `--`, not as another option's `=value`). */
export function isHelpRequested(argv: readonly string[]): boolean {
  // Not strict and no option list: only the shape of the arguments matters here.
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && (token.name === 'help' || token.name === 'h'));
}

/** Decides what a command line asks for, without printing or exiting. */
export function readCommandLine<T>(argv: readonly string[], spec: CommandLineSpec<T>): CommandLineOutcome<T> {
  if (isHelpRequested(argv)) return { kind: 'help', text: spec.usage };
  try {
    return { kind: 'run', options: spec.parse(argv) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'mistake', text: `${message}\nRun \`${spec.command} -- --help\` for the usage.` };
  }
}

/**
 * The options of this process's command line. Prints the usage and exits 0 on --help; prints the mistake
 * and exits 2 on a bad command line.
 */
export function commandLineOptions<T>(spec: CommandLineSpec<T>): T {
  const outcome = readCommandLine(process.argv.slice(2), spec);
  switch (outcome.kind) {
    case 'run':
      return outcome.options;
    case 'help':
      process.stdout.write(`${outcome.text}\n`);
      return process.exit(0);
    case 'mistake':
      process.stderr.write(`${outcome.text}\n`);
      return process.exit(USAGE_ERROR_EXIT_CODE);
  }
}
