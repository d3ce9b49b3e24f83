/**
 * Runs the built preload (dist/preload/preload.cjs) in a plain Chromium page the way Electron's sandbox
 * runs it: as the body of `function (require, process, Buffer, global, setImmediate, clearImmediate,
 * exports, module)`, with no __filename, no __dirname and a require that serves only 'electron'
 * (Electron's "Process Sandboxing" tutorial, "Preload scripts"). The 'electron' served is a shim whose
 * ipcRenderer carries the IPC contract to headless mode over its own WebSocket wire protocol
 * (src-shared/ipc/wire.ts), so the page talks to the real server only through the shipped preload code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { Page } from 'playwright-core';
import { EVENT_PORT_CHANNEL } from '../../../src-main/electron/ipc/ipc-channels';

const root = join(import.meta.dirname, '..', '..', '..');

/** The built preload, as Electron loads it. */
export const PRELOAD_PATH = join(root, 'dist', 'preload', 'preload.cjs');

/** What the shim counted: traffic through ipcRenderer, and sockets the page opened on its own. */
export interface ShimCounts {
  readonly invokes: number;
  readonly answers: number;
  readonly portEvents: number;
  /** WebSockets the page created itself, i.e. the renderer's fallback client; 0 when it used the preload. */
  readonly pageSockets: number;
}

/** Build the Electron bundles (the preload among them) when dist/preload is missing. */
export function ensurePreloadBuilt(): void {
  if (!existsSync(PRELOAD_PATH)) execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, stdio: 'inherit' });
}

/** The built preload's text, verbatim. */
export function readBuiltPreload(): string {
  return readFileSync(PRELOAD_PATH, 'utf8');
}

/** The server's own codec (typed arrays as tagged base64), bundled for the page as `var wire = {...}`. */
function wireCodecScript(): string {
  const result = buildSync({ entryPoints: [join(root, 'src-shared', 'ipc', 'wire.ts')], bundle: true, format: 'iife', globalName: 'wire', target: 'chrome130', write: false });
  return (result.outputFiles[0] as { text: string }).text;
}

// Plain JavaScript that runs in the page before its own scripts; `wire` and EVENT_PORT_CHANNEL are in scope.
const ELECTRON_SHIM = String.raw`
const counts = { invokes: 0, answers: 0, portEvents: 0, pageSockets: 0 };
Object.defineProperty(window, '__sandboxShim', { value: counts });
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    counts.pageSockets++;
  }
};

// Headless mode on 127.0.0.1 needs no token; the page's CSP allows its own origin (connect-src 'self').
const socket = new NativeWebSocket('ws://' + location.host + '/ws');
const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
const events = new MessageChannel();
const pending = new Map();
let nextId = 1;
socket.addEventListener('message', ({ data }) => {
  const message = wire.decodeWire(data);
  if (message.t === 'evt') {
    counts.portEvents++;
    events.port1.postMessage({ name: message.name, payload: message.payload });
  } else if (message.t === 'res') {
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    counts.answers++;
    resolve?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: 'The socket closed.' } });
  pending.clear();
});

const ipcRenderer = {
  async invoke(name, args) {
    counts.invokes++;
    if (socket.readyState === NativeWebSocket.CONNECTING) await opened;
    if (socket.readyState !== NativeWebSocket.OPEN) return { ok: false, error: { code: 'unavailable', message: 'The socket is closed.' } };
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(wire.encodeWire({ t: 'req', id, name, args }));
    });
  },
  on(channel, listener) {
    if (channel !== EVENT_PORT_CHANNEL) throw new Error('electron shim: no channel ' + channel);
    void opened.then(() => listener({ ports: [events.port2] }, 'engine'));
    return ipcRenderer;
  },
};
const contextBridge = {
  exposeInMainWorld(key, api) {
    Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
  },
};
const electron = Object.freeze({ contextBridge, ipcRenderer });
`;

// Electron's stand-ins for Node globals, reduced to what a preload could touch without Node.
const SANDBOX_GLOBALS = String.raw`
function sandboxRequire(id) {
  if (id === 'electron') return electron;
  throw new Error("module not found: " + id);
}
const sandboxProcess = Object.freeze({ type: 'renderer', sandboxed: true, contextIsolated: true, platform: 'linux', env: {}, argv: [], versions: {} });
class SandboxBuffer extends Uint8Array {}
const sandboxSetImmediate = (fn, ...args) => setTimeout(fn, 0, ...args);
const sandboxClearImmediate = (handle) => clearTimeout(handle);
const sandboxModule = { exports: {} };
`;

/**
 * The init script for `page.addInitScript`: the wire codec, the electron shim, then `preloadText` as the
 * body of Electron's sandboxed preload wrapper. A preload that throws is logged to the console as
 * Electron does ("Unable to load preload script"), so a console-error check sees it.
 */
export function sandboxedPreloadScript(preloadText: string): string {
  return [
    '(() => {',
    "if (location.protocol !== 'http:') return;",
    wireCodecScript(),
    `const EVENT_PORT_CHANNEL = ${JSON.stringify(EVENT_PORT_CHANNEL)};`,
    ELECTRON_SHIM,
    SANDBOX_GLOBALS,
    'try {',
    '(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {',
    preloadText,
    '}).call(sandboxModule.exports, sandboxRequire, sandboxProcess, SandboxBuffer, globalThis, sandboxSetImmediate, sandboxClearImmediate, sandboxModule.exports, sandboxModule);',
    '} catch (error) {',
    "console.error('Unable to load preload script: ' + String(error && error.stack || error));",
    '}',
    '})();',
  ].join('\n');
}

/** The shim's counters in `page`. */
export async function shimCounts(page: Page): Promise<ShimCounts> {
  return page.evaluate(() => ({ ...(window as unknown as { __sandboxShim: ShimCounts }).__sandboxShim }));
}
