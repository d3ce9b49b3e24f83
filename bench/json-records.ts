// Pre-built JSON wide records for the decode-aggregate suite: one ~225-byte Uint8Array per reading,
// like Kafka message values, all views into one buffer. Their ISO timestamps can be rewritten in
// place (untimed, between passes), so the same bytes replay later in event time without going late.
import type { BenchInput } from './aggregate-input';
import { BENCH_METRICS } from './aggregate-input';

/** Encoded records and where each one's 24-character ISO time sits. */
export interface JsonRecords {
  readonly messages: Uint8Array[];
  /** Byte offset of each message's time string in `bytes`. */
  readonly timeOffsets: Int32Array;
  readonly bytes: Uint8Array;
  readonly averageBytes: number;
}

const encoder = new TextEncoder();

/** `{"station_id":"st-0042","ts":"2026-11-23T10:15:00.120Z","temperature":24.1,...}` per row of `input`. */
export function encodeRecords(input: BenchInput): JsonRecords {
  const texts: string[] = [];
  const timeAt: number[] = [];
  for (let row = 0; row < input.rows; row++) {
    const head = `{"station_id":"st-${String(input.station[row]).padStart(4, '0')}","ts":"`;
    let text = `${head}${new Date(input.ts[row]!).toISOString()}"`;
    for (let m = 0; m < BENCH_METRICS.length; m++) text += `,"${BENCH_METRICS[m]![0]}":${input.values[row * BENCH_METRICS.length + m]!.toFixed(1)}`;
    texts.push(`${text}}`);
    timeAt.push(head.length);
  }
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  const bytes = new Uint8Array(total);
  const messages: Uint8Array[] = [];
  const timeOffsets = new Int32Array(input.rows);
  let offset = 0;
  texts.forEach((text, row) => {
    encoder.encodeInto(text, bytes.subarray(offset));
    messages.push(bytes.subarray(offset, offset + text.length));
    timeOffsets[row] = offset + timeAt[row]!;
    offset += text.length;
  });
  return { messages, timeOffsets, bytes, averageBytes: total / input.rows };
}

/** Rewrites every record's time as its original `input.ts` + `shiftMs` (same length: 24 ASCII characters). */
export function shiftRecordTimes(records: JsonRecords, input: BenchInput, shiftMs: number): void {
  for (let row = 0; row < input.rows; row++) encoder.encodeInto(new Date(input.ts[row]! + shiftMs).toISOString(), records.bytes.subarray(records.timeOffsets[row]!));
}
