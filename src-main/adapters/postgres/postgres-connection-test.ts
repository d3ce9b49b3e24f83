/**
 * The database half of Settings → "Test connection" for a PostgreSQL server, layer by layer like the
 * Kafka test: the URL's syntax, DNS, TCP, TLS (when the profile asks for it), the login, the server's
 * version, whether this user may create Stationwatch's tables (a CREATE TABLE in a transaction that
 * is rolled back, and read/write rights on the tables that already exist), and that the tables were not migrated
 * by a newer Stationwatch (which this build would not write to). Stops at the first failure,
 * with a plain-language hint about that layer. Never throws.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { parsePostgresUrl } from '../../../src-shared/settings/postgres-url';
import { MIGRATIONS } from '../sql/migrations';
import { NewerSchemaError, lastVersion } from '../sql/migrate';
import { describeDatabaseError } from '../sql/describe-error';
import { PROBE_TIMEOUT_MS, probeDns, probeStep, probeTcp } from '../network/network-probes';
import { withPassword } from './postgres-client';
import { probePostgresTls } from './postgres-tls-probe';

/** The oldest server the store's SQL is meant for (PostgreSQL 13; the tests run on 15). */
const MIN_SERVER_VERSION_NUM = 130_000;

/** The tables the migrations create, and their bookkeeping table. */
const APP_TABLES = ['schema_migrations', ...MIGRATIONS.flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((match) => match[1] as string))];

/** What the login found out, for the version and permission steps. */
interface Session {
  readonly user: string;
  readonly database: string;
  readonly schema: string | null;
  readonly versionNum: number;
  readonly version: string;
}

/** The layered test of a PostgreSQL database; `password` is the stored or typed-in secret. */
export async function testPostgresConnection(database: { readonly url: string; readonly ssl: boolean }, password: string | undefined): Promise<ConnectionStepResult[]> {
  const steps: ConnectionStepResult[] = [];
  const t0 = performance.now();
  const parsed = parsePostgresUrl(database.url);
  if (!parsed.ok) return [probeStep('url', t0, false, parsed.message, 'Write the URL as postgres://user@host:port/database; the password goes in the password field.')];
  const { host, port, user, database: name, hostKind } = parsed.value;
  const label = `${hostKind === 'ipv6' ? `[${host}]` : host}:${port}`;
  steps.push(probeStep('url', t0, true, `server ${label}, database "${name ?? user ?? '(default)'}", user "${user ?? '(the operating-system user)'}"`, null));

  const dns = await probeDns(host, 'database server');
  steps.push(dns.result);
  if (dns.address === null) return steps;
  const tcp = await probeTcp(dns.address, port, label, 'database server');
  steps.push(tcp);
  if (!tcp.ok) return steps;
  if (database.ssl) {
    const tls = await probePostgresTls(host, dns.address, port);
    steps.push(tls);
    if (!tls.ok) return steps;
  }

  const client = new pg.Client({ connectionString: withPassword(database.url.trim(), password), ...(database.ssl ? { ssl: { rejectUnauthorized: true } } : {}), connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: 10_000 });
  client.on('error', () => undefined);
  try {
    const session = await login(client, steps, { label, user, name });
    if (session === null) return steps;
    steps.push(versionStep(session));
    if (!steps.at(-1)!.ok) return steps;
    steps.push(await permissionStep(client, session));
    if (!steps.at(-1)!.ok) return steps;
    steps.push(await schemaStep(client));
    return steps;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function login(client: pg.Client, steps: ConnectionStepResult[], where: { label: string; user: string | null; name: string | null }): Promise<Session | null> {
  const t0 = performance.now();
  try {
    await client.connect();
    const result = await client.query<{ user: string; database: string; schema: string | null; num: string; version: string }>(
      "SELECT current_user AS user, current_database() AS database, current_schema() AS schema, current_setting('server_version_num') AS num, current_setting('server_version') AS version",
    );
    const row = result.rows[0]!;
    steps.push(probeStep('login', t0, true, `logged in as "${row.user}" to database "${row.database}"`, null));
    return { user: row.user, database: row.database, schema: row.schema, versionNum: Number(row.num), version: row.version };
  } catch (err) {
    steps.push(probeStep('login', t0, false, describeDatabaseError(err, where.label).message, loginHint(err, where)));
    return null;
  }
}

/** SQLSTATEs of a refused login (PostgreSQL docs, appendix A). */
function loginHint(err: unknown, where: { label: string; user: string | null; name: string | null }): string {
  const code = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  const user = where.user ?? 'the operating-system user';
  if (code === '28P01') return `${where.label} refused the password for user "${user}". Check the password field (the password is never part of the URL).`;
  if (code === '3D000') return `The database "${where.name ?? user}" does not exist on ${where.label}. Correct the name in the URL, or ask the database admins to create it (CREATE DATABASE … OWNER ${user}).`;
  if (code === '28000') return `${where.label} does not let user "${user}" log in from here: the role does not exist, or pg_hba.conf has no entry for this computer, user and database. Ask the database admins.`;
  if (code === '53300') return `${where.label} has no free connections. Try again later, or ask the database admins to raise max_connections.`;
  if (code === '57P03') return `${where.label} is starting up or shutting down. Try again in a moment.`;
  if (/password must be a string|password authentication/i.test(message)) return `${where.label} asks for a password, and none is set for this database. Enter it in the password field.`;
  if (/timeout/i.test(message)) return `${where.label} accepted the connection but did not complete the login within ${PROBE_TIMEOUT_MS / 1000} s. Check that it is a PostgreSQL server.`;
  return `${where.label} refused the login. Check the user, database and password, and ask the database admins if it persists.`;
}

function versionStep(session: Session): ConnectionStepResult {
  const t0 = performance.now();
  const detail = `PostgreSQL ${session.version}`;
  if (session.versionNum >= MIN_SERVER_VERSION_NUM) return probeStep('version', t0, true, detail, null);
  return probeStep('version', t0, false, detail, `Stationwatch needs PostgreSQL ${MIN_SERVER_VERSION_NUM / 10_000} or newer. Ask the database admins for an upgrade, or use another server.`);
}

/** May this user create the tables (and use those that exist)? Nothing is left behind: the probe table is rolled back. */
async function permissionStep(client: pg.Client, session: Session): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  const grant = (schema: string): string => `Ask the database admins to run: GRANT CREATE, USAGE ON SCHEMA ${schema} TO ${session.user}; (or to make "${session.user}" the owner of database "${session.database}").`;
  if (session.schema === null) return probeStep('permissions', t0, false, 'no schema to create tables in (search_path names none that exists)', `Ask the database admins to create a schema for "${session.user}" or to set its search_path.`);
  const schema = session.schema;
  try {
    await client.query('BEGIN');
    try {
      await client.query(`CREATE TABLE stationwatch_permission_probe_${randomBytes(4).toString('hex')} (id integer)`);
    } finally {
      await client.query('ROLLBACK');
    }
    const denied = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)
          AND NOT (has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'))`,
      [APP_TABLES],
    );
    if (denied.rows.length > 0) {
      const names = denied.rows.map((r) => r.name).join(', ');
      return probeStep('permissions', t0, false, `"${session.user}" may not read and write ${names} in schema "${schema}"`, `Stationwatch's tables exist but belong to another user. Ask the database admins: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${session.user};`);
    }
    return probeStep('permissions', t0, true, `"${session.user}" may create tables in schema "${schema}" of database "${session.database}"`, null);
  } catch (err) {
    const detail = describeDatabaseError(err).message;
    if (sqlState(err) === '42501') return probeStep('permissions', t0, false, detail, `"${session.user}" may not create tables in schema "${schema}". ${grant(schema)}`);
    return probeStep('permissions', t0, false, detail, 'The permission check failed. Run the test again; ask the database admins if it persists.');
  }
}

/** Stationwatch's schema in this database: none yet, one this build knows (or migrates on), or a newer build's. */
async function schemaStep(client: pg.Client): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  const known = lastVersion();
  try {
    const table = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (table.rows[0]?.present !== true) return probeStep('schema', t0, true, 'no Stationwatch tables yet: they are made at the first start', null);
    const newest = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const found = Number(newest.rows[0]?.v ?? 0);
    if (found > known) return probeStep('schema', t0, false, new NewerSchemaError(found, known).message, 'Use the newer Stationwatch with this database, or choose another database.');
    return probeStep('schema', t0, true, found === known ? `schema version ${found}, this build's` : `schema version ${found}; this build brings it to ${known} at its first start`, null);
  } catch (err) {
    return probeStep('schema', t0, false, describeDatabaseError(err).message, 'The schema check failed. Run the test again; ask the database admins if it persists.');
  }
}

function sqlState(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}
