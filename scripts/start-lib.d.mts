// Types of start-lib.mjs, which plain Node runs (npm start), for the TypeScript tests that call it.

/** Where the Electron binary is, or why there is none. */
export type ElectronLocation =
  | { readonly kind: 'found'; readonly binary: string }
  | { readonly kind: 'override-missing'; readonly binary: string }
  | { readonly kind: 'package-missing' }
  | { readonly kind: 'download-skipped'; readonly isSkipSet: boolean }
  | { readonly kind: 'download-failed-at-install'; readonly reason: string; readonly at: string }
  | { readonly kind: 'download-failed'; readonly binary: string };

/** How a child process ended, as node:child_process reports it. */
export interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export declare const ELECTRON_BINARY_VARIABLE: 'STATIONWATCH_ELECTRON_BINARY';
export declare const BUILD_OUTPUTS: readonly string[];
export declare function findElectronPackageDir(): string | null;
export declare function locateElectron(input: { readonly env: NodeJS.ProcessEnv; readonly electronDir: string | null }): ElectronLocation;
export declare function describeMissingElectron(location: Exclude<ElectronLocation, { kind: 'found' }>): string;
export declare function exitCodeOf(end: ChildEnd): number;
export declare function explainElectronExit(input: ChildEnd & { readonly stderr: string; readonly electronBinary: string }): { exitCode: number; explanation: string | null };
export declare function explainSandboxAbort(input: { readonly stderr: string; readonly electronBinary: string }): string | null;
export declare function keepTail(text: string, limit: number): string;
