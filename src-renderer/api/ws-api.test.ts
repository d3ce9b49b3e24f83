import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../src-shared/ipc/wire';
import type { ClientMessage, ServerMessage } from '../../src-shared/ipc/wire';
import { createWsApi, serverSocketUrl } from './ws-api';
import type { SocketLike } from './ws-api';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly sent: ClientMessage[] = [];
  send(data: string): void {
    this.sent.push(decodeWire<ClientMessage>(data));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: ServerMessage): void {
    this.onmessage?.({ data: encodeWire(message) });
  }
}

/** The harness's silence limit, and how often the client checks it (a third of it). */
const SILENCE_MS = 30_000;
const SILENCE_CHECK_MS = SILENCE_MS / 3;
/** Reconnect delays only: not request timeouts (60 s) nor silence checks. */
const isReconnect = (t: { readonly ms: number }): boolean => t.ms !== 60_000 && t.ms !== SILENCE_CHECK_MS;

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const clock = { now: 0 };
  const api = createWsApi('ws://host/ws', {
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
    baseDelayMs: 100,
    maxDelayMs: 400,
    silenceTimeoutMs: SILENCE_MS,
    now: () => clock.now,
  });
  return { api, sockets, timers, clock };
}

describe('createWsApi', () => {
  it('answers requests by id and delivers events and the role', async () => {
    const { api, sockets } = harness();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    ws.receive({ t: 'hello', role: 'operator' });
    const answer = api.request('stations:list', {});
    const sent = ws.sent[0] as ClientMessage;
    expect(sent).toMatchObject({ t: 'req', name: 'stations:list', args: {} });
    ws.receive({ t: 'res', id: sent.id, ok: true, result: [{ id: 'st-01', name: 'A', district: 'Centre', lat: 1, lon: 2 }] });
    await expect(answer).resolves.toEqual([{ id: 'st-01', name: 'A', district: 'Centre', lat: 1, lon: 2 }]);
    const seen: number[] = [];
    const off = api.subscribe('status:changed', (s) => seen.push(s.readingsPerSec));
    ws.receive({ t: 'evt', name: 'status:changed', payload: { readingsPerSec: 12 } as never });
    off();
    ws.receive({ t: 'evt', name: 'status:changed', payload: { readingsPerSec: 13 } as never });
    expect(seen).toEqual([12]);
    expect(api.role()).toBe('operator');
  });

  it("names the person of a named operator token from the server's hello, and forgets it when the socket drops", () => {
    const { api, sockets } = harness();
    const ws = sockets[0] as FakeSocket;
    let hellos = 0;
    api.onHello(() => hellos++);
    ws.open();
    expect(api.person()).toBeNull();
    ws.receive({ t: 'hello', role: 'operator', person: 'Ana de Vries' });
    expect(api.person()).toBe('Ana de Vries');
    expect(hellos).toBe(1);
    ws.close();
    expect(api.person()).toBeNull();
  });

  it('has no person for a shared token', () => {
    const { api, sockets } = harness();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    ws.receive({ t: 'hello', role: 'viewer' });
    expect(api.person()).toBeNull();
  });

  it('rejects a failed request with the server message', async () => {
    const { api, sockets } = harness();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    const answer = api.request('alarms:ack', { alarmId: 'x' });
    ws.receive({ t: 'res', id: (ws.sent[0] as ClientMessage).id, ok: false, error: { code: 'forbidden', message: 'Viewers cannot acknowledge' } });
    await expect(answer).rejects.toThrow('Viewers cannot acknowledge');
  });

  it('rejects pending requests on disconnect and reconnects with growing backoff', async () => {
    const { api, sockets, timers } = harness();
    const states: string[] = [];
    api.onState((s) => states.push(s));
    (sockets[0] as FakeSocket).open();
    const answer = api.request('pipeline:status', {});
    (sockets[0] as FakeSocket).close();
    await expect(answer).rejects.toThrow('lost');
    await expect(api.request('pipeline:status', {})).rejects.toThrow('Not connected');
    const reconnects = timers.filter(isReconnect);
    expect(reconnects.map((t) => t.ms)).toEqual([100]);
    reconnects[0]?.fn();
    (sockets[1] as FakeSocket).close();
    expect(timers.filter(isReconnect).map((t) => t.ms)).toEqual([100, 200]);
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed']);
  });

  it('treats an open socket that brings nothing for the silence limit as lost, and reconnects', () => {
    const { api, sockets, timers, clock } = harness();
    const ws = sockets[0] as FakeSocket;
    ws.open();
    const checks = () => timers.filter((t) => t.ms === SILENCE_CHECK_MS);
    // Status every second keeps it open through the checks.
    for (let i = 0; i < 3; i++) {
      clock.now += SILENCE_CHECK_MS;
      ws.receive({ t: 'evt', name: 'status:changed', payload: { readingsPerSec: 1 } as never });
      checks().at(-1)?.fn();
    }
    expect(api.state()).toBe('open');
    expect(checks()).toHaveLength(4);
    // Then nothing: a half-open socket. Within the limit it stays; past it, it is lost and closed.
    clock.now += SILENCE_MS;
    checks().at(-1)?.fn();
    expect(api.state()).toBe('open');
    clock.now += 1;
    checks().at(-1)?.fn();
    expect(api.state()).toBe('closed');
    expect(ws.readyState).toBe(3);
    expect(timers.filter(isReconnect).map((t) => t.ms)).toEqual([100]);
  });

  it('stops reconnecting once closed', () => {
    const { api, sockets, timers } = harness();
    (sockets[0] as FakeSocket).open();
    api.close();
    expect(timers.filter(isReconnect)).toEqual([]);
    expect(api.state()).toBe('closed');
  });
});

describe('serverSocketUrl', () => {
  it('follows the page scheme and carries the token', () => {
    expect(serverSocketUrl({ protocol: 'http:', host: 'wall:8080', search: '' })).toBe('ws://wall:8080/ws');
    expect(serverSocketUrl({ protocol: 'https:', host: 'x', search: '?token=a b' })).toBe('wss://x/ws?token=a%20b');
  });
});
