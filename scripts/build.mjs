// Builds everything the app runs from: the renderer (Vite) and the Node/Electron bundles (esbuild).
//   dist/renderer/          React UI
//   dist/main/main.cjs      Electron main process          (src-main/electron/main.ts)
//   dist/preload/preload.cjs  the preload, one file         (src-main/electron/preload.ts)
//   dist/engine/engine-entry.cjs  the engine process        (src-main/engine/engine-entry.ts)
//   dist/engine/pglite-worker.cjs the embedded database thread (src-main/adapters/pglite/pglite-worker.ts)
//   dist/server/cli.cjs     headless mode                   (src-main/server/cli.ts)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const bundles = [
  // Node bundles keep node_modules external: the packaged app ships its dependencies, and PGlite loads
  // its WebAssembly files relative to its own package. The sandboxed preload can require nothing but
  // electron, so it is bundled whole.
  { entry: 'src-main/electron/main.ts', out: 'dist/main/main.cjs', packages: 'external' },
  { entry: 'src-main/electron/preload.ts', out: 'dist/preload/preload.cjs', external: ['electron'] },
  { entry: 'src-main/engine/engine-entry.ts', out: 'dist/engine/engine-entry.cjs', packages: 'external' },
  { entry: 'src-main/adapters/pglite/pglite-worker.ts', out: 'dist/engine/pglite-worker.cjs', packages: 'external' },
  { entry: 'src-main/server/cli.ts', out: 'dist/server/cli.cjs', packages: 'external' },
];

const onlyRenderer = process.argv.includes('--renderer');
const skipRenderer = process.argv.includes('--no-renderer');

if (!skipRenderer) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
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
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: true,
        ...(b.packages ? { packages: b.packages } : { external: b.external }),
        // import.meta.url does not exist in CommonJS; the bundles locate their siblings with __filename.
        define: { 'import.meta.url': '__importMetaUrl' },
        banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
        logLevel: 'warning',
      }),
    ),
  );
}
console.log('build: done');
