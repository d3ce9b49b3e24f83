/**
 * The headless server under hostile and greedy clients (issue 14, items 1, 3, 5 and 15): a real server
 * on 127.0.0.1 with the echo engine, raw `net` sockets for requests no well-behaved client would send.
 * Hostile host names are .example strings in headers only; nothing connects anywhere but 127.0.0.1.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeWire } from '../../src-shared/ipc/wire';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { engineEntry } from '../engine/host/engine-entry-path';
import { HANG_ALARM_ID } from '../engine/host/fixtures/echo-engine';
import { readOnlySecrets } from '../settings/secret-source';
import { SettingsService } from '../settings/settings-service';
import { startServer } from './server';
import type { RunningServer, ServerOptions } from './server';
import { connectWsClient } from '../../tests/helpers/ws-client';

const echoEntry = engineEntry(join(import.meta.dirname, '..', 'engine', 'host', 'fixtures', 'echo-engine-entry.ts'));
const site = mkdtempSync(join(tmpdir(), 'sw-hardening-'));
const rendererDir = join(site, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stationwatch</title>');

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

/** Send `text` on a raw socket; resolves with what came back, up to the close (or the end of a 101's headers). */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.startsWith('HTTP/1.1 101') && received.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.write(text);
  });
}

/** A WebSocket handshake for `path` with these extra header lines. */
function upgradeRequest(port: number, path: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = { Host: `127.0.0.1:${port}`, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all).map(([key, value]) => `${key}: ${value}\r\n`).join('')}\r\n`;
}

/** A plain GET that asks the server to close afterwards. */
function plainRequest(port: number, path: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all).map(([key, value]) => `${key}: ${value}\r\n`).join('')}\r\n`;
}

const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const bodyOf = (response: string): string => response.slice(response.indexOf('\r\n\r\n') + 4);

async function expectHealthy(server: RunningServer, headers: Record<string, string> = {}): Promise<void> {
  expect((await fetch(`${server.url}/healthz`, { headers })).status).toBe(200);
}

describe('the loopback bind without tokens', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(serverOptions({ publicHosts: ['stations.example'], maxInFlightRequests: 2 }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers an upgrade to GET // with 400 and stays up (item 1)', async () => {
    const response = await rawExchange(server.port, upgradeRequest(server.port, '//'));
    expect(statusOf(response)).toBe(400);
    await expectHealthy(server);
  });

  it('answers a plain GET // with 400 and a body without the exception text (item 1)', async () => {
    const response = await rawExchange(server.port, plainRequest(server.port, '//'));
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response)).toContain('Bad request');
    expect(bodyOf(response)).not.toContain('URL');
    await expectHealthy(server);
  });

  it('ignores a malformed token cookie on an upgrade and on a page (item 1)', async () => {
    const upgrade = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Cookie: 'sw_token=%E0%A4%A' }));
    expect(statusOf(upgrade)).toBe(101);
    const page = await rawExchange(server.port, plainRequest(server.port, '/', { Cookie: 'sw_token=%E0%A4%A' }));
    expect(statusOf(page)).toBe(200);
    await expectHealthy(server);
  });

  it('refuses an upgrade from a foreign Origin, as a browser on another site sends it (item 3)', async () => {
    for (const origin of ['https://evil.example', 'null', `http://evil.example:${server.port}`, `http://127.0.0.1:${server.port + 1}`]) {
      const response = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Origin: origin }));
      expect(statusOf(response), origin).toBe(403);
      expect(bodyOf(response), origin).toBe('Forbidden');
    }
  });

  it('refuses a Host that is not its own, as after DNS rebinding, on upgrades and pages (item 3)', async () => {
    const rebound = `evil.example:${server.port}`;
    const upgrade = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Host: rebound, Origin: `http://${rebound}` }));
    expect(statusOf(upgrade)).toBe(403);
    const page = await rawExchange(server.port, plainRequest(server.port, '/healthz', { Host: rebound }));
    expect(statusOf(page)).toBe(403);
    const otherPort = await rawExchange(server.port, plainRequest(server.port, '/healthz', { Host: `127.0.0.1:${server.port + 1}` }));
    expect(statusOf(otherPort)).toBe(403);
  });

  it('accepts its own origin on every loopback name, a configured public name, and a client without Origin (item 3)', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
      const response = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Host: host, Origin: `http://${host.toLowerCase()}` }));
      expect(statusOf(response), host).toBe(101);
    }
    const behindProxy = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Host: 'stations.example', Origin: 'https://stations.example' }));
    expect(statusOf(behindProxy)).toBe(101);
    const client = await connectWsClient(server.url);
    expect(client.role).toBe('operator');
    await client.close();
  });

  it("answers a request over the socket's in-flight cap with 'busy' (item 5)", async () => {
    const client = await connectWsClient(server.url);
    // The echo engine never answers these two, so both stay in flight.
    const hanging = [client.request('alarms:ack', { alarmId: HANG_ALARM_ID }), client.request('alarms:ack', { alarmId: HANG_ALARM_ID })];
    for (const request of hanging) request.catch(() => undefined);
    await expect(client.request('pipeline:status', {})).rejects.toMatchObject({ code: 'busy', message: expect.stringContaining('2 requests') });
    // Another socket has its own allowance.
    const other = await connectWsClient(server.url);
    await expect(other.request('pipeline:status', {})).resolves.toMatchObject({ openWindows: 3 });
    await other.close();
    await client.close();
  });
});

describe('a bind with tokens', () => {
  /** Counts how often the server reads the settings in force. */
  class CountingSettings extends SettingsService {
    reads = 0;
    override get settings(): Settings {
      this.reads++;
      return super.settings;
    }
  }
  const owner = new CountingSettings({ file: null, loaded: { settings: defaultSettings(), notice: null }, secrets: readOnlySecrets(() => ({}), () => 'nowhere') });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(serverOptions({ settings: owner, tokens: { viewer: 'viewer-secret', operator: 'operator-secret' } }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a malformed token cookie with 401 on an upgrade and on a page, and stays up (item 1)', async () => {
    const upgrade = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Cookie: 'sw_token=%E0%A4%A' }));
    expect(statusOf(upgrade)).toBe(401);
    const page = await rawExchange(server.port, plainRequest(server.port, '/', { Cookie: 'sw_token=%E0%A4%A' }));
    expect(statusOf(page)).toBe(401);
    expect(bodyOf(page)).not.toContain('URI');
    await expectHealthy(server, { Authorization: 'Bearer viewer-secret' });
  });

  it('checks the token before it reads the settings for a page (item 15)', async () => {
    owner.reads = 0;
    expect((await fetch(`${server.url}/stations/st-01`)).status).toBe(401);
    expect((await fetch(`${server.url}/`, { headers: { Cookie: 'sw_token=wrong' } })).status).toBe(401);
    expect(owner.reads).toBe(0);
    // The same page with the token reads them, for its Content-Security-Policy.
    expect((await fetch(`${server.url}/`, { headers: { Authorization: 'Bearer viewer-secret' } })).status).toBe(200);
    expect(owner.reads).toBeGreaterThan(0);
  });

  it('lets a valid token through without Origin, and refuses a foreign Origin even with one (item 3)', async () => {
    const client = await connectWsClient(server.url, { token: 'operator-secret' });
    expect(client.role).toBe('operator');
    await client.close();
    const foreign = await rawExchange(server.port, upgradeRequest(server.port, '/ws', { Authorization: 'Bearer operator-secret', Origin: 'https://evil.example' }));
    expect(statusOf(foreign)).toBe(403);
  });
});

describe('a client that never reads', () => {
  it('is disconnected once its unread replies pass the buffer limit (item 5)', async () => {
    const server = await startServer(serverOptions({ disconnectBufferedBytes: 256 * 1024, maxInFlightRequests: 100_000 }));
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    try {
      await new Promise((resolve) => socket.once('message', resolve));
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.on('error', () => undefined);
      // Stop reading: the server's replies pile up in the kernel's buffers, then in its own.
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      for (let id = 1; id <= 6000; id++) socket.send(encodeWire({ t: 'req', id, name: 'settings:get', args: {} }));
      const clients = async (): Promise<number> => Number(/stationwatch_ws_clients (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
      await expect.poll(clients, { timeout: 10_000, interval: 200 }).toBe(0);
      (socket as unknown as { _socket: { resume(): void } })._socket.resume();
      expect(await closed).toBe(1006);
      await expectHealthy(server);
    } finally {
      socket.terminate();
      await server.close();
    }
  });
});

describe('a refused handshake (found by the server fuzz)', () => {
  /** Send a refused handshake (no token) plus `extra` bytes, and keep our side of the connection open. */
  function halfOpenClient(port: number, extra: string): Promise<{ answer: string; socket: ReturnType<typeof connect> }> {
    return new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('end', () => resolve({ answer, socket }));
      socket.write(upgradeRequest(port, '/ws') + extra);
    });
  }

  it('closes its socket even when the client keeps its side open or sent more than the buffers hold', async () => {
    const server = await startServer(serverOptions({ tokens: { viewer: 'viewer-secret', operator: 'operator-secret' } }));
    const clients = [await halfOpenClient(server.port, ''), await halfOpenClient(server.port, 'x'.repeat(1_000_000))];
    try {
      for (const { answer } of clients) expect(statusOf(answer)).toBe(401);
      // Before the fix each refused socket stayed open for good, and close() waited for it.
      const closed = await Promise.race([server.close().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
      expect(closed).toBe(true);
    } finally {
      for (const { socket } of clients) socket.destroy();
    }
  });
});
