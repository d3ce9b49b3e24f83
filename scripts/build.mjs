// Builds everything the app runs from: the renderer (Vite) and the Node/Electron bundles (esbuild).
//   dist/renderer/          React UI
//   dist/main/main.cjs      Electron main process          (src-main/electron/app/main.ts)
//   dist/preload/preload.cjs  the preload, one file         (src-main/electron/ipc/preload.ts)
//   dist/engine/engine-entry.cjs  the engine process        (src-main/engine/process/engine-entry.ts)
//   dist/engine/pglite-worker.cjs the embedded database thread (src-main/adapters/pglite/pglite-worker.ts)
//   dist/server/cli.cjs     headless mode                   (src-main/server/cli.ts)
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { build as viteBuild } from 'vite';

const bundles = [
  // Node bundles keep node_modules external: the packaged app ships its dependencies, and PGlite loads
  // its WebAssembly files relative to its own package.
  { entry: 'src-main/electron/app/main.ts', out: 'dist/main/main.cjs', packages: 'external', node: true },
  // The sandboxed preload can require nothing but electron, so it is bundled whole, for the browser: it
  // gets no __filename and no Node built-ins (Electron's sandbox tutorial, "Preload scripts"), so it
  // carries no banner and may import no node:* module (the build fails if it does).
  { entry: 'src-main/electron/ipc/preload.ts', out: 'dist/preload/preload.cjs', external: ['electron'], node: false },
  { entry: 'src-main/engine/process/engine-entry.ts', out: 'dist/engine/engine-entry.cjs', packages: 'external', node: true },
  { entry: 'src-main/adapters/pglite/pglite-worker.ts', out: 'dist/engine/pglite-worker.cjs', packages: 'external', node: true },
  { entry: 'src-main/server/cli.ts', out: 'dist/server/cli.cjs', packages: 'external', node: true },
];

// import.meta.url does not exist in CommonJS; the Node bundles locate their siblings with __filename.
const nodeOptions = {
  platform: 'node',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const sandboxedPreloadOptions = { platform: 'browser' };

const onlyRenderer = process.argv.includes('--renderer');
const skipRenderer = process.argv.includes('--no-renderer');

if (!skipRenderer) {
  // Vite's JavaScript API, not `npx vite`: npx is npx.cmd on Windows, which execFile cannot start without a
  // shell (Node's child_process docs, "Spawning .bat and .cmd files on Windows").
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
if (!onlyRenderer) {
  for (const dir of ['dist/main', 'dist/preload', 'dist/engine', 'dist/server']) rmSync(dir, { recursive: true, force: true });
  const missing = bundles.filter((b) => !existsSync(b.entry));
  if (missing.length > 0) throw new Error(`build: missing entry points: ${missing.map((b) => b.entry).join(', ')}`);
  await Promise.all(
    bundles.map((b) =>
      build({
        entryPoints: [b.entry],
        outfile: b.out,
        bundle: true,
        format: 'cjs',
        target: b.node ? 'node20' : 'chrome130',
        sourcemap: true,
        ...(b.packages ? { packages: b.packages } : { external: b.external }),
        ...(b.node ? nodeOptions : sandboxedPreloadOptions),
        logLevel: 'warning',
      }),
    ),
  );
}
console.log('build: done');
