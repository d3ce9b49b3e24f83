import type { Reading, SourcePosition } from '../../../src-shared/domain/reading';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { Station } from '../../../src-shared/domain/station';
import type { Rule } from '../../../src-shared/domain/rules';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import type { LateBatch } from '../../core/windows/late-values';
import type { ShiftWrite } from '../../core/shift/shift-store';
import type { PublicNotice } from '../../../src-shared/domain/public-notice';
import type { QualityFlagHour } from '../../../src-shared/domain/air-quality';
import type { LateProgress, OutOfServiceEntry, RetentionPolicy, RetentionResult, StoreReader } from '../../core/ports';

/**
 * Every write as plain data. The outage buffer spills these to disk and replays them in order, and the
 * PGlite client posts them to its worker, so a write is one value that survives JSON and structured clone.
 */
export type StoreWrite =
  /** `progress`: saved in the same transaction as the windows (Store.writeWindows). */
  | { readonly op: 'windows'; readonly windows: readonly WindowAggregate[]; readonly progress?: LateProgress }
  | { readonly op: 'readings'; readonly readings: readonly Reading[] }
  | { readonly op: 'late'; readonly batch: LateBatch; readonly progress?: LateProgress }
  | { readonly op: 'late-progress'; readonly progress: LateProgress }
  /** Store.dropLateProgressBeyond: `at` is the group join's time (the shift-log entry's). */
  | { readonly op: 'late-progress-drop'; readonly ends: readonly SourcePosition[]; readonly at: number }
  | { readonly op: 'alarms'; readonly alarms: readonly Alarm[]; readonly events: readonly AlarmEvent[] }
  | { readonly op: 'rejected'; readonly messages: readonly QuarantinedMessage[] }
  | { readonly op: 'stations'; readonly stations: readonly Station[] }
  | { readonly op: 'ensure-stations'; readonly ids: readonly string[] }
  | { readonly op: 'out-of-service'; readonly entry: OutOfServiceEntry; readonly outOfService: boolean }
  | { readonly op: 'rules'; readonly rules: readonly Rule[]; readonly at: number }
  | { readonly op: 'state'; readonly key: string; readonly value: string; readonly at: number }
  | { readonly op: 'shift'; readonly write: ShiftWrite }
  | { readonly op: 'notice'; readonly notice: PublicNotice }
  | { readonly op: 'quality-flags'; readonly flags: readonly QualityFlagHour[] };

/** Rows a write carries, the unit of the outage buffer's depth and capacity. */
export function writeRowCount(write: StoreWrite): number {
  switch (write.op) {
    case 'windows':
      return write.windows.length;
    case 'readings':
      return write.readings.length;
    case 'late':
      return write.batch.values.length;
    case 'late-progress':
      return write.progress.processed.length;
    case 'late-progress-drop':
      return write.ends.length;
    case 'alarms':
      return write.alarms.length + write.events.length;
    case 'rejected':
      return write.messages.length;
    case 'stations':
      return write.stations.length;
    case 'ensure-stations':
      return write.ids.length;
    case 'rules':
      return write.rules.length;
    case 'quality-flags':
      return write.flags.length;
    case 'out-of-service':
    case 'state':
    case 'shift':
    case 'notice':
      return 1;
  }
}

/** What one database backend (PostgreSQL in-process, PGlite behind a worker) offers the buffered store. */
export interface StoreBackend extends Omit<StoreReader, 'saveRules' | 'setState' | 'setOutOfService' | 'ensureStations' | 'writeShift' | 'writeNotice'> {
  readonly kind: 'pglite' | 'postgres';
  /** Applies one write in one transaction; idempotent, so replaying it after a failure is harmless. */
  apply(write: StoreWrite): Promise<void>;
  /** Connects and migrates; rejects while the database is unreachable (the buffer retries). */
  ready(): Promise<void>;
  runRetention(policy: RetentionPolicy, now: number): Promise<RetentionResult>;
  close(): Promise<void>;
}
