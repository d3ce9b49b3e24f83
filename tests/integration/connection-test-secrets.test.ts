/**
 * connection:test under attack (issue 14, item 2), in both shells: the headless server over WebSocket
 * (viewer and operator tokens, environment secrets) and Electron main's router (the desktop's encrypted
 * secret store), each with a real engine. The saved profile "city" logs in to the real SASL listener
 * through a relay on 127.0.0.1 that keeps every byte it carries. A test of "city" as saved sends the
 * stored password to those brokers; a test under the same id pointed at another relay (a broker the
 * caller controls) must not, and the answer says why. A replay profile pointed at a file that is not a
 * recording learns nothing about it. A viewer may not run the test at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTestResult, RequestArgs, RequestName, RequestResult } from '../../src-shared/ipc/contract';
import { KafkaSourceSchema, ReplaySourceSchema, SettingsSchema } from '../../src-shared/settings/schema';
import type { Profile, Settings } from '../../src-shared/settings/schema';
import { validateRequest } from '../../src-shared/ipc/validate-request';
import type { EngineHandle, EngineOptions, StopReport } from '../../src-main/engine/engine-api';
import { startEngine } from '../../src-main/engine/process/engine';
import { createMainRouter } from '../../src-main/electron/ipc/main-router';
import type { RoutedEngine } from '../../src-main/electron/ipc/main-router';
import { readOnlySecrets } from '../../src-main/settings/secret-source';
import { SecretStore } from '../../src-main/settings/secret-store';
import { SettingsService } from '../../src-main/settings/settings-service';
import { startServer } from '../../src-main/server/server';
import type { RunningServer } from '../../src-main/server/server';
import { requireKafka } from '../helpers/kafka';
import { testCipher } from '../helpers/test-cipher';
import { connectWsClient } from '../helpers/ws-client';

const env = await requireKafka();
const sasl = env !== null && env.saslBrokers !== null && env.saslUsername !== null && env.saslPassword !== null ? { brokers: env.saslBrokers, username: env.saslUsername, password: env.saslPassword } : null;
if (env !== null && sasl === null) console.warn('\n*** SKIPPING connection:test secret tests: this Kafka has no SASL listener (run through scripts/with-services.sh). ***\n');

/** A TCP relay on 127.0.0.1 to `target` that keeps every byte clients send through it. */
interface Relay {
  readonly address: string;
  received(): string;
  close(): Promise<void>;
}

async function recordingRelay(target: string): Promise<Relay> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const chunks: Buffer[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (data: Buffer) => chunks.push(Buffer.from(data)));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The real engine in this process, restartable as main's router expects of its host. */
class InProcessEngine implements RoutedEngine {
  private engine: EngineHandle | null = null;
  async restart(options: EngineOptions): Promise<void> {
    await this.stop();
    this.engine = await startEngine(options);
  }
  request: EngineHandle['request'] = (name, args) => this.engine!.request(name, args);
  subscribe: EngineHandle['subscribe'] = (event, listener) => this.engine!.subscribe(event, listener);
  async stop(): Promise<StopReport | null> {
    const report = (await this.engine?.stop()) ?? null;
    this.engine = null;
    return report;
  }
}

function cityProfile(brokers: string, username: string): Profile {
  return { id: 'city', name: 'City Kafka', source: KafkaSourceSchema.parse({ kind: 'kafka', brokers: [brokers], topics: ['sw-conn-secrets'], sasl: { mechanism: 'plain', username } }), database: { kind: 'memory' } };
}

/** `profile` (a Kafka one) pointed at other brokers, keeping its id, TLS and SASL settings. */
function withBrokers(profile: Profile, broker: string): Profile {
  if (profile.source.kind !== 'kafka') throw new Error('a Kafka profile was expected');
  return { ...profile, source: { ...profile.source, brokers: [broker] } };
}

function savedSettings(city: Profile): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 2, seed: 3, outlierRate: 0 }, database: { kind: 'memory' } }, city],
  });
}

/** One shell under test: how an operator (and, where roles exist, a viewer) sends requests. */
interface Shell {
  operator<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>>;
  close(): Promise<void>;
}

const scratch = mkdtempSync(join(tmpdir(), 'sw-conn-secrets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(sasl === null)('connection:test and the saved secrets', () => {
  let savedRelay: Relay;
  let foreignRelay: Relay;
  let city: Profile;
  const shells = new Map<string, Shell>();
  let server: RunningServer;

  beforeAll(async () => {
    savedRelay = await recordingRelay(sasl!.brokers);
    foreignRelay = await recordingRelay(sasl!.brokers);
    city = cityProfile(savedRelay.address, sasl!.username);
    const settings = savedSettings(city);

    // Headless: secrets from the environment, tokens enforced on 127.0.0.1 because they are given.
    const headless = new SettingsService({ file: null, loaded: { settings, notice: null }, secrets: readOnlySecrets(() => ({ city: { saslPassword: sasl!.password } }), () => 'set it in the environment') });
    const dataDir = mkdtempSync(join(scratch, 'server-'));
    server = await startServer({ engineOptions: { settings, secrets: {}, dataDir, operator: 'duty' }, settings: headless, tokens: { viewer: 'viewer-token-5e1', operator: 'operator-token-9c2' }, port: 0, rendererDir: dataDir });
    const operatorClient = await connectWsClient(server.url, { token: 'operator-token-9c2' });
    shells.set('headless server', { operator: (name, args) => operatorClient.request(name, args), close: () => operatorClient.close() });

    // Desktop: Electron main's router over the encrypted secret store, with validation as handle() does it.
    const desktopDir = mkdtempSync(join(scratch, 'desktop-'));
    const desktop = new SettingsService({ file: join(desktopDir, 'settings.json'), loaded: { settings, notice: null }, secrets: new SecretStore(desktopDir, testCipher()) });
    desktop.save({ settings, secrets: { city: { saslPassword: sasl!.password } } });
    const engine = new InProcessEngine();
    const engineOptions = (): EngineOptions => ({ settings: desktop.settings, secrets: desktop.secretValues(), dataDir: desktopDir, operator: 'duty' });
    await engine.restart(engineOptions());
    const route = createMainRouter({ engine, settings: desktop, engineOptions });
    shells.set('Electron main router', { operator: async (name, args) => route(name, validateRequest(name, args)), close: async () => void (await engine.stop()) });
  }, 120_000);

  afterAll(async () => {
    for (const shell of shells.values()) await shell.close();
    await server?.close();
    await savedRelay?.close();
    await foreignRelay?.close();
  });

  it('refuses a viewer (headless): the test reaches out to any host and file, with saved secrets', async () => {
    const viewer = await connectWsClient(server.url, { token: 'viewer-token-5e1' });
    try {
      expect(viewer.role).toBe('viewer');
      await expect(viewer.request('connection:test', { profile: city })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(viewer.request('connection:test', { profile: withBrokers(city, foreignRelay.address) })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(viewer.request('pipeline:status', {})).resolves.toMatchObject({ profileId: 'sim' });
    } finally {
      await viewer.close();
    }
    expect(foreignRelay.received()).not.toContain(sasl!.password);
  });

  for (const shellName of ['headless server', 'Electron main router']) {
    describe(`through the ${shellName}`, () => {
      const shell = (): Shell => shells.get(shellName)!;

      it('logs in to the saved brokers with the saved password when the profile is tested as saved', async () => {
        const result = await shell().operator('connection:test', { profile: city });
        expect(result.steps.find((s) => s.step === 'sasl')).toMatchObject({ ok: true, detail: expect.stringContaining(`logged in as "${sasl!.username}"`) });
        expect(result.notice).toBeUndefined();
        expect(savedRelay.received()).toContain(sasl!.password);
      }, 60_000);

      it('sends no saved secret to other brokers named under the saved id, and says so in plain words', async () => {
        const before = foreignRelay.received().length;
        const elsewhere = withBrokers(city, foreignRelay.address);
        const result: ConnectionTestResult = await shell().operator('connection:test', { profile: elsewhere });
        const sent = foreignRelay.received().slice(before);
        expect(sent).toContain(sasl!.username); // the client did connect and try to log in
        expect(sent).not.toContain(sasl!.password);
        expect(JSON.stringify(result)).not.toContain(sasl!.password);
        expect(result.steps.find((s) => s.step === 'sasl')).toMatchObject({ ok: false });
        expect(result.notice).toBe(
          "The saved SASL password was not used: a saved secret is only sent with the saved profile's own brokers, TLS settings and SASL mechanism and user, and the settings tested here differ. To test them, enter the secret here.",
        );
        // Typed in, the password is the caller's to send wherever it likes.
        const typed = await shell().operator('connection:test', { profile: elsewhere, secrets: { saslPassword: sasl!.password } });
        expect(typed.steps.find((s) => s.step === 'sasl')).toMatchObject({ ok: true });
      }, 60_000);

      it('answers a replay profile of a file that is not a recording with one generic sentence', async () => {
        const secretFile = join(scratch, `not-a-recording-${shellName.length}`);
        writeFileSync(secretFile, 'root:$6$Zq$Secret0Digest:19000:0:99999:7:::\n'.repeat(20));
        const replay = (path: string): Profile => ({ id: 'default', name: 'Replay', source: ReplaySourceSchema.parse({ kind: 'replay', path, format: 'jsonl' }), database: { kind: 'memory' } });
        const answers = await Promise.all([secretFile, '/etc/passwd', join(scratch, 'missing.jsonl'), scratch].map((path) => shell().operator('connection:test', { profile: replay(path) })));
        for (const answer of answers) {
          expect(answer).toMatchObject({ ok: false, steps: [{ step: 'read', ok: false, detail: 'Not a readable recording.' }] });
          expect(answer.steps).toHaveLength(1);
        }
        const text = JSON.stringify(answers);
        for (const leak of ['bytes', 'root', 'Secret0Digest', String(41 * 20)]) expect(text).not.toContain(leak);
      }, 60_000);

      it('refuses a profile that is not a profile', async () => {
        await expect(shell().operator('connection:test', { profile: { id: 'default', source: { kind: 'replay', path: '/etc/shadow' } } as never })).rejects.toMatchObject({ code: 'invalid-arguments' });
      });
    });
  }
});
