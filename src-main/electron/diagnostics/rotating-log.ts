/**
 * Size-rotated log files in userData/logs: main.log grows to `maxBytes`, then becomes main.1.log
 * (main.1 → main.2 …) and the oldest beyond `keep` is deleted. Synchronous appends: log lines are
 * small and rare in main, and a crash must not lose the last ones.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  readonly dir: string;
  /** File stem: 'main' → main.log, main.1.log, … */
  readonly name: string;
  readonly maxBytes: number;
  /** Rotated files to keep besides the current one. */
  readonly keep: number;
  readonly now?: () => number;
}

/** An append-only, size-rotated log. */
export class RotatingLog {
  private size: number;
  private readonly now: () => number;

  constructor(private readonly options: RotatingLogOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.now = options.now ?? Date.now;
    const current = this.path(0);
    this.size = existsSync(current) ? statSync(current).size : 0;
  }

  /** Append one line: ISO time, level, message (newlines inside are escaped, one record per line). */
  write(level: LogLevel, message: string): void {
    const line = `${new Date(this.now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\r?\n/g, '\\n')}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    appendFileSync(this.path(0), line);
    this.size += bytes;
  }

  /** All log files of this log, newest first (for the diagnostics export). */
  files(): string[] {
    const pattern = new RegExp(`^${escapeRegExp(this.options.name)}(\\.(\\d+))?\\.log$`);
    return readdirSync(this.options.dir)
      .map((file) => ({ file, index: Number(pattern.exec(file)?.[2] ?? (pattern.test(file) ? 0 : -1)) }))
      .filter((f) => f.index >= 0)
      .sort((a, b) => a.index - b.index)
      .map((f) => join(this.options.dir, f.file));
  }

  private rotate(): void {
    rmSync(this.path(this.options.keep), { force: true });
    for (let index = this.options.keep - 1; index >= 0; index--) {
      if (existsSync(this.path(index))) renameSync(this.path(index), this.path(index + 1));
    }
    if (this.options.keep === 0) rmSync(this.path(0), { force: true });
    this.size = 0;
  }

  private path(index: number): string {
    return join(this.options.dir, index === 0 ? `${this.options.name}.log` : `${this.options.name}.${index}.log`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
