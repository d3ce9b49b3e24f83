import { SqlStore } from '../sql/sql-store';
import { createPostgresClient } from './postgres-client';
import type { PostgresTarget } from './postgres-client';

/** The PostgreSQL backend: a lazily connecting pool under the shared SQL store. */
export function openPostgresBackend(target: PostgresTarget): SqlStore {
  return new SqlStore('postgres', createPostgresClient(target));
}
