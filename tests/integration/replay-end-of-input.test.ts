/**
 * End of input closes everything: a replay that reaches the end of its file closes and stores every
 * window of every size — the last hour included, which used to wait for an hour of idle wall time — and
 * says so in its status. Reference: PostgreSQL's own count/avg/min/max/stddev_pop over the raw readings
 * table (stored alongside), and the p95 the app defines (the value at rank ⌊0.95·(n−1)⌋), per station and
 * city-wide, for every window size.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import type { EngineHandle } from '../../src-main/engine/engine-api';
import { defaultSettings, SourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { compareWithTable, summarize, windowKey } from './window-expectation';
import type { ExpectedWindow } from './window-expectation';

const hasPostgres = await isPostgresAvailable();
const SIZES_MS = [10_000, 60_000, 300_000, 3_600_000];

/** Every window PostgreSQL computes from the raw readings, per station and city-wide, for one size. */
async function referenceWindows(db: pg.Client, sizeMs: number): Promise<ExpectedWindow[]> {
  const result = await db.query<{ station_id: string | null; metric: string; start: string; n: string; mean: number; min: number; max: number; stddev: number; p95: number }>(
    `WITH v AS (
       SELECT r.station_id, m.key AS metric, r.ts - mod(r.ts, $1::bigint) AS start, m.value::double precision AS x
       FROM readings r CROSS JOIN LATERAL jsonb_each_text(r.metrics) AS m(key, value)
     )
     SELECT station_id, metric, start, count(*) AS n, avg(x) AS mean, min(x) AS min, max(x) AS max, stddev_pop(x) AS stddev,
            (array_agg(x ORDER BY x))[floor(0.95 * (count(*) - 1))::int + 1] AS p95
     FROM v GROUP BY GROUPING SETS ((station_id, metric, start), (metric, start))`,
    [sizeMs],
  );
  return result.rows.map((row) => ({ stationId: row.station_id ?? CITY_STATION_ID, metric: row.metric, sizeMs, start: Number(row.start), count: Number(row.n), mean: row.mean, min: row.min, max: row.max, stddev: row.stddev, p95: row.p95 }));
}

describe.skipIf(!hasPostgres)('end of input: a finished replay', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('closes and stores every window of every size, the last hour included, exactly as PostgreSQL computes them', async () => {
    const database = await createTestDatabase('sw_replay_end');
    cleanup.push(() => database.drop());
    const base = defaultSettings();
    const source = SourceSchema.parse({ kind: 'replay', path: 'resources/sample-data/city-12x10min.csv', speed: 0 });
    const settings: Settings = {
      ...base,
      windows: { ...base.windows, sizesMs: SIZES_MS },
      store: { ...base.store, rawReadings: true },
      activeProfileId: 'replay',
      profiles: [{ id: 'replay', name: 'Replay', source, database: { kind: 'postgres', url: database.url, ssl: false } }],
    };
    const engine: EngineHandle = await startEngine({ settings, secrets: {}, dataDir: '/tmp', operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const deadline = Date.now() + 60_000;
    let detail = '';
    while (!/every open window closed and stored/.test(detail)) {
      if (Date.now() > deadline) throw new Error(`the replay did not end (last: ${detail})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      detail = (await engine.request('pipeline:status', {})).source.detail ?? '';
    }
    expect(detail).toMatch(/^replayed 7200 readings, 0 rejected; every open window closed and stored \(\d+ more\)$/);
    const report = await engine.stop();
    stopped = true;
    expect(report?.flushed).toBe(true);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const expected = new Map<string, ExpectedWindow>();
      for (const size of SIZES_MS) for (const w of await referenceWindows(db, size)) expected.set(windowKey(w.stationId, w.metric, w.sizeMs, w.start), w);
      // 12 stations + the city, 9 metrics, 10 minutes from midnight: the one 1-hour window of each is there.
      expect([...expected.values()].filter((w) => w.sizeMs === 3_600_000)).toHaveLength(13 * 9);
      const comparison = await compareWithTable(db, expected, []);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
    } finally {
      await db.end();
    }
  });
});
