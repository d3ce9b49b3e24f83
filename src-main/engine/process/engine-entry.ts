/**
 * The engine's process / thread entry: starts the real engine and speaks the engine protocol to
 * whoever started it (worker thread, forked child, Electron utilityProcess). Bundled as
 * dist/engine/engine-entry.cjs.
 */
import { startEngine } from './engine';
import { serveEngine } from './engine-endpoint';
import { openEnginePort } from './engine-port';

const { port, end } = openEnginePort();
serveEngine(port, startEngine, end);
