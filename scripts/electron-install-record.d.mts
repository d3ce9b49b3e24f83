// Types of electron-install-record.mjs, which plain Node runs (npm install, npm start), for the TypeScript
// that imports it.

/** What the last `npm install` did about Electron's binary when it did not install it. */
export type ElectronInstallRecord =
  | { readonly outcome: 'skipped'; readonly at: string; readonly electronVersion: string | null }
  | { readonly outcome: 'failed'; readonly at: string; readonly reason: string; readonly output: string; readonly electronVersion: string | null };

/** A record as written: the version is added from the electron package. */
export type NewElectronInstallRecord =
  | { readonly outcome: 'skipped'; readonly at: string }
  | { readonly outcome: 'failed'; readonly at: string; readonly reason: string; readonly output: string };

export declare function electronInstallRecordFile(electronDir: string): string;
export declare function electronPackageVersion(electronDir: string): string | null;
export declare function writeElectronInstallRecord(electronDir: string, record: NewElectronInstallRecord): string;
export declare function clearElectronInstallRecord(electronDir: string): void;
export declare function readElectronInstallRecord(electronDir: string): ElectronInstallRecord | null;
