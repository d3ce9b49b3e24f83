/**
 * Headless mode end to end: the real `serve` command with a seeded simulator (outliers off, memory
 * store), a real WebSocket client, the real engine in its child process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmEvent, Alarm } from '../../src-shared/domain/alarms';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const BASE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
/** Simulated seconds per wall second for the alarm runs. */
const SPEED = 60;
const TARGET = 'st-04';

const running: { server: ServeProcess; client: WsClient | null }[] = [];
afterEach(async () => {
  for (const { server, client } of running.splice(0)) {
    await client?.close();
    await server.stop();
  }
});

async function start(args: readonly string[]): Promise<{ server: ServeProcess; client: WsClient }> {
  const server = await startServeProcess([...BASE_ARGS, ...args]);
  const entry = { server, client: null as WsClient | null };
  running.push(entry);
  entry.client = await connectWsClient(server.url);
  return { server, client: entry.client };
}

/** Collect alarm changes until `until` says stop or the simulated span has passed. */
async function watchAlarms(client: WsClient, simulatedMs: number, until: (changes: readonly { alarm: Alarm; event: AlarmEvent }[]) => boolean, wallTimeoutMs: number): Promise<{ alarm: Alarm; event: AlarmEvent }[]> {
  const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
  let first: number | null = null;
  let latest: number | null = null;
  const offAlarm = client.subscribe('alarm:changed', (change) => changes.push(change));
  const offStatus = client.subscribe('status:changed', (status: PipelineStatus) => {
    if (status.watermark === null) return;
    first ??= status.watermark;
    latest = status.watermark;
  });
  const deadline = Date.now() + wallTimeoutMs;
  while (!until(changes) && !(first !== null && latest !== null && latest - first >= simulatedMs)) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  offAlarm();
  offStatus();
  return changes;
}

describe('headless mode (npm run serve)', () => {
  it('sends frames within 2 s of connecting', async () => {
    const { client } = await start([]);
    const connectedAt = Date.now();
    const firstFrameMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame within 2 s')), 2000);
      const off = client.subscribe('stream:frame', (frame) => {
        if (frame.raw.ts.length === 0 && frame.windows.start.length === 0) return;
        clearTimeout(timer);
        off();
        resolve(Date.now() - connectedAt);
      });
    });
    expect(firstFrameMs).toBeLessThan(2000);
  });

  it('raises alarm:changed for the heatwave station, metric and rule', async () => {
    const { client } = await start(['--speed', String(SPEED), '--scenario', `heatwave:${TARGET}:10:1200`]);
    const isHeat = (c: { alarm: Alarm; event: AlarmEvent }): boolean => c.alarm.ruleId === 'temperature-high' && c.event.type === 'activated';
    const changes = await watchAlarms(client, 900_000, (all) => all.some(isHeat), 60_000);
    const heat = changes.find(isHeat);
    expect(heat, JSON.stringify(changes.map((c) => c.alarm.id))).toBeDefined();
    expect(heat?.alarm).toMatchObject({ stationId: TARGET, metric: 'temperature', ruleId: 'temperature-high', isActive: true });
    // Only the heated station alarms.
    expect(changes.filter((c) => c.event.type === 'activated').every((c) => c.alarm.stationId === TARGET)).toBe(true);
  });

  it('raises no alarm in a control run without the scenario', async () => {
    const { client } = await start(['--speed', String(SPEED)]);
    const changes = await watchAlarms(client, 600_000, () => false, 60_000);
    expect(changes.map((c) => `${c.event.type} ${c.alarm.id}`)).toEqual([]);
    const status = await client.request('pipeline:status', {});
    expect(status.counters.readings).toBeGreaterThan(6 * 500);
  });

  it('off the default bind, refuses connections without a token and keeps viewers read-only', async () => {
    const server = await startServeProcess([...BASE_ARGS, '--host', '127.0.0.2', '--insecure-http'], { STATIONWATCH_VIEWER_TOKEN: 'wall-display-token' });
    running.push({ server, client: null });
    expect(server.output()).toContain('operator token: ');
    await expect(connectWsClient(server.url)).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(401);
    const viewer = await connectWsClient(server.url, { token: 'wall-display-token' });
    expect(viewer.role).toBe('viewer');
    await expect(viewer.request('stations:list', {})).resolves.toHaveLength(6);
    await expect(viewer.request('alarms:ack', { alarmId: 'temperature-high@st-01' })).rejects.toMatchObject({ code: 'forbidden' });
    await viewer.close();
  });

  it('restarts a killed engine while the server keeps answering', async () => {
    const { server, client } = await start([]);
    const before = (await (await fetch(`${server.url}/healthz`)).json()) as { engine: { pid: number; restarts: number } };
    expect(before.engine.restarts).toBe(0);
    process.kill(before.engine.pid, 'SIGKILL');
    // The server itself answers throughout; the engine comes back with a new pid.
    await expect
      .poll(async () => (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; engine: { pid: number; restarts: number } }, { timeout: 20_000, interval: 200 })
      .toMatchObject({ ok: true, engine: { restarts: 1 } });
    const after = (await (await fetch(`${server.url}/healthz`)).json()) as { engine: { pid: number } };
    expect(after.engine.pid).not.toBe(before.engine.pid);
    expect(await client.request('pipeline:status', {})).toMatchObject({ engineRestarts: 1 });
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('stationwatch_engine_restarts_total 1');
  });
});
