/** Connection state of the active source, as the header and the health view show it. */
export type SourceState = 'starting' | 'connecting' | 'connected' | 'rebalancing' | 'disconnected' | 'auth-failed' | 'running' | 'stopped' | 'finished';

export type StoreState = 'starting' | 'ok' | 'buffering' | 'unavailable' | 'stopped';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** Counts since the engine started. Reject reasons are the decoder's. */
export interface PipelineCounters {
  readonly readings: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly late: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly windowsClosed: number;
}

/** Everything the health view needs to answer "why is station X silent?". */
export interface PipelineStatus {
  readonly at: number;
  readonly profileId: string;
  readonly source: { readonly kind: 'simulator' | 'kafka' | 'replay' | 'mqtt' | 'http-push'; readonly state: SourceState; readonly detail: string | null };
  readonly store: { readonly kind: 'pglite' | 'postgres' | 'memory'; readonly state: StoreState; readonly queueDepth: number; readonly queueCapacity: number; readonly detail: string | null };
  readonly readingsPerSec: number;
  readonly counters: PipelineCounters;
  readonly openWindows: number;
  readonly watermark: number | null;
  readonly lag: readonly PartitionLag[];
  readonly engineRestarts: number;
  /** How full the decoder's caps are (absent from engines that do not report it). */
  readonly caps?: CapsStatus;
  /** Which stations deliver late, and the lateness that would have taken their readings (absent from older engines). */
  readonly lateness?: LatenessStatus;
}

/**
 * Late readings of one station: how many arrived after their smallest window had closed (each was merged
 * into its stored windows, see docs/DESIGN.md "Late data"), and how far behind the newest event time the
 * latest-arriving one was.
 */
export interface StationLateness {
  readonly stationId: string;
  readonly late: number;
  readonly maxBehindMs: number;
}

export interface LatenessStatus {
  /** The stations with the most late readings, most first (at most 20). */
  readonly stations: readonly StationLateness[];
  /** The allowed lateness in force (windows.allowedLatenessMs). */
  readonly allowedMs: number;
  /** A lateness, in whole seconds, that would have taken every late reading seen so far (null: none late). */
  readonly suggestedMs: number | null;
}

/** One cap: distinct ids in use, the limit, new ones refused at it so far, and (stations) places given up by idle ones. */
export interface CapStatus {
  readonly used: number;
  readonly cap: number;
  readonly refused: number;
  readonly released?: number;
}

export interface CapsStatus {
  readonly stations: CapStatus;
  readonly metrics: CapStatus;
}

/** A message the decoder refused, kept (bounded) for the health view and the store. */
export interface QuarantinedMessage {
  readonly at: number;
  readonly reason: string;
  readonly detail: string;
  /** The raw payload as text, truncated. */
  readonly sample: string;
  readonly sizeBytes: number;
  readonly topic: string | null;
  readonly partition: number | null;
  readonly offset: string | null;
}
