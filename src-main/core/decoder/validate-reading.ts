import type { Reading } from '../../../src-shared/domain/reading';
import type { DecoderSettings } from '../../../src-shared/settings/schema';
import type { Catalog } from './catalog';
import { describeBadTime, readEventTime } from './event-time';
import { describeInvalidStation, describeJsonType, quoteForDetail } from './identifier';
import { reject, type DecodeResult } from './reject-reason';
import { isInRange, rejectNonFinite, rejectOutOfRange } from './rejection-details';

/** Decoder.validate: the decoder's checks applied to an already structured reading. */
export function validateReading(catalog: Catalog, settings: DecoderSettings, reading: Reading, nowMs: number): DecodeResult {
  if (typeof reading !== 'object' || reading === null) return reject('not-object', `reading is ${describeJsonType(reading)}`);
  const { stationId, ts, metrics } = reading;
  if (stationId === undefined || stationId === null) return reject('no-station', 'reading has no station id');
  if (typeof stationId !== 'string') return reject('invalid-station', `station id is ${describeJsonType(stationId)}; expected a string`);
  const known = catalog.station(stationId);
  if (known < 0) {
    const problem = describeInvalidStation(stationId);
    if (problem !== null) return reject('invalid-station', `station id ${quoteForDetail(stationId)} ${problem}`);
  }
  if (typeof ts !== 'number' || Number.isNaN(readEventTime(ts, 'epoch-ms'))) return reject('bad-time', describeBadTime('ts', ts, 'epoch-ms'));
  if (typeof metrics !== 'object' || metrics === null) return reject('no-metric', `metrics is ${describeJsonType(metrics)}; expected an object`);
  const problem = checkMetrics(catalog, settings, metrics);
  if (problem !== null) return problem;
  // A new Reading object, because equal strings cannot be told apart: this is how its station id
  // becomes the canonical instance.
  return catalog.admit(stationId, known, ts, metrics as Record<string, number>, nowMs);
}

/** Metric checks for a structured reading: every value a finite number, names valid, within the per-message cap. */
function checkMetrics(catalog: Catalog, settings: DecoderSettings, metrics: Readonly<Record<string, unknown>>): DecodeResult | null {
  const { maxMetricsPerMessage } = settings;
  let count = 0;
  catalog.beginMessage();
  for (const name in metrics) {
    const value = metrics[name];
    if (typeof value !== 'number') return rejectNonFinite(name, `${describeJsonType(value)}, not a number`);
    if (!isInRange(value)) return Number.isFinite(value) ? rejectOutOfRange(name, value) : rejectNonFinite(name, String(value));
    if (++count > maxMetricsPerMessage) return reject('too-many-metrics', `more than ${maxMetricsPerMessage} metrics (decoder.maxMetricsPerMessage)`);
    const problem = catalog.noteMetricName(name);
    if (problem !== null) return problem;
  }
  return count === 0 ? reject('no-metric', 'reading has no metrics') : null;
}
