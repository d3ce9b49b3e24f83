// Builds everything the app runs from: the renderer (Vite) and the Node/Electron bundles (esbuild).
//   dist/renderer/          React UI
//   dist/main/main.cjs      Electron main process          (src-main/electron/app/main.ts)
//   dist/preload/preload.cjs  the preload, one file         (src-main/electron/ipc/preload.ts)
//   dist/engine/            the engine process, its embedded database thread and PGlite's files (engine-bundles.mjs)
//   dist/server/cli.cjs     headless mode                   (src-main/server/cli.ts)
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { build as viteBuild } from 'vite';
import { buildEngineBundles, NODE_BUNDLE_OPTIONS } from './engine-bundles.mjs';

const bundles = [
  // Node bundles keep node_modules external: the packaged app ships its dependencies.
  { entry: 'src-main/electron/app/main.ts', out: 'dist/main/main.cjs', packages: 'external', node: true },
  // The sandboxed preload can require nothing but electron, so it is bundled whole, for the browser: it
  // gets no __filename and no Node built-ins (Electron's sandbox tutorial, "Preload scripts"), so it
  // carries no banner and may import no node:* module (the build fails if it does).
  { entry: 'src-main/electron/ipc/preload.ts', out: 'dist/preload/preload.cjs', external: ['electron'], node: false },
  { entry: 'src-main/server/cli.ts', out: 'dist/server/cli.cjs', packages: 'external', node: true },
];

const nodeOptions = { platform: NODE_BUNDLE_OPTIONS.platform, define: NODE_BUNDLE_OPTIONS.define, banner: NODE_BUNDLE_OPTIONS.banner };
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
  await Promise.all([
    buildEngineBundles('dist/engine'),
    ...bundles.map((b) =>
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
  ]);
}
console.log('build: done');
