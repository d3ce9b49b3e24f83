import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client';
import type { ApiTransport } from './api-client';
import type { EventName, RequestName, ValidRequestArgs } from './contract';
import { ContractError } from './contract-error';
import { toEnvelope } from './envelope';
import { validateRequest } from './validate-request';
import { decodeWire, encodeWire } from './wire';
import type { ClientMessage, ServerMessage } from './wire';
import { createWireTransport } from './wire-transport';

/** A server half as main and the gateway run it: validate with the one validator, answer in an envelope. */
function serve(handler: (name: RequestName, args: ValidRequestArgs<RequestName>) => unknown) {
  return (name: RequestName, raw: unknown) => toEnvelope(() => handler(name, validateRequest(name, raw)));
}

/** An in-memory transport: requests and events cross through structuredClone, as over Electron IPC. */
function memoryTransport(handler: (name: RequestName, args: ValidRequestArgs<RequestName>) => unknown) {
  const answer = serve(handler);
  let deliver: (name: EventName, payload: unknown) => void = () => undefined;
  const transport: ApiTransport = {
    send: async (name, args) => structuredClone(await answer(name, structuredClone(args))),
    onEvent: (listener) => void (deliver = listener),
  };
  return { transport, emit: (name: EventName, payload: unknown) => deliver(name, structuredClone(payload)) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createApiClient over an in-memory transport', () => {
  it('answers a request with the validated, defaulted arguments the server saw', async () => {
    const seen: unknown[] = [];
    const { transport } = memoryTransport((name, args) => (seen.push([name, args]), { imported: 0, problems: [] }));
    const api = createApiClient(transport);
    await expect(api.request('quarantine:list', {})).resolves.toEqual({ imported: 0, problems: [] });
    expect(seen).toEqual([['quarantine:list', { limit: 100 }]]);
  });

  it('rejects with a ContractError carrying the code: refused arguments, unknown names, engine failures', async () => {
    const { transport } = memoryTransport(() => {
      throw Object.assign(new Error('No alarm x@y.'), { code: 'not-found' });
    });
    const api = createApiClient(transport);
    const invalid = await rejection(api.request('alarms:ack', {} as never));
    expect(invalid).toBeInstanceOf(ContractError);
    expect(invalid).toMatchObject({ code: 'invalid-arguments', message: expect.stringMatching(/^Invalid arguments for alarms:ack: .*alarmId/s) });
    await expect(api.request('nope:nothing' as never, {} as never)).rejects.toMatchObject({ code: 'invalid-arguments', message: 'Unknown request "nope:nothing".' });
    await expect(api.request('alarms:ack', { alarmId: 'x@y' })).rejects.toMatchObject({ name: 'ContractError', code: 'not-found', message: 'No alarm x@y.' });
  });

  it('turns a transport that throws something else into a ContractError', async () => {
    const api = createApiClient({ send: () => Promise.reject(new Error("No handler registered for 'pipeline:status'")), onEvent: () => undefined });
    const error = await rejection(api.request('pipeline:status', {}));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'failed', message: "No handler registered for 'pipeline:status'" });
  });

  it('validates connection:test profiles with ProfileSchema', async () => {
    const { transport } = memoryTransport((_name, args) => ({ ok: true, steps: [], profile: (args as ValidRequestArgs<'connection:test'>).profile }));
    const api = createApiClient(transport);
    const profile = { id: 'sim', name: 'Sim', source: { kind: 'simulator' as const }, database: { kind: 'memory' as const } };
    const answer = (await api.request('connection:test', { profile: profile as never })) as unknown as { profile: { source: { stations: number } } };
    expect(answer.profile.source.stations).toBe(12); // the schema's default, filled in by the validator
    await expect(api.request('connection:test', { profile: { id: 'x' } as never })).rejects.toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('connection:test') });
  });

  it('delivers events to subscribers until they unsubscribe, and keeps no listener after', () => {
    const { transport, emit } = memoryTransport(() => null);
    const api = createApiClient(transport);
    const a: number[] = [];
    const b: number[] = [];
    const offA = api.subscribe('status:changed', (s) => a.push(s.readingsPerSec));
    const offB = api.subscribe('status:changed', (s) => b.push(s.readingsPerSec));
    emit('status:changed', { readingsPerSec: 1 });
    offA();
    emit('status:changed', { readingsPerSec: 2 });
    offB();
    emit('status:changed', { readingsPerSec: 3 });
    emit('alarm:changed', {});
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });
});

/** A socket pair in memory: the client's writes reach a server that answers through the wire codec. */
function wirePair(options: { readonly answer?: boolean } = {}) {
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  let isOpen = true;
  const answer = serve((name) => ({ name }));
  const wire = createWireTransport({
    write(text) {
      if (!isOpen) return false;
      const request = decodeWire<ClientMessage>(text);
      if (options.answer !== false) void answer(request.name, request.args).then((envelope) => wire.receive(decodeWire<Exclude<ServerMessage, { t: 'hello' }>>(encodeWire({ t: 'res', id: request.id, ...envelope }))));
      return true;
    },
    requestTimeoutMs: 5000,
    setTimer: (fn) => (timers.set(nextTimer, fn), nextTimer++),
    clearTimer: (handle) => void timers.delete(handle as number),
  });
  return { wire, api: createApiClient(wire), timers, close: () => (isOpen = false) };
}

describe('createApiClient over the wire transport', () => {
  it('matches answers to requests by id, events included, and clears each time-out', async () => {
    const { wire, api, timers } = wirePair();
    const [first, second] = await Promise.all([api.request('rules:list', {}), api.request('stations:list', {})]);
    expect([first, second]).toEqual([{ name: 'rules:list' }, { name: 'stations:list' }]);
    expect(timers.size).toBe(0);
    const frames: unknown[] = [];
    const off = api.subscribe('stream:frame', (frame) => frames.push(frame));
    wire.receive({ t: 'evt', name: 'stream:frame', payload: { seq: 1 } as never });
    off();
    expect(frames).toEqual([{ seq: 1 }]);
  });

  it('rejects with "timeout" when no answer comes, and with "unavailable" when the connection drops or is closed', async () => {
    const { wire, api, timers, close } = wirePair({ answer: false });
    const late = api.request('pipeline:status', {});
    const [handle, fire] = [...timers][0]!;
    timers.delete(handle);
    fire();
    await expect(late).rejects.toMatchObject({ name: 'ContractError', code: 'timeout', message: 'The server did not answer pipeline:status within 5 s.' });
    const pending = api.request('pipeline:status', {});
    wire.abandonPending('The connection to the server was lost.');
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: 'The connection to the server was lost.' });
    expect(timers.size).toBe(0);
    close();
    await expect(api.request('pipeline:status', {})).rejects.toMatchObject({ code: 'unavailable', message: 'Not connected to the server.' });
    expect(timers.size).toBe(0);
  });
});
