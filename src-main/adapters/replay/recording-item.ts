/**
 * What the recording readers produce. Every row becomes JSON bytes for the decoder — JSONL lines
 * verbatim, CSV and Parquet rows rendered as a JSON object of their columns — so a recorded row is
 * accepted or refused exactly as the same record arriving from Kafka would be. Only a row that
 * cannot be rendered at all (a CSV record with the wrong number of fields, an over-long line) is
 * refused by the reader itself.
 */
import type { RejectReason } from '../../core/decoder/decoder';

/** The decoder's reasons, plus 'bad-row' for a row the file format itself could not deliver. */
export type ReplayRejectReason = RejectReason | 'bad-row';

/** One row of a recording: 1-based row (JSONL/CSV: line number; Parquet: row index + 1) and its JSON bytes. */
export interface RecordingRow {
  readonly row: number;
  readonly bytes: Uint8Array;
}

/** A row the reader refused before decoding; `bytes` holds what could be kept of it (truncated). */
export interface UnreadableRow {
  readonly row: number;
  readonly bytes: Uint8Array | null;
  readonly reason: ReplayRejectReason;
  readonly detail: string;
}

/** A reader's output unit. */
export type RecordingItem = RecordingRow | UnreadableRow;

/** True for rows the reader already refused. */
export function isUnreadable(item: RecordingItem): item is UnreadableRow {
  return 'reason' in item;
}

/** How far a reader has got: bytes (JSONL, CSV) or rows (Parquet), against the total. */
export interface ReadProgress {
  done: number;
  total: number;
}

/** A recording that cannot be read at all (missing file, unknown format, a mapped column absent). */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}
