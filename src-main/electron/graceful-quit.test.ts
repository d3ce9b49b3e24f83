import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { startEngine } from '../engine/engine';
import { installGracefulQuit, stopWithin } from './graceful-quit';
import type { QuittableApp } from './graceful-quit';

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | null = null;
  const events: string[] = [];
  const app: QuittableApp = {
    on: (_event, l) => (listener = l),
    quit: () => {
      events.push('quit');
      let prevented = false;
      listener?.({ preventDefault: () => (prevented = true) });
      if (!prevented) events.push('exited');
    },
  };
  return { app, events };
}

describe('graceful quit', () => {
  it('stops a real engine (flush, commit, close) before the app exits', async () => {
    const settings = SettingsSchema.parse({ activeProfileId: 'sim', profiles: [{ id: 'sim', name: 'Sim', source: { kind: 'simulator', stations: 3, outlierRate: 0 }, database: { kind: 'memory' } }] });
    const engine = await startEngine({ settings, secrets: {}, dataDir: mkdtempSync(join(tmpdir(), 'sw-quit-')), operator: 'op' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await engine.request('pipeline:status', {});
    let frames = 0;
    engine.subscribe('stream:frame', () => frames++);
    const { app, events } = fakeApp();
    const outcomes: string[] = [];
    let stopCalls = 0;
    installGracefulQuit(app, async () => {
      stopCalls++;
      events.push('stop-start');
      await engine.stop();
      events.push('stop-done');
    }, 5_000, { beforeStop: () => events.push('before-stop'), onOutcome: (o) => outcomes.push(o) });
    app.quit();
    app.quit(); // a second quit while stopping changes nothing
    await expect.poll(() => events.at(-1)).toBe('exited');
    expect(events).toEqual(['quit', 'before-stop', 'stop-start', 'quit', 'stop-done', 'quit', 'exited']);
    expect(stopCalls).toBe(1);
    expect(outcomes).toEqual(['stopped']);
    expect(before.counters.readings).toBeGreaterThan(0);
    // Stopped for good: no more frames after the stop resolved (ticks and the source are gone).
    const framesAtStop = frames;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(frames).toBe(framesAtStop);
  });

  it('quits anyway when the engine does not stop in time', async () => {
    const { app, events } = fakeApp();
    const outcomes: string[] = [];
    installGracefulQuit(app, () => new Promise<void>(() => undefined), 50, { onOutcome: (o) => outcomes.push(o) });
    app.quit();
    await expect.poll(() => events.at(-1)).toBe('exited');
    expect(outcomes).toEqual(['timeout']);
  });

  it('reports a failed stop and still quits', async () => {
    await expect(stopWithin(() => Promise.reject(new Error('store gone')), 1000)).resolves.toBe('failed');
    await expect(stopWithin(() => Promise.resolve(), 1000)).resolves.toBe('stopped');
  });
});
