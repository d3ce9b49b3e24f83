// `npm start`: build what is missing, then run the desktop app. Where the Electron binary is absent
// (CI machines install with ELECTRON_SKIP_BINARY_DOWNLOAD=1), run headless mode and say so.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

if (!existsSync('dist/main/main.cjs') || !existsSync('dist/renderer/index.html') || process.argv.includes('--rebuild')) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
}

const electronBinary = locateElectron();
if (electronBinary) {
  const child = spawn(electronBinary, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?). Starting headless mode instead: open http://127.0.0.1:8080');
  const child = spawn(process.execPath, ['dist/server/cli.cjs', '--port', '8080'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

// Reads electron's path.txt directly: require('electron') would try to download a missing binary.
function locateElectron() {
  try {
    const require = createRequire(import.meta.url);
    const dir = require.resolve('electron/package.json').replace(/package\.json$/, '');
    const relative = readFileSync(`${dir}path.txt`, 'utf8').trim();
    const binary = `${dir}dist/${relative}`;
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
