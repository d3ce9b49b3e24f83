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

/** Every schema version, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initial },
  { version: 2, name: 'rejected messages by time', sql: rejectedByTime },
  { version: 3, name: 'mergeable windows and the late journal', sql: mergeableWindows },
  { version: 4, name: 'station air-quality metadata', sql: stationMetadata },
  { version: 5, name: 'escalation delivery log', sql: notificationDeliveries },
  { version: 6, name: 'shift log and handovers', sql: shiftLog },
];
