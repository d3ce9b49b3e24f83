// Preloaded (--require) into the Node child that stands in for an Electron utility process: it gives the
// child `process.parentPort` as docs/api/parent-port.md describes it — 'message' events carry
// { data, ports } — over Node's IPC channel, and carries transferred MessagePortMain ends back to the
// parent as tagged messages. Like Electron's (lib/utility/init.ts), the port holds messages until the
// first 'message' listener starts it.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file that Node preloads with --require */
const { EventEmitter } = require('node:events');
const { isMainThread } = require('node:worker_threads');

// --require also runs in loader threads (tsx's hooks); only the process's main thread is the utility process.
if (isMainThread && typeof process.send === 'function') installParentPort(process.send.bind(process));

function installParentPort(send) {
  const parentPort = new EventEmitter();
  const held = [];
  let started = false;
  parentPort.postMessage = (data) => send({ kind: 'message', data });
  parentPort.start = () => {
    if (started) return;
    started = true;
    for (const event of held.splice(0)) parentPort.emit('message', event);
  };
  parentPort.on('newListener', (name) => {
    if (name === 'message' && !started) setImmediate(() => parentPort.start());
  });

  function remotePort(id) {
    let closed = false;
    return {
      postMessage(data) {
        if (!closed) send({ kind: 'port-message', id, data });
      },
      start() {},
      close() {
        if (closed) return;
        closed = true;
        send({ kind: 'port-close', id });
      },
      on() {},
    };
  }

  process.on('message', (envelope) => {
    if (envelope === null || typeof envelope !== 'object' || envelope.kind !== 'message') return;
    const event = { data: envelope.data, ports: envelope.portIds.map(remotePort) };
    if (started) parentPort.emit('message', event);
    else held.push(event);
  });
  // A utility process has no process.send of its own; only parentPort.
  delete process.send;
  Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: true });
}
