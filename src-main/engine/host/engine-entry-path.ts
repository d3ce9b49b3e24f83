/**
 * Where the engine entry lives. In development and tests the TypeScript source is
 * `src-main/engine/process/engine-entry.ts` and runs under tsx; from a bundle it is `dist/engine/engine-entry.cjs`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A script to run as the engine, and whether it needs the tsx loader (a .ts file). */
export interface EngineEntry {
  readonly path: string;
  readonly isTypeScript: boolean;
}

/** This module's directory, under ESM (tsx, vitest) or inside a CJS bundle (esbuild empties import.meta). */
function currentDir(): string {
  const url = (import.meta as { url?: string }).url;
  if (typeof url === 'string' && url.length > 0) return dirname(fileURLToPath(url));
  return __dirname;
}

/**
 * The default engine entry: `../process/engine-entry.ts` from this module (host/) in dev, else the
 * bundled `engine-entry.cjs` beside this bundle or in `../engine/`.
 */
export function defaultEngineEntry(): EngineEntry {
  const dir = currentDir();
  const candidates = [join(dir, '..', 'process', 'engine-entry.ts'), join(dir, 'engine-entry.cjs'), join(dir, '..', 'engine', 'engine-entry.cjs')];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`Engine entry not found; looked at ${candidates.join(', ')}. Run npm run build.`);
  return engineEntry(found);
}

/** Describe an explicit entry path (tests pass their own entry scripts). */
export function engineEntry(path: string): EngineEntry {
  return { path, isTypeScript: path.endsWith('.ts') };
}

/** `--import` argument that registers tsx, resolved from this project so the cwd does not matter. */
export function tsxImportArgs(): string[] {
  const require = createRequire(join(currentDir(), 'noop.js'));
  return ['--import', pathToFileURL(require.resolve('tsx')).href];
}

/** File URL of tsx's ESM register API, for worker threads (which ignore --import in execArgv on Node 20). */
export function tsxApiUrl(): string {
  // require.resolve picks the CJS build of the API, which cannot register ESM hooks; take the .mjs.
  const require = createRequire(join(currentDir(), 'noop.js'));
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
}
