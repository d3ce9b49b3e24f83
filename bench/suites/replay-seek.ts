// replay.seekMs (issue 19): incident replay's seek — the console at any moment of the last 30 days at
// 1,000 stations — through the app's own store code (adapters/sql/replay-reads.ts: each metric's finest
// stored size by a loose index scan, each station's newest window of it before the moment, the city
// windows of the charts' 15-minute span, every alarm's state from its audit trail) and turned into the
// dashboard's frame (src-renderer/replay/replay-frame.ts). PostgreSQL and in-process PGlite.
//
// The data: 1,000 stations and the city × 9 metrics × 30 days of 2-hour windows (3.2 M rows), 2,000
// alarms with 5 activations each (acknowledged, cleared: 30,000 events). A 2-hour size keeps the table
// loadable here; the seek reads the same number of rows as with 10-second windows — six windows per
// station and metric (the lookback is six of the finest size) — and a B-tree probe grows with the log of
// the table, so a 10-s history of the same 30 days (1,000× the rows) adds about two index levels.
// The plans are checked with EXPLAIN: every read of window_aggregates and alarm_events must be an index
// scan (the result records which); a sequential scan fails the suite.
import { loadavg } from 'node:os';
import { createPostgresClient } from '../../src-main/adapters/postgres/postgres-client';
import { openPgliteClient } from '../../src-main/adapters/pglite/pglite-sql-client';
import type { SqlClient } from '../../src-main/adapters/sql/sql-client';
import { SqlStore } from '../../src-main/adapters/sql/sql-store';
import { ALARMS_AT_SQL, CITY_SQL, LATEST_SQL } from '../../src-main/adapters/sql/replay-reads';
import { replayFrame } from '../../src-renderer/replay/replay-frame';
import { createTestDatabase, isPostgresAvailable } from '../../tests/helpers/postgres';
import { median, quantile, seededRandom } from '../stats';
import type { BenchOptions, BenchResult } from '../types';

const STATIONS = 1_000;
const METRICS = ['temperature', 'humidity', 'pressure', 'air_quality', 'pm25', 'noise', 'illuminance', 'wind_speed', 'rainfall'];
const SIZE_MS = 2 * 3_600_000;
const DAYS = 30;
const WINDOWS = (DAYS * 86_400_000) / SIZE_MS;
const ALARMS = 2_000;
const CYCLES = 5;
const T0 = Date.UTC(2026, 9, 1);
const SPAN_MS = 15 * 60_000;

async function load(client: SqlClient): Promise<void> {
  // Time-major, as the pipeline writes them (the windows of every station and metric close together): a
  // moment's rows share pages. Ten days per statement.
  const perStatement = WINDOWS / 3;
  for (let first = 0; first < WINDOWS; first += perStatement) {
    await client.query(
      `INSERT INTO window_aggregates (station_id, metric, size_ms, window_start, count, mean, min, max, stddev, p95)
       SELECT CASE WHEN s = 0 THEN '*' ELSE 'st-' || lpad(s::text, 4, '0') END, m, ${SIZE_MS}, $2::bigint + w::bigint * ${SIZE_MS}, 10,
              20 + (s % 11) + ((w * 7 + s) % 13) * 0.1, 19 + (s % 11), 22 + (s % 11) + ((w * 7 + s) % 13) * 0.1, 0.5, 21.5 + (s % 11)
       FROM generate_series($4::int, $5::int) w CROSS JOIN unnest($1::text[]) m CROSS JOIN generate_series(0, $3::int) s`,
      [METRICS, T0, STATIONS, first, first + perStatement - 1],
    );
  }
  // Alarm a: station a % 1000, cycle c raised at a pseudo-random time of day c·6, acknowledged 5 min later, cleared 20 min later.
  await client.query(
    `INSERT INTO alarms (id, rule_id, station_id, metric, state, is_active, severity, updated_at, data)
     SELECT 'rule-' || (a / 1000) || '@st-' || lpad((1 + a % 1000)::text, 4, '0'), 'rule-' || (a / 1000), 'st-' || lpad((1 + a % 1000)::text, 4, '0'), 'temperature',
            'normal', false, 'critical', $1::bigint,
            jsonb_build_object('id', 'rule-' || (a / 1000) || '@st-' || lpad((1 + a % 1000)::text, 4, '0'), 'ruleId', 'rule-' || (a / 1000), 'stationId', 'st-' || lpad((1 + a % 1000)::text, 4, '0'),
              'metric', 'temperature', 'kind', 'process', 'severity', 'critical', 'state', 'normal', 'isActive', false, 'message', 'Temperature above 40 °C',
              'value', 30, 'peakValue', 44, 'threshold', 40, 'activatedAt', $1::bigint, 'clearedAt', $1::bigint, 'acknowledgedAt', null, 'acknowledgedBy', null,
              'activationCount', $2::int, 'isChattering', false, 'shelf', null, 'updatedAt', $1::bigint)
     FROM generate_series(0, $3::int - 1) a`,
    [T0 + DAYS * 86_400_000, CYCLES, ALARMS],
  );
  await client.query(
    `INSERT INTO alarm_events (alarm_id, type, at, who, comment, from_state, to_state, value)
     SELECT a.id, e.type, $1::bigint + (c * 6 + (a.n % 6)) * 86400000 / 5 + (a.n * 7919 % 86400) * 1000 + e.offset_ms, e.who, NULL, e.from_state, e.to_state, e.value
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM alarms) a
     CROSS JOIN generate_series(0, $2::int - 1) c
     CROSS JOIN (VALUES ('activated', 0, 'system', 'normal', 'unacknowledged', 41.0), ('acknowledged', 300000, 'Ana', 'unacknowledged', 'acknowledged', NULL),
                        ('cleared', 1200000, 'system', 'acknowledged', 'normal', NULL)) AS e(type, offset_ms, who, from_state, to_state, value)`,
    [T0, CYCLES],
  );
  await client.exec('ANALYZE window_aggregates; ANALYZE alarms; ANALYZE alarm_events;');
}

/** Every scan node of the plan as "Node Type on relation (index)"; throws on a sequential scan of the big tables. */
async function checkPlans(client: SqlClient, at: number): Promise<string[]> {
  const metrics = METRICS;
  const sizes = METRICS.map(() => SIZE_MS);
  const scans: string[] = [];
  for (const [name, sql, params] of [
    ['latest', LATEST_SQL, [metrics, sizes, at]],
    ['city', CITY_SQL, [metrics, sizes, at, at - SPAN_MS]],
    ['alarms', ALARMS_AT_SQL, [at]],
  ] as const) {
    const result = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params as never);
    const raw = result.rows[0]![0];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
    walk(plan[0].Plan, (node) => {
      if (node['Relation Name'] === undefined && node['Index Name'] === undefined) return;
      const text = `${name}: ${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`;
      scans.push(text);
      if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] !== 'alarms') throw new Error(`replay seek reads ${node['Relation Name']} sequentially: ${text}`);
    });
  }
  return scans;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

async function measure(kind: 'postgres' | 'pglite', client: SqlClient, seeks: number): Promise<{ times: number[]; plans: string[]; rowsRead: number }> {
  const store = new SqlStore(kind, client);
  await store.ready();
  await load(client);
  const random = seededRandom(19);
  const moment = (): number => T0 + Math.floor(random() * (DAYS * 86_400_000 - 3_600_000)) + 3_600_000;
  for (let i = 0; i < 3; i++) await store.replaySeek({ at: moment(), from: 0 }); // warm-up: plans and caches
  const plans = await checkPlans(client, moment());
  const times: number[] = [];
  let rowsRead = 0;
  for (let i = 0; i < seeks; i++) {
    const at = moment();
    const started = performance.now();
    const snapshot = await store.replaySeek({ at, from: at - SPAN_MS });
    replayFrame(snapshot, i, Date.now(), Number.NEGATIVE_INFINITY);
    times.push(performance.now() - started);
    rowsRead = snapshot.latest.stationId.length;
  }
  await store.close();
  return { times, plans, rowsRead };
}

function result(m: { times: number[]; plans: string[]; rowsRead: number }, what: string): BenchResult {
  return {
    median: median(m.times),
    p95: quantile(m.times, 0.95),
    unit: 'ms',
    runs: m.times.length,
    what,
    target: '< 500 ms (issue 19)',
    stations: STATIONS,
    metrics: METRICS.length,
    days: DAYS,
    windowSizeMs: SIZE_MS,
    storedWindows: (STATIONS + 1) * METRICS.length * WINDOWS,
    alarmEvents: ALARMS * CYCLES * 3,
    stationValuesPerSeek: m.rowsRead,
    plans: m.plans,
    loadAverage1m: loadavg()[0],
  };
}

/** Runs the seek benchmarks on PostgreSQL (skipped when it is not reachable) and on PGlite. */
export async function run(options: BenchOptions): Promise<Record<string, BenchResult>> {
  const seeks = options.quick ? 15 : 40;
  const out: Record<string, BenchResult> = {};
  if (await isPostgresAvailable()) {
    const db = await createTestDatabase('sw_bench_replay');
    try {
      out['replay.seekMs'] = result(await measure('postgres', createPostgresClient({ url: db.url }), seeks), 'seek to a random moment of 30 days and build the frame, PostgreSQL');
    } finally {
      await db.drop();
    }
  }
  out['replay.pglite.seekMs'] = result(await measure('pglite', await openPgliteClient(null), seeks), 'the same on PGlite (in process, in memory)');
  return out;
}
