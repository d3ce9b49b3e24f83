/**
 * Worker-thread entry that owns the PGlite database (PGlite computes on the thread it runs on, so it must
 * never share the engine's event loop). A separate entry point for bundling: the build emits it as
 * pglite-worker.js next to the engine bundle, where pglite-store-client.ts looks for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteClient } from './pglite-sql-client';
import { SqlStore } from '../sql/sql-store';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol';

const port = parentPort;
if (port === null) throw new Error('pglite-worker.ts must run as a worker thread');
const init = workerData as WorkerInit;
const store = openPgliteClient(init.dir).then((client) => new SqlStore('pglite', client));
// Requests run one at a time, in arrival order: PGlite is single-connection anyway, and order is the contract.
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => serve(request));
});

async function serve(request: WorkerRequest): Promise<void> {
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const target = await store;
    const method = target[request.method] as (...args: unknown[]) => Promise<unknown>;
    const value = await method.apply(target, request.args as unknown[]);
    collectBuffers(value, transfer, 0);
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown };
    reply = { id: request.id, ok: false, message: String(e.message ?? error), code: typeof e.code === 'string' ? e.code : null };
  }
  port!.postMessage(reply, transfer);
  if (request.method === 'close') port!.close();
}

/** History columns are moved to the engine thread, not copied. */
function collectBuffers(value: unknown, out: ArrayBuffer[], depth: number): void {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (value instanceof Float64Array) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer) out.push(value.buffer);
    return;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) collectBuffers(child, out, depth + 1);
}
