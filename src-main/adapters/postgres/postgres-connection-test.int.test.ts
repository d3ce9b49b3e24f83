/**
 * The database's layered connection test against real PostgreSQL servers on 127.0.0.1: the shared server
 * on 5432, and a private cluster whose pg_hba.conf asks every role but postgres for a SCRAM password. The
 * shared server trusts every connection from 127.0.0.1 (pg_hba "host all all 127.0.0.1/32 trust"), so a
 * wrong password passes there: its login layer is tested with a database that does not exist, and the
 * wrong password on the private cluster.
 */
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { createTestDatabase, isPostgresAvailable, postgresBaseUrl } from '../../../tests/helpers/postgres';
import type { TestDatabase } from '../../../tests/helpers/postgres';
import { hasPostgresBinaries, startPrivatePostgres } from '../../../tests/helpers/private-postgres';
import type { PrivatePostgres } from '../../../tests/helpers/private-postgres';
import { testPostgresConnection } from './postgres-connection-test';
import { MIGRATIONS } from '../sql/migrations';

const shared = await isPostgresAvailable();
const privateCluster = hasPostgresBinaries();
if (!privateCluster && process.env.CI === 'true') throw new Error('PostgreSQL binaries are missing (CI=true: never skip)');

/** "step:ok" for each step, e.g. "url:ok dns:ok tcp:FAIL". */
function layers(steps: readonly ConnectionStepResult[]): string {
  return steps.map((s) => `${s.step}:${s.ok ? 'ok' : 'FAIL'}`).join(' ');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('testPostgresConnection without a server', () => {
  it('refuses a URL without scheme at the URL layer, before any lookup', async () => {
    const steps = await testPostgresConnection({ url: 'localhost:5432', ssl: false }, undefined);
    expect(layers(steps)).toBe('url:FAIL');
    expect(steps[0]!.detail).toContain('has no scheme: a PostgreSQL URL starts with postgres:// or postgresql://');
    expect(steps[0]!.hint).toContain('password field');
  });

  it('blames DNS for a host name that does not resolve', async () => {
    const steps = await testPostgresConnection({ url: 'postgres://stationwatch@db.stationwatch.invalid:5432/stationwatch', ssl: false }, undefined);
    expect(layers(steps)).toBe('url:ok dns:FAIL');
    expect(steps[1]!.hint).toContain('"db.stationwatch.invalid" could not be resolved');
    expect(steps[1]!.hint).toContain('database server address');
  });

  it('blames TCP for a closed port on 127.0.0.1', async () => {
    const port = await closedPort();
    const steps = await testPostgresConnection({ url: `postgres://stationwatch@127.0.0.1:${port}/stationwatch`, ssl: false }, undefined);
    expect(layers(steps)).toBe('url:ok dns:ok tcp:FAIL');
    expect(steps[2]!.hint).toBe(`Nothing is listening on 127.0.0.1:${port}. Check the port number and that the database server is running.`);
  });
});

describe.skipIf(!shared)('testPostgresConnection against the shared server on 127.0.0.1:5432', () => {
  let db: TestDatabase;
  const reader = `sw_conn_reader_${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    db = await createTestDatabase('sw_conn');
    await admin(db.url, (c) => c.query(`CREATE ROLE ${reader} LOGIN`));
  });
  afterAll(async () => {
    await db?.drop();
    await admin(db.url.replace(/\/[^/]*$/, '/postgres'), (c) => c.query(`DROP ROLE IF EXISTS ${reader}`));
  });

  it('passes every layer for a database the user may create tables in, and leaves no table behind', async () => {
    const steps = await testPostgresConnection({ url: db.url, ssl: false }, undefined);
    expect(layers(steps)).toBe('url:ok dns:ok tcp:ok login:ok version:ok permissions:ok schema:ok');
    expect(steps.find((s) => s.step === 'login')!.detail).toBe(`logged in as "postgres" to database "${db.name}"`);
    expect(steps.find((s) => s.step === 'version')!.detail).toMatch(/^PostgreSQL \d+/);
    expect(steps.find((s) => s.step === 'permissions')!.detail).toContain('may create tables in schema "public"');
    const left = await admin(db.url, (c) => c.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'stationwatch_permission_probe_%'"));
    expect(left.rows[0].n).toBe(0);
    expect(steps.find((s) => s.step === 'schema')!.detail).toBe('no Stationwatch tables yet: they are made at the first start');
  });

  it('blames the schema for a database a newer Stationwatch migrated, which this build would not write to', async () => {
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    const newer = await createTestDatabase('sw_conn_newer');
    try {
      await admin(newer.url, (c) => c.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL); INSERT INTO schema_migrations VALUES (${known}, 'this build', 0), (${known + 1}, 'a newer build', 0)`));
      const steps = await testPostgresConnection({ url: newer.url, ssl: false }, undefined);
      expect(layers(steps)).toBe('url:ok dns:ok tcp:ok login:ok version:ok permissions:ok schema:FAIL');
      expect(steps.at(-1)!.detail).toBe(`the database was last migrated by a newer Stationwatch (schema version ${known + 1}; this build knows up to ${known}), so this build does not write to it: use that newer build, or another database`);
      expect(steps.at(-1)!.hint).toBe('Use the newer Stationwatch with this database, or choose another database.');
      await admin(newer.url, (c) => c.query(`DELETE FROM schema_migrations WHERE version > ${known}`));
      const atKnown = await testPostgresConnection({ url: newer.url, ssl: false }, undefined);
      expect(atKnown.at(-1)!.detail).toBe(`schema version ${known}, this build's`);
    } finally {
      await newer.drop();
    }
  });

  it('blames the login for a database that does not exist (trust auth: the password layer cannot fail here)', async () => {
    const missing = `sw_no_such_db_${randomBytes(3).toString('hex')}`;
    const steps = await testPostgresConnection({ url: `${postgresBaseUrl()}/${missing}`, ssl: false }, 'any-password');
    expect(layers(steps)).toBe('url:ok dns:ok tcp:ok login:FAIL');
    expect(steps[3]!.detail).toContain(`database "${missing}" does not exist`);
    expect(steps[3]!.hint).toContain(`The database "${missing}" does not exist on 127.0.0.1:5432`);
  });

  it('blames TLS when TLS is asked of a server that does not offer it', async () => {
    const ssl = await admin(db.url, (c) => c.query<{ ssl: string }>('SHOW ssl'));
    if (ssl.rows[0]!.ssl === 'on') return expect.fail('the shared server offers TLS; this case needs one that does not');
    const steps = await testPostgresConnection({ url: db.url, ssl: true }, undefined);
    expect(layers(steps)).toBe('url:ok dns:ok tcp:ok tls:FAIL');
    expect(steps[3]!.detail).toBe('the server does not offer TLS');
    expect(steps[3]!.hint).toContain('Turn TLS off for this database');
  });

  it('blames the permissions for a user who may not create tables, and for tables it may not write', async () => {
    const url = db.url.replace('postgres@', `${reader}@`);
    const steps = await testPostgresConnection({ url, ssl: false }, undefined);
    expect(layers(steps)).toBe('url:ok dns:ok tcp:ok login:ok version:ok permissions:FAIL');
    expect(steps[5]!.detail).toContain('permission denied for schema public');
    expect(steps[5]!.hint).toContain(`GRANT CREATE, USAGE ON SCHEMA public TO ${reader};`);

    // Allowed to create, but Stationwatch's tables exist and belong to someone else.
    await admin(db.url, async (c) => {
      await c.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${reader}`);
      await c.query('CREATE TABLE stations (id text PRIMARY KEY)');
    });
    const tables = await testPostgresConnection({ url, ssl: false }, undefined);
    expect(layers(tables)).toBe('url:ok dns:ok tcp:ok login:ok version:ok permissions:FAIL');
    expect(tables[5]!.detail).toBe(`"${reader}" may not read and write stations in schema "public"`);
    expect(tables[5]!.hint).toContain(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${reader};`);
    await admin(db.url, async (c) => {
      await c.query('DROP TABLE stations');
      await c.query(`REVOKE CREATE, USAGE ON SCHEMA public FROM ${reader}`);
    });
  });
});

describe.skipIf(!privateCluster)('testPostgresConnection against a private cluster with SCRAM passwords on 127.0.0.1', () => {
  let cluster: PrivatePostgres;
  const role = 'sw_conn_owner';
  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    cluster.psql(`CREATE ROLE ${role} LOGIN PASSWORD 'right-password'`);
    cluster.psql(`CREATE DATABASE sw_conn OWNER ${role}`);
  });
  afterAll(() => cluster?.destroy());

  it('blames the login for a wrong password and for none, and passes with the right one', async () => {
    const database = { url: cluster.urlFor(role, 'sw_conn'), ssl: false };
    const wrong = await testPostgresConnection(database, 'wrong-password');
    expect(layers(wrong)).toBe('url:ok dns:ok tcp:ok login:FAIL');
    expect(wrong[3]!.detail).toContain(`password authentication failed for user "${role}"`);
    expect(wrong[3]!.hint).toBe(`127.0.0.1:${cluster.port} refused the password for user "${role}". Check the password field (the password is never part of the URL).`);

    const none = await testPostgresConnection(database, undefined);
    expect(layers(none)).toBe('url:ok dns:ok tcp:ok login:FAIL');
    expect(none[3]!.hint).toBe(`127.0.0.1:${cluster.port} asks for a password, and none is set for this database. Enter it in the password field.`);

    const right = await testPostgresConnection(database, 'right-password');
    expect(layers(right)).toBe('url:ok dns:ok tcp:ok login:ok version:ok permissions:ok schema:ok');
    expect(right[5]!.detail).toBe(`"${role}" may create tables in schema "public" of database "sw_conn"`);
  });
});
