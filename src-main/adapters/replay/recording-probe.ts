/**
 * Whether a path names a recording replay could read: a regular file, in a format replay reads (named or
 * from the extension), whose first rows decode to readings with the profile's column mapping. The answer
 * is yes or no and nothing else: the connection test must not tell anyone the size, the type or a line
 * of a file that is not a recording (issue 14: a replay profile answered "/etc/shadow: 776 bytes").
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DecoderSettings } from '../../../src-shared/settings/schema';
import { formatFromPath } from './column-mapping';
import { openRecording } from './open-recording';
import { RecordingDecoder } from './recording-decoder';
import type { ReplaySettings } from './replay-source';

/** How much of a file the probe looks at before it says no. */
export interface ProbeLimits {
  /** Rows examined for one that decodes (default 1,000). */
  readonly rows?: number;
  /** Wall time allowed (default 5 s): a huge file without line breaks is not worth waiting for. */
  readonly timeoutMs?: number;
}

/** True when `settings.path` reads as a recording and at least one of its first rows decodes; false for anything else. */
export async function isReadableRecording(settings: Pick<ReplaySettings, 'path' | 'format' | 'columns'>, decoderLimits: Partial<DecoderSettings> = {}, limits: ProbeLimits = {}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), limits.timeoutMs ?? 5_000);
  });
  try {
    return await Promise.race([firstRowDecodes(settings, decoderLimits, limits.rows ?? 1_000), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function firstRowDecodes(settings: Pick<ReplaySettings, 'path' | 'format' | 'columns'>, decoderLimits: Partial<DecoderSettings>, maxRows: number): Promise<boolean> {
  try {
    // Devices, FIFOs and directories are never recordings, and reading one could block or never end.
    if (!(await stat(settings.path)).isFile()) return false;
    const format = settings.format ?? formatFromPath(settings.path);
    const decoder = new RecordingDecoder(basename(settings.path), settings.columns, decoderLimits);
    const rows = openRecording(settings.path, { format, columns: settings.columns, maxLineBytes: decoderLimits.maxMessageBytes ?? 1_048_576 });
    let seen = 0;
    try {
      for await (const chunk of rows) {
        for (const item of chunk) {
          if (decoder.decode(item, Infinity).ok) return true;
          if (++seen >= maxRows) return false;
        }
      }
      return false;
    } finally {
      await rows.return(undefined).catch(() => undefined);
    }
  } catch {
    // Missing, unreadable, an unknown extension, a mapped column absent, not Parquet: all the same "no".
    return false;
  }
}
