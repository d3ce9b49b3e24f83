/**
 * A database migrated by a newer Stationwatch (a downgrade, or an older instance sharing the database): this
 * build neither migrates nor writes it, its status says why in plain words, every write waits (none is set
 * aside as invalid), and once the database is one this build knows again they all land.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { openStore } from './open-store';
import { MIGRATIONS } from './migrations';
import { createTestDatabase, isPostgresAvailable, withPgClient } from '../../../tests/helpers/postgres';
import { seedPgliteDir } from '../../../tests/helpers/pglite-template';
import { openPgliteClient } from '../pglite/pglite-sql-client';

const hasPostgres = await isPostgresAvailable();
const T0 = Date.UTC(2026, 10, 20);
const NEWER = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;

function windowAt(i: number): WindowAggregate {
  return { stationId: 'st-1', metric: 'temperature', sizeMs: 10_000, start: T0 + i * 10_000, count: 1, mean: i, min: i, max: i, stddev: 0, p95: i };
}

/** The dead-letter files under the data folder (each store's spill directory holds its own). */
async function deadLetters(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir, { recursive: true })).map(String).filter((f) => f.includes('dead-letter'));
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const expected = `the database was last migrated by a newer Stationwatch (schema version ${NEWER}; this build knows up to ${NEWER - 1}), so this build does not write to it: use that newer build, or another database`;

describe('a database migrated by a newer Stationwatch', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('embedded (PGlite, through its worker): not written, the status says why, and the writes wait on disk until this build knows the schema again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-newer-schema-pglite-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const dir = join(dataDir, 'pglite');
    await seedPgliteDir(dir);
    const settings = { kind: 'pglite' as const, dir };
    const setNewer = async (newer: boolean): Promise<void> => {
      const raw = await openPgliteClient(dir);
      try {
        if (newer) await raw.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from a newer build', $2)`, [NEWER, T0]);
        else await raw.query('DELETE FROM schema_migrations WHERE version = $1', [NEWER]);
      } finally {
        await raw.close();
      }
    };
    await setNewer(true);

    const store = await openStore(settings, { dataDir });
    await store.writeWindows([windowAt(0), windowAt(1)]);
    await until('the status to say why', () => store.status().detail === expected);
    await store.writeWindows([windowAt(2)]);
    // Before: a write the embedded worker failed (no SQLSTATE) was tried a few times, then split and set aside.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await deadLetters(dataDir)).toEqual([]);
    expect(store.status().detail).toBe(expected);
    await store.close();

    await setNewer(false);
    const again = await openStore(settings, { dataDir });
    cleanup.push(() => again.close());
    await again.caughtUp();
    const windows = await again.queryWindows({ stationIds: null, metric: 'temperature', sizeMs: 10_000, from: T0, to: T0 + 60_000 });
    expect(windows.map((w) => [w.stationId, [...w.mean]])).toEqual([['st-1', [0, 1, 2]]]);
  }, 60_000);

  it.skipIf(!hasPostgres)('PostgreSQL: not written: the status says why, writes wait with nothing set aside, and land once the schema is one this build knows', async () => {
    const database = await createTestDatabase('sw_newer_schema');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-newer-schema-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const settings = { kind: 'postgres' as const, url: database.url, ssl: false };

    const first = await openStore(settings, { dataDir });
    await first.caughtUp();
    await first.close();
    // A newer build migrated it since.
    await withPgClient(database.url, (db) => db.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from a newer build', $2)`, [NEWER, T0]));

    const store = await openStore(settings, { dataDir });
    cleanup.push(() => store.close());
    await store.writeWindows([windowAt(0), windowAt(1)]);
    await until('the status to say why', () => store.status().detail === expected);
    await store.writeWindows([windowAt(2)]);
    // Before: the store migrated nothing new and wrote on; a write the newer schema refused was split and set aside.
    const stored = await withPgClient(database.url, (db) => db.query('SELECT count(*)::int AS n FROM window_aggregates'));
    expect(stored.rows[0]).toEqual({ n: 0 });
    expect(await deadLetters(dataDir)).toEqual([]);
    expect(store.status().queueDepth).toBeGreaterThan(0);

    // The newer build's version is gone again (restored from a backup, say): every write lands, once.
    await withPgClient(database.url, (db) => db.query('DELETE FROM schema_migrations WHERE version = $1', [NEWER]));
    await until('the writes to land', async () => (await withPgClient(database.url, (db) => db.query('SELECT count(*)::int AS n FROM window_aggregates'))).rows[0].n === 3);
    await store.caughtUp();
    expect(store.status().detail).toBeNull();
  }, 60_000);

  it.skipIf(!hasPostgres)('PostgreSQL, migrated by a newer build while this one runs: the refused write is not set aside, the status says why', async () => {
    const database = await createTestDatabase('sw_newer_running');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-newer-running-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const store = await openStore({ kind: 'postgres', url: database.url, ssl: false }, { dataDir });
    cleanup.push(() => store.close());
    await store.writeWindows([windowAt(0)]);
    await store.caughtUp();
    // The newer build renames a column this build writes, and records its version.
    const migrate = (sql: string): Promise<unknown> => withPgClient(database.url, (db) => db.query(sql));
    await migrate(`ALTER TABLE window_aggregates RENAME COLUMN p95 TO p95_newer; INSERT INTO schema_migrations (version, name, applied_at) VALUES (${NEWER}, 'from a newer build', ${T0})`);
    await store.writeWindows([windowAt(1)]);
    await until('the status to say why', () => store.status().detail === expected);
    // Before: the write failed on the renamed column, was split and its rows set aside as invalid.
    expect(await deadLetters(dataDir)).toEqual([]);
    await migrate(`ALTER TABLE window_aggregates RENAME COLUMN p95_newer TO p95; DELETE FROM schema_migrations WHERE version = ${NEWER}`);
    await until('the write to land', async () => (await withPgClient(database.url, (db) => db.query('SELECT count(*)::int AS n FROM window_aggregates'))).rows[0].n === 2);
  }, 60_000);
});
