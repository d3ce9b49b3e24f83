import { isNonFiniteString } from '../decoder/non-finite';
import type { DecodeFailure } from '../decoder/reject-reason';
import { rejectNonFinite } from '../decoder/rejection-details';
import type { CompiledField, CompiledShape } from './compiled-shape';
import { valueAt } from './field-path';
import { convertUnit } from './units';
import { LongInteger, describeValue, numberFromText } from './values';

type Fields = Record<string, unknown>;

/**
 * Copies the metrics of one record into `metrics` (a fresh object); answers how many, or a
 * 'non-finite' rejection. Numbers count (and, for CSV, texts that spell one); other values are
 * not metrics and are skipped, except the texts that spell a non-finite number ("NaN", "inf"),
 * which are refused as the decoder refuses them. Mapped fields are renamed and converted.
 */
export function readRecordMetrics(shape: CompiledShape, record: Fields, metrics: Record<string, number>): number | DecodeFailure {
  if (shape.narrowMetric !== null) {
    const name = valueAt(record, shape.narrowMetric);
    if (typeof name === 'string') return readNarrow(shape, record, name, metrics);
  }
  let source = record;
  if (shape.valuesPath !== null) {
    const values = valueAt(record, shape.valuesPath);
    if (typeof values === 'object' && values !== null && !Array.isArray(values)) source = values as Fields;
  }
  let prefix: string | null = null;
  if (shape.nameFrom !== null) {
    const name = valueAt(record, shape.nameFrom);
    if (typeof name === 'string') prefix = name;
  }
  const isOwnRecord = source === record;
  const { excluded, ignored, fieldsByName, includeAll, isTextual, composedNames } = shape;
  const names = prefix === null ? null : composedNames.forPrefix(prefix);
  let count = 0;
  if (includeAll || shape.nameFrom !== null) {
    for (const key in source) {
      if ((isOwnRecord && excluded.has(key)) || ignored.has(key)) continue;
      const raw = source[key];
      const value = metricValue(raw, isTextual);
      if (Number.isNaN(value)) continue;
      let name = key;
      let field: CompiledField | undefined;
      if (names === null) field = fieldsByName.get(key);
      else {
        const composed = composedNames.lookup(names, prefix as string, key);
        name = composed.name;
        field = composed.field;
      }
      if (field === undefined && !includeAll) continue;
      if (value === Infinity || value === -Infinity) return nonFinite(name, raw);
      count += put(metrics, field, name, value);
    }
  } else {
    for (const field of fieldsByName.values()) {
      const added = readField(record, field, metrics, isTextual);
      if (added < 0) return nonFinite(field.from, valueAt(record, field.path));
      count += added;
    }
  }
  for (const field of shape.nestedFields) {
    const added = readField(record, field, metrics, isTextual);
    if (added < 0) return nonFinite(field.from, valueAt(record, field.path));
    count += added;
  }
  return count;
}

/** A field read by its path: 1 when it held a number, 0 when not, -1 when non-finite. */
function readField(record: Fields, field: CompiledField, metrics: Record<string, number>, isTextual: boolean): number {
  const value = metricValue(valueAt(record, field.path), isTextual);
  if (Number.isNaN(value)) return 0;
  if (value === Infinity || value === -Infinity) return -1;
  return put(metrics, field, field.from, value);
}

function readNarrow(shape: CompiledShape, record: Fields, name: string, metrics: Record<string, number>): number | DecodeFailure {
  const raw = shape.narrowValue === null ? undefined : valueAt(record, shape.narrowValue);
  const value = metricValue(raw, shape.isTextual);
  if (value === Infinity || value === -Infinity) return nonFinite(name, raw);
  if (Number.isNaN(value)) return { ok: false, reason: 'no-metric', detail: `narrow record for metric ${JSON.stringify(name)}: value field "${shape.narrowValue?.text}" is ${describeValue(raw)}; expected a number` };
  return put(metrics, shape.fieldsByName.get(name), name, value);
}

/** Stores one metric (renamed and converted when mapped); "__proto__" becomes an own field, which validation then refuses by name. */
function put(metrics: Record<string, number>, field: CompiledField | undefined, name: string, value: number): number {
  const metric = field === undefined ? name : field.metric;
  const converted = field === undefined ? value : convertUnit(value, field.conversion);
  if (metric === '__proto__') Object.defineProperty(metrics, metric, { value: converted, enumerable: true, writable: true, configurable: true });
  else metrics[metric] = converted;
  return 1;
}

/** The number a field holds; NaN when it is not a metric value; ±Infinity when it spells a non-finite number. */
function metricValue(value: unknown, isTextual: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (isNonFiniteString(value)) return Infinity;
    return isTextual ? numberFromText(value) : NaN;
  }
  if (value instanceof LongInteger) return Number(value.digits);
  return NaN;
}

function nonFinite(name: string, raw: unknown): DecodeFailure {
  const shown = typeof raw === 'number' ? `${raw} (a number beyond the double range, e.g. 1e999)` : typeof raw === 'string' ? JSON.stringify(raw) : describeValue(raw);
  return rejectNonFinite(name, shown) as DecodeFailure;
}
