// Types of engine-bundles.mjs, which plain Node runs (npm run build), for the TypeScript tests that call it.

/** PGlite's files that its bundled code loads from beside itself. */
export declare const PGLITE_FILES: readonly string[];
/** Every file of the engine directory that runs from outside app.asar: the worker and PGlite's files. */
export declare const UNPACKED_ENGINE_FILES: readonly string[];
/** esbuild options every Node bundle shares. */
export declare const NODE_BUNDLE_OPTIONS: Readonly<Record<string, unknown>>;
/** Builds the engine and its PGlite worker into `outDir` (relative to the current directory: run from the project root); returns the worker files' SHA-256 digests. */
export declare function buildEngineBundles(outDir: string): Promise<Readonly<Record<string, string>>>;
