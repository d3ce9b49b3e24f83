// The services a Kafka benchmark needs: the project's broker (scripts/services.sh, started if missing) and
// the shared PostgreSQL. While a suite runs it holds a lease in .services/leases, the same protocol as
// scripts/with-services.sh, so a wrapper that started the broker does not stop it under us.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchServices {
  readonly brokers: string;
  /** The broker's process id when it is ours (for CPU accounting), else null. */
  readonly brokerPid: number | null;
  /** Server URL without a database (postgres://…:5432). */
  readonly databaseBase: string;
  /** Gives the lease back. */
  release(): void;
}

/** Parses `export A=b C='d e'` lines as scripts/services.sh env prints them. */
function parseEnvLines(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/([A-Z_]+)=('[^']*'|\S+)/g)) vars[m[1]!] = m[2]!.replace(/^'|'$/g, '');
  }
  return vars;
}

/** Brings the services up (or takes KAFKA_BROKERS / DATABASE_URL_BASE as given); throws `skip:` when they cannot run. */
export function benchServices(): BenchServices {
  const leases = join(repoRoot, '.services', 'leases');
  mkdirSync(leases, { recursive: true });
  const lease = join(leases, String(process.pid));
  writeFileSync(lease, '');
  const release = (): void => rmSync(lease, { force: true });
  process.once('exit', release);
  let vars: Record<string, string> = {};
  if (!process.env.KAFKA_BROKERS || !(process.env.DATABASE_URL_BASE ?? process.env.DATABASE_URL)) {
    const text = execFileSync('bash', [join(repoRoot, 'scripts', 'services.sh'), 'env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 240_000 });
    vars = parseEnvLines(text);
  }
  const brokers = process.env.KAFKA_BROKERS || vars.KAFKA_BROKERS;
  const databaseBase = process.env.DATABASE_URL_BASE ?? process.env.DATABASE_URL ?? vars.DATABASE_URL_BASE;
  if (!brokers) {
    release();
    throw new Error(`skip: no Kafka broker (${vars.STATIONWATCH_KAFKA_UNAVAILABLE ?? 'scripts/services.sh env gave none'})`);
  }
  if (!databaseBase) {
    release();
    throw new Error(`skip: no PostgreSQL (${vars.STATIONWATCH_PG_UNAVAILABLE ?? 'scripts/services.sh env gave none'})`);
  }
  process.env.DATABASE_URL_BASE ??= databaseBase;
  return { brokers, brokerPid: ownBrokerPid(brokers), databaseBase, release };
}

/** The pid in .services/kafka/kafka.pid when that broker listens on the port we use. */
function ownBrokerPid(brokers: string): number | null {
  try {
    const state = join(process.env.STATIONWATCH_KAFKA_STATE ?? join(repoRoot, '.services'), 'kafka');
    const ports = readFileSync(join(state, 'ports.env'), 'utf8');
    const port = /PLAIN_PORT=(\d+)/.exec(ports)?.[1];
    if (port === undefined || !brokers.split(',').some((b) => b.endsWith(`:${port}`))) return null;
    const pid = Number(readFileSync(join(state, 'kafka.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
