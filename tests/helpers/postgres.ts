/**
 * A fresh, uniquely named database on the shared PostgreSQL server for one test file, dropped afterwards.
 * Server: DATABASE_URL_BASE (or DATABASE_URL), default postgres://postgres@127.0.0.1:5432. A local
 * server that is down is started with pg_ctlcluster. Outside CI, tests skip loudly when PostgreSQL is
 * absent; with CI=true they never skip (the probe throws instead).
 */
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const DEFAULT_BASE = 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** The server URL tests use (no database path, or the configured one). */
export function postgresBaseUrl(): string {
  return process.env.DATABASE_URL_BASE ?? process.env.DATABASE_URL ?? DEFAULT_BASE;
}

/** True when the server answers (starting the local cluster if needed). Throws under CI=true instead of returning false. */
export async function isPostgresAvailable(): Promise<boolean> {
  const base = postgresBaseUrl();
  if (await canConnect(base)) return true;
  if (isLocal(base)) startLocalCluster();
  if (await waitForServer(base, 15_000)) return true;
  const reason = `PostgreSQL is not reachable at ${redact(base)}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: integration tests never skip)`);
  console.warn(`\n*** SKIPPING PostgreSQL tests: ${reason}. Start it or set DATABASE_URL_BASE. ***\n`);
  return false;
}

/** Creates a uniquely named database; drop() removes it (terminating leftover connections). */
export async function createTestDatabase(prefix = 'sw_test'): Promise<TestDatabase> {
  const base = postgresBaseUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(base, name);
  return {
    url,
    name,
    drop: () => withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(base: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(base: string, db: string): string {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
}

async function canConnect(base: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabase(base, 'postgres'), connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function waitForServer(base: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await canConnect(base)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function isLocal(base: string): boolean {
  const host = new URL(base).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

/** Debian's wrapper; never stops anything, only starts the shared cluster if it is down. */
function startLocalCluster(): void {
  try {
    const versions = readdirSync('/etc/postgresql');
    for (const version of versions) execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' });
  } catch {
    // Not installed or already starting; the wait below decides.
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Runs `fn` with its own client connected to `url` (a reference query, a look at a table), closed afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
