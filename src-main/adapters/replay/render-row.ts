/**
 * Renders a CSV or Parquet row as the JSON record the decoder reads. Values keep their meaning:
 * numbers stay numbers, NaN and ±Infinity become the strings "NaN"/"Infinity" (so the decoder
 * refuses them as 'non-finite' instead of JSON.stringify turning them into null), 64-bit integers
 * become numbers when exact, a timestamp in the time column is written in the mapped time format,
 * and empty cells and nulls are left out (a sensor may miss a metric).
 */
import type { ReplayColumns } from '../../../src-shared/settings/schema';

const encoder = new TextEncoder();

/** JSON bytes of `values` restricted to `columns`, with the mapping's time column normalised. */
export function renderRow(values: Readonly<Record<string, unknown>>, columns: readonly string[], mapping: ReplayColumns): Uint8Array {
  const record: Record<string, unknown> = {};
  for (const name of columns) {
    const value = toJsonValue(values[name], name === mapping.timeColumn ? mapping.timeFormat : null);
    if (value !== undefined) record[name] = value;
  }
  return encoder.encode(JSON.stringify(record));
}

/** A JSON-safe value, or undefined to leave the field out. */
function toJsonValue(value: unknown, timeFormat: ReplayColumns['timeFormat'] | null): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
      return value === '' ? undefined : value;
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'boolean':
      return value;
    case 'object':
      if (value instanceof Date) return timeFormat === null ? undefined : renderTime(value.getTime(), timeFormat);
      return undefined; // null, byte arrays, nested groups: not metrics
    default:
      return undefined;
  }
}

function renderTime(ms: number, format: ReplayColumns['timeFormat']): unknown {
  if (Number.isNaN(ms)) return 'invalid date';
  if (format === 'iso') return new Date(ms).toISOString();
  return format === 'epoch-s' ? ms / 1000 : ms;
}

/** CSV cell → value: numbers where the text is a plain decimal number, except station and time (iso) cells. */
export function castCsvCell(text: string, column: string, mapping: ReplayColumns): unknown {
  if (text === '') return undefined;
  if (column === mapping.stationColumn || column === mapping.metricColumn) return text;
  if (column === mapping.timeColumn && mapping.timeFormat === 'iso') return text;
  return NUMBER_PATTERN.test(text) ? Number(text) : text;
}

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
