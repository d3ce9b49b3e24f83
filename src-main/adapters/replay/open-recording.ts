/** Picks the reader for a recording's format. */
import type { ReplayColumns } from '../../../src-shared/settings/schema';
import type { RecordingFormat } from './column-mapping';
import { readCsv } from './csv-reader';
import { readJsonl } from './jsonl-reader';
import { readParquet } from './parquet-reader';
import type { ReadProgress, RecordingItem } from './recording-item';

/** What a reader needs besides the path. */
export interface OpenRecordingOptions {
  readonly format: RecordingFormat;
  readonly columns: ReplayColumns;
  /** JSONL lines longer than this are refused unread (the decoder's maxMessageBytes). */
  readonly maxLineBytes: number;
  readonly progress?: ReadProgress;
}

/** The rows of a recording, streamed in chunks; a RecordingError or I/O error rejects the iteration. */
export function openRecording(path: string, options: OpenRecordingOptions): AsyncGenerator<RecordingItem[]> {
  const { format, columns, progress } = options;
  switch (format) {
    case 'jsonl':
      return readJsonl(path, { maxLineBytes: options.maxLineBytes, progress });
    case 'csv':
      return readCsv(path, columns, { progress });
    case 'parquet':
      return readParquet(path, columns, { progress });
  }
}
