import type { Reading } from '../../../src-shared/domain/reading';
import type { ShapeSettings } from '../../../src-shared/settings/shape';
import { quoteForDetail } from '../decoder/identifier';
import { reject, type DecodeFailure } from '../decoder/reject-reason';
import { errorText, explainUnparsable } from '../decoder/rejection-details';
import { compileShape, type CompiledShape } from './compiled-shape';
import { parseCsvRecords } from './csv-records';
import { describeMissing, valueAt } from './field-path';
import { describeFieldTime, isNanosAmbiguous, readFieldTime } from './field-time';
import { presetToMapping, type WireFormatKeys } from './preset-mapping';
import { parsePythonLiteral } from './python-literal';
import { readRecordMetrics } from './record-metrics';
import { readStation, stationFromMeta, stationOfSource } from './station-source';
import { quoteLongIntegers } from './long-integers';
import { describeValue } from './values';

/** What a source knows about a message besides its bytes. */
export interface MessageMeta {
  /** The Kafka message key (null: none, or not Kafka). */
  readonly key: Uint8Array | null;
  /** Kafka topic or MQTT topic (null: none, e.g. HTTP push). */
  readonly topic: string | null;
  /** The Kafka record timestamp, epoch ms (null: none, e.g. MQTT). */
  readonly recordTimestampMs: number | null;
  /** Wall-clock receive time, epoch ms. */
  readonly receivedAt: number;
  /** The station the source names for the message (MQTT's "station from topic level"): taken when the shape finds none in it. */
  readonly station?: string | null;
}

/** Where a reading's event time came from: a field of the message, the Kafka record timestamp, or the arrival time (not the measurement time). */
export type TimeOrigin = 'field' | 'record' | 'arrival';

/** A reading decoded from a message shape, before Decoder.validate() checks ids, caps and the future bound. */
export interface ShapedReading extends Reading {
  readonly timeSource: TimeOrigin;
}

/** The readings of one message (possibly none: an empty batch), or why the message was refused. */
export type ShapeResult = { readonly ok: true; readonly readings: ShapedReading[] } | DecodeFailure;

/** Options besides the shape. */
export interface ShapeDecoderOptions {
  /** decoder.maxMessageBytes: longer payloads are refused before parsing. */
  readonly maxMessageBytes?: number;
  /** The decoder's field names, which the `stationwatch` preset follows. */
  readonly keys?: WireFormatKeys;
}

type Fields = Record<string, unknown>;

/**
 * Turns message bytes of any configured shape into readings, or into one rejection whose detail names
 * the field the shape expected and what it found. Never throws. A message with a list of records
 * yields one reading per record that holds metrics (records without any are skipped; if none holds
 * any, the message is refused 'no-metric'); any other problem in any record refuses the whole message,
 * so the quarantine keeps it whole. The readings still go through Decoder.validate().
 */
export class ShapeDecoder {
  readonly shape: CompiledShape;
  private readonly maxMessageBytes: number;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /** Throws an Error in plain words when the shape cannot work (a unit that does not fit its metric). */
  constructor(settings: ShapeSettings, options: ShapeDecoderOptions = {}) {
    this.shape = compileShape(presetToMapping(settings, options.keys));
    this.maxMessageBytes = options.maxMessageBytes ?? 1_048_576;
  }

  /** Decodes one message. */
  decode(bytes: Uint8Array | null, meta: MessageMeta): ShapeResult {
    try {
      return this.decodeBytes(bytes, meta);
    } catch (error) {
      // Nothing above is expected to throw; if it ever does, the message is still accounted for.
      return reject('not-json', `could not be decoded: ${errorText(error)}`);
    }
  }

  private decodeBytes(bytes: Uint8Array | null, meta: MessageMeta): ShapeResult {
    if (bytes === null || bytes.length === 0) return reject('empty', bytes === null ? 'payload is null (e.g. a Kafka tombstone)' : 'payload is empty (0 bytes)');
    if (bytes.length > this.maxMessageBytes) return reject('oversize', `payload is ${bytes.length} bytes; the limit (decoder.maxMessageBytes) is ${this.maxMessageBytes}`);
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      return reject('not-json', 'payload is not valid UTF-8 text');
    }
    const result = this.decodeText(text, meta, false);
    return result === NEEDS_DIGITS ? this.decodeText(text, meta, true) : result;
  }

  /** `hasDigits`: long integers of the time key were kept as digits (see NEEDS_DIGITS). */
  private decodeText(text: string, meta: MessageMeta, hasDigits: boolean): ShapeResult {
    const root = this.parse(text, hasDigits);
    if (root instanceof ParseFailure) return root.failure;
    return this.decodeRoot(root, meta, hasDigits);
  }

  private decodeRoot(root: unknown, meta: MessageMeta, hasDigits: boolean): ShapeResult {
    const shape = this.shape;
    let records: unknown;
    if (shape.records === null) records = root;
    else {
      records = valueAt(root, shape.records);
      if (records === undefined || records === null) return reject('not-object', `records field ${describeMissing(root, shape.records)}`);
    }
    if (typeof records !== 'object' || records === null) return reject('not-object', `expected ${shape.records === null ? 'a JSON object (or a list of them)' : `an object or a list of records at "${shape.records.text}"`}; found ${describeValue(records)}`);
    const envelope = typeof root === 'object' && root !== null && !Array.isArray(root) && root !== records ? (root as Fields) : null;
    const list = Array.isArray(records) ? records : [records];
    let fixedStation = shape.stationPath === null ? stationFromMeta(shape, meta, this.utf8) : null;
    if (typeof fixedStation === 'object' && fixedStation !== null) {
      const fallback = stationOfSource(shape, meta, fixedStation);
      if (typeof fallback !== 'string') return fallback;
      fixedStation = fallback;
    }
    const readings: ShapedReading[] = [];
    for (let i = 0; i < list.length; i++) {
      const record = list[i];
      const problem = this.readRecord(record, envelope, fixedStation, meta, readings, hasDigits);
      if (problem === NEEDS_DIGITS) return problem;
      if (problem !== null) return list.length > 1 ? reject(problem.reason, `record ${i + 1} of ${list.length}: ${problem.detail}`) : problem;
    }
    if (readings.length === 0 && list.length > 0) {
      const what = shape.includeAll ? 'a numeric field besides the station and time' : `a number in a mapped field (${[...shape.fieldsByName.keys(), ...shape.nestedFields.map((f) => f.from)].map((f) => `"${f}"`).join(', ')})`;
      return reject('no-metric', list.length === 1 ? `the record has no ${what.replace(/^a /, '')}` : `none of the ${list.length} records has ${what}`);
    }
    return { ok: true, readings: shape.mapping.groupByTime ? groupByTime(readings) : readings };
  }

  private parse(text: string, hasDigits: boolean): unknown {
    switch (this.shape.syntax) {
      case 'json': {
        const key = this.shape.exactIntegerKey;
        const source = key === null || !hasDigits ? text : quoteLongIntegers(text, key);
        try {
          return JSON.parse(source);
        } catch (error) {
          return new ParseFailure(explainUnparsable(text, error) as DecodeFailure);
        }
      }
      case 'python': {
        const result = parsePythonLiteral(text);
        if (result.ok) return result.value;
        const excerpt = quoteForDetail(text.slice(result.at, result.at + 30)) + (text.length > result.at + 30 ? '…' : '');
        return new ParseFailure(reject('not-literal', `not a Python literal: ${result.problem} (at character ${result.at}: ${excerpt})`));
      }
      case 'csv': {
        const { syntax } = this.shape.mapping;
        if (syntax.kind !== 'csv') return new ParseFailure(reject('not-object', 'CSV without columns'));
        const result = parseCsvRecords(text, syntax.columns, syntax.delimiter);
        return result.ok ? result.records : new ParseFailure(reject('not-object', result.problem));
      }
    }
  }

  /** Appends the reading of one record (none when it holds no metrics); a rejection, or null when fine. */
  private readRecord(record: unknown, envelope: Fields | null, fixedStation: string | null, meta: MessageMeta, out: ShapedReading[], hasDigits: boolean): DecodeFailure | null {
    const shape = this.shape;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return reject('not-object', `expected a record (an object); found ${describeValue(record)}`);
    const fields = record as Fields;
    const found = fixedStation ?? readStation(shape, fields, envelope);
    const station = typeof found === 'string' ? found : stationOfSource(shape, meta, found);
    if (typeof station !== 'string') return station;
    let ts: number;
    let timeSource: TimeOrigin = 'field';
    let raw: unknown = undefined;
    if (shape.timePath !== null) {
      raw = valueAt(fields, shape.timePath);
      if (raw === undefined && envelope !== null) raw = valueAt(envelope, shape.timePath);
    }
    if (raw === undefined || raw === null) {
      const fallback = this.fallbackTime(meta);
      if (typeof fallback !== 'object') return reject('bad-time', fallback);
      ts = fallback.ts;
      timeSource = fallback.source;
    } else {
      if (!hasDigits && shape.exactIntegerKey !== null && typeof raw === 'number' && isNanosAmbiguous(raw)) return NEEDS_DIGITS;
      ts = readFieldTime(raw, shape.timeFormat, shape.clock);
      if (Number.isNaN(ts)) return reject('bad-time', describeFieldTime(shape.timePath?.text ?? '', raw, shape.timeFormat, shape.clock));
    }
    const metrics: Record<string, number> = {};
    const count = readRecordMetrics(shape, fields, metrics);
    if (typeof count !== 'number') return count;
    if (count > 0) out.push({ stationId: station, ts, metrics, timeSource });
    return null;
  }

  /** The time of a message without a time field: the record timestamp, the arrival time, or why neither applies. */
  private fallbackTime(meta: MessageMeta): { ts: number; source: TimeOrigin } | string {
    const { time } = this.shape.mapping;
    const missing = time.path === null ? 'the shape takes no time field' : `time field "${time.path}" is missing`;
    switch (time.otherwise) {
      case 'reject':
        return missing;
      case 'record':
        if (meta.recordTimestampMs === null || !Number.isFinite(meta.recordTimestampMs)) return `${missing} and the message has no record timestamp (only Kafka records carry one; elsewhere, set "Without a time field" to the arrival time)`;
        return { ts: meta.recordTimestampMs, source: 'record' };
      case 'arrival':
        return { ts: meta.receivedAt, source: 'arrival' };
    }
  }
}

/** Null when a shape can be built, else why not in plain words (for settings validation, before a ShapeDecoder is made). */
export function describeShapeProblem(settings: ShapeSettings): string | null {
  try {
    compileShape(presetToMapping(settings));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * JSON epoch nanoseconds go through JSON.parse as doubles (fast); when one may have been rounded across a
 * millisecond (isNanosAmbiguous, about 1 in 2,000 messages), the message is parsed again with the time
 * key's long integers kept as digits (quoteLongIntegers), so every time is exact to the ms.
 */
const NEEDS_DIGITS: DecodeFailure = reject('bad-time', 'internal: parse again with exact digits');

/** A parse error carried through `unknown` (a parsed message can be any value, so a plain result object would be ambiguous). */
class ParseFailure {
  constructor(readonly failure: DecodeFailure) {}
}

/** Merges readings that share station and time (Sensor Logger sends one entry per sensor per instant). */
function groupByTime(readings: ShapedReading[]): ShapedReading[] {
  if (readings.length < 2) return readings;
  const merged: ShapedReading[] = [];
  // A batch is small: a scan over the merged readings beats hashing a key per reading.
  const byKey = readings.length > 32 ? new Map<string, ShapedReading>() : null;
  for (const reading of readings) {
    let existing: ShapedReading | undefined;
    if (byKey === null) {
      for (let i = 0; i < merged.length && existing === undefined; i++) {
        const candidate = merged[i] as ShapedReading;
        if (candidate.ts === reading.ts && candidate.stationId === reading.stationId) existing = candidate;
      }
    } else {
      const key = `${reading.ts}\u0000${reading.stationId}`;
      existing = byKey.get(key);
      if (existing === undefined) byKey.set(key, reading);
    }
    if (existing === undefined) {
      merged.push(reading);
      continue;
    }
    const target = existing.metrics as Record<string, number>;
    for (const name in reading.metrics) {
      const value = reading.metrics[name] as number;
      if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
      else target[name] = value;
    }
  }
  return merged;
}
