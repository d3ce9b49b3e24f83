import type { SqlQueryable } from './sql-client';

/**
 * A transaction that can also stream COPY … FROM STDIN (pg can; PGlite cannot stream it, so the
 * shared SQL falls back to UNNEST there). COPY skips the bind-parameter and array parsing that a big
 * UNNEST statement pays on the server.
 */
export interface SqlCopyable extends SqlQueryable {
  /**
   * Runs a COPY … FROM STDIN statement (text format), sending the chunks in order. Chunks are pulled
   * one at a time, so the caller builds the next one only when the previous was handed to the socket.
   * Resolves with the number of rows copied.
   */
  copyFrom(sql: string, chunks: Iterable<string>): Promise<number>;
}

/** True when the backend behind this transaction streams COPY. */
export function canCopy(tx: SqlQueryable): tx is SqlCopyable {
  return typeof (tx as Partial<SqlCopyable>).copyFrom === 'function';
}
