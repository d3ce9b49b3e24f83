// Lint, and the layer rules of docs/DESIGN.md ("Layers and folders") as errors, so a wrong import fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const environmentModules = ['electron', 'electron/*', 'pg', 'pg-*', 'kafkajs', 'mqtt', '@platformatic/*', '@electric-sql/*', 'ws', 'react', 'react-dom', 'react/*', 'react-dom/*', 'uplot', 'leaflet', 'node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'net', 'tls', 'dns', 'http', 'https', 'crypto', 'stream', 'zlib'];

/** A pattern entry for no-restricted-imports. */
function ban(group, message) {
  return { group, message };
}

const importRules = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** Engine, adapters and server: no electron, no Electron layer (from any depth), no renderer. */
const notElectronLayer = [
  ban(['electron', 'electron/*'], 'Only src-main/electron imports electron.'),
  ban(['**/src-main/electron/**', '../electron/**', '../../electron/**', '../../../electron/**', '**/src-renderer/**'], 'Engine, adapters and server never import the Electron layer or the renderer.'),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', '.cache/**', '.services/**', 'coverage/**', 'tests/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: importRules([
      ban(environmentModules, 'src-shared is environment-free: no electron, node:*, pg, kafkajs, React or DOM libraries (docs/DESIGN.md layers).'),
      ban(['**/src-main/**', '**/src-renderer/**', '../src-main/*', '../src-renderer/*'], 'src-shared imports nothing but itself and pure libraries.'),
    ]),
  },
  {
    // The engine's domain (pipeline, windows, rules, alarms, decoder): pure, environment-free, time passed in.
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts', 'src-main/core/**/*.test-support.ts'],
    rules: {
      ...importRules([
        ban(environmentModules, 'src-main/core is pure: no electron, node:*, pg, kafkajs or UI libraries; it talks to the world through ports (docs/DESIGN.md layers).'),
        ban(['**/adapters/**', '**/engine/**', '**/electron/**', '**/server/**', '**/src-main/settings/**', '../settings/*', '../../settings/*', '**/src-renderer/**'], 'src-main/core may import src-shared only.'),
      ]),
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'src-main/core takes time passed in (a now argument or an injected clock), never the wall clock.' }],
    },
  },
  {
    // Windows, rules and alarms do not even yield: only the pipeline slices its work by the monotonic clock.
    files: ['src-main/core/windows/**/*.ts', 'src-main/core/rules/**/*.ts', 'src-main/core/alarms/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts', 'src-main/core/**/*.test-support.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Windows, rules and alarms take time passed in.' }, { object: 'performance', property: 'now', message: 'Windows, rules and alarms take time passed in.' }],
      'no-restricted-globals': ['error', ...['setTimeout', 'setInterval', 'setImmediate'].map((name) => ({ name, message: 'Windows, rules and alarms are synchronous: timers belong to the engine.' }))],
    },
  },
  {
    files: ['src-main/adapters/**/*.ts', 'src-main/engine/**/*.ts', 'src-main/server/**/*.ts'],
    rules: importRules(notElectronLayer),
  },
  {
    // The engine is split by process: host/ runs in main or the headless server and starts the engine process;
    // process/ is that process. They meet only through the shared protocol and API at src-main/engine/.
    files: ['src-main/engine/host/**/*.ts'],
    ignores: ['src-main/engine/host/**/*.test.ts', 'src-main/engine/host/fixtures/**'],
    rules: importRules([...notElectronLayer, ban(['**/engine/process/**', '../process/*', '**/adapters/**', '**/engine/cli/**', '../cli/*'], 'The engine host talks to the engine process through the protocol; it never imports process code or adapters.')]),
  },
  {
    files: ['src-main/engine/process/**/*.ts'],
    ignores: ['src-main/engine/process/**/*.test.ts'],
    rules: importRules([...notElectronLayer, ban(['**/engine/host/**', '../host/*', '**/engine/cli/**', '../cli/*'], 'The engine process never imports the host side or the CLI.')]),
  },
  {
    // The one settings owner, shared by the desktop and headless mode: safeStorage reaches it injected (a StringCipher).
    files: ['src-main/settings/**/*.ts'],
    rules: importRules([
      ban(['electron', 'electron/*'], 'Only src-main/electron imports electron; src-main/settings gets safeStorage injected.'),
      ban(['**/src-main/electron/**', '../electron/**', '**/adapters/**', '**/server/**', '../server/*', '**/src-renderer/**'], 'src-main/settings serves both shells: it imports neither of them, nor adapters or the renderer.'),
    ]),
  },
  {
    files: ['src-main/adapters/**/*.ts'],
    // Tests may use clients directly to check what an adapter wrote (docs/DESIGN.md: test helpers may).
    ignores: ['src-main/adapters/postgres/**', 'src-main/adapters/kafka/**', 'src-main/adapters/pglite/**', 'src-main/adapters/**/*.test.ts'],
    rules: importRules([
      ban(['electron', 'electron/*'], 'Only src-main/electron imports electron.'),
      ban(['pg', 'kafkajs', '@electric-sql/*'], 'Only adapters/postgres imports pg, only adapters/kafka imports kafkajs, only adapters/pglite imports PGlite.'),
      ban(['**/src-main/electron/**', '../../electron/**', '**/src-renderer/**', '**/engine/**', '**/server/**'], 'An adapter imports src-shared, core ports and its own library.'),
    ]),
  },
  {
    files: ['src-main/electron/**/*.ts'],
    ignores: ['src-main/electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [ban(['pg', 'kafkajs', '@electric-sql/*', '**/adapters/**', '**/engine/process/**', '**/engine/cli/**', '**/src-renderer/**'], 'The Electron layer starts the engine through the host (src-main/engine/host); it never imports the engine process, adapters or their libraries.')],
          paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Raw IPC only in electron/ipc/ipc-main.ts (handle/push) and electron/ipc/preload.ts (docs/DESIGN.md, "The IPC contract").' }],
        },
      ],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.property.name='webContents'][property.name='send']", message: 'Use push() from electron/ipc/ipc-main.ts, which refuses destroyed contents.' }],
    },
  },
  {
    // The two typed wrappers are the only code that touches raw IPC.
    files: ['src-main/electron/ipc/ipc-main.ts', 'src-main/electron/ipc/preload.ts'],
    rules: importRules([ban(['pg', 'kafkajs', '@electric-sql/*', '**/adapters/**', '**/engine/process/**', '**/engine/cli/**', '**/src-renderer/**'], 'The Electron layer never imports the engine process, adapters or their libraries.')]),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportExpression[source.value='electron']", message: 'Only src-main/electron imports electron.' }],
    },
  },
  {
    // After the block above: a later no-restricted-syntax replaces an earlier one, so core repeats the electron ban.
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts', 'src-main/core/**/*.test-support.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportExpression[source.value='electron']", message: 'Only src-main/electron imports electron.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src-main/core takes time passed in, never new Date().' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: importRules([
      ban(['**/src-main/**', '../src-main/*', '../../src-main/*', 'electron', 'electron/*', 'node:*', 'pg', 'kafkajs', 'mqtt', 'ws'], 'The renderer imports src-shared only and talks to main through the contract API object.'),
    ]),
  },
);
