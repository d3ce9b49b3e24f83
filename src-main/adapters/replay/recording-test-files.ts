/**
 * Test support: paths of the committed sample recordings, a scratch directory for malformed
 * files, and a helper that reads a recording to the end through the same decoder replay uses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reading } from '../../../src-shared/domain/reading';
import { ReplayColumnsSchema, type ReplayColumns } from '../../../src-shared/settings/schema';
import { formatFromPath, type RecordingFormat } from './column-mapping';
import { openRecording } from './open-recording';
import { RecordingDecoder, type ReplayReject } from './recording-decoder';

/** The committed sample recording of one format (12 stations × 10 min at 1/s from 2025-01-01). */
export function samplePath(format: RecordingFormat): string {
  const extension = format === 'jsonl' ? 'jsonl' : format;
  return fileURLToPath(new URL(`../../../resources/sample-data/city-12x10min.${extension}`, import.meta.url));
}

/** A scratch directory; `write` puts a file in it, `remove` deletes it all. */
export function scratchDirectory(): { write(name: string, content: string | Uint8Array): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stationwatch-replay-'));
  return {
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Column mapping with defaults filled in. */
export function mapping(columns: Partial<ReplayColumns> = {}): ReplayColumns {
  return ReplayColumnsSchema.parse(columns);
}

/** Every reading and reject of a recording, in file order. */
export async function readAll(path: string, columns: Partial<ReplayColumns> = {}, format?: RecordingFormat): Promise<{ readings: Reading[]; rejects: ReplayReject[] }> {
  const resolved = mapping(columns);
  const decoder = new RecordingDecoder('test', resolved);
  const readings: Reading[] = [];
  const rejects: ReplayReject[] = [];
  for await (const chunk of openRecording(path, { format: format ?? formatFromPath(path), columns: resolved, maxLineBytes: 1_048_576 })) {
    for (const item of chunk) {
      const outcome = decoder.decode(item, Date.UTC(2030, 0, 1));
      if (outcome.ok) readings.push(outcome.reading);
      else rejects.push(outcome.reject);
    }
  }
  return { readings, rejects };
}
