// Types of postinstall.mjs, which plain Node runs (npm install), for the TypeScript tests that call it.

/** How one run of Electron's installer ended. */
export type DownloadResult = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly output: string };

/** What the postinstall did, and the exit code that says it. */
export type InstallOutcome =
  | { readonly outcome: 'no-package'; readonly exitCode: 0 }
  | { readonly outcome: 'skipped'; readonly exitCode: 0 }
  | { readonly outcome: 'installed'; readonly exitCode: 0 }
  | { readonly outcome: 'failed'; readonly reason: string; readonly exitCode: 0 | 1 };

export declare function installElectronBinary(input: {
  readonly env: NodeJS.ProcessEnv;
  readonly electronDir: string | null;
  readonly download: (electronDir: string) => Promise<DownloadResult>;
  readonly now: () => Date;
  readonly print: (line: string) => void;
  readonly warn: (text: string) => void;
}): Promise<InstallOutcome>;
export declare function failureReason(output: string): string | null;
