/**
 * Writes the database refuses, on the real backends through the same openStore() the engine uses: a row
 * that trips an overflow (PostgreSQL and PGlite) and a row that trips a statement timeout (PostgreSQL, a
 * session setting plus a slow trigger) are set aside in dead-letter.jsonl with the database's reason, the
 * good rows of the same write are stored, and nothing retries forever.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { openStore } from './open-store';
import type { StoreWrite } from './store-write';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';
import type { TestDatabase } from '../../../tests/helpers/postgres';
import { seedPgliteDir } from '../../../tests/helpers/pglite-template';

const hasPostgres = await isPostgresAvailable();
const T0 = Date.UTC(2026, 10, 20);
const SIZE = 60_000;

function win(i: number, patch: Partial<WindowAggregate> = {}): WindowAggregate {
  return { stationId: `st-${i}`, metric: 'temperature', sizeMs: SIZE, start: T0 + i * SIZE, count: 3, mean: 20 + i, min: 19, max: 22 + i, stddev: 0.4, p95: 21 + i, ...patch };
}

async function deadLetters(spillRoot: string): Promise<{ reason: string; write: StoreWrite }[]> {
  const [spillDir] = await readdir(join(spillRoot, 'store-spill'));
  const text = await readFile(join(spillRoot, 'store-spill', spillDir!, 'dead-letter.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { reason: string; write: StoreWrite });
}

async function storedStations(store: HistoryStore): Promise<string[]> {
  const series = await store.queryWindows({ stationIds: null, metric: 'temperature', sizeMs: SIZE, from: T0, to: T0 + 100 * SIZE });
  return series.map((s) => s.stationId).sort();
}

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  setup(): Promise<{ settings: DatabaseSettings; teardown(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    skip: false,
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), 'sw-poison-pglite-'));
      await seedPgliteDir(join(dir, 'db'));
      return { settings: { kind: 'pglite', dir: join(dir, 'db') }, teardown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async setup() {
      const db = await createTestDatabase('sw_poison');
      return { settings: { kind: 'postgres', url: db.url, ssl: false }, teardown: () => db.drop() };
    },
  },
];

describe.each(backends)('a write with a row the database refuses, on $name', (backend) => {
  let env: Awaited<ReturnType<Backend['setup']>>;
  let dataDir: string;
  let store: HistoryStore;

  beforeAll(async () => {
    if (backend.skip) return;
    env = await backend.setup();
    dataDir = await mkdtemp(join(tmpdir(), 'sw-poison-data-'));
    store = await openStore(env.settings, { dataDir, retryInitialMs: 10, retryMaxMs: 50 });
  });
  afterAll(async () => {
    if (backend.skip) return;
    await store.close();
    await env.teardown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(backend.skip)('sets aside only the overflowing row, with its reason, and stores the good rows of the same write', async () => {
    // size_ms is an integer column: 2^31 overflows it, so the whole statement fails (SQLSTATE 22003).
    const rows = Array.from({ length: 9 }, (_, i) => (i === 5 ? win(i, { sizeMs: 2 ** 31 }) : win(i)));
    await store.writeWindows(rows);
    await store.caughtUp();
    expect(await storedStations(store)).toEqual(['st-0', 'st-1', 'st-2', 'st-3', 'st-4', 'st-6', 'st-7', 'st-8']);
    const letters = await deadLetters(dataDir);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.write).toEqual({ op: 'windows', windows: [rows[5]] });
    expect(letters[0]!.reason).toMatch(/out of range for type integer/);
    expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0 });
    expect(store.status().detail).toMatch(/1 rows refused by the database, kept in dead-letter\.jsonl/);
  });
});

describe.skipIf(!hasPostgres)('a row that trips a statement timeout, on PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  let store: HistoryStore | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('sw_timeout');
    dataDir = await mkdtemp(join(tmpdir(), 'sw-timeout-data-'));
    // Migrate first, then make one row slow: a trigger that sleeps for mean = 666, under a 300 ms statement
    // timeout for every new session of this database (the store's pool connects after this).
    const migrate = await openStore({ kind: 'postgres', url: db.url, ssl: false }, { dataDir: await mkdtemp(join(tmpdir(), 'sw-timeout-migrate-')) });
    await migrate.writeWindows([]);
    await migrate.caughtUp();
    await migrate.close();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION sw_slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.mean = 666 THEN PERFORM pg_sleep(5); END IF; RETURN NEW; END $$`);
      await admin.query('CREATE TRIGGER sw_slow_row BEFORE INSERT ON window_aggregates FOR EACH ROW EXECUTE FUNCTION sw_slow_row()');
      await admin.query(`ALTER DATABASE ${db.name} SET statement_timeout = '300ms'`);
    } finally {
      await admin.end();
    }
  });
  afterEach(async () => {
    await store?.close();
    store = null;
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('retries a bounded number of times, then stores the good rows and dead-letters the slow one with its reason', { timeout: 60_000 }, async () => {
    store = await openStore({ kind: 'postgres', url: db.url, ssl: false }, { dataDir, retryInitialMs: 10, retryMaxMs: 50 });
    const rows = Array.from({ length: 8 }, (_, i) => (i === 2 ? win(i, { mean: 666 }) : win(i)));
    await store.writeWindows(rows);
    await store.caughtUp();
    expect(await storedStations(store)).toEqual(['st-0', 'st-1', 'st-3', 'st-4', 'st-5', 'st-6', 'st-7']);
    const letters = await deadLetters(dataDir);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.write).toEqual({ op: 'windows', windows: [rows[2]] });
    expect(letters[0]!.reason).toMatch(/statement timeout/);
    expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0 });
  });
});
