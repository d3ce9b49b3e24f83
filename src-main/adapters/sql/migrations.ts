/**
 * Versioned schema, embedded as strings because the app is bundled (no SQL files to find at runtime).
 * Append new versions; never edit an applied one. The same SQL runs on PostgreSQL 15 and PGlite.
 * Times are epoch milliseconds in bigint columns, like everywhere else in the app.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const initial = `
CREATE TABLE stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  district text NOT NULL DEFAULT '',
  lat double precision,
  lon double precision,
  created_at bigint NOT NULL DEFAULT (extract(epoch from now()) * 1000)::bigint
);

CREATE TABLE readings (
  station_id text NOT NULL,
  ts bigint NOT NULL,
  metrics jsonb NOT NULL,
  PRIMARY KEY (station_id, ts)
);
-- Retention deletes by time; BRIN is tiny and cheap to maintain on append-mostly data.
CREATE INDEX readings_ts_brin ON readings USING brin (ts);

CREATE TABLE window_aggregates (
  station_id text NOT NULL,
  metric text NOT NULL,
  size_ms integer NOT NULL,
  window_start bigint NOT NULL,
  count bigint NOT NULL,
  mean double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  stddev double precision NOT NULL,
  p95 double precision NOT NULL,
  PRIMARY KEY (station_id, metric, size_ms, window_start)
);
-- History of one metric across all stations (rule back-tests, city views) and the list of stored sizes.
CREATE INDEX window_aggregates_metric ON window_aggregates (metric, size_ms, window_start);
CREATE INDEX window_aggregates_start_brin ON window_aggregates USING brin (window_start);

CREATE TABLE alarms (
  id text PRIMARY KEY,
  rule_id text NOT NULL,
  station_id text NOT NULL,
  metric text,
  state text NOT NULL,
  is_active boolean NOT NULL,
  severity text NOT NULL,
  updated_at bigint NOT NULL,
  -- The whole Alarm object, so new fields need no migration; the columns above are for queries.
  data jsonb NOT NULL
);

CREATE TABLE alarm_events (
  seq bigserial PRIMARY KEY,
  alarm_id text NOT NULL,
  type text NOT NULL,
  at bigint NOT NULL,
  who text NOT NULL,
  comment text,
  from_state text NOT NULL,
  to_state text NOT NULL,
  value double precision,
  -- A redelivered batch must not duplicate the audit trail.
  UNIQUE (alarm_id, at, type, to_state)
);
CREATE INDEX alarm_events_at ON alarm_events (at);

CREATE TABLE out_of_service (
  station_id text NOT NULL,
  -- '' = the whole station (a primary key column cannot be null).
  metric text NOT NULL DEFAULT '',
  since bigint NOT NULL,
  by_whom text NOT NULL,
  comment text,
  PRIMARY KEY (station_id, metric)
);

CREATE TABLE rules (
  id text PRIMARY KEY,
  position integer NOT NULL,
  data jsonb NOT NULL
);

CREATE TABLE rejected_messages (
  seq bigserial PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  at bigint NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  sample text NOT NULL,
  size_bytes integer NOT NULL,
  topic text,
  kafka_partition integer,
  kafka_offset text
);

CREATE TABLE engine_state (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at bigint NOT NULL
);
`;

/** Retention deletes refused messages by age. */
const rejectedByTime = `
CREATE INDEX rejected_messages_at ON rejected_messages (at);
`;

/**
 * Late readings are merged into stored windows (docs/DESIGN.md, "Late data"): each window keeps what a
 * merge needs — M2 (Σ(x − mean)²) and the quantile sketch (core/windows/mergeable-window.ts) — and how
 * many late values were merged into it. The journal holds the Kafka position of every message merged
 * late, so a redelivered one is not merged twice.
 */
const mergeableWindows = `
ALTER TABLE window_aggregates ADD COLUMN m2 double precision, ADD COLUMN sketch bytea, ADD COLUMN late_count bigint NOT NULL DEFAULT 0;
CREATE TABLE late_journal (
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
CREATE INDEX late_journal_at ON late_journal (at);
-- Per partition, as of the last offset commit: messages before processed_offset with a time before
-- resume_from (NULL: any time) had their windows stored, so a re-read one is not merged again.
CREATE TABLE late_progress (
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  processed_offset bigint NOT NULL,
  resume_from bigint,
  PRIMARY KEY (topic, kafka_partition)
);
`;

/**
 * Air-quality station metadata (issue 18): site type, instrument class and calibration due date (UTC
 * midnight, epoch ms). Null = not known; the checks keep a typo out of the registry.
 */
const stationMetadata = `
ALTER TABLE stations
  ADD COLUMN station_type text CHECK (station_type IN ('traffic', 'urban-background', 'industrial', 'rural')),
  ADD COLUMN instrument_class text CHECK (instrument_class IN ('reference', 'low-cost')),
  ADD COLUMN calibration_due_at bigint;
`;

/**
 * The escalation delivery log (issue 19): one row per (alarm activation, policy, step, channel) key,
 * so a restarted engine knows what was already sent, and one row per attempt, retries included.
 * Version 6: 5 is kept for the late-data helper's migration landing alongside this one.
 */
const notificationDeliveries = `
CREATE TABLE notification_deliveries (
  key text PRIMARY KEY,
  alarm_id text NOT NULL,
  activated_at bigint NOT NULL,
  policy_id text NOT NULL,
  step integer NOT NULL,
  channel_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('sending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX notification_deliveries_updated ON notification_deliveries (updated_at);
CREATE TABLE notification_attempts (
  seq bigserial PRIMARY KEY,
  key text NOT NULL REFERENCES notification_deliveries (key) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at bigint NOT NULL,
  is_ok boolean NOT NULL,
  error text
);
CREATE INDEX notification_attempts_key ON notification_attempts (key);
`;

/**
 * The shift log and handovers (issue 19): operators' notes and the engine's own entries, and each
 * signed handover with its summary and the rules then in force (the next handover lists changes).
 */
const shiftLog = `
CREATE TABLE shift_log (
  id text PRIMARY KEY,
  at bigint NOT NULL,
  who text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('note', 'auto')),
  text text NOT NULL,
  station_id text,
  carry_over boolean NOT NULL DEFAULT false,
  cleared_at bigint,
  cleared_by text
);
CREATE INDEX shift_log_at ON shift_log (at);
CREATE INDEX shift_log_open_carry_over ON shift_log (at) WHERE carry_over AND cleared_at IS NULL;
CREATE TABLE shift_handovers (
  id text PRIMARY KEY,
  at bigint NOT NULL,
  by_whom text NOT NULL,
  note text NOT NULL,
  summary jsonb NOT NULL,
  rules jsonb NOT NULL,
  confirmed_at bigint,
  confirmed_by text
);
CREATE INDEX shift_handovers_at ON shift_handovers (at);
`;

/**
 * Air-quality data quality and compliance from stored history (issue 18). `quality_invalidations`: an
 * operator marked [from_ms, to_ms) of a station's metric invalid with a reason (revoked rows stay, for
 * the record). `air_days`: one closed local day of a station's pollutant, built from the stored hourly
 * windows with the directive's validity rules (core/air-quality/air-days.ts) — what the Compliance page
 * is built from, so it never rereads 5 million hours; `air_days_built`: per series and local year, the UTC
 * instant up to which its days are built, and the year's sums and notable days the page reads.
 */
const airQualityHistory = `
CREATE TABLE quality_invalidations (
  id text PRIMARY KEY,
  station_id text NOT NULL,
  metric text NOT NULL,
  from_ms bigint NOT NULL,
  to_ms bigint NOT NULL CHECK (to_ms > from_ms),
  reason text NOT NULL,
  by_whom text NOT NULL,
  at bigint NOT NULL,
  revoked_at bigint,
  revoked_by text
);
CREATE INDEX quality_invalidations_series ON quality_invalidations (station_id, metric, from_ms);
CREATE TABLE air_days (
  station_id text NOT NULL,
  pollutant text NOT NULL,
  day_start bigint NOT NULL,
  date text NOT NULL,
  valid_hours integer NOT NULL,
  valid_sum double precision NOT NULL,
  mean double precision,
  valid_running_means integer NOT NULL,
  max_running_mean double precision,
  hours_over jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (station_id, pollutant, day_start)
);
CREATE INDEX air_days_start ON air_days (day_start);
CREATE TABLE air_days_built (
  station_id text NOT NULL,
  pollutant text NOT NULL,
  year integer NOT NULL,
  built_until bigint NOT NULL,
  -- The year's sums over the built days and its notable days (those above the lowest level of any set),
  -- kept as the days are written: the page reads 600 rows for 100 stations, not 220,000 days.
  valid_mean_days integer NOT NULL DEFAULT 0,
  valid_running_days integer NOT NULL DEFAULT 0,
  valid_hours integer NOT NULL DEFAULT 0,
  valid_sum double precision NOT NULL DEFAULT 0,
  notable jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (station_id, pollutant, year)
);
`;

/**
 * Public notices for information and alert threshold episodes (issue 18): the whole notice as jsonb (new
 * fields need no migration) beside the columns the list and the revision guard read.
 */
const publicNotices = `
CREATE TABLE public_notices (
  id text PRIMARY KEY,
  alarm_id text NOT NULL,
  station_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'issued', 'withdrawn', 'superseded')),
  revision integer NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX public_notices_created ON public_notices (created_at);
`;

/**
 * Incident replay (issue 19): an alarm's events by time, so the state of every alarm at a past moment is
 * one backward index probe per alarm (adapters/sql/replay-reads.ts), and the saved incidents.
 */
const incidentReplay = `
CREATE INDEX alarm_events_alarm_at ON alarm_events (alarm_id, at, seq);
CREATE TABLE incidents (
  id text PRIMARY KEY,
  title text NOT NULL,
  from_ms bigint NOT NULL,
  to_ms bigint NOT NULL CHECK (to_ms > from_ms),
  notes text NOT NULL DEFAULT '',
  alarm_id text,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX incidents_from ON incidents (from_ms);
`;

/**
 * Late data, exactly once (issue 15): per window size, the start before which the last commit's windows of
 * that size were stored, as JSON ([{"sizeMs": 10000, "before": 1767600060000}, ...]). With it, a re-read
 * message whose small window was stored is not merged again although a longer window of it was still open.
 */
const lateProgressBySize = `
ALTER TABLE late_progress ADD COLUMN closed_before jsonb;
`;

/**
 * Automatic data-quality flags (issue 18), one row per flagged hour of a station's pollutant as the engine
 * raised it: `excluded` says the hour is left out of indices and compliance (out of range, stuck, spike,
 * drift), a possible local event is kept for display only. The key makes a re-closed hour (after a restart)
 * write nothing new.
 */
const qualityFlags = `
CREATE TABLE quality_flags (
  station_id text NOT NULL,
  metric text NOT NULL,
  hour_start bigint NOT NULL,
  kind text NOT NULL,
  excluded boolean NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (station_id, metric, hour_start)
);
CREATE INDEX quality_flags_hour ON quality_flags (hour_start);
`;

/**
 * Compliance builds and what changes their input (issue 18): per pollutant, `air_changes` counts the changes to
 * its stored hours a build may have read before — a flag that leaves an hour out, a late merge into a pollutant's
 * hour or minute, an operator's invalidation or its revocation — and `air_change_log` says from which instant each
 * change (by its count) touches the hours. A build writes its days only if no change since the count it read
 * touches an hour before the days' end (air-history-sql.ts). The rows exist from the start, so a build can lock one.
 */
const airChanges = `
CREATE TABLE air_changes (
  pollutant text PRIMARY KEY,
  changes bigint NOT NULL DEFAULT 0
);
INSERT INTO air_changes (pollutant) VALUES ('pm10'), ('pm25'), ('no2'), ('o3'), ('so2'), ('co');
CREATE TABLE air_change_log (
  pollutant text NOT NULL,
  seq bigint NOT NULL,
  from_ms bigint NOT NULL,
  PRIMARY KEY (pollutant, seq)
);
`;

/**
 * Late data, exactly once (issue 15): several progress rows per partition, one per processed offset. A row
 * stays true once saved, so a message counts as stored if any row of its partition covers it; a restarted
 * engine's rows (reaching less far, but maybe closing later windows) are kept beside the old engine's, so a
 * second crash before it passes the old offset forgets neither. A row is deleted once a later one covers it.
 */
const lateProgressRows = `
ALTER TABLE late_progress DROP CONSTRAINT late_progress_pkey;
ALTER TABLE late_progress ADD PRIMARY KEY (topic, kafka_partition, processed_offset);
`;

/** Every schema version, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initial },
  { version: 2, name: 'rejected messages by time', sql: rejectedByTime },
  { version: 3, name: 'mergeable windows and the late journal', sql: mergeableWindows },
  { version: 4, name: 'station air-quality metadata', sql: stationMetadata },
  { version: 5, name: 'escalation delivery log', sql: notificationDeliveries },
  { version: 6, name: 'shift log and handovers', sql: shiftLog },
  { version: 7, name: 'public notices', sql: publicNotices },
  { version: 8, name: 'data-quality invalidations and air-quality days', sql: airQualityHistory },
  { version: 9, name: 'incident replay: alarm events by alarm and time, saved incidents', sql: incidentReplay },
  { version: 10, name: 'late progress per window size', sql: lateProgressBySize },
  { version: 11, name: 'automatic data-quality flags', sql: qualityFlags },
  { version: 12, name: 'changes to the stored hours a compliance build reads', sql: airChanges },
  { version: 13, name: 'late progress rows per processed offset', sql: lateProgressRows },
];
