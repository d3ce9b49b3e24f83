/**
 * Streams a CSV recording through csv-parse: the first record is the header (checked against the
 * column mapping before any row is read), every further record is cast (plain decimal numbers
 * become numbers; station, metric-name and ISO time cells stay text) and rendered as a JSON
 * record. A record csv-parse cannot read, or with a field count other than the header's, is
 * refused as 'bad-row' and reading goes on.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse, type CsvError, type Info } from 'csv-parse';
import type { ReplayColumns } from '../../../src-shared/settings/schema';
import { selectColumns } from './column-mapping';
import { castCsvCell, renderRow } from './render-row';
import type { ReadProgress, RecordingItem } from './recording-item';

/** Options of the CSV reader. */
export interface CsvReadOptions {
  readonly progress?: ReadProgress;
  /** Rows per yielded chunk (default 2,000). */
  readonly chunkRows?: number;
  /** Field delimiter (default ","). */
  readonly delimiter?: string;
}

const encoder = new TextEncoder();

/** Yields the rows of a CSV file (with a header line) in chunks. */
export async function* readCsv(path: string, mapping: ReplayColumns, options: CsvReadOptions = {}): AsyncGenerator<RecordingItem[]> {
  const progress = options.progress ?? { done: 0, total: 0 };
  progress.total = (await stat(path)).size;
  const chunkRows = options.chunkRows ?? 2_000;
  let out: RecordingItem[] = [];
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ?? ',',
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const line = typeof error?.['lines'] === 'number' ? error['lines'] : 0;
      out.push({ row: line, bytes: raw === undefined ? null : encoder.encode(raw), reason: 'bad-row', detail: `CSV line ${line}: ${error?.message ?? 'unreadable record'}` });
      return undefined;
    },
  });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | null = null;
  let columns: readonly string[] = [];
  let values: Record<string, unknown> = {};
  for await (const entry of parser as AsyncIterable<{ record: string[]; info: Info; raw: string }>) {
    const { record, info } = entry;
    if (header === null) {
      header = record;
      columns = selectColumns(header, mapping);
      continue;
    }
    if (record.length !== header.length) {
      out.push({ row: info.lines, bytes: encoder.encode(entry.raw), reason: 'bad-row', detail: `CSV line ${info.lines} has ${record.length} fields; the header has ${header.length}` });
    } else {
      values = {};
      for (let i = 0; i < header.length; i++) {
        const name = header[i] as string;
        values[name] = castCsvCell(record[i] as string, name, mapping);
      }
      out.push({ row: info.lines, bytes: renderRow(values, columns, mapping) });
    }
    if (out.length >= chunkRows) {
      progress.done = parser.info.bytes;
      const ready = out;
      out = [];
      yield ready;
    }
  }
  progress.done = progress.total;
  if (out.length > 0) yield out;
}
