/**
 * Renderer events travel on their own port straight from the engine (docs/DESIGN.md "Processes"): the
 * real engine entry in a worker thread, a real MessageChannel, and a host that asked only for alarms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { EngineHost } from './engine-host';
import { workerCarrier } from './carriers';
import { defaultEngineEntry } from './engine-entry-path';
import { defaultSettings, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import type { StreamFrame } from '../../../src-shared/ipc/frame';

function settings(): Settings {
  const source = SimulatorSourceSchema.parse({ kind: 'simulator', stations: 3, seed: 3, outlierRate: 0, speed: 10 });
  return { ...defaultSettings(), activeProfileId: 'p', profiles: [{ id: 'p', name: 'p', source, database: { kind: 'memory' } }] };
}

let host: EngineHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

describe('engine event port', () => {
  it('carries frames straight from the engine while the host receives only the events it asked for', async () => {
    host = new EngineHost({ createCarrier: () => workerCarrier(defaultEngineEntry()), engineOptions: { settings: settings(), secrets: {}, dataDir: '/tmp', operator: 't' }, events: ['alarm:changed'] });
    const hostFrames: unknown[] = [];
    host.subscribe('stream:frame', (f) => hostFrames.push(f));
    await host.start();
    const { port1, port2 } = new MessageChannel();
    const frames: StreamFrame[] = [];
    const gotFrame = new Promise<void>((resolve) =>
      port2.on('message', (message: { name: string; payload: StreamFrame }) => {
        if (message.name !== 'stream:frame') return;
        frames.push(message.payload);
        if (frames.length >= 3) resolve();
      }),
    );
    expect(host.attachEventPort(port1)).toBe(true);
    await gotFrame;
    // Typed arrays survive the transfer intact.
    expect(frames[2]!.raw.ts).toBeInstanceOf(Float64Array);
    expect(frames.some((f) => f.stations.includes('st-01'))).toBe(true);
    expect(hostFrames).toEqual([]);
    port2.close();
  }, 30_000);

  it('a newer port replaces the previous one, whose events stop', async () => {
    host = new EngineHost({ createCarrier: () => workerCarrier(defaultEngineEntry()), engineOptions: { settings: settings(), secrets: {}, dataDir: '/tmp', operator: 't' }, events: [] });
    await host.start();
    const first = new MessageChannel();
    let firstClosed = false;
    first.port2.on('close', () => (firstClosed = true));
    host.attachEventPort(first.port1);
    await new Promise<void>((resolve) => first.port2.once('message', () => resolve()));
    const second = new MessageChannel();
    host.attachEventPort(second.port1);
    await new Promise<void>((resolve) => second.port2.once('message', () => resolve()));
    await new Promise((r) => setTimeout(r, 200));
    expect(firstClosed).toBe(true);
    second.port2.close();
  }, 30_000);
});
