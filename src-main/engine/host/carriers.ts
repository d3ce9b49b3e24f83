/**
 * The two Node carriers for the engine: a worker thread and a forked child process. (Electron's
 * utilityProcess carrier lives in src-main/electron/app/utility-carrier.ts; it implements the same EngineCarrier.)
 */
import { fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { tsxApiUrl, tsxImportArgs } from './engine-entry-path';
import type { EngineEntry } from './engine-entry-path';
import { isEngineMessage } from '../protocol';
import type { CarrierExit, EngineCarrier, EngineMessage } from '../protocol';

/** Makes a fresh carrier each time the host (re)starts the engine. */
export type CarrierFactory = () => EngineCarrier;

/** Run the engine in a worker thread of this process. */
export function workerCarrier(entry: EngineEntry, env: NodeJS.ProcessEnv = process.env): EngineCarrier {
  const worker = entry.isTypeScript
    ? // Node 20 workers do not honour --import in execArgv, so register tsx from inside the thread.
      new Worker(`import(${JSON.stringify(tsxApiUrl())}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(entry.path).href)}); });`, { eval: true, env })
    : new Worker(entry.path, { env });
  const exit = once<CarrierExit>();
  let lastError: string | null = null;
  worker.on('error', (error) => (lastError = error.message));
  worker.on('exit', (code) => exit.fire({ code, reason: lastError }));
  return {
    pid: null,
    postMessage: (message) => worker.postMessage(message),
    attachPort: (port) => worker.postMessage({ type: 'attach-port', port }, [port as unknown as TransferListItem]),
    onMessage: (listener) => worker.on('message', (m: unknown) => isEngineMessage(m) && listener(m)),
    onExit: exit.listen,
    terminate: () => void worker.terminate(),
  };
}

/** Run the engine in a child process (IPC with structured clone, so typed arrays survive). */
export function childProcessCarrier(entry: EngineEntry, env: NodeJS.ProcessEnv = process.env): EngineCarrier {
  const child = fork(entry.path, [], {
    execArgv: entry.isTypeScript ? tsxImportArgs() : [],
    serialization: 'advanced',
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exit = once<CarrierExit>();
  let lastError: string | null = null;
  child.on('error', (error) => (lastError = error.message));
  child.on('exit', (code, signal) => exit.fire({ code, reason: signal ?? lastError }));
  return {
    pid: child.pid ?? null,
    postMessage(message) {
      // A channel closed by a dying child throws; the exit handler reports the death.
      if (child.connected) child.send(message, (error) => error && (lastError = error.message));
    },
    onMessage: (listener) => child.on('message', (m: unknown) => isEngineMessage(m) && listener(m as EngineMessage)),
    onExit: exit.listen,
    terminate: () => void child.kill('SIGKILL'),
  };
}

/** A one-shot event: listeners added after it fired are called at once. */
function once<T>(): { fire(value: T): void; listen(listener: (value: T) => void): void } {
  let fired: { value: T } | null = null;
  const listeners: ((value: T) => void)[] = [];
  return {
    fire(value) {
      if (fired !== null) return;
      fired = { value };
      for (const listener of listeners.splice(0)) listener(value);
    },
    listen(listener) {
      if (fired !== null) listener(fired.value);
      else listeners.push(listener);
    },
  };
}
