import pg from 'pg';
import type { SqlClient, SqlQueryable, SqlResult, SqlValue } from '../sql/sql-client';
import type { SqlCopyable } from '../sql/sql-copy';
import { copyFrom } from './copy-from';

/** How to reach a PostgreSQL server; the password is a secret kept out of the URL. */
export interface PostgresTarget {
  readonly url: string;
  readonly password?: string;
  readonly ssl?: boolean;
  /** Pool size; writes are serialised by the buffer, so two leave one free for reads. */
  readonly maxConnections?: number;
}

/** A pg Pool as a SqlClient. Connects lazily, so opening never fails while the server is away. */
export function createPostgresClient(target: PostgresTarget): SqlClient {
  const pool = new pg.Pool({
    connectionString: withPassword(target.url, target.password),
    ...(target.ssl ? { ssl: { rejectUnauthorized: true } } : {}),
    max: target.maxConnections ?? 3,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // A statement that never answers (network gone) must fail so the buffer can take over.
    query_timeout: 120_000,
  });
  // An idle client losing its connection (server restart) emits here; unhandled it would crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: SqlCopyable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
          copyFrom: (sql, chunks) => copyFrom(client, sql, chunks),
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection that failed mid-transaction is discarded, not returned to the pool.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * pg lets the connection string override a separate password option (even with none in the URL), so
 * the secret goes into the URL object handed to pg — only in memory, never into settings.
 */
export function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function run(target: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[] | undefined): Promise<SqlResult> {
  const result = await target.query({ text: sql, values: params as unknown[] | undefined, rowMode: 'array' });
  return { rows: result.rows as unknown[][], rowCount: result.rowCount ?? 0 };
}
