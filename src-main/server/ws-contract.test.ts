/**
 * The same contract suite the Electron preload passes (src-main/electron/ipc/ipc-contract.test.ts), here
 * over the headless WebSocket transport: real server, real engine in a child process, real client —
 * also over TLS on a non-default bind, where tokens and HTTPS are required.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractSuite, CONTRACT_SUITE } from '../../src-shared/ipc/contract-suite';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { startServer } from './server';
import type { RunningServer } from './server';
import { connectWsClient } from '../../tests/helpers/ws-client';

const dir = mkdtempSync(join(tmpdir(), 'sw-ws-contract-'));
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function simulatorSettings(): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 4, seed: 7, outlierRate: 0, speed: 5 }, database: { kind: 'memory' } }],
  });
}

describe('the contract suite over WebSocket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ engineOptions: { settings: simulatorSettings(), secrets: {}, dataDir: dir, operator: 'duty' }, port: 0, rendererDir: dir });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('passes every case the Electron transport passes', async () => {
    const client = await connectWsClient(server.url);
    try {
      const passed = await runContractSuite(client, { wait });
      expect(passed).toEqual(CONTRACT_SUITE.map((c) => c.name));
    } finally {
      client.close();
    }
  }, 60_000);
});

describe('HTTPS and WSS on a non-default bind', () => {
  let server: RunningServer;
  let ca: string;
  beforeAll(async () => {
    // A throw-away CA and a server certificate for 127.0.0.2, made with openssl like the Kafka test listeners.
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Stationwatch test CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.2');
    execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.2\\n" > ext.cnf'], { cwd: dir });
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    server = await startServer({
      engineOptions: { settings: simulatorSettings(), secrets: {}, dataDir: dir, operator: 'duty' },
      host: '127.0.0.2',
      port: 0,
      rendererDir: dir,
      tls: { cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server.key')) },
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('serves https, and wss with the operator token answers requests', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
    const token = server.tokens?.operator;
    expect(token).toBeTruthy();
    const client = await connectWsClient(server.url, { token, ca });
    try {
      const stations = await client.request('stations:list', {});
      expect(stations.map((s) => s.id)).toContain('st-01');
    } finally {
      client.close();
    }
  }, 60_000);

  it('refuses a client that does not trust the certificate, and one without a token', async () => {
    await expect(connectWsClient(server.url, { token: server.tokens?.operator })).rejects.toThrow();
    await expect(connectWsClient(server.url, { ca })).rejects.toThrow();
  }, 60_000);
});
