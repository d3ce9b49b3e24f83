/**
 * scripts/build.mjs builds the renderer through Vite's JavaScript API, never by starting `npx`: on Windows
 * npx is npx.cmd, which execFile cannot start without a shell (Node's child_process docs, "Spawning .bat and
 * .cmd files on Windows"), so `npm start` and `npm run dist` failed there. Here the build runs in a copy of
 * the project with a PATH that holds `node` and nothing else, the nearest this machine comes to "npx cannot
 * be started": the old script failed with spawnSync npx ENOENT.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('scripts/build.mjs', () => {
  it('builds the renderer with no npx on the PATH', { timeout: 120_000 }, () => {
    const copy = mkdtempSync(join(tmpdir(), 'sw-build-'));
    for (const part of ['scripts', 'src-renderer', 'src-shared', 'resources', 'vite.config.ts', 'package.json', 'tsconfig.base.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    const bin = join(copy, 'only-node');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));

    execFileSync(join(bin, 'node'), ['scripts/build.mjs', '--renderer'], { cwd: copy, env: { PATH: bin, HOME: copy }, stdio: 'pipe' });

    const page = join(copy, 'dist', 'renderer', 'index.html');
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8')).toMatch(/<script type="module"[^>]*src="\.\/assets\/[^"]+\.js"/);
  });
});
