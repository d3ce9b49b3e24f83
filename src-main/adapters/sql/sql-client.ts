/**
 * The little each SQL backend must offer (pg Pool, PGlite). Everything else in this folder is plain
 * SQL over it, so PostgreSQL and PGlite run the very same statements.
 */

/** Parameter values as both drivers serialise them (arrays become PostgreSQL array literals). */
export type SqlValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

/** Runs statements; rows come back as arrays in select-list order (no per-row key objects). */
export interface SqlQueryable {
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlResult>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlResult {
  readonly rows: readonly (readonly unknown[])[];
  readonly rowCount: number;
}

export interface SqlClient extends SqlQueryable {
  /** Runs fn inside BEGIN … COMMIT on one connection; rolls back when fn throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
