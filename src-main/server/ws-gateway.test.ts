/**
 * The gateway's frames per socket (issue 17): a socket that watches stations gets their raw rows in full and
 * the others' newest row per metric at most once a second; a socket that never sent stream:watch gets every
 * row; sockets with the same cut share one encoding. Real `ws` sockets on 127.0.0.1, a fake engine.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { connectWsClient } from '../../tests/helpers/ws-client';
import type { WsClient } from '../../tests/helpers/ws-client';
import { createWsGateway } from './ws-gateway';
import type { WsGateway } from './ws-gateway';

const LIMITS = { skipFramesAboveBytes: 1 << 20, disconnectAboveBytes: 8 << 20, maxInFlightRequests: 8 };

/** Two readings of each station's only metric per frame: st-a, st-b (watched later) and st-c. */
function frameAt(seq: number, at: number): StreamFrame {
  const stations = ['st-a', 'st-b', 'st-c'];
  const rows = stations.flatMap((_, s) => [0, 1].map((k) => ({ s, t: at - 100 + k * 50, v: seq * 10 + s + k / 10 })));
  return {
    seq,
    at,
    stations,
    metrics: ['temperature'],
    raw: { station: Uint32Array.from(rows, (r) => r.s), metric: new Uint32Array(rows.length), ts: Float64Array.from(rows, (r) => r.t), value: Float64Array.from(rows, (r) => r.v) },
    windows: { station: new Uint32Array(), metric: new Uint32Array(), sizeMs: new Float64Array(), start: new Float64Array(), count: new Float64Array(), mean: new Float64Array(), min: new Float64Array(), max: new Float64Array(), stddev: new Float64Array(), p95: new Float64Array() },
    city: { metric: new Uint32Array([0]), start: new Float64Array([at - 1000]), count: new Float64Array([6]), mean: new Float64Array([1]), min: new Float64Array([0]), max: new Float64Array([2]) },
    readingsPerSec: 6,
    watermark: at,
  };
}

/** Which stations a received frame carries rows of, and how many each. */
function rowsPerStation(frame: StreamFrame): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of frame.raw.station) counts[frame.stations[s]!] = (counts[frame.stations[s]!] ?? 0) + 1;
  return counts;
}

describe('ws-gateway frames per socket', () => {
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const engine = {
    request: () => Promise.reject(new Error('the engine is not asked')),
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void) {
      listeners.set(name, listener as (payload: unknown) => void);
      return () => listeners.delete(name);
    },
  };
  let gateway: WsGateway;
  let server: WebSocketServer;
  const clients: WsClient[] = [];

  async function start(): Promise<string> {
    gateway = createWsGateway(engine, LIMITS);
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
    server.on('connection', (socket) => gateway.accept(socket, { role: 'viewer', person: null }));
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A client and the frames it receives. */
  async function client(url: string): Promise<StreamFrame[]> {
    const connected = await connectWsClient(url);
    clients.push(connected);
    const frames: StreamFrame[] = [];
    connected.subscribe('stream:frame', (frame) => frames.push(frame));
    return frames;
  }

  async function emitAndSettle(frame: StreamFrame, received: StreamFrame[][]): Promise<void> {
    const before = received.map((frames) => frames.length);
    listeners.get('stream:frame')!(frame);
    for (let waited = 0; received.some((frames, i) => frames.length === before[i]) && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    gateway.close();
    server.close();
    listeners.clear();
  });

  it('sends a watching socket its stations in full and the others’ latest once a second; others get every row; equal cuts share one encode', async () => {
    const url = await start();
    const [watching, twin, everything] = [await client(url), await client(url), await client(url)];
    expect(await clients[0]!.request('stream:watch', { stationIds: ['st-b', 'st-b'] })).toEqual({ watched: 1 });
    expect(await clients[1]!.request('stream:watch', { stationIds: ['st-b'] })).toEqual({ watched: 1 });

    const encodesBefore = gateway.frameEncodes;
    await emitAndSettle(frameAt(1, 10_000), [watching, twin, everything]);
    expect(rowsPerStation(watching[0]!)).toEqual({ 'st-a': 1, 'st-b': 2, 'st-c': 1 });
    expect(Array.from(watching[0]!.raw.value)).toEqual([10.1, 11, 11.1, 12.1]);
    expect(watching[0]!.city.count).toEqual(new Float64Array([6]));
    expect(rowsPerStation(twin[0]!)).toEqual(rowsPerStation(watching[0]!));
    expect(rowsPerStation(everything[0]!)).toEqual({ 'st-a': 2, 'st-b': 2, 'st-c': 2 });
    expect(gateway.frameEncodes - encodesBefore).toBe(2);

    // 500 ms later: the watched station, and of the others only the frame's newest row (the client's data time
    // moves on); 1,000 ms after the last latest rows: the others' latest again.
    await emitAndSettle(frameAt(2, 10_500), [watching, twin, everything]);
    expect(rowsPerStation(watching[1]!)).toEqual({ 'st-b': 2, 'st-c': 1 });
    expect(rowsPerStation(everything[1]!)).toEqual({ 'st-a': 2, 'st-b': 2, 'st-c': 2 });
    await emitAndSettle(frameAt(3, 11_000), [watching, twin, everything]);
    expect(rowsPerStation(watching[2]!)).toEqual({ 'st-a': 1, 'st-b': 2, 'st-c': 1 });
    expect(gateway.frameEncodes - encodesBefore).toBe(6);
  });

  it('refuses a watch list that is too long or names no valid station', async () => {
    const url = await start();
    await client(url);
    const api = clients[0]!;
    await expect(api.request('stream:watch', { stationIds: Array.from({ length: 101 }, (_, i) => `st-${i}`) })).rejects.toThrow(/stream:watch/);
    await expect(api.request('stream:watch', { stationIds: [' padded'] })).rejects.toThrow(/station id/);
    expect(await api.request('stream:watch', { stationIds: [] })).toEqual({ watched: 0 });
  });
});
