import { mkdir, open, readdir, readFile, truncate, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreWrite } from './store-write';
import { writeRowCount } from './store-write';
import { sketchSpansAsArrays } from './sketch-bytes';

interface Entry {
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
  readonly rows: number;
}

const SEGMENT_BYTES = 32 * 1024 * 1024;
const NAME = /^spill-(\d{8})\.jsonl$/;
const ACK_FILE = 'applied.pos';

async function readAck(path: string): Promise<{ segment: number; offset: number }> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const [segment, offset] = text.trim().split(' ').map(Number);
  return Number.isFinite(segment) && Number.isFinite(offset) ? { segment: segment!, offset: offset! } : { segment: 0, offset: 0 };
}

/**
 * An append-only, fsync'ed FIFO of writes on disk: one JSON line per write, in numbered segment files.
 * Only an index (segment, offset, length) stays in memory. A write counts as accepted once append()
 * resolves, i.e. after fsync; a torn last line from a crash was never acknowledged and is cut off on
 * open. Not safe for concurrent append() calls: the buffered store serialises them.
 */
export class SpillQueue {
  private readonly entries: Entry[] = [];
  private head = 0;
  private rows = 0;
  private current: { segment: number; handle: FileHandle; size: number } | null = null;
  private reader: { segment: number; handle: FileHandle } | null = null;
  private lastSegment = 0;
  /** Position of the first write not yet applied, kept in a small fsync'ed file so a restart never replays an applied write. */
  private ack: { segment: number; offset: number } = { segment: 0, offset: 0 };
  private ackHandle: FileHandle | null = null;

  private constructor(private readonly dir: string) {}

  /** Opens the queue in dir, picking up writes left by a previous run, oldest first. */
  static async open(dir: string): Promise<SpillQueue> {
    await mkdir(dir, { recursive: true });
    const queue = new SpillQueue(dir);
    queue.ack = await readAck(join(dir, ACK_FILE));
    await (await open(join(dir, ACK_FILE), 'a')).close();
    queue.ackHandle = await open(join(dir, ACK_FILE), 'r+');
    const segments = (await readdir(dir)).map((f) => NAME.exec(f)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
    for (const segment of segments) await queue.load(segment);
    return queue;
  }

  /** Buffered rows (the unit of capacity). */
  get depth(): number {
    return this.rows;
  }

  get isEmpty(): boolean {
    return this.head === this.entries.length;
  }

  /** Appends and fsyncs one write. */
  async append(write: StoreWrite): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(write, sketchSpansAsArrays) + '\n');
    if (this.current !== null && (this.current.size > SEGMENT_BYTES || (this.isEmpty && this.current.size > 0))) await this.rotate();
    const current = this.current ?? (await this.create(this.nextSegment()));
    await current.handle.write(bytes, 0, bytes.length, current.size);
    await current.handle.sync();
    this.entries.push({ segment: current.segment, offset: current.size, length: bytes.length - 1, rows: writeRowCount(write) });
    current.size += bytes.length;
    this.rows += writeRowCount(write);
  }

  /** The oldest write, or null when empty. */
  async peek(): Promise<StoreWrite | null> {
    const entry = this.entries[this.head];
    if (entry === undefined) return null;
    if (this.reader?.segment !== entry.segment) {
      await this.reader?.handle.close();
      this.reader = { segment: entry.segment, handle: await open(this.segmentPath(entry.segment), 'r') };
    }
    const buffer = Buffer.alloc(entry.length);
    await this.reader.handle.read(buffer, 0, entry.length, entry.offset);
    return JSON.parse(buffer.toString('utf8')) as StoreWrite;
  }

  /** Drops the oldest write; deletes segment files that hold nothing unwritten any more. */
  async shift(): Promise<void> {
    const entry = this.entries[this.head];
    if (entry === undefined) return;
    this.head++;
    this.rows -= entry.rows;
    await this.writeAck(entry.segment, entry.offset + entry.length + 1);
    const next = this.entries[this.head];
    if ((next === undefined || next.segment !== entry.segment) && entry.segment !== this.current?.segment) {
      if (this.reader?.segment === entry.segment) {
        await this.reader.handle.close();
        this.reader = null;
      }
      await unlink(this.segmentPath(entry.segment));
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  async close(): Promise<void> {
    await this.ackHandle?.close();
    this.ackHandle = null;
    await this.reader?.handle.close();
    await this.current?.handle.close();
    this.reader = null;
    this.current = null;
  }

  private async load(segment: number): Promise<void> {
    const path = this.segmentPath(segment);
    const data = await readFile(path);
    let offset = 0;
    while (offset < data.length) {
      const end = data.indexOf(10, offset);
      if (end < 0) break;
      let write: StoreWrite;
      try {
        write = JSON.parse(data.subarray(offset, end).toString('utf8')) as StoreWrite;
      } catch {
        break;
      }
      const applied = segment < this.ack.segment || (segment === this.ack.segment && offset < this.ack.offset);
      if (!applied) {
        this.entries.push({ segment, offset, length: end - offset, rows: writeRowCount(write) });
        this.rows += writeRowCount(write);
      }
      offset = end + 1;
    }
    // Whatever follows the last complete line was never acknowledged (crash mid-append).
    if (offset < data.length) await truncate(path, offset);
    this.lastSegment = Math.max(this.lastSegment, segment);
    if (offset === 0 || segment < this.ack.segment) {
      await unlink(path);
      return;
    }
    await this.current?.handle.close();
    this.current = { segment, handle: await open(path, 'r+'), size: offset };
  }

  private async writeAck(segment: number, offset: number): Promise<void> {
    this.ack = { segment, offset };
    const line = Buffer.from(`${segment} ${offset}`.padEnd(31) + '\n');
    // Overwritten in place at a fixed length, never truncated: a crash leaves the old or the new position.
    await this.ackHandle!.write(line, 0, line.length, 0);
    await this.ackHandle!.sync();
  }

  private async rotate(): Promise<void> {
    const old = this.current!;
    await old.handle.close();
    this.current = null;
    if (this.reader?.segment === old.segment) {
      await this.reader.handle.close();
      this.reader = null;
    }
    if (this.isEmpty) await unlink(this.segmentPath(old.segment));
  }

  private async create(segment: number): Promise<{ segment: number; handle: FileHandle; size: number }> {
    const handle = await open(this.segmentPath(segment), 'w');
    // Make the new file's directory entry durable too, or an fsync'ed file could vanish after a crash.
    const dir = await open(this.dir, 'r');
    await dir.sync().finally(() => dir.close());
    this.current = { segment, handle, size: 0 };
    return this.current;
  }

  private nextSegment(): number {
    return ++this.lastSegment;
  }

  private segmentPath(segment: number): string {
    return join(this.dir, `spill-${String(segment).padStart(8, '0')}.jsonl`);
  }
}
