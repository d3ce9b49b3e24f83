import type { Reading } from '../../../src-shared/domain/reading';
import type { DecoderSettings } from '../../../src-shared/settings/schema';
import { ByteStringTable } from './byte-string-table';
import { Catalog } from './catalog';
import type { StationIndex } from '../station-index';
import { DecodedReading } from './decoded-reading';
import { describeBadTime, inEventTimeRange, parseIsoCodes, readEventTime } from './event-time';
import { FIELD_STRING, FlatRecord, scanFlatRecord } from './flat-record';
import { describeInvalidStation, describeJsonType, quoteForDetail } from './identifier';
import { isNonFiniteString, mayStartNonFinite } from './non-finite';
import { reject, type DecodeFailure, type DecodeResult } from './reject-reason';
import { errorText, explainUnparsable, isInRange, rejectNonFinite, rejectOutOfRange } from './rejection-details';
import { validateReading } from './validate-reading';

export { REJECT_REASONS, type DecodeFailure, type DecodeResult, type RejectReason } from './reject-reason';
export { DecodedReading } from './decoded-reading';

/** decodeFlat's answer for "not mine": the message takes the JSON.parse path. */
const FALL_BACK = reject('not-json', 'fall back to the general path');

type JsonRecord = Record<string, unknown>;

/** Engineering switches; the defaults are what production uses. */
export interface DecoderOptions {
  /** Try the allocation-free byte scanner before JSON.parse (flat-record.ts). Off only to compare the two paths. */
  readonly fastPath?: boolean;
}

/**
 * Turns message bytes into Readings, or into a rejection with a reason and a precise detail.
 * Never throws. Wide records (`{"station_id","ts",<metric>:<number>...}`) and narrow records
 * (`{station_id, ts, metric, value}`) are told apart by the metric key holding a string.
 * In wide records every numeric field besides station and time is a metric; strings, booleans,
 * null, arrays and objects are ignored. Narrow records use only the metric/value pair.
 * Station ids may be strings or non-negative safe integers (7 becomes "7"); see identifier.ts
 * for the allowed characters. Station ids are interned, so every Reading of one station carries
 * the same string instance. Stations and metrics count against the caps only once a message
 * carrying them is accepted, so rejected garbage never fills a cap.
 * A reading older than any watermark is accepted: lateness is the pipeline's business.
 * Speed: flat ASCII records take a byte-level fast path (flat-record.ts) that yields exactly what
 * the JSON.parse path would; anything unusual, and every rejection but the final ones, falls back.
 */
export class Decoder {
  private readonly settings: DecoderSettings;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly catalog: Catalog;
  private readonly isFastPathOn: boolean;
  private readonly flat = new FlatRecord();
  private readonly keyNames = new ByteStringTable(1_024);
  private readonly stationNames: ByteStringTable;
  /** Counts messages on the fast path; marks repeated keys within one message (ByteStringTable.markLast). */
  private generation = 0;
  /** Columns behind decode(), which builds a Reading from them. */
  private readonly scratch = new DecodedReading();
  /** The station the source named for the message being decoded (an MQTT topic level), used when the payload names none. */
  private sourceStation: string | null = null;

  constructor(settings: DecoderSettings, options: DecoderOptions = {}) {
    this.settings = settings;
    this.catalog = new Catalog(settings);
    this.isFastPathOn = options.fastPath ?? true;
    this.stationNames = new ByteStringTable(this.isFastPathOn ? settings.maxStations : 1);
    // The configured keys are seeded so `key === stationKey` on the fast path compares one pointer.
    for (const key of [settings.stationKey, settings.timeKey, settings.metricKey]) this.keyNames.seed(key);
  }

  /** At the metric cap, `listener` may release idle metrics (then forgetMetric each) before new names are refused. */
  whenMetricsFull(listener: () => void): void {
    this.catalog.whenMetricsFull(listener);
  }

  /** Forgets a metric name released at the cap. */
  forgetMetric(name: string): void {
    this.catalog.forgetMetric(name);
  }

  /** The one station index: every accepted station has a slot in it, carried by DecodedReading.station. */
  get stations(): StationIndex {
    return this.catalog.stations;
  }

  /** Distinct stations accepted so far. */
  get stationCount(): number {
    return this.catalog.stationCount;
  }

  /** Distinct metric names accepted so far. */
  get metricCount(): number {
    return this.catalog.metricCount;
  }

  /** Decodes one message payload; `nowMs` (wall clock) bounds how far in the future its time may be. */
  decode(bytes: Uint8Array | null, nowMs: number): DecodeResult {
    const problem = this.decodeInto(bytes, nowMs, this.scratch);
    return problem ?? { ok: true, reading: this.scratch.toReading() };
  }

  /**
   * decode() into reusable columns: null when `out` now holds the reading, else the rejection.
   * The hot path (Pipeline, bench decode-aggregate): no Reading or metrics object per message.
   */
  decodeInto(bytes: Uint8Array | null, nowMs: number, out: DecodedReading, sourceStation: string | null = null): DecodeFailure | null {
    out.origin = null;
    this.sourceStation = sourceStation;
    try {
      return this.decodeBytes(bytes, nowMs, out);
    } catch (error) {
      // Nothing above is expected to throw; if it ever does, the message is still accounted for.
      return reject('not-json', `could not be decoded: ${errorText(error)}`);
    }
  }

  /** validate() into reusable columns: null when `out` now holds the reading (its toReading() is the validated Reading), else the rejection. */
  validateInto(reading: Reading, nowMs: number, out: DecodedReading): DecodeFailure | null {
    const result = this.validate(reading, nowMs);
    if (!result.ok) return result;
    out.copyFrom(result.reading);
    out.station = this.catalog.stations.find(result.reading.stationId);
    return null;
  }

  /** The same checks for an already structured reading (simulator, replay); interns its station id. */
  validate(reading: Reading, nowMs: number): DecodeResult {
    try {
      return validateReading(this.catalog, this.settings, reading, nowMs);
    } catch (error) {
      return reject('not-object', `could not be validated: ${errorText(error)}`);
    }
  }

  private decodeBytes(bytes: Uint8Array | null, nowMs: number, out: DecodedReading): DecodeFailure | null {
    if (bytes === null || bytes.length === 0) return reject('empty', bytes === null ? 'payload is null (e.g. a Kafka tombstone)' : 'payload is empty (0 bytes)');
    const limit = this.settings.maxMessageBytes;
    if (bytes.length > limit) return reject('oversize', `payload is ${bytes.length} bytes; the limit (decoder.maxMessageBytes) is ${limit}`);
    if (this.isFastPathOn && scanFlatRecord(bytes, this.flat)) {
      const result = this.decodeFlat(bytes, nowMs, out);
      if (result !== FALL_BACK) return result;
    }
    const result = this.decodeGeneral(bytes, nowMs);
    if (!result.ok) return result;
    out.copyFrom(result.reading);
    out.station = this.catalog.stations.find(result.reading.stationId);
    return null;
  }

  /** The JSON.parse path: every message the flat scanner does not take, and every detailed rejection. */
  private decodeGeneral(bytes: Uint8Array, nowMs: number): DecodeResult {
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      return reject('not-json', 'payload is not valid UTF-8 text');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return explainUnparsable(text, error);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return reject('not-object', `payload is ${describeJsonType(value)}; expected a JSON object such as {"${this.settings.stationKey}":…}`);
    }
    return this.decodeRecord(value as JsonRecord, nowMs);
  }

  private decodeRecord(record: JsonRecord, nowMs: number): DecodeResult {
    const { stationKey, timeKey, metricKey } = this.settings;
    const rawStation = record[stationKey];
    let stationId: string;
    if (typeof rawStation === 'string') stationId = rawStation;
    else if ((rawStation === undefined || rawStation === null) && this.sourceStation !== null) stationId = this.sourceStation;
    else if (typeof rawStation === 'number' && Number.isSafeInteger(rawStation) && rawStation >= 0) stationId = String(rawStation);
    else if (rawStation === undefined || rawStation === null) return reject('no-station', `no station field ${JSON.stringify(stationKey)}`);
    else return reject('invalid-station', `station field ${JSON.stringify(stationKey)} is ${describeJsonType(rawStation)}; expected a string or a non-negative integer`);
    const known = this.catalog.station(stationId);
    if (known < 0) {
      const problem = describeInvalidStation(stationId);
      if (problem !== null) return reject('invalid-station', `station id ${quoteForDetail(stationId)} ${problem}`);
    }
    const rawTime = record[timeKey];
    const ts = readEventTime(rawTime, this.settings.timeFormat);
    if (Number.isNaN(ts)) return reject('bad-time', describeBadTime(timeKey, rawTime, this.settings.timeFormat));
    const metrics: Record<string, number> = {};
    const narrowName = record[metricKey];
    const problem = typeof narrowName === 'string' ? this.readNarrow(record, narrowName, metrics) : this.readWide(record, metrics);
    return problem ?? this.catalog.admit(stationId, known, ts, metrics, nowMs);
  }

  /** The fast path over a scanned flat record into `out`: null when accepted, FALL_BACK for the JSON.parse path. */
  private decodeFlat(bytes: Uint8Array, nowMs: number, out: DecodedReading): DecodeFailure | null | typeof FALL_BACK {
    const flat = this.flat;
    const { stationKey, timeKey, metricKey, timeFormat, maxMetricsPerMessage } = this.settings;
    let stationField = -1;
    let timeField = -1;
    let count = 0;
    this.catalog.beginMessage();
    const generation = (this.generation = (this.generation + 1) | 0 || 1);
    for (let f = 0; f < flat.count; f++) {
      const key = this.keyNames.internHashed(bytes, flat.keyStart[f] as number, flat.keyEnd[f] as number, flat.keyHash[f] as number);
      // A repeated key (JSON.parse keeps the last), __proto__, a narrow record, or a string that
      // may spell a non-finite number: all left to the general path.
      if (this.keyNames.markLast(generation)) return FALL_BACK;
      if (key === stationKey) stationField = f;
      else if (key === timeKey) timeField = f;
      else if (key === '__proto__') return FALL_BACK;
      else if (flat.kind[f] === FIELD_STRING) {
        if (key === metricKey || mayStartNonFinite(bytes[flat.valueStart[f] as number])) return FALL_BACK;
      } else {
        const value = flat.numbers[f] as number;
        // A value out of range: the general path refuses it with its reason.
        if (count >= maxMetricsPerMessage || !isInRange(value) || this.catalog.noteMetricName(key) !== null) return FALL_BACK;
        out.setMetric(count++, key, value);
      }
    }
    if (stationField < 0 || timeField < 0 || count === 0 || flat.kind[stationField] !== FIELD_STRING) return FALL_BACK;
    const stationId = this.stationNames.intern(bytes, flat.valueStart[stationField] as number, flat.valueEnd[stationField] as number);
    const known = this.catalog.station(stationId);
    if (known < 0 && describeInvalidStation(stationId) !== null) return FALL_BACK;
    let ts: number;
    if (timeFormat === 'iso') {
      if (flat.kind[timeField] !== FIELD_STRING) return FALL_BACK;
      ts = inEventTimeRange(parseIsoCodes(bytes, flat.valueStart[timeField] as number, flat.valueEnd[timeField] as number));
    } else {
      ts = flat.kind[timeField] === FIELD_STRING ? NaN : readEventTime(flat.numbers[timeField], timeFormat);
    }
    if (Number.isNaN(ts)) return FALL_BACK;
    const admitted = this.catalog.admitStation(stationId, known, ts, nowMs);
    if (typeof admitted !== 'number') return admitted;
    out.station = admitted;
    out.stationId = this.catalog.stations.idOf(admitted);
    out.ts = ts;
    out.count = count;
    return null;
  }

  /** Copies the numeric fields of a wide record into `metrics`; a rejection, or null when fine. */
  private readWide(record: JsonRecord, metrics: Record<string, number>): DecodeResult | null {
    const { stationKey, timeKey, maxMetricsPerMessage } = this.settings;
    let count = 0;
    /** The first field holding a number written as text ("21.5"), named when nothing else is a metric. */
    let quotedNumber: string | null = null;
    this.catalog.beginMessage();
    for (const key in record) {
      if (key === stationKey || key === timeKey) continue;
      const value = record[key];
      if (typeof value !== 'number') {
        if (typeof value === 'string' && isNonFiniteString(value)) return rejectNonFinite(key, JSON.stringify(value));
        if (quotedNumber === null && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) quotedNumber = `${quoteForDetail(key)} holds ${JSON.stringify(value)}`;
        continue; // non-numeric extras (labels, flags, nested objects) are not metrics
      }
      if (!isInRange(value)) return rejectOutOfRange(key, value);
      if (++count > maxMetricsPerMessage) return reject('too-many-metrics', `more than ${maxMetricsPerMessage} numeric metric fields (decoder.maxMetricsPerMessage)`);
      const problem = this.catalog.noteMetricName(key);
      if (problem !== null) return problem;
      metrics[key] = value;
    }
    if (count === 0) {
      const hint = quotedNumber === null ? '' : `; ${quotedNumber}, a number written as text: send it without quotes`;
      return reject('no-metric', `no numeric metric field besides ${JSON.stringify(stationKey)} and ${JSON.stringify(timeKey)} (non-numeric fields are ignored)${hint}`);
    }
    return null;
  }

  /** Reads the metric/value pair of a narrow record; a rejection, or null when fine. */
  private readNarrow(record: JsonRecord, name: string, metrics: Record<string, number>): DecodeResult | null {
    const { valueKey } = this.settings;
    const value = record[valueKey];
    this.catalog.beginMessage();
    if (typeof value === 'string' && isNonFiniteString(value)) return rejectNonFinite(name, JSON.stringify(value));
    if (typeof value !== 'number') {
      const what = value === undefined ? 'is missing' : `is ${describeJsonType(value)}`;
      return reject('no-metric', `narrow record for metric ${quoteForDetail(name)}: value field ${JSON.stringify(valueKey)} ${what}; expected a number`);
    }
    if (!isInRange(value)) return rejectOutOfRange(name, value);
    const problem = this.catalog.noteMetricName(name);
    if (problem !== null) return problem;
    metrics[name] = value;
    return null;
  }
}
