/**
 * Station air-quality metadata (migration 4) round-trips through the store on both backends, and a
 * station file that leaves a field out keeps the stored value — read back through the same openStore()
 * the engine uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import { importStationsFile } from '../stations-import/import-stations';
import { openStore } from './open-store';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();

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

describe.each(backends)('station metadata on $name', (backend) => {
  let dir: string;
  let store: HistoryStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skip) return;
    dir = await mkdtemp(join(tmpdir(), 'sw-station-meta-'));
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

  it.skipIf(backend.skip)('stores type, instrument class and calibration due date, and keeps them when a later file leaves them out', async () => {
    const due = Date.UTC(2027, 0, 31);
    await store.upsertStations([
      { id: 'st-meta', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89, stationType: 'traffic', instrumentClass: 'reference', calibrationDueAt: due },
      { id: 'st-plain', name: 'Depot', district: 'Noord', lat: null, lon: null },
    ]);
    await store.caughtUp();
    let byId = new Map((await store.listStations()).map((s) => [s.id, s]));
    expect(byId.get('st-meta')).toEqual({ id: 'st-meta', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89, stationType: 'traffic', instrumentClass: 'reference', calibrationDueAt: due });
    expect(byId.get('st-plain')).toEqual({ id: 'st-plain', name: 'Depot', district: 'Noord', lat: null, lon: null });

    // A file with only a new name and a new class: the type and due date stay.
    const csv = join(dir, 'stations.csv');
    await writeFile(csv, 'id,name,instrument\nst-meta,Dam square,low-cost\n');
    expect((await importStationsFile(csv, store)).problems).toEqual([]);
    await store.caughtUp();
    byId = new Map((await store.listStations()).map((s) => [s.id, s]));
    expect(byId.get('st-meta')).toEqual({ id: 'st-meta', name: 'Dam square', district: '', lat: null, lon: null, stationType: 'traffic', instrumentClass: 'low-cost', calibrationDueAt: due });
  });
});
