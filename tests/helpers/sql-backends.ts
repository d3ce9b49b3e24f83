/**
 * The two SQL backends a store test runs on — PGlite in a temporary folder (a copy of the migrated, empty
 * database: pglite-template.ts) and a fresh PostgreSQL test database — and a store opened through the same openStore() the engine uses, closed and dropped after
 * the describe block. PostgreSQL is skipped (loudly, by the caller's it.skipIf) where none answers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseSettings } from '../../src-shared/settings/schema';
import type { HistoryStore } from '../../src-main/core/ports';
import { openStore } from '../../src-main/adapters/sql/open-store';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from './postgres';
import { seedPgliteDir } from './pglite-template';

export interface SqlBackend {
  readonly name: 'PGlite' | 'PostgreSQL';
  readonly skip: boolean;
  readonly settings: (dir: string) => Promise<{ readonly settings: DatabaseSettings; readonly drop: () => Promise<void> }>;
}

/** PGlite always; PostgreSQL where a server answers. */
export async function sqlBackends(): Promise<SqlBackend[]> {
  const hasPostgres = await isPostgresAvailable();
  return [
    {
      name: 'PGlite',
      skip: false,
      settings: async (dir) => {
        await seedPgliteDir(join(dir, 'db'));
        return { settings: { kind: 'pglite', dir: join(dir, 'db') }, drop: async () => undefined };
      },
    },
    {
      name: 'PostgreSQL',
      skip: !hasPostgres,
      settings: async () => {
        const db = await createTestDatabase();
        return { settings: { kind: 'postgres', url: db.url, ssl: false }, drop: () => db.drop() };
      },
    },
  ];
}

/** Opens a store on `backend` (in a temporary folder, `dir()`) before the enclosing describe's tests and closes and drops both after. */
export function useSqlStore(backend: SqlBackend, prefix: string): { readonly store: () => HistoryStore; readonly dir: () => string } {
  let dir: string;
  let store: HistoryStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skip) return;
    dir = await mkdtemp(join(tmpdir(), prefix));
    const opened = await backend.settings(dir);
    drop = opened.drop;
    store = await openStore(opened.settings, { dataDir: dir, retryInitialMs: 20, retryMaxMs: 50 });
  });
  afterAll(async () => {
    if (backend.skip) return;
    await store.close();
    await drop();
    await rm(dir, { recursive: true, force: true });
  });
  return { store: () => store, dir: () => dir };
}

/**
 * For tests that need several stores on `backend` (e.g. one written late and a reference written on time):
 * each call opens one more, in its own temporary folder and database; all are closed and dropped after the
 * enclosing describe.
 */
export function useSqlStores(backend: SqlBackend, prefix: string): () => Promise<HistoryStore> {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const opened = await backend.settings(dir);
    cleanup.push(opened.drop);
    const store = await openStore(opened.settings, { dataDir: dir });
    cleanup.push(() => store.close());
    return store;
  };
}

/**
 * A fresh PostgreSQL test database and a store on it (in a temporary folder) for the enclosing describe's tests,
 * closed and dropped after; nothing when `enabled` is false (no server). `url()` is for SQL beside the store.
 */
export function usePostgresStore(prefix: string, enabled: boolean): { readonly store: () => HistoryStore; readonly url: () => string } {
  let dir: string;
  let database: TestDatabase;
  let store: HistoryStore;
  beforeAll(async () => {
    if (!enabled) return;
    dir = await mkdtemp(join(tmpdir(), prefix));
    database = await createTestDatabase();
    store = await openStore({ kind: 'postgres', url: database.url, ssl: false }, { dataDir: dir, retryInitialMs: 20, retryMaxMs: 50 });
  });
  afterAll(async () => {
    if (!enabled) return;
    await store.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });
  return { store: () => store, url: () => database.url };
}
