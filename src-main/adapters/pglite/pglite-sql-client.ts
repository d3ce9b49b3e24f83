import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable, SqlResult, SqlValue } from '../sql/sql-client';

interface PgliteQueryable {
  query<T>(sql: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/** Opens (creating if needed) a PGlite database in dir, or in memory when dir is null. Blocks its thread: worker only. */
export async function openPgliteClient(dir: string | null): Promise<SqlClient> {
  const db = dir === null ? await PGlite.create() : await PGlite.create(dir);
  return {
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
      db.transaction((tx) =>
        fn({
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}

async function run(db: PgliteQueryable, sql: string, params: readonly SqlValue[] | undefined): Promise<SqlResult> {
  const result = await db.query<unknown[]>(sql, params as unknown[] | undefined, { rowMode: 'array' });
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
