import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import { createStrictElectron } from '../../../tests/helpers/strict-electron';
import { startEngine } from '../../engine/process/engine';
import type { StopReport } from '../../engine/engine-api';
import { describeStop, installGracefulQuit, isCleanStop, stopWithin } from './graceful-quit';

/** Electron's app as the strict fake models it, after 'ready'. */
function readyApp() {
  const fake = createStrictElectron({ userDataDir: mkdtempSync(join(tmpdir(), 'sw-quit-app-')) });
  fake.app.start();
  return fake.app;
}

describe('graceful quit', () => {
  it('stops a real engine (flush, commit, close) before the app quits', async () => {
    const settings = SettingsSchema.parse({ activeProfileId: 'sim', profiles: [{ id: 'sim', name: 'Sim', source: { kind: 'simulator', stations: 3, outlierRate: 0 }, database: { kind: 'memory' } }] });
    const engine = await startEngine({ settings, secrets: {}, dataDir: mkdtempSync(join(tmpdir(), 'sw-quit-')), operator: 'op' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await engine.request('pipeline:status', {});
    let frames = 0;
    engine.subscribe('stream:frame', () => frames++);
    const app = readyApp();
    const steps: string[] = [];
    let stopCalls = 0;
    installGracefulQuit(app, async () => {
      stopCalls++;
      steps.push(`stop-start after ${app.lifecycle.join(',')}`);
      const report = await engine.stop();
      steps.push('stop-done');
      return report;
    }, 5_000, { beforeStop: () => steps.push('before-stop'), onOutcome: (result) => steps.push(describeStop(result)) });
    app.quit();
    app.quit(); // a second quit while stopping changes nothing
    await expect.poll(() => app.lifecycle.at(-1)).toBe('quit');
    expect(steps).toEqual([
      'before-stop',
      'stop-start after will-finish-launching,ready,before-quit',
      'stop-done',
      'engine shutdown: stopped; engine stopped cleanly: windows flushed, no offsets to commit, store closed',
    ]);
    // Held twice (the second quit while stopping), then the real quit: before-quit, will-quit, quit.
    expect(app.lifecycle).toEqual(['will-finish-launching', 'ready', 'before-quit', 'before-quit', 'before-quit', 'will-quit', 'quit']);
    expect(stopCalls).toBe(1);
    expect(before.counters.readings).toBeGreaterThan(0);
    // Stopped for good: no more frames after the stop resolved (ticks and the source are gone).
    const framesAtStop = frames;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(frames).toBe(framesAtStop);
  });

  it('stops once and quits on a system shutdown, which emits no before-quit first', async () => {
    const app = readyApp();
    let stopCalls = 0;
    const quit = installGracefulQuit(app, async () => (stopCalls++, { flushed: true, committed: true, storeClosed: true }), 1_000);
    await Promise.all([quit.stopAndQuit(), quit.stopAndQuit()]);
    expect(stopCalls).toBe(1);
    expect(app.lifecycle.slice(-3)).toEqual(['before-quit', 'will-quit', 'quit']);
  });

  it('quits anyway when the engine does not stop in time', async () => {
    const app = readyApp();
    const outcomes: string[] = [];
    installGracefulQuit(app, () => new Promise<null>(() => undefined), 50, { onOutcome: (result) => outcomes.push(result.outcome) });
    app.quit();
    await expect.poll(() => app.lifecycle.at(-1)).toBe('quit');
    expect(outcomes).toEqual(['timeout']);
  });

  it('quits even when the outcome hook throws', async () => {
    const app = readyApp();
    installGracefulQuit(app, async () => null, 1_000, {
      onOutcome: () => {
        throw new Error('Tray is destroyed');
      },
    });
    app.quit();
    await expect.poll(() => app.lifecycle.at(-1)).toBe('quit');
  });

  it('reports a failed stop, and says what a stop with losses left behind', async () => {
    await expect(stopWithin(() => Promise.reject(new Error('store gone')), 1000)).resolves.toEqual({ outcome: 'failed', report: null });
    await expect(stopWithin(() => Promise.resolve(null), 1000)).resolves.toEqual({ outcome: 'stopped', report: null });
    const lossy: StopReport = { flushed: false, committed: false, storeClosed: true };
    expect(isCleanStop({ outcome: 'stopped', report: lossy })).toBe(false);
    expect(describeStop({ outcome: 'stopped', report: lossy })).toBe('engine shutdown: stopped; engine stopped with losses: windows NOT flushed, offsets NOT committed, store closed');
    expect(isCleanStop({ outcome: 'stopped', report: { flushed: true, committed: true, storeClosed: true } })).toBe(true);
  });
});
