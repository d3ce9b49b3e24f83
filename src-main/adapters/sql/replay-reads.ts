/**
 * Incident replay in SQL (issue 19): the console at a past moment and the saved incidents. Every read is
 * an index range per metric or per alarm (EXPLAIN in bench/suites/replay-seek.ts), so a seek costs what
 * the moment holds, not what the 30 days before it hold.
 */
import type { SqlQueryable } from './sql-client';
import type { Alarm, AlarmEventType, AlarmState } from '../../../src-shared/domain/alarms';
import type { Incident, ReplayCity, ReplayLatest, ReplaySnapshot } from '../../../src-shared/domain/replay';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { IncidentWrite, ReplaySeek } from '../../core/replay/replay-store';
import { alarmAt } from '../../core/replay/alarm-at';

// Each metric and its finest stored size: a loose index scan over window_aggregates_metric (metric, size_ms, …).
const finestSizesSql = `WITH RECURSIVE m(metric) AS (
  SELECT min(metric) FROM window_aggregates
  UNION ALL
  SELECT (SELECT min(metric) FROM window_aggregates WHERE metric > m.metric) FROM m WHERE m.metric IS NOT NULL
) SELECT metric, (SELECT min(size_ms) FROM window_aggregates w WHERE w.metric = m.metric) FROM m WHERE metric IS NOT NULL`;

/** Per metric: each station's newest window of the finest size closed by $3 that started within the lookback (domain/replay.ts). */
export const LATEST_SQL = `SELECT w.station_id, k.metric, w.window_start::float8, k.size_ms, w.mean
FROM unnest($1::text[], $2::int[]) AS k(metric, size_ms)
CROSS JOIN LATERAL (
  SELECT DISTINCT ON (a.station_id) a.station_id, a.window_start, a.mean FROM window_aggregates a
  WHERE a.metric = k.metric AND a.size_ms = k.size_ms
    AND a.window_start >= $3::bigint - greatest(6 * k.size_ms, 60000) AND a.window_start <= $3::bigint - k.size_ms
    AND a.station_id <> '${CITY_STATION_ID}'
  ORDER BY a.station_id, a.window_start DESC
) w`;

/** City windows of the finest size that closed in [$4, $3]: the charts' span. */
export const CITY_SQL = `SELECT k.metric, a.window_start::float8, k.size_ms, a.mean, a.min, a.max, a.p95
FROM unnest($1::text[], $2::int[]) AS k(metric, size_ms)
JOIN window_aggregates a ON a.station_id = '${CITY_STATION_ID}' AND a.metric = k.metric AND a.size_ms = k.size_ms
  AND a.window_start >= $4::bigint AND a.window_start <= $3::bigint - k.size_ms
ORDER BY k.metric, a.window_start`;

/** Every alarm with its newest event, activation, acknowledgement and shelving at or before $1: index probes on alarm_events (alarm_id, at). */
export const ALARMS_AT_SQL = `SELECT a.data, e.type, e.at::float8, e.who, e.to_state, act.at::float8, act.value, ack.at::float8, ack.who, sh.type, sh.at::float8, sh.who, sh.comment
FROM alarms a
CROSS JOIN LATERAL (SELECT type, at, who, to_state FROM alarm_events WHERE alarm_id = a.id AND at <= $1::bigint ORDER BY at DESC, seq DESC LIMIT 1) e
LEFT JOIN LATERAL (SELECT at, value FROM alarm_events WHERE alarm_id = a.id AND at <= $1::bigint AND type = 'activated' ORDER BY at DESC, seq DESC LIMIT 1) act ON true
LEFT JOIN LATERAL (SELECT at, who FROM alarm_events WHERE alarm_id = a.id AND at <= $1::bigint AND type = 'acknowledged' ORDER BY at DESC, seq DESC LIMIT 1) ack ON true
LEFT JOIN LATERAL (SELECT type, at, who, comment FROM alarm_events WHERE alarm_id = a.id AND at <= $1::bigint AND type IN ('shelved', 'unshelved') ORDER BY at DESC, seq DESC LIMIT 1) sh ON true
ORDER BY a.id`;

/** The console at `seek.at`: stations' newest windows, the city windows since `seek.from`, and the alarms then. */
export async function replaySeek(q: SqlQueryable, seek: ReplaySeek): Promise<ReplaySnapshot> {
  const sizes = await q.query(finestSizesSql);
  const metrics = sizes.rows.map((r) => String(r[0]));
  const sizeMs = sizes.rows.map((r) => Number(r[1]));
  const [latest, city, alarms] = await Promise.all([
    q.query(LATEST_SQL, [metrics, sizeMs, seek.at]),
    q.query(CITY_SQL, [metrics, sizeMs, seek.at, seek.from]),
    q.query(ALARMS_AT_SQL, [seek.at]),
  ]);
  return { at: seek.at, from: seek.from, latest: latestColumns(latest.rows), city: cityColumns(city.rows), alarms: alarmsAt(alarms.rows, seek.at) };
}

function latestColumns(rows: readonly (readonly unknown[])[]): ReplayLatest {
  return {
    stationId: rows.map((r) => String(r[0])),
    metric: rows.map((r) => String(r[1])),
    start: rows.map((r) => Number(r[2])),
    sizeMs: rows.map((r) => Number(r[3])),
    mean: rows.map((r) => Number(r[4])),
  };
}

function cityColumns(rows: readonly (readonly unknown[])[]): ReplayCity {
  const column = (i: number): number[] => rows.map((r) => Number(r[i]));
  return { metric: rows.map((r) => String(r[0])), start: column(1), sizeMs: column(2), mean: column(3), min: column(4), max: column(5), p95: column(6) };
}

function alarmsAt(rows: readonly (readonly unknown[])[], at: number): Alarm[] {
  const out: Alarm[] = [];
  for (const r of rows) {
    const alarm = alarmAt(
      json(r[0]) as Alarm,
      {
        last: { type: String(r[1]) as AlarmEventType, at: Number(r[2]), who: String(r[3]), toState: String(r[4]) as AlarmState },
        activation: r[5] === null ? null : { at: Number(r[5]), value: r[6] === null ? null : Number(r[6]) },
        acknowledgement: r[7] === null ? null : { at: Number(r[7]), who: String(r[8]) },
        shelving: r[9] === null ? null : { type: String(r[9]) as 'shelved' | 'unshelved', at: Number(r[10]), who: String(r[11]), comment: r[12] === null ? null : String(r[12]) },
      },
      at,
    );
    if (alarm !== null) out.push(alarm);
  }
  return out;
}

/** Saved incidents, newest start first. */
export async function readIncidents(q: SqlQueryable, limit: number): Promise<Incident[]> {
  const r = await q.query(
    'SELECT id, title, from_ms::float8, to_ms::float8, notes, alarm_id, created_by, created_at::float8, updated_at::float8 FROM incidents ORDER BY from_ms DESC, id LIMIT $1',
    [limit],
  );
  return r.rows.map((x) => ({
    id: String(x[0]),
    title: String(x[1]),
    from: Number(x[2]),
    to: Number(x[3]),
    notes: String(x[4]),
    alarmId: x[5] === null ? null : String(x[5]),
    createdBy: String(x[6]),
    createdAt: Number(x[7]),
    updatedAt: Number(x[8]),
  }));
}

/** Inserts or replaces an incident by id (who created it and when stay), or deletes one. */
export async function writeIncident(q: SqlQueryable, write: IncidentWrite): Promise<void> {
  if (write.kind === 'delete') {
    await q.query('DELETE FROM incidents WHERE id = $1', [write.id]);
    return;
  }
  const i = write.incident;
  await q.query(
    `INSERT INTO incidents (id, title, from_ms, to_ms, notes, alarm_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, from_ms = EXCLUDED.from_ms, to_ms = EXCLUDED.to_ms, notes = EXCLUDED.notes, updated_at = EXCLUDED.updated_at`,
    [i.id, i.title, i.from, i.to, i.notes, i.alarmId, i.createdBy, i.createdAt, i.updatedAt],
  );
}

/** jsonb arrives as an object (pg) or as text (some PGlite paths). */
function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}
