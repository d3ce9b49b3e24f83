/**
 * Where the bundled engine (dist/engine/engine-entry.cjs) finds the PGlite worker, and the digests its
 * files must have. In the packaged app the engine runs from inside app.asar, which ASAR integrity
 * covers; a worker thread cannot start from inside the archive, so the worker and PGlite's WebAssembly
 * and data files alone are unpacked (electron-builder.yml asarUnpack) and checked against digests that
 * scripts/build.mjs writes into the engine bundle before they are run.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerFileDigests } from '../../adapters/pglite/worker-files';

/** Replaced by scripts/build.mjs (esbuild `define`) with the digests of the files beside the worker; absent from source. */
declare const __STATIONWATCH_WORKER_DIGESTS__: WorkerFileDigests | undefined;

/** The bundled worker and the digests to check before starting it. */
export interface BundledWorker {
  readonly url: URL;
  readonly digests: WorkerFileDigests;
}

/** The worker beside the engine bundle at `engineUrl`, or null when the engine runs from source (dev, tests). */
export function bundledWorker(engineUrl: string): BundledWorker | null {
  if (!engineUrl.endsWith('.cjs')) return null;
  if (typeof __STATIONWATCH_WORKER_DIGESTS__ === 'undefined') throw new Error('This engine bundle carries no digests for the embedded database worker; build it with npm run build.');
  return { url: unpackedUrl(new URL('./pglite-worker.cjs', engineUrl)), digests: __STATIONWATCH_WORKER_DIGESTS__ };
}

/** A file inside an app.asar archive as the path electron-builder unpacks it to (app.asar.unpacked); other paths as they are. */
export function unpackedUrl(url: URL): URL {
  return pathToFileURL(fileURLToPath(url).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2'));
}
