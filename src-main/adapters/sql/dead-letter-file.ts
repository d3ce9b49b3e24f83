/**
 * dead-letter.jsonl: the rows the database refused, one JSON record per line, kept for a person to look
 * at and replay by hand. Bounded: past `maxBytes` the file becomes dead-letter.1.jsonl (1 → 2 …) and the
 * oldest beyond `keep` files in all is deleted, so a flood of bad rows cannot fill the disk.
 * (electron/diagnostics/rotating-log.ts rotates main's log the same way; the layer rules keep the shell
 * and the adapters from sharing code, and that one is synchronous on purpose.)
 */
import { appendFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sketchSpansAsArrays } from './sketch-bytes';

export const DEAD_LETTER_FILE = 'dead-letter.jsonl';

export interface DeadLetterFileOptions {
  readonly dir: string;
  /** Rotate once the current file would pass this size. Default 10 MiB. */
  readonly maxBytes?: number;
  /** Files kept in all, the current one included. Default 3 (at most ~30 MiB). */
  readonly keep?: number;
}

/** Appends dead-letter records with size rotation. Appends must not overlap (the buffered store serialises them). */
export class DeadLetterFile {
  private size: number | null = null;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly options: DeadLetterFileOptions) {
    this.maxBytes = options.maxBytes ?? 10 * 1_048_576;
    this.keep = Math.max(1, options.keep ?? 3);
  }

  /** Appends one record as a line; rotates first when the line would take the file past maxBytes. */
  async append(record: unknown): Promise<void> {
    const line = `${JSON.stringify(record, sketchSpansAsArrays)}\n`;
    const bytes = Buffer.byteLength(line);
    this.size ??= await stat(this.path(0)).then((s) => s.size, () => 0);
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    await appendFile(this.path(0), line, { mode: 0o600 });
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    await rm(this.path(this.keep - 1), { force: true });
    for (let index = this.keep - 2; index >= 0; index--) {
      await rename(this.path(index), this.path(index + 1)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    this.size = 0;
  }

  private path(index: number): string {
    return join(this.options.dir, index === 0 ? DEAD_LETTER_FILE : `dead-letter.${index}.jsonl`);
  }
}
