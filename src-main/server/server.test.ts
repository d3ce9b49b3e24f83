import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { defaultSettings } from '../../src-shared/settings/schema';
import { engineEntry } from '../engine/host/engine-entry-path';
import { CRASH_ALARM_ID } from '../engine/host/fixtures/echo-engine';
import { startServer } from './server';
import type { RunningServer, ServerOptions } from './server';
import { connectWsClient } from '../../tests/helpers/ws-client';

const echoEntry = engineEntry(join(import.meta.dirname, '..', 'engine', 'host', 'fixtures', 'echo-engine-entry.ts'));
const site = mkdtempSync(join(tmpdir(), 'sw-site-'));
const rendererDir = join(site, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stationwatch</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
writeFileSync(join(site, 'secret.txt'), 'do not serve');

function serverOptions(extra: Partial<ServerOptions> = {}): ServerOptions {
  return {
    engineOptions: { settings: defaultSettings(), secrets: {}, dataDir: site, operator: 'duty-operator' },
    port: 0,
    rendererDir,
    engineEntry: echoEntry,
    backoff: { initialMs: 100, maxMs: 1000, stableMs: 60_000 },
    ...extra,
  };
}

describe('headless server on the default loopback bind', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(serverOptions());
  });
  afterAll(async () => {
    await server.close();
  });

  it('needs no token, greets as operator and answers requests', async () => {
    expect(server.tokens).toBeNull();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = await connectWsClient(server.url);
    expect(client.role).toBe('operator');
    const view = await client.request('settings:get', {});
    expect(view.settings.activeProfileId).toBe('default');
    await client.close();
  });

  it('rejects invalid arguments and unknown requests with a readable message', async () => {
    const client = await connectWsClient(server.url);
    await expect(client.request('alarms:ack', {} as never)).rejects.toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('alarmId') });
    await expect(client.request('history:query', { stationIds: [], metric: 'x', from: 0, to: 1, maxPoints: 100 })).rejects.toMatchObject({ code: 'invalid-arguments' });
    await expect(client.request('nope:nothing' as never, {} as never)).rejects.toMatchObject({ code: 'invalid-arguments', message: 'Unknown request "nope:nothing".' });
    await client.close();
  });

  it('pushes frames with typed arrays to clients', async () => {
    const client = await connectWsClient(server.url);
    const frames: StreamFrame[] = [];
    client.subscribe('stream:frame', (frame) => frames.push(frame));
    await expect.poll(() => frames.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(frames[0]?.raw.value).toBeInstanceOf(Float64Array);
    expect(frames[0]?.raw.value.length).toBe(3);
    await client.close();
  });

  it('closes a socket that sends garbage', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{not json');
    expect(await closed).toBe(1007);
  });

  it('serves /healthz and Prometheus /metrics', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, engine: { state: 'running', restarts: 0, pid: server.engine.pid }, source: 'running', store: 'ok' });
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('stationwatch_engine_up 1');
    expect(text).toContain('stationwatch_readings_per_second 120.5');
    expect(text).toContain('stationwatch_rejected_total{reason="bad-json"} 2');
    expect(text).toContain('stationwatch_consumer_lag_total 42');
    expect(text).toContain('stationwatch_store_queue_depth 7');
    expect(text).toContain('stationwatch_open_alarms{severity="critical"} 0');
    expect(text).toContain('stationwatch_engine_restarts_total 0');
  });

  it('serves static files with MIME types, CSP and SPA fallback, and blocks traversal', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // No tile server in the settings: images only from the app itself, not from any https host.
    expect(index.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    expect(await index.text()).toContain('<title>Stationwatch</title>');
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/assets/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const route = await fetch(`${server.url}/stations/st-01`);
    expect(await route.text()).toContain('<title>Stationwatch</title>');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('do not serve');
    }
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('keeps answering while a crashed engine restarts, and rejects the request caught in the crash', async () => {
    const client = await connectWsClient(server.url);
    await expect(client.request('alarms:ack', { alarmId: CRASH_ALARM_ID })).rejects.toMatchObject({ code: 'unavailable', message: 'The engine restarted; try again.' });
    const during = await fetch(`${server.url}/healthz`);
    expect([200, 503]).toContain(during.status);
    await expect.poll(async () => (await (await fetch(`${server.url}/healthz`)).json()) as object, { timeout: 10_000 }).toMatchObject({ ok: true, engine: { restarts: 1 } });
    await expect(client.request('pipeline:status', {})).resolves.toMatchObject({ engineRestarts: 1 });
    await client.close();
  });
});

describe('headless server on a non-default bind (127.0.0.2)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(serverOptions({ host: '127.0.0.2', insecureHttp: true, tokens: { viewer: 'viewer-secret' } }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses to start without TLS unless plain HTTP is asked for', async () => {
    await expect(startServer(serverOptions({ host: '127.0.0.2' }))).rejects.toThrow('Binding to 127.0.0.2 requires TLS');
  });

  it('generates the missing operator token and refuses everything without a token', async () => {
    expect(server.tokens?.viewer).toBe('viewer-secret');
    expect(server.tokens?.operator).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(connectWsClient(server.url)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(connectWsClient(server.url, { token: 'wrong' })).rejects.toMatchObject({ code: 'unauthorized' });
    for (const path of ['/', '/healthz', '/metrics', '/assets/app.js']) expect((await fetch(`${server.url}${path}`)).status, path).toBe(401);
  });

  it('lets a viewer read but not acknowledge', async () => {
    const viewer = await connectWsClient(server.url, { token: 'viewer-secret' });
    expect(viewer.role).toBe('viewer');
    await expect(viewer.request('pipeline:status', {})).resolves.toMatchObject({ openWindows: 3 });
    await expect(viewer.request('alarms:ack', { alarmId: 'temperature-high@st-01' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(viewer.request('rules:save', { rules: [] })).rejects.toMatchObject({ code: 'forbidden' });
    await viewer.close();
  });

  it('lets an operator acknowledge', async () => {
    const operator = await connectWsClient(server.url, { token: server.tokens!.operator });
    expect(operator.role).toBe('operator');
    await expect(operator.request('alarms:ack', { alarmId: 'temperature-high@st-01', comment: 'seen' })).resolves.toMatchObject({ state: 'acknowledged', acknowledgedBy: 'duty-operator' });
    await operator.close();
  });

  it('accepts ?token= from a browser and sets a cookie for its assets', async () => {
    const page = await fetch(`${server.url}/?token=viewer-secret`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sw_token=viewer-secret; Path=\/; HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${server.url}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] as string } });
    expect(asset.status).toBe(200);
  });
});

describe('headless server with a slow client', () => {
  it('drops frames for a client over the buffer limit but never alarm events', async () => {
    // A negative limit makes every client count as slow.
    const server = await startServer(serverOptions({ maxBufferedBytes: -1 }));
    try {
      const client = await connectWsClient(server.url);
      let frames = 0;
      const alarms: string[] = [];
      client.subscribe('stream:frame', () => frames++);
      client.subscribe('alarm:changed', ({ alarm }) => alarms.push(alarm.id));
      await client.request('alarms:ack', { alarmId: 'pm-high@st-02' });
      await expect.poll(() => alarms, { timeout: 3000 }).toEqual(['pm-high@st-02']);
      const dropped = async (): Promise<number> => Number(/stationwatch_ws_frames_dropped_total (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
      await expect.poll(dropped, { timeout: 3000 }).toBeGreaterThan(2);
      expect(frames).toBe(0);
      await client.close();
    } finally {
      await server.close();
    }
  });
});
