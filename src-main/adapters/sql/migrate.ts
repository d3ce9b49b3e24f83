import type { SqlClient } from './sql-client';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';

const bookkeeping = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at bigint NOT NULL
)`;

/** NewerSchemaError's code (not a SQLSTATE: those are five capitals or digits). */
export const NEWER_SCHEMA_CODE = 'stationwatch-newer-schema';

/**
 * The database was migrated by a newer Stationwatch: this build's writes would name tables or keys that the newer
 * schema changed (a downgrade, or an older instance sharing the database). Not applied to, not written to; the
 * store waits as for a database away (nothing is set aside as invalid) and its status says this.
 */
export class NewerSchemaError extends Error {
  /** Kept across the embedded database's worker, which passes an error's message and code only. */
  readonly code = NEWER_SCHEMA_CODE;
  constructor(readonly found: number, readonly known: number) {
    super(`the database was last migrated by a newer Stationwatch (schema version ${found}; this build knows up to ${known}), so this build does not write to it: use that newer build, or another database`);
    this.name = 'NewerSchemaError';
  }
}

/** The schema version `migrations` bring a database to (this build's, by default). */
export function lastVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** NewerSchemaError when the database holds a schema version above `migrations`' last (a newer build migrated it), else null. */
export async function newerSchema(client: Pick<SqlClient, 'query'>, migrations: readonly Migration[] = MIGRATIONS): Promise<NewerSchemaError | null> {
  const known = lastVersion(migrations);
  const newest = await client.query('SELECT max(version) FROM schema_migrations');
  const found = Number(newest.rows[0]?.[0] ?? 0);
  return found > known ? new NewerSchemaError(found, known) : null;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction together with its
 * schema_migrations row, so a crash leaves the schema at a whole version. Returns the versions applied.
 * Several instances may share one PostgreSQL: an advisory lock keeps them from migrating at once. A schema newer
 * than this build's migrations throws NewerSchemaError, applying nothing.
 */
export async function applyMigrations(client: SqlClient, now: number, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Under the lock too: two starters racing on CREATE TABLE IF NOT EXISTS can still collide in pg_type.
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727274)');
    await tx.exec(bookkeeping);
  });
  const newer = await newerSchema(client, migrations);
  if (newer !== null) throw newer;
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727274)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (seen.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
