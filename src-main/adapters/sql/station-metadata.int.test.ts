/**
 * Station air-quality metadata (migration 4) round-trips through the store on both backends, and a
 * station file that leaves a field out keeps the stored value — read back through the same openStore()
 * the engine uses.
 */
import { describe, expect, it } from 'vitest';
import { sqlBackends, useSqlStore } from '../../../tests/helpers/sql-backends';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importStationsFile } from '../stations-import/import-stations';

const backends = await sqlBackends();

describe.each(backends)('station metadata on $name', (backend) => {
  const opened = useSqlStore(backend, 'sw-station-meta-');

  it.skipIf(backend.skip)('stores type, instrument class and calibration due date, and keeps them when a later file leaves them out', async () => {
    const due = Date.UTC(2027, 0, 31);
    await opened.store().upsertStations([
      { id: 'st-meta', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89, stationType: 'traffic', instrumentClass: 'reference', calibrationDueAt: due },
      { id: 'st-plain', name: 'Depot', district: 'Noord', lat: null, lon: null },
    ]);
    await opened.store().caughtUp();
    let byId = new Map((await opened.store().listStations()).map((s) => [s.id, s]));
    expect(byId.get('st-meta')).toEqual({ id: 'st-meta', name: 'Dam', district: 'Centrum', lat: 52.37, lon: 4.89, stationType: 'traffic', instrumentClass: 'reference', calibrationDueAt: due });
    expect(byId.get('st-plain')).toEqual({ id: 'st-plain', name: 'Depot', district: 'Noord', lat: null, lon: null });

    // A file with only a new name and a new class: the type and due date stay.
    const csv = join(opened.dir(), 'stations.csv');
    await writeFile(csv, 'id,name,instrument\nst-meta,Dam square,low-cost\n');
    expect((await importStationsFile(csv, opened.store())).problems).toEqual([]);
    await opened.store().caughtUp();
    byId = new Map((await opened.store().listStations()).map((s) => [s.id, s]));
    expect(byId.get('st-meta')).toEqual({ id: 'st-meta', name: 'Dam square', district: '', lat: null, lon: null, stationType: 'traffic', instrumentClass: 'low-cost', calibrationDueAt: due });
  });
});
