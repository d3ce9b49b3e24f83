import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src-shared/settings/schema';
import type { StreamFrame } from '../../../src-shared/ipc/frame';
import type { EngineOptions } from '../engine-api';
import { childProcessCarrier, workerCarrier } from './carriers';
import type { CarrierFactory } from './carriers';
import { engineEntry } from './engine-entry-path';
import { ENGINE_RESTARTED_MESSAGE, EngineHost } from './engine-host';
import type { EngineHostOptions, EngineRestartInfo } from './engine-host';
import { CRASH_ALARM_ID, FAIL_INIT_OPERATOR, HANG_ALARM_ID } from './fixtures/echo-engine';

const entry = engineEntry(join(import.meta.dirname, 'fixtures', 'echo-engine-entry.ts'));
const carriers: Record<string, CarrierFactory> = { 'child process': () => childProcessCarrier(entry), 'worker thread': () => workerCarrier(entry) };
const hosts: EngineHost[] = [];

function options(operator = 'tester', profileId = 'default'): EngineOptions {
  return { settings: { ...defaultSettings(), activeProfileId: profileId }, secrets: {}, dataDir: '/nonexistent', operator };
}

function makeHost(createCarrier: CarrierFactory, extra: Partial<EngineHostOptions> = {}): EngineHost {
  const host = new EngineHost({ createCarrier, engineOptions: options(), backoff: { initialMs: 100, maxMs: 1000, stableMs: 60_000 }, ...extra });
  hosts.push(host);
  return host;
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

describe.each(Object.keys(carriers))('EngineHost over a %s', (carrierName) => {
  const createCarrier = carriers[carrierName] as CarrierFactory;

  it('answers requests and forwards events with typed arrays intact', async () => {
    const host = makeHost(createCarrier);
    await host.start();
    expect(host.state).toBe('running');
    const view = await host.request('settings:get', {});
    expect(view.settings.activeProfileId).toBe('default');
    const frames: StreamFrame[] = [];
    const unsubscribe = host.subscribe('stream:frame', (f) => frames.push(f));
    await waitFor(() => frames.length >= 2);
    unsubscribe();
    expect(frames[0]?.raw.ts).toBeInstanceOf(Float64Array);
    expect(frames[0]?.raw.station).toBeInstanceOf(Uint32Array);
    expect(frames[1]!.seq).toBeGreaterThan(frames[0]!.seq);
  });

  it('passes the engine error code and message through', async () => {
    const host = makeHost(createCarrier);
    await host.start();
    await expect(host.request('alarms:ack', { alarmId: 'nope', comment: null })).rejects.toMatchObject({ code: 'not-found', message: 'No alarm nope.' });
    await expect(host.request('alarms:ack', { alarmId: 'temperature-high@st-01', comment: 'ok' })).resolves.toMatchObject({ acknowledgedBy: 'tester', state: 'acknowledged' });
  });

  it('times out a request the engine never answers', async () => {
    const host = makeHost(createCarrier, { requestTimeoutMs: 300 });
    await host.start();
    await expect(host.request('alarms:ack', { alarmId: HANG_ALARM_ID, comment: null })).rejects.toMatchObject({ code: 'timeout', message: 'The engine did not answer alarms:ack within 0.3 s.' });
    // The engine is still fine afterwards.
    await expect(host.request('pipeline:status', {})).resolves.toMatchObject({ openWindows: 3 });
  });

  it('reports an engine that cannot start', async () => {
    const host = new EngineHost({ createCarrier, engineOptions: options(FAIL_INIT_OPERATOR) });
    hosts.push(host);
    await expect(host.start()).rejects.toThrow('Database unreachable at init');
    expect(host.state).toBe('failed');
    await expect(host.request('pipeline:status', {})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('restarts a crashed engine, rejects the in-flight request and counts the restart', async () => {
    const restarts: EngineRestartInfo[] = [];
    const host = makeHost(createCarrier, { onRestart: (info) => restarts.push(info) });
    await host.start();
    await expect(host.request('alarms:ack', { alarmId: CRASH_ALARM_ID, comment: null })).rejects.toThrow(ENGINE_RESTARTED_MESSAGE);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ restarts: 1, delayMs: 100, reason: expect.stringContaining('exit code 3') });
    expect(host.state).toBe('restarting');
    await expect(host.request('pipeline:status', {})).rejects.toThrow('The engine is restarting; try again.');
    await waitFor(() => host.state === 'running');
    const status = await host.request('pipeline:status', {});
    expect(status.engineRestarts).toBe(1);
    expect(host.restarts).toBe(1);
  });

  it('restarts a crashed engine with the options of now, not those of the first start', async () => {
    let current = options('first operator');
    const host = makeHost(createCarrier, { engineOptions: () => current });
    await host.start();
    await expect(host.request('alarms:ack', { alarmId: 'temperature-high@st-01', comment: null })).resolves.toMatchObject({ acknowledgedBy: 'first operator' });
    // Settings saved since (no restart asked for), then a crash.
    current = options('second operator');
    await host.request('alarms:ack', { alarmId: CRASH_ALARM_ID, comment: null }).catch(() => undefined);
    await waitFor(() => host.state === 'running');
    await expect(host.request('alarms:ack', { alarmId: 'temperature-high@st-01', comment: null })).resolves.toMatchObject({ acknowledgedBy: 'second operator' });
  });

  it('backs off exponentially in a crash loop', async () => {
    const delays: number[] = [];
    const host = makeHost(createCarrier, { onRestart: (info) => delays.push(info.delayMs) });
    await host.start();
    for (let i = 0; i < 3; i++) {
      await host.request('alarms:ack', { alarmId: CRASH_ALARM_ID, comment: null }).catch(() => undefined);
      await waitFor(() => host.state === 'running');
    }
    expect(delays).toEqual([100, 200, 400]);
  });

  it('restarts only the engine with new options (profile switch), not counted as a crash', async () => {
    const host = makeHost(createCarrier);
    await host.start();
    await host.restart(options('tester', 'city-kafka'));
    const view = await host.request('settings:get', {});
    expect(view.settings.activeProfileId).toBe('city-kafka');
    expect(host.restarts).toBe(0);
  });

  it('stops gracefully and refuses requests afterwards', async () => {
    const host = makeHost(createCarrier);
    await host.start();
    await host.stop();
    expect(host.state).toBe('stopped');
    expect(host.pid).toBeNull();
    await expect(host.request('pipeline:status', {})).rejects.toThrow('The engine is not running.');
  });
});

describe('EngineHost supervising a child process', () => {
  it('restarts an engine killed from outside', async () => {
    const host = makeHost(carriers['child process'] as CarrierFactory);
    await host.start();
    const firstPid = host.pid as number;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => host.restarts === 1 && host.state === 'running');
    expect(host.pid).not.toBe(firstPid);
    const status = await host.request('pipeline:status', {});
    expect(status.source.detail).toBe(`pid ${host.pid}`);
  });
});
