import type { SqlClient } from './sql-client';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';

const bookkeeping = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at bigint NOT NULL
)`;

/**
 * Applies the migrations not yet recorded, each in its own transaction together with its
 * schema_migrations row, so a crash leaves the schema at a whole version. Returns the versions applied.
 * Several instances may share one PostgreSQL: an advisory lock keeps them from migrating at once.
 */
export async function applyMigrations(client: SqlClient, now: number, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Under the lock too: two starters racing on CREATE TABLE IF NOT EXISTS can still collide in pg_type.
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727274)');
    await tx.exec(bookkeeping);
  });
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
