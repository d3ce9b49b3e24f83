import type { SqlQueryable } from './sql-client';
import type { StoreWrite } from './store-write';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { booleanArray, numberArray, textArray } from './sql-array';
import { writeReadings } from './readings-write';
import { mergeLateBatch, saveLateProgress } from './late-merge-write';
import { dropLateProgressBeyond } from './late-progress-guard-sql';
import { windowSketchBase64 } from './sketch-bytes';
import { applyShiftWrite } from './shift-log-sql';
import { writeNotice } from './public-notice-sql';
import { writeQualityFlags } from './quality-flags-sql';

// Batched upserts: one statement per write, its rows passed as one array literal per column and
// unnested server-side (works on PostgreSQL and PGlite alike; never one statement per row). Raw
// readings, the biggest write, have their own module (COPY where the backend streams it).

// A row that late readings were merged into is left alone: the same window rebuilt on time after a
// restart (re-read from Kafka) must not overwrite the merge (docs/DESIGN.md, "Late data").
const upsertWindows = `INSERT INTO window_aggregates (station_id, metric, size_ms, window_start, count, mean, min, max, stddev, p95, m2, sketch)
SELECT s, m, z, t, c, mean, mn, mx, sd, p, m2, decode(h, 'base64')
FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::text[])
  AS u(s, m, z, t, c, mean, mn, mx, sd, p, m2, h)
ON CONFLICT (station_id, metric, size_ms, window_start) DO UPDATE SET
  count = EXCLUDED.count, mean = EXCLUDED.mean, min = EXCLUDED.min, max = EXCLUDED.max, stddev = EXCLUDED.stddev, p95 = EXCLUDED.p95,
  m2 = EXCLUDED.m2, sketch = EXCLUDED.sketch
WHERE window_aggregates.late_count = 0`;

// An older state replayed after a newer one must not win.
const upsertAlarms = `INSERT INTO alarms (id, rule_id, station_id, metric, state, is_active, severity, updated_at, data)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::bigint[], $9::jsonb[])
ON CONFLICT (id) DO UPDATE SET rule_id = EXCLUDED.rule_id, station_id = EXCLUDED.station_id, metric = EXCLUDED.metric,
  state = EXCLUDED.state, is_active = EXCLUDED.is_active, severity = EXCLUDED.severity, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data
WHERE alarms.updated_at <= EXCLUDED.updated_at`;

const insertEvents = `INSERT INTO alarm_events (alarm_id, type, at, who, comment, from_state, to_state, value)
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[])
ON CONFLICT (alarm_id, at, type, to_state) DO NOTHING`;

const insertRejected = `INSERT INTO rejected_messages (dedupe_key, at, reason, detail, sample, size_bytes, topic, kafka_partition, kafka_offset)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::integer[], $9::text[])
ON CONFLICT (dedupe_key) DO NOTHING`;

// Air-quality metadata a station file leaves out (null here) keeps the stored value.
const upsertStations = `INSERT INTO stations (id, name, district, lat, lon, station_type, instrument_class, calibration_due_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[], $8::bigint[])
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
  station_type = COALESCE(EXCLUDED.station_type, stations.station_type),
  instrument_class = COALESCE(EXCLUDED.instrument_class, stations.instrument_class),
  calibration_due_at = COALESCE(EXCLUDED.calibration_due_at, stations.calibration_due_at)`;

const ensureStations = `INSERT INTO stations (id, name) SELECT id, id FROM unnest($1::text[]) AS u(id) ON CONFLICT (id) DO NOTHING`;

/**
 * Rows per statement. Building the parameters costs ~1.3-3 ms per 1,000 rows on the calling thread
 * (5,000-row chunks measured 5-15 ms during ingest), so a 27,000-window boundary becomes 14 statements in
 * one transaction and no single step holds the engine's loop for long.
 */
const CHUNK_ROWS = 2_000;

/** PostgreSQL text and jsonb cannot hold NUL; quarantined samples and hostile ids may. */
function text(s: string): string {
  return s.indexOf('\u0000') < 0 ? s : s.replaceAll('\u0000', '\uFFFD');
}
function texts(values: readonly (string | null)[]): string {
  return textArray(values.map((v) => (v === null ? null : text(v))));
}
const nums = numberArray;
function jsonText(value: unknown): string {
  const json = JSON.stringify(value);
  return json.indexOf('\\u0000') < 0 ? json : json.replaceAll('\\u0000', '\\ufffd');
}

/**
 * Applies one write inside the given transaction. knownStations caches ids already in the table; ids
 * this write registers are pushed to `registered`, for the caller to cache once the transaction commits
 * (a rolled-back registration must be retried with the write).
 */
export async function applyWrite(tx: SqlQueryable, write: StoreWrite, knownStations: ReadonlySet<string>, registered: string[]): Promise<void> {
  switch (write.op) {
    case 'windows': {
      // The step's progress in the same transaction as its windows (the last write of the step that carries it).
      if (write.progress !== undefined) await saveLateProgress(tx, write.progress);
      if (write.windows.length === 0) return;
      const windows = lastByKey(write.windows, (x) => `${x.stationId}\u0001${x.metric}\u0001${x.sizeMs}\u0001${x.start}`);
      await registerStations(tx, windows.map((x) => x.stationId), knownStations, registered);
      for (let from = 0; from < windows.length; from += CHUNK_ROWS) {
        const w = windows.slice(from, from + CHUNK_ROWS);
        await tx.query(upsertWindows, [
          texts(w.map((x) => x.stationId)), texts(w.map((x) => x.metric)), nums(w.map((x) => x.sizeMs)), nums(w.map((x) => x.start)), nums(w.map((x) => x.count)),
          nums(w.map((x) => x.mean)), nums(w.map((x) => x.min)), nums(w.map((x) => x.max)), nums(w.map((x) => x.stddev)), nums(w.map((x) => x.p95)),
          nums(w.map((x) => x.m2 ?? null)), textArray(w.map(windowSketchBase64)),
        ]);
      }
      return;
    }
    case 'late': {
      // Ids of stations the merge wrote windows for: registered like the on-time path's.
      const ids = await mergeLateBatch(tx, write.batch);
      await registerStations(tx, ids, knownStations, registered);
      // After the merge: it reads the progress of the last commit to skip re-read messages.
      if (write.progress !== undefined) await saveLateProgress(tx, write.progress);
      return;
    }
    case 'late-progress':
      await saveLateProgress(tx, write.progress);
      return;
    case 'late-progress-drop':
      await dropLateProgressBeyond(tx, write.ends, write.at);
      return;
    case 'readings':
      if (write.readings.length === 0) return;
      await registerStations(tx, write.readings.map((x) => x.stationId), knownStations, registered);
      await writeReadings(tx, write.readings);
      return;
    case 'alarms': {
      const a = lastByKey(write.alarms, (x) => x.id);
      if (a.length > 0) {
        await tx.query(upsertAlarms, [
          texts(a.map((x) => x.id)), texts(a.map((x) => x.ruleId)), texts(a.map((x) => x.stationId)), texts(a.map((x) => x.metric)), texts(a.map((x) => x.state)),
          booleanArray(a.map((x) => x.isActive)), texts(a.map((x) => x.severity)), nums(a.map((x) => x.updatedAt)), textArray(a.map((x) => jsonText(x))),
        ]);
      }
      const e = write.events;
      if (e.length > 0) {
        await tx.query(insertEvents, [
          texts(e.map((x) => x.alarmId)), texts(e.map((x) => x.type)), nums(e.map((x) => x.at)), texts(e.map((x) => x.who)), texts(e.map((x) => x.comment)),
          texts(e.map((x) => x.fromState)), texts(e.map((x) => x.toState)), nums(e.map((x) => x.value)),
        ]);
      }
      return;
    }
    case 'rejected': {
      const m = write.messages;
      if (m.length === 0) return;
      await tx.query(insertRejected, [
        texts(m.map(rejectedKey)),
        nums(m.map((x) => x.at)), texts(m.map((x) => x.reason)), texts(m.map((x) => x.detail)), texts(m.map((x) => x.sample)), nums(m.map((x) => x.sizeBytes)),
        texts(m.map((x) => x.topic)), nums(m.map((x) => x.partition)), texts(m.map((x) => x.offset)),
      ]);
      return;
    }
    case 'stations': {
      const s = lastByKey(write.stations, (x) => x.id);
      if (s.length === 0) return;
      await tx.query(upsertStations, [
        texts(s.map((x) => x.id)), texts(s.map((x) => x.name)), texts(s.map((x) => x.district)), nums(s.map((x) => x.lat)), nums(s.map((x) => x.lon)),
        texts(s.map((x) => x.stationType ?? null)), texts(s.map((x) => x.instrumentClass ?? null)), nums(s.map((x) => x.calibrationDueAt ?? null)),
      ]);
      for (const x of s) registered.push(x.id);
      return;
    }
    case 'ensure-stations':
      await registerStations(tx, write.ids, knownStations, registered);
      return;
    case 'out-of-service': {
      // Sanitised like every other text written (a NUL would fail the write); the key the same way on delete.
      const { entry } = write;
      const key = [text(entry.stationId), text(entry.metric ?? '')];
      if (write.outOfService) {
        await tx.query(
          `INSERT INTO out_of_service (station_id, metric, since, by_whom, comment) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (station_id, metric) DO UPDATE SET since = EXCLUDED.since, by_whom = EXCLUDED.by_whom, comment = EXCLUDED.comment`,
          [...key, entry.since, text(entry.by), entry.comment === null ? null : text(entry.comment)],
        );
      } else {
        await tx.query('DELETE FROM out_of_service WHERE station_id = $1 AND metric = $2', key);
      }
      return;
    }
    case 'rules':
      await tx.query('DELETE FROM rules');
      await tx.query('INSERT INTO rules (id, position, data) SELECT * FROM unnest($1::text[], $2::integer[], $3::jsonb[])', [
        texts(write.rules.map((r) => r.id)), nums(write.rules.map((_, i) => i)), textArray(write.rules.map((r) => jsonText(r))),
      ]);
      await setState(tx, 'rules.savedAt', String(write.at), write.at);
      return;
    case 'state':
      await setState(tx, write.key, write.value, write.at);
      return;
    case 'shift':
      return applyShiftWrite(tx, write.write);
    case 'notice':
      return writeNotice(tx, write.notice);
    case 'quality-flags':
      return writeQualityFlags(tx, write.flags);
  }
}

/**
 * One row per key, the last one winning: ON CONFLICT DO UPDATE refuses a statement that touches the
 * same row twice (SQLSTATE 21000), and a batch may carry a window twice (re-emitted after a late reading).
 */
function lastByKey<T>(rows: readonly T[], key: (row: T) => string): readonly T[] {
  const last = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) last.set(key(rows[i]!), i);
  if (last.size === rows.length) return rows;
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) if (last.get(key(rows[i]!)) === i) out.push(rows[i]!);
  return out;
}

async function setState(tx: SqlQueryable, key: string, value: string, at: number): Promise<void> {
  await tx.query(
    'INSERT INTO engine_state (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at',
    [key, value, at],
  );
}

/** Registers ids not seen before as unplaced stations; the cache makes the common case a few Set lookups. */
async function registerStations(tx: SqlQueryable, ids: readonly string[], known: ReadonlySet<string>, registered: string[]): Promise<void> {
  let fresh: Set<string> | null = null;
  for (const id of ids) {
    if (id === CITY_STATION_ID || known.has(id)) continue;
    (fresh ??= new Set()).add(id);
  }
  if (fresh === null) return;
  await tx.query(ensureStations, [texts([...fresh])]);
  for (const id of fresh) registered.push(id);
}

/**
 * The dedupe key of a refused message: by its position when it has one, so the same message refused again — read
 * again after a restart (the MQTT journal, a Kafka redelivery) — is stored once; by the time it was refused when
 * it has none. Bytes and reason are in it too: a topic made again reuses offsets.
 */
function rejectedKey(x: QuarantinedMessage): string {
  const where = x.offset === null ? `${x.at}|${x.topic ?? ''}|${x.partition ?? ''}|` : `@|${x.topic ?? ''}|${x.partition ?? ''}|${x.offset}`;
  return `${where}|${x.reason}|${x.sizeBytes}|${x.sample.slice(0, 64)}`;
}
