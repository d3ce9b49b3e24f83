// The engine's bundles, apart from scripts/build.mjs so tests can build them into a scratch directory:
//   <outDir>/engine-entry.cjs   the engine process (src-main/engine/process/engine-entry.ts)
//   <outDir>/pglite-worker.cjs  the embedded database thread (src-main/adapters/pglite/pglite-worker.ts), PGlite included
//   <outDir>/pglite.wasm, pglite.data, initdb.wasm   PGlite's WebAssembly and data files, which it loads beside itself
// In the packaged app the engine stays inside app.asar (ASAR integrity covers it); a worker thread cannot start
// from inside the archive, so the worker and PGlite's files are unpacked (electron-builder.yml asarUnpack, kept
// equal to UNPACKED_ENGINE_FILES by tests/unit/packaging.test.ts) and the engine checks their SHA-256 digests,
// written into its bundle here, before it starts the worker (src-main/adapters/pglite/worker-files.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** PGlite's files that its bundled code loads from beside itself (new URL('./pglite.wasm', import.meta.url)). */
export const PGLITE_FILES = ['pglite.wasm', 'pglite.data', 'initdb.wasm'];

/** Every file of the engine directory that runs from outside app.asar: the worker and PGlite's files. */
export const UNPACKED_ENGINE_FILES = ['pglite-worker.cjs', ...PGLITE_FILES];

// import.meta.url does not exist in CommonJS; the Node bundles locate their siblings with __filename.
export const NODE_BUNDLE_OPTIONS = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  bundle: true,
  sourcemap: true,
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};

/**
 * Builds the worker (with PGlite inside it, so nothing it runs comes from node_modules on disk), copies PGlite's
 * files beside it, and builds the engine with their digests. Returns the digests.
 */
export async function buildEngineBundles(outDir) {
  mkdirSync(outDir, { recursive: true });
  // ws is only reached by PGlite's socket emulation, which the worker never uses.
  await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: ['src-main/adapters/pglite/pglite-worker.ts'], outfile: join(outDir, 'pglite-worker.cjs'), external: ['ws'] });
  const pgliteDist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (const name of PGLITE_FILES) copyFileSync(join(pgliteDist, name), join(outDir, name));
  const digests = Object.fromEntries(UNPACKED_ENGINE_FILES.map((name) => [name, createHash('sha256').update(readFileSync(join(outDir, name))).digest('hex')]));
  // Node bundles keep node_modules external: the packaged app ships its dependencies inside app.asar.
  await build({
    ...NODE_BUNDLE_OPTIONS,
    entryPoints: ['src-main/engine/process/engine-entry.ts'],
    outfile: join(outDir, 'engine-entry.cjs'),
    packages: 'external',
    define: { ...NODE_BUNDLE_OPTIONS.define, __STATIONWATCH_WORKER_DIGESTS__: JSON.stringify(digests) },
  });
  return digests;
}
