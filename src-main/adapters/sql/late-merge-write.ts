/**
 * The merge path for late readings (docs/DESIGN.md, "Late data"): in one transaction, the batch's Kafka
 * positions are journaled (a position already there is a redelivery: its values are skipped), the stored
 * windows the late values belong to are read and locked, merged with the values (mergeable-window.ts), and
 * written back — or created when absent. The on-time upsert leaves a row with merged values alone
 * (sql-writes.ts), so a window rebuilt after a restart never overwrites a merge.
 */
import type { SqlQueryable } from './sql-client';
import { lateGroups, type LateBatch, type LateGroup } from '../../core/windows/late-values';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { LateProgress } from '../../core/ports';
import { mergeValues, type MergeableWindow } from '../../core/windows/mergeable-window';
import { numberArray, textArray } from './sql-array';
import { sketchFromBase64, sketchToBase64 } from './sketch-bytes';
import { noteAirChanges, type AirChange } from './air-changes-sql';

const HOUR_MS = 3_600_000;
const AIR_POLLUTANTS: ReadonlySet<string> = new Set(POLLUTANTS);

/** Journal rows older than this are deleted by the retention job: Kafka keeps messages 7 days by default, so no redelivery comes later. */
export const LATE_JOURNAL_DAYS = 7;

const journal = `INSERT INTO late_journal (topic, kafka_partition, kafka_offset, at)
SELECT t, p, o, (extract(epoch from now()) * 1000)::bigint FROM unnest($1::text[], $2::integer[], $3::bigint[]) AS u(t, p, o)
ON CONFLICT DO NOTHING RETURNING topic, kafka_partition, kafka_offset`;

const selectStored = `SELECT w.station_id, w.metric, w.size_ms, w.window_start, w.count, w.mean, w.m2, w.min, w.max, w.stddev, w.p95, encode(w.sketch, 'base64'), w.late_count
FROM window_aggregates w JOIN unnest($1::text[], $2::text[], $3::integer[], $4::bigint[]) AS k(s, m, z, t)
  ON w.station_id = k.s AND w.metric = k.m AND w.size_ms = k.z AND w.window_start = k.t
FOR UPDATE OF w`;

const upsertMerged = `INSERT INTO window_aggregates (station_id, metric, size_ms, window_start, count, mean, min, max, stddev, p95, m2, sketch, late_count)
SELECT s, m, z, t, c, mean, mn, mx, sd, p, m2, decode(h, 'base64'), lc
FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::text[], $13::bigint[])
  AS u(s, m, z, t, c, mean, mn, mx, sd, p, m2, h, lc)
ON CONFLICT (station_id, metric, size_ms, window_start) DO UPDATE SET
  count = EXCLUDED.count, mean = EXCLUDED.mean, min = EXCLUDED.min, max = EXCLUDED.max, stddev = EXCLUDED.stddev, p95 = EXCLUDED.p95,
  m2 = EXCLUDED.m2, sketch = EXCLUDED.sketch, late_count = EXCLUDED.late_count`;

/** Merges a batch of late values into the stored windows; returns the station ids it wrote windows for. */
export async function mergeLateBatch(tx: SqlQueryable, batch: LateBatch): Promise<string[]> {
  // Counted first (see noteAirChanges): a compliance build that read a pollutant's hours before this merge builds them again.
  await noteAirChanges(tx, stationPollutants(batch));
  const isStored = await storedBefore(tx, batch);
  const isFresh = await journalPositions(tx, batch);
  const list = lateGroups(batch, (i, sizeMs) => isFresh(batch.message[i]!) && !isStored(batch.message[i]!, batch.ts[i]!, sizeMs));
  if (list.length === 0) return [];
  const stored = await readStored(tx, list);
  const rows = list.map((g) => {
    const before = stored.get(keyOf(g.stationId, g.metric, g.sizeMs, g.start)) ?? null;
    return { group: g, merged: mergeValues(before?.window ?? null, g.values), lateCount: (before?.lateCount ?? 0) + g.values.length };
  });
  await tx.query(upsertMerged, [
    texts(rows.map((r) => r.group.stationId)), texts(rows.map((r) => r.group.metric)), numberArray(rows.map((r) => r.group.sizeMs)), numberArray(rows.map((r) => r.group.start)),
    numberArray(rows.map((r) => r.merged.count)), numberArray(rows.map((r) => r.merged.mean)), numberArray(rows.map((r) => r.merged.min)), numberArray(rows.map((r) => r.merged.max)),
    numberArray(rows.map((r) => r.merged.stddev)), numberArray(rows.map((r) => r.merged.p95)), numberArray(rows.map((r) => r.merged.m2)),
    textArray(rows.map((r) => sketchToBase64(r.merged.sketch))), numberArray(rows.map((r) => r.lateCount)),
  ]);
  await rebuildAirDays(tx, list);
  return [...new Set(list.map((g) => g.stationId))];
}

/**
 * A merge into a pollutant's hour (or one of its minutes, which make the hour's data capture) of a local day
 * the Compliance page has built already: that series' days are built again from that day on, at the next
 * read (`air_days_built.built_until` lowered to the day's start, as an invalidation does). The day comes from
 * `air_days` itself, so the store needs no time zone. Hours in the first hours of the next local year, whose
 * running 8-hour means reach back into this one, are not followed across the year boundary.
 */
async function rebuildAirDays(tx: SqlQueryable, groups: readonly LateGroup[]): Promise<void> {
  const touched = groups.filter((g) => g.sizeMs <= HOUR_MS && g.stationId !== CITY_STATION_ID && AIR_POLLUTANTS.has(g.metric));
  if (touched.length === 0) return;
  await tx.query(
    `WITH touched AS (
       SELECT k.s AS station_id, k.m AS pollutant, k.t AS at, d.day_start, substr(d.date, 1, 4)::integer AS year
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS k(s, m, t)
       CROSS JOIN LATERAL (SELECT day_start, date FROM air_days WHERE station_id = k.s AND pollutant = k.m AND day_start <= k.t ORDER BY day_start DESC LIMIT 1) d
     ), lowest AS (
       SELECT station_id, pollutant, year, min(day_start) AS day_start, min(at) AS at FROM touched GROUP BY station_id, pollutant, year
     )
     UPDATE air_days_built b SET built_until = l.day_start FROM lowest l
     WHERE b.station_id = l.station_id AND b.pollutant = l.pollutant AND b.year = l.year AND b.built_until > l.at`,
    [texts(touched.map((g) => g.stationId)), texts(touched.map((g) => g.metric)), numberArray(touched.map((g) => g.start))],
  );
}

/** The pollutants of the batch's station values (the city-wide ones build no compliance day), each from its earliest value. */
function stationPollutants(batch: LateBatch): AirChange[] {
  const earliest = new Map<string, number>();
  for (let i = 0; i < batch.metrics.length; i++) {
    const metric = batch.metrics[i]!;
    if (batch.stationSizes[i] === 0 || !AIR_POLLUTANTS.has(metric)) continue;
    earliest.set(metric, Math.min(earliest.get(metric) ?? Number.POSITIVE_INFINITY, batch.ts[i]!));
  }
  return [...earliest].map(([pollutant, fromMs]) => ({ pollutant, fromMs }));
}

/**
 * Saves the late-merge progress (see LateProgress) as a new row per partition (schema version 13). Each saved
 * row stays true — every message before its offset had its windows before its bounds stored — so rows are
 * kept side by side and a message is stored if any row covers it (storedBefore): a restarted engine re-reads
 * its backlog in several batches, and its progress reaches less far than the old engine's while it may close
 * later windows; replacing either would leave re-read messages uncovered, merged a second time (issue 15),
 * and a second crash before the new engine passes the old offset would lose its own. A row that the new one
 * covers (an offset not higher, a resume point and each size's bound not later) is deleted; one of the same
 * offset takes the later of each (what either row said).
 */
export async function saveLateProgress(tx: SqlQueryable, progress: LateProgress): Promise<void> {
  const p = progress.processed;
  if (p.length === 0) return;
  await tx.query(saveProgress, [
    texts(p.map((x) => x.topic)), numberArray(p.map((x) => x.partition)), textArray(p.map((x) => x.offset)),
    progress.resumeFrom, progress.closedBefore === undefined ? null : JSON.stringify(progress.closedBefore),
  ]);
}

/**
 * At most this many rows per partition: the one just saved and the highest offsets of the others that it does
 * not cover. The lowest offsets cover the fewest re-read messages, and none once Kafka's committed offset has
 * passed them. Rows that do not cover each other come from restarts, or from a resume point that went back to
 * null (no window open) and on.
 */
const PROGRESS_ROWS = 16;

// $4 null: no window was open, every message before the offset is stored (an old row's null resume_from likewise).
const saveProgress = `WITH n AS (SELECT t, p, o FROM unnest($1::text[], $2::integer[], $3::bigint[]) AS u(t, p, o)),
covered AS (
  SELECT l.topic, l.kafka_partition, l.processed_offset FROM late_progress l JOIN n ON l.topic = n.t AND l.kafka_partition = n.p
  WHERE l.processed_offset < n.o
    AND ($4::bigint IS NULL OR (l.resume_from IS NOT NULL AND l.resume_from <= $4::bigint AND NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(coalesce(l.closed_before, '[]'::jsonb)) e
      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce($5::jsonb, '[]'::jsonb)) f WHERE f->'sizeMs' = e->'sizeMs' AND (f->>'before')::bigint >= (e->>'before')::bigint))))
),
others AS (
  SELECT l.topic, l.kafka_partition, l.processed_offset, row_number() OVER (PARTITION BY l.topic, l.kafka_partition ORDER BY l.processed_offset DESC) AS rank
  FROM late_progress l JOIN n ON l.topic = n.t AND l.kafka_partition = n.p
  WHERE l.processed_offset <> n.o AND (l.topic, l.kafka_partition, l.processed_offset) NOT IN (SELECT * FROM covered)
),
gone AS (
  DELETE FROM late_progress l
  WHERE (l.topic, l.kafka_partition, l.processed_offset) IN (SELECT * FROM covered UNION ALL SELECT topic, kafka_partition, processed_offset FROM others WHERE rank >= ${PROGRESS_ROWS})
)
INSERT INTO late_progress (topic, kafka_partition, processed_offset, resume_from, closed_before)
SELECT t, p, o, $4::bigint, $5::jsonb FROM n
ON CONFLICT (topic, kafka_partition, processed_offset) DO UPDATE SET
  resume_from = CASE WHEN late_progress.resume_from IS NULL OR EXCLUDED.resume_from IS NULL THEN NULL ELSE greatest(late_progress.resume_from, EXCLUDED.resume_from) END,
  closed_before = (SELECT jsonb_agg(jsonb_build_object('sizeMs', s, 'before', b) ORDER BY s) FROM (
    SELECT (e->>'sizeMs')::bigint AS s, max((e->>'before')::bigint) AS b
    FROM jsonb_array_elements(coalesce(late_progress.closed_before, '[]'::jsonb) || coalesce(EXCLUDED.closed_before, '[]'::jsonb)) e GROUP BY 1) x)`;

/** One saved progress row: messages before `processed` whose window is stored by it (see storedBefore). */
interface ProgressRow {
  readonly processed: bigint;
  readonly resumeFrom: number;
  readonly closedBefore: Map<number, number>;
}

/**
 * A re-read after a restart: true for a message that a saved progress row covers — before the row's processed
 * offset, and its window of `sizeMs` stored then: its time is before the row's resume point (every window of it
 * was stored), or the window starts before that size's closed bound — so merging it into that window again
 * would count it twice (on time then, or merged and journaled).
 */
async function storedBefore(tx: SqlQueryable, batch: LateBatch): Promise<(message: number, ts: number, sizeMs: number) => boolean> {
  const p = batch.positions;
  if (p.length === 0) return () => false;
  const result = await tx.query('SELECT topic, kafka_partition, processed_offset::text, resume_from, closed_before::text FROM late_progress WHERE topic = ANY($1::text[])', [texts([...new Set(p.map((x) => x.topic))])]);
  if (result.rows.length === 0) return () => false;
  const progress = new Map<string, ProgressRow[]>();
  for (const r of result.rows) {
    const key = `${String(r[0])}\u0001${Number(r[1])}`;
    const row: ProgressRow = { processed: BigInt(String(r[2])), resumeFrom: r[3] === null ? Number.POSITIVE_INFINITY : Number(r[3]), closedBefore: closedBeforeBySize(r[4] === null ? null : String(r[4])) };
    const rows = progress.get(key);
    if (rows === undefined) progress.set(key, [row]);
    else rows.push(row);
  }
  return (message, ts, sizeMs) => {
    if (message < 0) return false;
    const position = p[message]!;
    const rows = progress.get(`${position.topic}\u0001${position.partition}`);
    if (rows === undefined) return false;
    const offset = BigInt(position.offset);
    return rows.some((at) => {
      if (offset >= at.processed) return false;
      const before = at.closedBefore.get(sizeMs);
      return ts < at.resumeFrom || (before !== undefined && Math.floor(ts / sizeMs) * sizeMs < before);
    });
  };
}

/** The saved per-size bounds (ClosedBound[] as JSON) by size; sizes without a bound are left out. */
function closedBeforeBySize(json: string | null): Map<number, number> {
  const out = new Map<number, number>();
  if (json === null) return out;
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return out;
  for (const b of parsed as { sizeMs?: unknown; before?: unknown }[]) {
    if (typeof b.sizeMs === 'number' && typeof b.before === 'number') out.set(b.sizeMs, b.before);
  }
  return out;
}

/** Journals the batch's positions; the returned test is true for values whose message was not merged before. */
async function journalPositions(tx: SqlQueryable, batch: LateBatch): Promise<(message: number) => boolean> {
  const p = batch.positions;
  if (p.length === 0) return () => true;
  const result = await tx.query(journal, [texts(p.map((x) => x.topic)), numberArray(p.map((x) => x.partition)), textArray(p.map((x) => x.offset))]);
  const fresh = new Set(result.rows.map((r) => positionKey(String(r[0]), Number(r[1]), String(r[2]))));
  const isFresh = p.map((x) => fresh.has(positionKey(x.topic, x.partition, x.offset)));
  return (message) => message < 0 || isFresh[message] === true;
}

async function readStored(tx: SqlQueryable, groups: readonly LateGroup[]): Promise<Map<string, { window: MergeableWindow; lateCount: number }>> {
  const result = await tx.query(selectStored, [
    texts(groups.map((g) => g.stationId)), texts(groups.map((g) => g.metric)), numberArray(groups.map((g) => g.sizeMs)), numberArray(groups.map((g) => g.start)),
  ]);
  const out = new Map<string, { window: MergeableWindow; lateCount: number }>();
  for (const r of result.rows) {
    const count = Number(r[4]);
    const stddev = Number(r[9]);
    // A row written before m2 was stored: M2 follows from the population stddev.
    const m2 = r[6] === null ? stddev * stddev * count : Number(r[6]);
    const window: MergeableWindow = { count, mean: Number(r[5]), m2, min: Number(r[7]), max: Number(r[8]), p95: Number(r[10]), sketch: sketchFromBase64(r[11] === null ? null : String(r[11])) };
    out.set(keyOf(String(r[0]), String(r[1]), Number(r[2]), Number(r[3])), { window, lateCount: Number(r[12]) });
  }
  return out;
}

/** PostgreSQL text cannot hold NUL (the on-time path replaces it the same way, sql-writes.ts). */
function texts(values: readonly string[]): string {
  return textArray(values.map((v) => (v.indexOf('\u0000') < 0 ? v : v.replaceAll('\u0000', '\uFFFD'))));
}

function keyOf(stationId: string, metric: string, sizeMs: number, start: number): string {
  return `${stationId}\u0001${metric}\u0001${sizeMs}\u0001${start}`;
}

function positionKey(topic: string, partition: number, offset: string): string {
  return `${topic}\u0001${partition}\u0001${offset}`;
}
