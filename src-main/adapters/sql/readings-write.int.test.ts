/**
 * The raw-readings write against the real databases: COPY through a temporary stage on PostgreSQL,
 * UNNEST on PGlite. Odd text must arrive intact, parts of one instant must merge, and a redelivered
 * batch must change nothing — not even a row version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Reading } from '../../../src-shared/domain/reading';
import type { SqlClient } from './sql-client';
import { SqlStore } from './sql-store';
import { writeReadings } from './readings-write';
import { describeDatabaseError } from './describe-error';
import { createPostgresClient } from '../postgres/postgres-client';
import { openPgliteClient } from '../pglite/pglite-sql-client';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';
import type { TestDatabase } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();
const T0 = Date.UTC(2026, 10, 23);

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  open(): Promise<{ client: SqlClient; teardown(): Promise<void> }>;
}

const backends: Backend[] = [
  { name: 'PGlite', skip: false, open: async () => ({ client: await openPgliteClient(null), teardown: async () => undefined }) },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async open() {
      const db: TestDatabase = await createTestDatabase();
      // One connection, so every write reuses the session that holds the temporary stage.
      const client = createPostgresClient({ url: db.url, maxConnections: 1 });
      return { client, teardown: async () => db.drop() };
    },
  },
];

/** Stored rows of the given stations as [station_id, ts, metrics, row version]. */
async function stored(client: SqlClient, ids: readonly string[]): Promise<{ stationId: string; ts: number; metrics: Record<string, number | null>; version: string }[]> {
  const result = await client.query('SELECT station_id, ts::float8, metrics::text, xmin::text FROM readings WHERE station_id = ANY($1::text[]) ORDER BY station_id, ts', [
    `{${ids.map((id) => `"${id.replace(/["\\]/g, '\\$&')}"`).join(',')}}`,
  ]);
  return result.rows.map(([stationId, ts, metrics, version]) => ({ stationId: stationId as string, ts: ts as number, metrics: JSON.parse(metrics as string) as Record<string, number | null>, version: version as string }));
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`raw readings on ${backend.name}`, () => {
    let client: SqlClient;
    let store: SqlStore;
    let teardown: () => Promise<void>;

    beforeAll(async () => {
      ({ client, teardown } = await backend.open());
      store = new SqlStore(backend.name === 'PGlite' ? 'pglite' : 'postgres', client);
      await store.ready();
    });
    afterAll(async () => {
      await store?.close();
      await teardown?.();
    });

    it('stores odd station ids and metric names exactly (tabs, backslashes, newlines, quotes, unicode, NUL)', async () => {
      const odd = ['tab\there', 'back\\slash', 'new\nline', 'cr\rreturn', 'quote"d', '\\N', '\\.', 'ünïcødé 🌡', 'nul\u0000byte', 'comma,{brace}'];
      const readings: Reading[] = odd.map((name, i) => ({ stationId: `odd-${name}`, ts: T0 + i, metrics: { [name]: i + 0.5, plain: -i, nan: Number.NaN } }));
      await store.apply({ op: 'readings', readings });
      const rows = await stored(client, readings.map((r) => r.stationId.replaceAll('\u0000', '\uFFFD')));
      expect(rows.map(({ stationId, ts, metrics }) => ({ stationId, ts, metrics }))).toEqual(
        readings
          .map((r) => ({ stationId: r.stationId.replaceAll('\u0000', '\uFFFD'), ts: r.ts, metrics: JSON.parse(JSON.stringify(r.metrics).replaceAll('\\u0000', '\\ufffd')) as unknown }))
          .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0)),
      );
      const registered = await client.query("SELECT count(*)::int FROM stations WHERE id LIKE 'odd-%'");
      expect(registered.rows[0]![0]).toBe(odd.length);
    });

    it('merges parts of one instant across batches and within one, and a redelivered batch changes nothing', async () => {
      const first: Reading[] = [
        { stationId: 'merge-a', ts: T0, metrics: { temperature: 20.5 } },
        { stationId: 'merge-b', ts: T0, metrics: { temperature: 18 } },
        { stationId: 'merge-a', ts: T0, metrics: { humidity: 40 } },
      ];
      const second: Reading[] = [
        { stationId: 'merge-a', ts: T0, metrics: { pressure: 1013.2, temperature: 21 } },
        { stationId: 'merge-b', ts: T0 + 1000, metrics: { temperature: 18.25 } },
      ];
      await store.apply({ op: 'readings', readings: first });
      await store.apply({ op: 'readings', readings: second });
      const before = await stored(client, ['merge-a', 'merge-b']);
      expect(before.map(({ stationId, ts, metrics }) => ({ stationId, ts, metrics }))).toEqual([
        { stationId: 'merge-a', ts: T0, metrics: { temperature: 21, humidity: 40, pressure: 1013.2 } },
        { stationId: 'merge-b', ts: T0, metrics: { temperature: 18 } },
        { stationId: 'merge-b', ts: T0 + 1000, metrics: { temperature: 18.25 } },
      ]);
      await store.apply({ op: 'readings', readings: second });
      await store.apply({ op: 'readings', readings: [second[0]!, { stationId: 'merge-a', ts: T0, metrics: { humidity: 40 } }] });
      // Same values and the same row versions: nothing was rewritten.
      expect(await stored(client, ['merge-a', 'merge-b'])).toEqual(before);
    });

    it('writes a batch of several chunks, fresh rows and conflicting ones mixed, in one transaction', async () => {
      const readings: Reading[] = Array.from({ length: 12_345 }, (_, i) => ({ stationId: `bulk-${i % 100}`, ts: T0 + Math.floor(i / 100) * 1000, metrics: { temperature: i / 10, index: i } }));
      await store.apply({ op: 'readings', readings: readings.slice(0, 6_000).map((r) => ({ ...r, metrics: { early: 1 } })) });
      await store.apply({ op: 'readings', readings });
      const count = await client.query("SELECT count(*)::int, count(*) FILTER (WHERE metrics ? 'early')::int, sum((metrics->>'index')::int)::float8 FROM readings WHERE station_id LIKE 'bulk-%'");
      expect(count.rows[0]).toEqual([12_345, 6_000, (12_344 * 12_345) / 2]);
    });

    it('takes two batches with the same keys in one transaction', async () => {
      await client.transaction(async (tx) => {
        await writeReadings(tx, [{ stationId: 'twice', ts: T0, metrics: { temperature: 1, humidity: 2 } }]);
        await writeReadings(tx, [{ stationId: 'twice', ts: T0, metrics: { temperature: 3 } }]);
      });
      expect((await stored(client, ['twice'])).map((r) => r.metrics)).toEqual([{ temperature: 3, humidity: 2 }]);
    });

    it('rolls a failed write back whole, and the next write on the same connection succeeds', async () => {
      const good: Reading = { stationId: 'fail-good', ts: T0, metrics: { temperature: 1 } };
      // A fractional time is no bigint: the database refuses the batch.
      const bad: Reading = { stationId: 'fail-bad', ts: T0 + 0.5, metrics: { temperature: 2 } };
      await expect(store.apply({ op: 'readings', readings: [good, bad] })).rejects.toThrow();
      expect(await stored(client, ['fail-good', 'fail-bad'])).toEqual([]);
      await store.apply({ op: 'readings', readings: [good] });
      expect((await stored(client, ['fail-good'])).map((r) => r.metrics)).toEqual([{ temperature: 1 }]);
      // The station registered by the rolled-back write was not cached as known: it exists now.
      const stations = await client.query("SELECT id FROM stations WHERE id LIKE 'fail-%' ORDER BY id");
      expect(stations.rows).toEqual([['fail-good']]);
    });

    it('rejects a big batch refused at its first row while the rest is still being sent, and goes on', async () => {
      const bad: Reading = { stationId: 'early-bad', ts: T0 + 0.5, metrics: { temperature: 2 } };
      const rest: Reading[] = Array.from({ length: 60_000 }, (_, i) => ({ stationId: `early-${i % 50}`, ts: T0 + i * 1000, metrics: { temperature: i } }));
      await expect(store.apply({ op: 'readings', readings: [bad, ...rest] })).rejects.toThrow(/bigint/);
      await store.apply({ op: 'readings', readings: rest.slice(0, 10) });
      const count = await client.query("SELECT count(*)::int FROM readings WHERE station_id LIKE 'early-%'");
      expect(count.rows[0]).toEqual([10]);
    });
  });
}

describe.skipIf(!hasPostgres)('raw readings on PostgreSQL when the connection dies during COPY', () => {
  let db: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('rejects the write (no hang, nothing stored) and the next write succeeds on a fresh connection', async () => {
    const client = createPostgresClient({ url: db.url, maxConnections: 1 });
    const store = new SqlStore('postgres', client);
    try {
      await store.ready();
      const big: Reading[] = Array.from({ length: 400_000 }, (_, i) => ({ stationId: `cut-${i % 500}`, ts: T0 + Math.floor(i / 500) * 1000, metrics: { temperature: i / 100, humidity: 40 } }));
      const write = store.apply({ op: 'readings', readings: big });
      const outcome = write.then(
        () => null,
        (error: unknown) => error,
      );
      let terminated = false;
      const deadline = Date.now() + 30_000;
      while (!terminated && Date.now() < deadline) {
        const killed = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY %readings_stage%' AND state = 'active'",
        );
        terminated = killed.rowCount === 1;
        if (!terminated) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(terminated).toBe(true);
      const error = await outcome;
      expect(error).not.toBeNull();
      // A lost connection, so the buffered store keeps the write and retries it (never dead-letters it).
      expect(describeDatabaseError(error, null).kind).toBe('unreachable');
      const left = await admin.query("SELECT count(*)::int AS n FROM readings WHERE station_id LIKE 'cut-%'");
      expect(left.rows[0].n).toBe(0);
      await store.apply({ op: 'readings', readings: big.slice(0, 1_000) });
      const after = await admin.query("SELECT count(*)::int AS n FROM readings WHERE station_id LIKE 'cut-%'");
      expect(after.rows[0].n).toBe(1_000);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!hasPostgres)('raw readings on PostgreSQL for a role that may not create temporary tables', () => {
  let db: TestDatabase;
  const role = `sw_notemp_${Date.now().toString(36)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${role}`);
      await admin.query(`REVOKE TEMPORARY ON DATABASE ${db.name} FROM PUBLIC`);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    await db?.drop();
    const admin = new pg.Client({ connectionString: db.url.replace(`/${db.name}`, '/postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
  });

  it('falls back to UNNEST and still merges', async () => {
    const url = new URL(db.url);
    url.username = role;
    const store = new SqlStore('postgres', createPostgresClient({ url: url.toString() }));
    try {
      await store.ready();
      await store.apply({ op: 'readings', readings: [{ stationId: 'nt', ts: T0, metrics: { temperature: 1 } }] });
      await store.apply({ op: 'readings', readings: [{ stationId: 'nt', ts: T0, metrics: { humidity: 2 } }] });
    } finally {
      await store.close();
    }
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const stored = await admin.query("SELECT metrics FROM readings WHERE station_id = 'nt'");
      expect(stored.rows).toEqual([{ metrics: { temperature: 1, humidity: 2 } }]);
    } finally {
      await admin.end();
    }
  });
});
