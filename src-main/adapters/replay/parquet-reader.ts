/**
 * Reads a Parquet recording with hyparquet, one row group at a time (the group's column chunks are
 * cached while it is read, then dropped) and in slices of `sliceRows` rows, so neither the file nor
 * a huge group is turned into objects at once. Rows are rendered as JSON records like CSV rows;
 * TIMESTAMP columns arrive as Dates and are written in the mapped time format.
 */
import { asyncBufferFromFile, cachedAsyncBuffer, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { ReplayColumns } from '../../../src-shared/settings/schema';
import { selectColumns } from './column-mapping';
import { renderRow } from './render-row';
import type { ReadProgress, RecordingItem } from './recording-item';

/** Options of the Parquet reader. */
export interface ParquetReadOptions {
  readonly progress?: ReadProgress;
  /** Rows turned into objects per step (default 10,000). */
  readonly sliceRows?: number;
}

/** Yields the rows of a Parquet file in slices of at most sliceRows, row group by row group. */
export async function* readParquet(path: string, mapping: ReplayColumns, options: ParquetReadOptions = {}): AsyncGenerator<RecordingItem[]> {
  const progress = options.progress ?? { done: 0, total: 0 };
  const sliceRows = options.sliceRows ?? 10_000;
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  progress.total = Number(metadata.num_rows);
  const header = parquetSchema(metadata).children.map((child) => child.element.name);
  const columns = selectColumns(header, mapping);
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const groupFile = cachedAsyncBuffer(file);
    for (let rowStart = groupStart; rowStart < groupEnd; rowStart += sliceRows) {
      const rowEnd = Math.min(groupEnd, rowStart + sliceRows);
      const rows = await parquetReadObjects({ file: groupFile, metadata, columns: [...columns], rowStart, rowEnd });
      const out: RecordingItem[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = { row: rowStart + i + 1, bytes: renderRow(rows[i] as Record<string, unknown>, columns, mapping) };
      progress.done = rowEnd;
      if (out.length > 0) yield out;
    }
    groupStart = groupEnd;
  }
}
