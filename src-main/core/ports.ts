/**
 * The ports through which the pipeline meets the world. Adapters (Kafka, simulator, replay,
 * PostgreSQL, PGlite) implement them; the core never imports an adapter.
 */
import type { RawMessage, Reading, SourcePosition } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { Station } from '../../src-shared/domain/station';
import type { SourceState, QuarantinedMessage, StoreState, PartitionLag } from '../../src-shared/ipc/status';
import type { HistoryResult } from '../../src-shared/ipc/contract';
import type { Rule } from '../../src-shared/domain/rules';
import type { LateBatch } from './windows/late-values';
import type { ClosedBound } from './windows/closed-bounds';
import type { ShiftEntry } from '../../src-shared/domain/shift';
import type { HandoverRead, HandoverRecord, ShiftLogRead, ShiftWrite } from './shift/shift-store';
import type { IncidentWrite, ReplaySeek } from './replay/replay-store';
import type { Incident, ReplaySnapshot } from '../../src-shared/domain/replay';
import type { PublicNotice } from '../../src-shared/domain/public-notice';
import type { AirHistory } from './air-quality/air-history-port';
import type { QualityFlagHour } from '../../src-shared/domain/air-quality';

export type { LateBatch } from './windows/late-values';

/** A batch from a source: raw bytes to decode (Kafka, replay) or readings already structured (simulator). */
export type SourceBatch =
  | { readonly kind: 'raw'; readonly messages: readonly RawMessage[] }
  | { readonly kind: 'readings'; readonly readings: readonly Reading[] };

/** The pipeline's side of a source: it awaits each batch, which is how backpressure reaches the source. */
export interface BatchHandler {
  /**
   * Resolves with how many messages of a raw batch were taken, from the start, when not all (a
   * partition too far ahead in event time of the others waits); the source re-delivers the rest later.
   */
  onBatch(batch: SourceBatch): Promise<number | void>;
  onStatus(state: SourceState, detail: string | null): void;
  /**
   * The partitions this consumer now owns (after each rebalance): the event-time watermark waits for all of
   * them. `ends` reads each partition's end (the offset its next message will get); the source hands on no
   * batch of the new assignment before the returned promise settles, or 10 s have passed
   * (core/late-progress-guard.ts).
   */
  onAssignment?(partitions: readonly PartitionRef[], ends?: () => Promise<readonly SourcePosition[]>): void | Promise<void>;
  /**
   * Within one assignment, a partition was fetched again from below the offset after the last message taken
   * from it, and its end lies below that offset: a new log (see Pipeline.onRewind). `ends` gives the end read.
   */
  onRewind?(partition: PartitionRef, ends: () => Promise<readonly SourcePosition[]>): Promise<void>;
}

/** One partition of a topic. */
export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export interface ReadingSource {
  readonly kind: 'simulator' | 'kafka' | 'replay' | 'mqtt' | 'http-push';
  /** Resolves once the source is running; batches then flow to the handler until stop(). */
  start(handler: BatchHandler): Promise<void>;
  stop(): Promise<void>;
  /**
   * Commits, per partition, the next offset to read; the pipeline's checkpoint (core/checkpoint.ts) is its one caller and passes only what is durable downstream
   * (see core/offset-tracker). Sources without offsets (simulator, replay) leave it out.
   */
  commit?(positions: readonly SourcePosition[]): Promise<void>;
  /** Stop fetching while the pipeline is behind; batches already handed over still complete. */
  pause?(): void;
  resume?(): void;
  /** Live figures for the health view. */
  status?(): SourceLiveStatus;
}

/** A source's throughput and, for Kafka, lag per partition (high watermark − next offset to read). */
export interface SourceLiveStatus {
  readonly messagesPerSec: number;
  readonly lag: readonly PartitionLag[];
  readonly paused: boolean;
}

/** Durable history. Every write is idempotent (upserts), so a redelivered batch changes nothing. */
export interface Store {
  /**
   * `progress`: the late-merge progress through the step these windows close in, saved in the same
   * transaction (a store without saveLateProgress ignores it), so no stored window is ever newer than it.
   */
  writeWindows(windows: readonly WindowAggregate[], progress?: LateProgress): Promise<void>;
  /**
   * Merges late values into the stored windows (creating absent ones), after every write called before;
   * a Kafka position merged before is skipped. A store without it drops late values (counted as late).
   * `progress` as for writeWindows.
   */
  mergeLate?(batch: LateBatch, progress?: LateProgress): Promise<void>;
  /** Saves the late-merge progress (before each offset commit); resolves once it is durable. */
  saveLateProgress?(progress: LateProgress): Promise<void>;
  /**
   * At assignment (at `at`), with each partition's end just read: deletes the late-merge progress beyond it and
   * the journaled positions at or past it, which only a topic deleted and created again under the same name (or
   * a log truncated by an unclean leader election) leaves, so its new messages are not taken for stored or
   * merged; notes what it dropped in the shift log. Takes its place in the write order when called, as every
   * write does (the partition's first batch is taken after it); resolves once durable.
   */
  dropLateProgressBeyond?(ends: readonly SourcePosition[], at: number): Promise<void>;
  writeReadings(readings: readonly Reading[]): Promise<void>;
  /**
   * The automatic data-quality flags of closed hours (issue 18), one row per station, metric and hour: an
   * hour stored flagged keeps its first verdict unless a later one leaves it out. A store without it keeps none.
   */
  writeQualityFlags?(flags: readonly QualityFlagHour[]): Promise<void>;
  writeAlarms(alarms: readonly Alarm[], events: readonly AlarmEvent[]): Promise<void>;
  writeRejected(messages: readonly QuarantinedMessage[]): Promise<void>;
  upsertStations(stations: readonly Station[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a restart needs to tell re-read messages from new ones on the late path: a message before
 * `processed` (per partition) whose time is before `resumeFrom` had its windows stored already, so it is
 * not merged again (null resumeFrom: no window was open, everything before `processed` is stored). Per
 * size, `closedBefore` says more: its window of that size is stored if it starts before the bound, even
 * when a longer window of the message was still open (absent in progress saved before schema version 10).
 */
export interface LateProgress {
  readonly resumeFrom: number | null;
  readonly processed: readonly SourcePosition[];
  readonly closedBefore?: readonly ClosedBound[];
}

/** A history request: one metric for some stations over [from, to), at most about maxPoints per series. */
export interface HistoryQuery {
  readonly stationIds: readonly string[];
  readonly metric: string;
  readonly from: number;
  readonly to: number;
  readonly maxPoints: number;
}

/** Stored windows of one size for one metric over [from, to); stationIds null = every station (and '*'). */
export interface WindowSeriesQuery {
  readonly stationIds: readonly string[] | null;
  readonly metric: string;
  readonly sizeMs: number;
  readonly from: number;
  readonly to: number;
}

/** One station's stored windows, columnar and ordered by start (for back-testing rules). */
export interface WindowSeries {
  readonly stationId: string;
  readonly start: Float64Array;
  readonly count: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly stddev: Float64Array;
  readonly p95: Float64Array;
}

/** A station, or one metric of it (metric null = every metric), taken out of service by an operator. */
export interface OutOfServiceEntry {
  readonly stationId: string;
  readonly metric: string | null;
  readonly since: number;
  readonly by: string;
  readonly comment: string | null;
}

/** What the alarm manager restores at start-up. */
export interface AlarmSnapshot {
  readonly alarms: readonly Alarm[];
  readonly outOfService: readonly OutOfServiceEntry[];
}

/** Health of the store as the status view shows it; queue figures count buffered rows. */
export interface StoreStatus {
  readonly kind: 'pglite' | 'postgres' | 'memory';
  readonly state: StoreState;
  readonly queueDepth: number;
  readonly queueCapacity: number;
  /** Plain words, e.g. "connection refused at 127.0.0.1:5433"; null when all is well. */
  readonly detail: string | null;
}

/** How long history is kept; the current time is a parameter so the job is testable. */
export interface RetentionPolicy {
  readonly rawRetentionDays: number;
  readonly windowRetentionDays: number;
  readonly rejectedRetentionDays: number;
}

/** Rows a retention run deleted. */
export interface RetentionResult {
  readonly readings: number;
  readonly windows: number;
  readonly rejected: number;
}

/**
 * The read side of the store plus the small writes that are not pipeline output (rules, engine state,
 * out-of-service). Reads go straight to the database and reject with a plain-language Error when it is away.
 */
export interface StoreReader {
  queryHistory(query: HistoryQuery): Promise<HistoryResult>;
  queryWindows(query: WindowSeriesQuery): Promise<readonly WindowSeries[]>;
  listStations(): Promise<readonly Station[]>;
  loadAlarms(): Promise<AlarmSnapshot>;
  /** Events with from <= at <= to, newest first, plus the alarms they belong to. */
  alarmHistory(from: number, to: number, limit: number): Promise<{ readonly alarms: readonly Alarm[]; readonly events: readonly AlarmEvent[] }>;
  /** Newest first. */
  listRejected(limit: number): Promise<readonly QuarantinedMessage[]>;
  /** null when rules were never saved (use the settings' rules). */
  loadRules(): Promise<readonly Rule[] | null>;
  saveRules(rules: readonly Rule[]): Promise<void>;
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
  setOutOfService(entry: OutOfServiceEntry, outOfService: boolean): Promise<void>;
  /** Registers unknown ids as unplaced stations (null coordinates); known ids are left alone. */
  ensureStations(ids: readonly string[]): Promise<void>;
  /** Shift log and handovers (core/shift/shift-store.ts); the write passes the outage buffer. */
  writeShift(write: ShiftWrite): Promise<void>;
  readShiftLog(read: ShiftLogRead): Promise<readonly ShiftEntry[]>;
  readHandovers(read: HandoverRead): Promise<readonly HandoverRecord[]>;
  /** Incident replay (issue 19): the console at a past moment, from the stored windows and the alarm trail. */
  replaySeek(seek: ReplaySeek): Promise<ReplaySnapshot>;
  /** Saved incidents, newest start first. */
  readIncidents(limit: number): Promise<readonly Incident[]>;
  /** Written straight to the database (an operator's save, refused while it is away), not through the outage buffer. */
  writeIncident(write: IncidentWrite): Promise<void>;
  /** Public notices (issue 18): the whole notice, kept only over an older revision; the write passes the outage buffer. */
  writeNotice(notice: PublicNotice): Promise<void>;
  /** The newest `limit` notices, newest first. */
  readNotices(limit: number): Promise<readonly PublicNotice[]>;
  /** Air-quality history (issue 18): stored hours, built compliance days, invalidations. Absent: the Compliance page uses the live counters. */
  airHistory?: AirHistory;
}

/** The full store the engine holds: pipeline writes, reads, retention and health. */
export interface HistoryStore extends Store, StoreReader {
  runRetention(policy: RetentionPolicy, now: number): Promise<RetentionResult>;
  status(): StoreStatus;
  /** True when the outage buffer is full: the source should pause until it is not. */
  isFull(): boolean;
  /**
   * Resolves once the database has answered and every write accepted so far (a spill an earlier run
   * left included) is in it, so reads return what was written; rejects when the store closes first.
   */
  caughtUp(): Promise<void>;
  onStatus(listener: (status: StoreStatus) => void): () => void;
}
