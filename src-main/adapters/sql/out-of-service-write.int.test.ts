/**
 * Out-of-service writes carry text a person typed (the comment) and names from the wire (station id,
 * metric, operator): PostgreSQL text cannot hold NUL, so they are sanitised like every other write
 * (NUL → U+FFFD) instead of failing, on both backends through the same openStore() the engine uses.
 */
import { describe, expect, it } from 'vitest';
import { sqlBackends, useSqlStore } from '../../../tests/helpers/sql-backends';

const T0 = Date.UTC(2026, 10, 20);

const backends = await sqlBackends();

describe.each(backends)('out-of-service writes on $name', (backend) => {
  const opened = useSqlStore(backend, 'sw-oos-');

  it.skipIf(backend.skip)('stores NUL in the station id, metric, operator and comment as U+FFFD, and finds the entry again to return it to service', async () => {
    const entry = { stationId: 'st\u0000x', metric: 'noise\u0000level', since: T0, by: 'op\u0000erator', comment: 'line one\nNUL \u0000 here' };
    await opened.store().setOutOfService(entry, true);
    await opened.store().setOutOfService({ stationId: 'st-clean', metric: null, since: T0, by: 'carl', comment: null }, true);
    await opened.store().caughtUp();
    expect((await opened.store().loadAlarms()).outOfService).toEqual([
      { stationId: 'st-clean', metric: null, since: T0, by: 'carl', comment: null },
      { stationId: 'st\uFFFDx', metric: 'noise\uFFFDlevel', since: T0, by: 'op\uFFFDerator', comment: 'line one\nNUL \uFFFD here' },
    ]);
    expect(opened.store().status()).toMatchObject({ state: 'ok', queueDepth: 0 });

    await opened.store().setOutOfService({ ...entry, since: T0 + 1 }, false);
    await opened.store().caughtUp();
    expect((await opened.store().loadAlarms()).outOfService.map((e) => e.stationId)).toEqual(['st-clean']);
    expect(opened.store().status()).toMatchObject({ state: 'ok', queueDepth: 0 });
  });
});
