/**
 * Out-of-service writes carry text a person typed (the comment) and names from the wire (station id,
 * metric, operator): PostgreSQL text cannot hold NUL, so they are sanitised like every other write
 * (NUL → U+FFFD) instead of failing, on both backends through the same openStore() the engine uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { openStore } from './open-store';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();
const T0 = Date.UTC(2026, 10, 20);

const backends = [
  { name: 'PGlite', skip: false, settings: async (dir: string) => ({ settings: { kind: 'pglite', dir: join(dir, 'db') } as DatabaseSettings, drop: async () => undefined }) },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    settings: async () => {
      const db = await createTestDatabase();
      return { settings: { kind: 'postgres', url: db.url, ssl: false } as DatabaseSettings, drop: () => db.drop() };
    },
  },
];

describe.each(backends)('out-of-service writes on $name', (backend) => {
  let dir: string;
  let store: HistoryStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skip) return;
    dir = await mkdtemp(join(tmpdir(), 'sw-oos-'));
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

  it.skipIf(backend.skip)('stores NUL in the station id, metric, operator and comment as U+FFFD, and finds the entry again to return it to service', async () => {
    const entry = { stationId: 'st\u0000x', metric: 'noise\u0000level', since: T0, by: 'op\u0000erator', comment: 'line one\nNUL \u0000 here' };
    await store.setOutOfService(entry, true);
    await store.setOutOfService({ stationId: 'st-clean', metric: null, since: T0, by: 'carl', comment: null }, true);
    await store.caughtUp();
    expect((await store.loadAlarms()).outOfService).toEqual([
      { stationId: 'st-clean', metric: null, since: T0, by: 'carl', comment: null },
      { stationId: 'st\uFFFDx', metric: 'noise\uFFFDlevel', since: T0, by: 'op\uFFFDerator', comment: 'line one\nNUL \uFFFD here' },
    ]);
    expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0 });

    await store.setOutOfService({ ...entry, since: T0 + 1 }, false);
    await store.caughtUp();
    expect((await store.loadAlarms()).outOfService.map((e) => e.stationId)).toEqual(['st-clean']);
    expect(store.status()).toMatchObject({ state: 'ok', queueDepth: 0 });
  });
});
