/**
 * Streams a JSONL recording line by line as bytes, never holding more than one read chunk plus
 * the line in progress. Blank lines are skipped; a line longer than `maxLineBytes` is refused as
 * 'oversize' without being buffered (only its start is kept for the quarantine sample).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ReadProgress, RecordingItem } from './recording-item';

const NEWLINE = 0x0a;
const SAMPLE_BYTES = 2_048;

/** Options of the JSONL reader. */
export interface JsonlReadOptions {
  readonly maxLineBytes: number;
  readonly progress?: ReadProgress;
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
}

/** Yields the rows of a JSONL file in chunks (one per read). */
export async function* readJsonl(path: string, options: JsonlReadOptions): AsyncGenerator<RecordingItem[]> {
  const progress = options.progress ?? { done: 0, total: 0 };
  progress.total = (await stat(path)).size;
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineBytes = 0;
  let line = 0;
  const max = options.maxLineBytes;
  /** Keeps a piece of the current line; past the limit only the start is kept, for the sample. */
  const append = (part: Uint8Array): void => {
    lineBytes += part.length;
    const room = lineBytes <= max ? part.length : Math.max(0, SAMPLE_BYTES - pendingBytes);
    if (room > 0 && part.length > 0) {
      const kept = room >= part.length ? part : part.subarray(0, room);
      pending.push(kept);
      pendingBytes += kept.length;
    }
  };
  const finishLine = (out: RecordingItem[], tail: Uint8Array): void => {
    append(tail);
    line++;
    const bytes = concat(pending, pendingBytes);
    if (lineBytes > max) {
      out.push({ row: line, bytes: bytes.subarray(0, SAMPLE_BYTES), reason: 'oversize', detail: `line ${line} is ${lineBytes} bytes; the limit (decoder.maxMessageBytes) is ${max}` });
    } else {
      const trimmed = trimCarriageReturn(bytes);
      if (!isBlank(trimmed)) out.push({ row: line, bytes: trimmed });
    }
    pending.length = 0;
    pendingBytes = 0;
    lineBytes = 0;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 }) as AsyncIterable<Buffer>) {
    progress.done += chunk.length;
    const out: RecordingItem[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      finishLine(out, chunk.subarray(start, end));
      start = end + 1;
    }
    append(chunk.subarray(start));
    if (out.length > 0) yield out;
  }
  if (lineBytes > 0) {
    const out: RecordingItem[] = [];
    finishLine(out, new Uint8Array(0));
    if (out.length > 0) yield out;
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 0) return new Uint8Array(0);
  if (parts.length === 1) return parts[0] as Uint8Array;
  return Buffer.concat(parts as Uint8Array[], length);
}

function trimCarriageReturn(bytes: Uint8Array): Uint8Array {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
