/**
 * The column mapping of a recording: which columns hold station, time and metrics. The decoder is
 * configured from it, and CSV/Parquet headers are checked against it before the first row.
 */
import { DecoderSchema, type DecoderSettings, type ReplayColumns } from '../../../src-shared/settings/schema';
import { RecordingError } from './recording-item';

/** A recording's file format. */
export type RecordingFormat = 'jsonl' | 'csv' | 'parquet';

const EXTENSIONS: Readonly<Record<string, RecordingFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format named by the file extension; throws a RecordingError naming the choices otherwise. */
export function formatFromPath(path: string): RecordingFormat {
  const dot = path.lastIndexOf('.');
  const extension = dot >= 0 ? path.slice(dot).toLowerCase() : '';
  const format = EXTENSIONS[extension];
  if (format === undefined) {
    throw new RecordingError(`Cannot tell the format of "${path}" from its extension; use .jsonl, .csv or .parquet, or name the format (--format jsonl|csv|parquet).`);
  }
  return format;
}

/** Decoder settings that read records keyed by the mapping; `limits` carries the app's caps. */
export function decoderSettingsFor(columns: ReplayColumns, limits: Partial<DecoderSettings> = {}): DecoderSettings {
  return DecoderSchema.parse({
    ...limits,
    stationKey: columns.stationColumn,
    timeKey: columns.timeColumn,
    timeFormat: columns.timeFormat,
    metricKey: columns.metricColumn,
    valueKey: columns.valueColumn,
  });
}

/**
 * The header columns to render for each row: station, time, the narrow metric/value pair when
 * present, and either the listed metrics or every other column (non-numeric values are ignored
 * by the decoder, as from Kafka). Throws a RecordingError when a mapped column is missing.
 */
export function selectColumns(header: readonly string[], columns: ReplayColumns): readonly string[] {
  const present = new Set(header);
  const missing = (name: string): boolean => !present.has(name);
  const required = [columns.stationColumn, columns.timeColumn, ...(columns.metrics ?? [])].filter(missing);
  if (required.length > 0) {
    const shown = header.slice(0, 20).map((h) => JSON.stringify(h)).join(', ');
    throw new RecordingError(`Column ${required.map((c) => JSON.stringify(c)).join(', ')} not found; the recording has ${shown}${header.length > 20 ? ', …' : ''}.`);
  }
  if (columns.metrics === null) return header;
  const keep = new Set([columns.stationColumn, columns.timeColumn, columns.metricColumn, columns.valueColumn, ...columns.metrics]);
  return header.filter((name) => keep.has(name));
}
