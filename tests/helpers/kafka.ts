/**
 * Kafka for integration tests and benchmarks: the broker started by scripts/services.sh (through
 * scripts/with-services.sh), or any cluster named by KAFKA_BROKERS. Outside CI, tests skip loudly when no
 * broker is there; with CI=true they never skip (requireKafka throws instead).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Message } from 'kafkajs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What the test services export (see `scripts/services.sh env`). SASL/TLS parts are null on a foreign cluster. */
export interface KafkaTestEnv {
  readonly brokers: string;
  readonly saslBrokers: string | null;
  readonly sslBrokers: string | null;
  readonly saslUsername: string | null;
  readonly saslPassword: string | null;
  /** PEM contents, not paths. */
  readonly caPem: string | null;
  readonly wrongCaPem: string | null;
  readonly clientCertPem: string | null;
  readonly clientKeyPem: string | null;
  /** True when the broker is ours (scripts/services.sh), so tests may stop and start it. */
  readonly owned: boolean;
  /** Its scripts/services.sh state directory (STATIONWATCH_SERVICES_DIR), when owned. */
  readonly stateDir: string | null;
}

function readPem(name: string, vars: NodeJS.ProcessEnv): string | null {
  const path = vars[name];
  return path ? readFileSync(path, 'utf8') : null;
}

/** The Kafka environment from process.env (or the given variables), or null when KAFKA_BROKERS is unset. */
export function kafkaTestEnv(vars: NodeJS.ProcessEnv = process.env): KafkaTestEnv | null {
  const brokers = vars.KAFKA_BROKERS;
  if (!brokers) return null;
  const owned = vars.STATIONWATCH_KAFKA_OWNED === '1';
  return {
    brokers,
    saslBrokers: vars.KAFKA_SASL_BROKERS ?? null,
    sslBrokers: vars.KAFKA_SSL_BROKERS ?? null,
    saslUsername: vars.KAFKA_SASL_USERNAME ?? null,
    saslPassword: vars.KAFKA_SASL_PASSWORD ?? null,
    caPem: readPem('KAFKA_CA_PEM', vars),
    wrongCaPem: readPem('KAFKA_WRONG_CA_PEM', vars),
    clientCertPem: readPem('KAFKA_CLIENT_CERT_PEM', vars),
    clientKeyPem: readPem('KAFKA_CLIENT_KEY_PEM', vars),
    owned,
    stateDir: owned ? (vars.STATIONWATCH_KAFKA_STATE ?? null) : null,
  };
}

/**
 * The Kafka environment if a broker answers; null (with a loud one-line reason) to skip outside CI.
 * With CI=true a missing broker is an error: integration tests never skip there.
 */
export async function requireKafka(): Promise<KafkaTestEnv | null> {
  const env = kafkaTestEnv();
  let reason: string | null = null;
  if (env === null) {
    reason = process.env.STATIONWATCH_KAFKA_UNAVAILABLE ?? 'KAFKA_BROKERS is not set (run through scripts/with-services.sh, or point KAFKA_BROKERS at a cluster)';
  } else if (!(await answersMetadata(env.brokers))) {
    reason = `no Kafka broker answers at ${env.brokers}`;
  }
  if (reason === null) return env;
  if (process.env.CI === 'true') throw new Error(`Kafka unavailable: ${reason} (CI=true: integration tests never skip)`);
  console.warn(`\n*** SKIPPING Kafka tests: ${reason}. ***\n`);
  return null;
}

async function answersMetadata(brokers: string): Promise<boolean> {
  const admin = client(brokers).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A plain kafkajs client for test setup (not the app's code path). */
export function client(brokers: string): Kafka {
  return new Kafka({ clientId: 'stationwatch-tests', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 200 } });
}

/** A unique topic name, e.g. `sw-test-source-lq3k2a-9f1c`. */
export function uniqueTopicName(prefix = 'sw-test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
}

/** Creates a uniquely named topic with `partitions` and topic-level config (e.g. max.message.bytes). */
export async function createTopic(env: KafkaTestEnv, options: { partitions?: number; config?: Record<string, string>; prefix?: string } = {}): Promise<string> {
  const topic = uniqueTopicName(options.prefix);
  const admin = client(env.brokers).admin();
  await admin.connect();
  try {
    const configEntries = Object.entries(options.config ?? {}).map(([name, value]) => ({ name, value }));
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: options.partitions ?? 3, replicationFactor: 1, configEntries }] });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Deletes a topic (best effort). */
export async function deleteTopic(env: KafkaTestEnv, topic: string): Promise<void> {
  const admin = client(env.brokers).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

/** Produces messages (in chunks, acks=all) and resolves when the broker has them. */
export async function produce(env: KafkaTestEnv, topic: string, messages: readonly Message[], chunk = 5_000): Promise<void> {
  const producer = client(env.brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Committed offsets of a group on a topic, per partition ('-1' = none). */
export async function committedOffsets(env: KafkaTestEnv, groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = client(env.brokers).admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((result?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * A cluster id that starts with "-", as a random URL-safe base64 id does one time in 64. Private brokers
 * use it so that formatting the storage with such an id is exercised on every run, not by chance.
 */
const DASH_CLUSTER_ID = '-stationwatch-test-id0';

function services(command: 'kafka-stop' | 'kafka-start' | 'env' | 'down', stateDir: string | null): string {
  const vars: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: '', DATABASE_URL_BASE: 'unused' };
  if (stateDir !== null) {
    vars.STATIONWATCH_SERVICES_DIR = stateDir;
    vars.STATIONWATCH_KAFKA_CLUSTER_ID = DASH_CLUSTER_ID;
  }
  return execFileSync('bash', [join(repoRoot, 'scripts', 'services.sh'), command], { env: vars, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 240_000 });
}

/** Stops our broker, keeping its data and ports (outage tests). Refuses on a cluster that is not ours. */
export function stopBroker(env: KafkaTestEnv): void {
  if (!env.owned) throw new Error('stopBroker: the broker is not managed by scripts/services.sh');
  services('kafka-stop', env.stateDir);
}

/** Starts our broker again on the same ports with the same data, and waits until it answers metadata. */
export function startBroker(env: KafkaTestEnv): void {
  if (!env.owned) throw new Error('startBroker: the broker is not managed by scripts/services.sh');
  services('kafka-start', env.stateDir);
}

/** A broker of its own for a test that stops it, so tests sharing the main broker are not disturbed. */
export interface PrivateBroker {
  readonly env: KafkaTestEnv;
  /** Stops it and deletes its state. */
  destroy(): void;
}

/** Starts a private broker (same jars, own ports and state in a temporary directory); needs Java. */
export function startPrivateBroker(): PrivateBroker {
  const stateDir = mkdtempSync(join(tmpdir(), 'sw-kafka-'));
  const vars: NodeJS.ProcessEnv = {};
  for (const line of services('env', stateDir).split('\n')) {
    for (const m of line.matchAll(/([A-Z_]+)=('[^']*'|\S+)/g)) vars[m[1]!] = m[2]!.replace(/^'|'$/g, '');
  }
  const env = kafkaTestEnv(vars);
  if (env === null) throw new Error(`private broker did not start: ${vars.STATIONWATCH_KAFKA_UNAVAILABLE ?? 'unknown reason'}`);
  return {
    env,
    destroy: () => {
      services('down', stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
