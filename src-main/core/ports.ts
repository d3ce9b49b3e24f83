/**
 * The ports through which the pipeline meets the world. Adapters (Kafka, simulator, replay,
 * PostgreSQL, PGlite) implement them; the core never imports an adapter.
 */
import type { RawMessage, Reading } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { Station } from '../../src-shared/domain/station';
import type { SourceState, QuarantinedMessage } from '../../src-shared/ipc/status';

/** A batch from a source: raw bytes to decode (Kafka, replay) or readings already structured (simulator). */
export type SourceBatch =
  | { readonly kind: 'raw'; readonly messages: readonly RawMessage[] }
  | { readonly kind: 'readings'; readonly readings: readonly Reading[] };

/** The pipeline's side of a source: it awaits each batch, which is how backpressure reaches the source. */
export interface BatchHandler {
  onBatch(batch: SourceBatch): Promise<void>;
  onStatus(state: SourceState, detail: string | null): void;
}

export interface ReadingSource {
  readonly kind: 'simulator' | 'kafka' | 'replay';
  /** Resolves once the source is running; batches then flow to the handler until stop(). */
  start(handler: BatchHandler): Promise<void>;
  stop(): Promise<void>;
}

/** Durable history. Every write is idempotent (upserts), so a redelivered batch changes nothing. */
export interface Store {
  writeWindows(windows: readonly WindowAggregate[]): Promise<void>;
  writeReadings(readings: readonly Reading[]): Promise<void>;
  writeAlarms(alarms: readonly Alarm[], events: readonly AlarmEvent[]): Promise<void>;
  writeRejected(messages: readonly QuarantinedMessage[]): Promise<void>;
  upsertStations(stations: readonly Station[]): Promise<void>;
  close(): Promise<void>;
}
