/**
 * What the MQTT tests share: a private Mosquitto (own port, config and persistence directory, so a test
 * may restart it without touching the machine's broker), publishing with the real `mosquitto_pub`
 * client, and PostgreSQL's own window statistics over the raw readings table as the reference.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { connectAsync } from 'mqtt';
import type pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { ExpectedWindow } from './window-expectation';
import { windowKey } from './window-expectation';
import { LATENESS_MS, SIZES_MS, statusOf, waitUntil } from './stream-harness';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { StatusSource } from './stream-harness';

/** Why the MQTT tests cannot run here (no mosquitto or mosquitto_pub), or null. */
export function mqttToolsMissing(): string | null {
  for (const tool of ['mosquitto', 'mosquitto_pub', 'stdbuf']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (scripts/ci-setup.sh installs it)`;
  }
  return null;
}

/** A free loopback port chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A Mosquitto of the test's own: persistence on, so sessions and queued messages survive a restart. */
export class PrivateMosquitto {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number, private readonly config: string, private readonly isTls: boolean) {}

  /**
   * Writes the config into `dir` (persistence there too) and starts the broker. With `login`, only that
   * user may connect, and may read only `readable` (an ACL pattern); with `tls`, the listener speaks TLS
   * only, with that certificate.
   */
  static async start(dir: string, login?: { readonly user: string; readonly password: string; readonly readable: string }, tls?: { readonly certFile: string; readonly keyFile: string }): Promise<PrivateMosquitto> {
    const port = await freePort();
    const config = join(dir, 'mosquitto.conf');
    const auth: string[] = ['allow_anonymous true'];
    if (tls !== undefined) auth.push(`certfile ${tls.certFile}`, `keyfile ${tls.keyFile}`);
    if (login !== undefined) {
      const passwords = join(dir, 'passwords');
      writeFileSync(passwords, '');
      execFileSync('mosquitto_passwd', ['-b', passwords, login.user, login.password]);
      writeFileSync(join(dir, 'acl'), `user ${login.user}\ntopic read ${login.readable}\n`);
      auth.splice(0, 1, 'allow_anonymous false', `password_file ${passwords}`, `acl_file ${join(dir, 'acl')}`);
    }
    writeFileSync(
      config,
      [
        `listener ${port} 127.0.0.1`,
        ...auth,
        // Started as root, Mosquitto would switch to the "mosquitto" user, who may not write this directory.
        `user ${userInfo().username}`,
        'persistence true',
        `persistence_location ${dir}/`,
        // The default (1000) would drop what is published while the app is closed beyond that many.
        'max_queued_messages 1000000',
        `log_dest file ${join(dir, 'mosquitto.log')}`,
        '',
      ].join('\n'),
    );
    const broker = new PrivateMosquitto(port, config, tls !== undefined);
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops with SIGTERM (Mosquitto then saves its persistence file) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  private async launch(): Promise<void> {
    this.child = spawn('mosquitto', ['-c', this.config], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        const client = await connectAsync({ host: '127.0.0.1', port: this.port, reconnectPeriod: 0, connectTimeout: 1_000, clientId: `sw-probe-${process.pid}`, ...(this.isTls ? { protocol: 'mqtts' as const, rejectUnauthorized: false } : {}) });
        await client.endAsync(true);
        return;
      } catch (error) {
        // A refused login (CONNACK code) also means the broker is up.
        if (typeof (error as { code?: unknown }).code === 'number') return;
        if (Date.now() > end) throw new Error(`the private Mosquitto on ${this.url} did not start: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/**
 * Publishes one message per line to `topic` with the real mosquitto_pub (QoS 1), and resolves once the
 * broker acknowledged every one. mosquitto_pub -l disconnects at the end of its input without waiting for
 * the messages it still queues (it exits 0, and Mosquitto logs "disconnected due to out of memory"), so
 * its input stays open until its debug output (-d) has shown a PUBACK per line.
 */
export function mosquittoPub(port: number, topic: string, lines: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdbuf -oL: the debug lines must arrive as they are written, not when a pipe buffer fills.
    const child = spawn('stdbuf', ['-oL', 'mosquitto_pub', '-d', '-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, '-l'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let errors = '';
    let acknowledged = 0;
    let tail = '';
    child.stdout.on('data', (data: Buffer) => {
      const text = tail + data.toString();
      const cut = text.lastIndexOf('\n');
      tail = text.slice(cut + 1);
      for (let at = text.indexOf('received PUBACK'); at >= 0 && at < cut; at = text.indexOf('received PUBACK', at + 1)) acknowledged++;
      if (acknowledged >= lines.length) child.stdin.end();
    });
    child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && acknowledged === lines.length) resolve();
      else reject(new Error(`mosquitto_pub exited ${code} with ${acknowledged} of ${lines.length} messages acknowledged: ${errors}`));
    });
    child.stdin.write(`${lines.join('\n')}\n`);
  });
}

/** The default wire format; `withStation` false leaves the station to the topic. */
export function wireLine(reading: Reading, withStation: boolean): string {
  const head = withStation ? { station_id: reading.stationId, ts: new Date(reading.ts).toISOString() } : { ts: new Date(reading.ts).toISOString() };
  return JSON.stringify({ ...head, ...reading.metrics });
}

/** Every window PostgreSQL computes from the raw readings table, per station and city-wide, for the given sizes. */
export async function referenceWindows(db: pg.Client, sizesMs: readonly number[], ignoreMetrics: readonly string[]): Promise<Map<string, ExpectedWindow>> {
  const out = new Map<string, ExpectedWindow>();
  for (const sizeMs of sizesMs) {
    const result = await db.query<{ station_id: string | null; metric: string; start: string; n: string; mean: number; min: number; max: number; stddev: number; p95: number }>(
      `WITH v AS (
         SELECT r.station_id, m.key AS metric, r.ts - mod(r.ts, $1::bigint) AS start, m.value::double precision AS x
         FROM readings r CROSS JOIN LATERAL jsonb_each_text(r.metrics) AS m(key, value)
         WHERE NOT (m.key = ANY($2::text[]))
       )
       SELECT station_id, metric, start, count(*) AS n, avg(x) AS mean, min(x) AS min, max(x) AS max, stddev_pop(x) AS stddev,
              (array_agg(x ORDER BY x))[floor(0.95 * (count(*) - 1))::int + 1] AS p95
       FROM v GROUP BY GROUPING SETS ((station_id, metric, start), (metric, start))`,
      [sizeMs, [...ignoreMetrics]],
    );
    for (const row of result.rows) {
      const window: ExpectedWindow = { stationId: row.station_id ?? CITY_STATION_ID, metric: row.metric, sizeMs, start: Number(row.start), count: Number(row.n), mean: row.mean, min: row.min, max: row.max, stddev: row.stddev, p95: row.p95 };
      out.set(windowKey(window.stationId, window.metric, sizeMs, window.start), window);
    }
  }
  return out;
}

/** Event time per published chunk: well inside the allowed lateness, so stations published side by side are never late. */
const CHUNK_EVENT_MS = 20_000;

/** Splits readings into chunks of CHUNK_EVENT_MS of event time. */
export function chunksOf(readings: readonly Reading[]): Reading[][] {
  const chunks: Reading[][] = [];
  for (const reading of readings) {
    const index = Math.floor((reading.ts - readings[0]!.ts) / CHUNK_EVENT_MS);
    (chunks[index] ??= []).push(reading);
  }
  return chunks.filter((chunk) => chunk !== undefined);
}

/** Publishes a chunk, one mosquitto_pub per station topic, side by side; even stations leave the station to the topic. */
export async function publishChunk(port: number, chunk: readonly Reading[], stationIds: readonly string[]): Promise<void> {
  const byStation = new Map<string, Reading[]>();
  for (const r of chunk) {
    let list = byStation.get(r.stationId);
    if (list === undefined) byStation.set(r.stationId, (list = []));
    list.push(r);
  }
  await Promise.all([...byStation].map(([station, list]) => mosquittoPub(port, `city/${station}/readings`, list.map((r) => wireLine(r, stationIds.indexOf(station) % 2 === 1)))));
}

/** Waits until the engine's watermark shows it took the readings up to `ts`. */
export async function reached(engine: StatusSource, ts: number): Promise<void> {
  await waitUntil(`the engine to reach ${new Date(ts).toISOString()}`, async () => {
    const status = await statusOf(engine);
    return status !== null && status.watermark !== null && status.watermark >= ts - LATENESS_MS - 1_000 ? true : `watermark ${status?.watermark ?? 'none'}, source ${status?.source.state} ${status?.source.detail ?? ''}`;
  });
}

/** Waits until the engine's MQTT source is connected (and subscribed). */
export async function connected(engine: StatusSource): Promise<void> {
  await waitUntil('the MQTT source to connect', async () => {
    const status = await statusOf(engine);
    return status?.source.state === 'connected' ? true : `source ${status?.source.state} ${status?.source.detail ?? ''}`;
  });
}

/** Engine settings: the MQTT source on `city/+/readings` (station from level 1), PostgreSQL with raw readings, the test window sizes. */
export function mqttEngineSettings(broker: string, clientId: string, databaseUrl: string): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'mqtt-it',
    profiles: [
      {
        id: 'mqtt-it',
        name: 'MQTT nothing lost',
        source: { kind: 'mqtt', broker, clientId, subscriptions: ['city/+/readings'], stationFromTopicSegment: 1 },
        database: { kind: 'postgres', url: databaseUrl },
      },
    ],
    windows: { sizesMs: [...SIZES_MS], allowedLatenessMs: LATENESS_MS, idleTimeoutMs: 3_600_000 },
    store: { rawReadings: true, rawRetentionDays: 3650, windowRetentionDays: 3650 },
    rules: [],
  });
}

/** Test certificates (a CA, a wrong CA, a broker certificate for 127.0.0.1 and localhost) made in `dir` by the services script's generator. */
export function makeTestCertificates(dir: string): { readonly ca: string; readonly wrongCa: string; readonly certFile: string; readonly keyFile: string } {
  execFileSync('bash', [join(import.meta.dirname, '..', '..', 'scripts', 'services', 'make-certs.sh'), dir], { stdio: 'ignore' });
  return { ca: readFileSync(join(dir, 'ca.pem'), 'utf8'), wrongCa: readFileSync(join(dir, 'wrong-ca.pem'), 'utf8'), certFile: join(dir, 'broker.pem'), keyFile: join(dir, 'broker-key.pem') };
}
