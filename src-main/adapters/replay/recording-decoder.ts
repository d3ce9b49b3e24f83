/**
 * Turns recording rows into Readings with the project's Decoder, configured from the column
 * mapping, so a recorded row is refused for exactly the reason the same record would be refused
 * from Kafka. An explicit metric list then keeps only the listed metrics.
 */
import type { Reading, SourcePosition } from '../../../src-shared/domain/reading';
import type { DecoderSettings, ReplayColumns } from '../../../src-shared/settings/schema';
import { Decoder } from '../../core/decoder/decoder';
import { decoderSettingsFor } from './column-mapping';
import { isUnreadable, type RecordingItem, type ReplayRejectReason } from './recording-item';

/** A refused row: where it was, why, and its bytes (for the quarantine sample). */
export interface ReplayReject {
  readonly row: number;
  readonly reason: ReplayRejectReason;
  readonly detail: string;
  readonly bytes: Uint8Array | null;
  /** topic = "replay:<file name>", partition 0, offset = the row number. */
  readonly position: SourcePosition;
}

/** A decoded row: a Reading, or a reject. */
export type ReplayOutcome = { readonly ok: true; readonly reading: Reading } | { readonly ok: false; readonly reject: ReplayReject };

/** Decodes recording rows of one file. */
export class RecordingDecoder {
  private readonly decoder: Decoder;
  private readonly keep: ReadonlySet<string> | null;
  private readonly topic: string;

  constructor(fileName: string, columns: ReplayColumns, limits: Partial<DecoderSettings> = {}) {
    this.decoder = new Decoder(decoderSettingsFor(columns, limits));
    this.keep = columns.metrics === null ? null : new Set(columns.metrics);
    this.topic = `replay:${fileName}`;
  }

  /** `nowMs` bounds future event times as for live data; pass Infinity to accept any time. */
  decode(item: RecordingItem, nowMs: number): ReplayOutcome {
    if (isUnreadable(item)) return this.refuse(item.row, item.reason, item.detail, item.bytes);
    const result = this.decoder.decode(item.bytes, nowMs);
    if (!result.ok) return this.refuse(item.row, result.reason, result.detail, item.bytes);
    if (this.keep === null) return result;
    const metrics: Record<string, number> = {};
    let count = 0;
    for (const name in result.reading.metrics) {
      if (!this.keep.has(name)) continue;
      metrics[name] = result.reading.metrics[name] as number;
      count++;
    }
    if (count === 0) return this.refuse(item.row, 'no-metric', `none of the listed metrics (${[...this.keep].join(', ')}) has a numeric value`, item.bytes);
    return { ok: true, reading: { stationId: result.reading.stationId, ts: result.reading.ts, metrics } };
  }

  private refuse(row: number, reason: ReplayRejectReason, detail: string, bytes: Uint8Array | null): ReplayOutcome {
    return { ok: false, reject: { row, reason, detail: `row ${row}: ${detail}`, bytes, position: { topic: this.topic, partition: 0, offset: String(row) } } };
  }
}
