import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CarrierExit, EngineMessage } from '../../engine/protocol';
import { utilityCarrier } from './utility-carrier';
import type { UtilityChild } from './utility-carrier';

/** A UtilityProcess look-alike: records what it was sent, emits what the test says. */
function fakeChild() {
  const emitter = new EventEmitter();
  const sent: unknown[] = [];
  let kills = 0;
  const child = Object.assign(emitter, {
    pid: undefined as number | undefined,
    postMessage: (message: unknown, transfer?: unknown[]) => void sent.push(transfer === undefined ? message : { message, transfer }),
    kill: () => (kills++, true),
  }) as unknown as UtilityChild & EventEmitter & { pid: number | undefined };
  return { child, sent, kills: () => kills };
}

describe('utilityProcess carrier', () => {
  it('holds messages until the process spawned, then delivers them in order', () => {
    const { child, sent } = fakeChild();
    const paths: string[] = [];
    const carrier = utilityCarrier((path) => (paths.push(path), child), '/app/dist/engine/engine-entry.cjs');
    expect(paths).toEqual(['/app/dist/engine/engine-entry.cjs']);
    carrier.postMessage({ type: 'request', id: 1, name: 'pipeline:status', args: {} });
    carrier.postMessage({ type: 'stop' });
    expect(sent).toEqual([]);
    expect(carrier.pid).toBeNull();
    child.pid = 4242;
    child.emit('spawn');
    expect(sent).toEqual([{ type: 'request', id: 1, name: 'pipeline:status', args: {} }, { type: 'stop' }]);
    expect(carrier.pid).toBe(4242);
  });

  it('holds a port handed over before the process spawned, and delivers it in order with the messages', () => {
    const { child, sent } = fakeChild();
    const carrier = utilityCarrier(() => child, '/app/dist/engine/engine-entry.cjs');
    const port = { postMessage: () => undefined, close: () => undefined };
    carrier.postMessage({ type: 'init', options: {} as never });
    carrier.attachPort?.(port);
    expect(sent).toEqual([]);
    child.emit('spawn');
    expect(sent).toEqual([{ type: 'init', options: {} }, { message: { type: 'attach-port' }, transfer: [port] }]);
    // After spawn a handover goes straight through.
    carrier.attachPort?.(port);
    expect(sent).toHaveLength(3);
  });

  it('passes engine messages on and drops anything else', () => {
    const { child } = fakeChild();
    const carrier = utilityCarrier(() => child, 'entry.cjs');
    const received: EngineMessage[] = [];
    carrier.onMessage((m) => received.push(m));
    child.emit('message', { type: 'ready' });
    child.emit('message', { type: 'hello from nowhere' });
    child.emit('message', 'junk');
    expect(received).toEqual([{ type: 'ready' }]);
  });

  it('reports exit once, with the last error, also to late listeners; no messages or kills after it', () => {
    const { child, sent, kills } = fakeChild();
    const carrier = utilityCarrier(() => child, 'entry.cjs');
    const exits: CarrierExit[] = [];
    carrier.onExit((e) => exits.push(e));
    child.emit('spawn');
    child.emit('error', 'FatalError', 'v8::ToLocalChecked');
    child.emit('exit', 134);
    child.emit('exit', 134);
    carrier.onExit((e) => exits.push(e));
    expect(exits).toEqual([{ code: 134, reason: 'FatalError at v8::ToLocalChecked' }, { code: 134, reason: 'FatalError at v8::ToLocalChecked' }]);
    carrier.postMessage({ type: 'stop' });
    carrier.terminate();
    expect(sent).toEqual([]);
    expect(kills()).toBe(0);
  });

  it('terminates a running process', () => {
    const { child, kills } = fakeChild();
    utilityCarrier(() => child, 'entry.cjs').terminate();
    expect(kills()).toBe(1);
  });
});
