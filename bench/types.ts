/** One benchmark measurement as bench/results.json stores it (docs/DESIGN.md, "Benchmark results"). */
export interface BenchResult {
  median: number;
  p95?: number;
  unit: string;
  runs: number;
  [extra: string]: unknown;
}

/** What the runner passes to every suite. */
export interface BenchOptions {
  /** A short run (CI, smoke checks): fewer and smaller repetitions. */
  quick: boolean;
}

/** A suite module in bench/suites/: `export async function run(options)`. Throw `new Error('skip: reason')` to be skipped. */
export interface BenchSuite {
  run(options: BenchOptions): Promise<Record<string, BenchResult>>;
}

/** The file bench/results.json. */
export interface BenchResultsFile {
  when: string;
  machine: { cpus: number; node: string; [extra: string]: unknown };
  results: Record<string, BenchResult>;
}
