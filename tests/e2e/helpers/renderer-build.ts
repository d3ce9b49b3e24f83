import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

/** Build dist/renderer when it is missing: headless mode serves the built renderer, and the e2e tests drive it. */
export function ensureRendererBuilt(): void {
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
}
