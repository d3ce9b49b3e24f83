/**
 * The MQTT source's local log. MQTT, unlike Kafka, cannot re-read a message once it is acknowledged, but
 * the pipeline's guarantee ("offsets follow storage", docs/DESIGN.md) needs the messages behind open
 * windows again after a restart. So every accepted message is appended here before its PUBACK goes out,
 * and gets a sequence number that plays the Kafka offset: the checkpoint commits a sequence once what it
 * fed is durable downstream, and only then are the segments before it deleted.
 *
 * Files: `<first sequence>.log` segments of records [u32 body length][f64 receivedAt][u16 topic length]
 * [topic][payload], and `committed` (the next sequence to read, as text). A torn record at the end (the
 * app killed mid-write) was never acknowledged, so it is cut off on open and the broker sends it again.
 * Durability: each append is a write() to the file (it survives the app being killed); the data reaches
 * the disk itself on sync(), which the source calls every SYNC_EVERY_MS, so a power cut may lose at most
 * that much of what was acknowledged.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One journaled message. `value` is a view into a read buffer: use it before the next read. */
export interface JournalRecord {
  readonly seq: number;
  readonly receivedAt: number;
  readonly topic: string;
  readonly value: Uint8Array;
}

const HEADER_BYTES = 4 + 8 + 2;
/** A new segment starts past this size, so committed data can be deleted a file at a time. */
const SEGMENT_BYTES = 16 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
const SEGMENT_NAME = /^(\d{16})\.log$/;

interface Segment {
  readonly first: number;
  readonly path: string;
}

/** An append-only, segmented log of accepted MQTT messages, with a committed position. */
export class MqttJournal {
  private segments: Segment[] = [];
  private fd = -1;
  private size = 0;
  private dirty = false;
  private nextSeq = 0;
  private committedSeq = 0;
  /** Where the last read ended, so sequential reads do not rescan the segment. */
  private cursor: { seq: number; segment: number; offset: number } | null = null;
  private readonly header = Buffer.alloc(HEADER_BYTES);

  constructor(private readonly dir: string) {}

  /** Opens (or creates) the journal; returns the first sequence not yet committed. */
  open(): number {
    mkdirSync(this.dir, { recursive: true });
    this.committedSeq = readCommitted(join(this.dir, 'committed'));
    this.segments = readdirSync(this.dir)
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ first: Number(m[1]), path: join(this.dir, m[0]) }))
      .sort((a, b) => a.first - b.first);
    this.dropCommittedSegments();
    const last = this.segments[this.segments.length - 1];
    if (last === undefined) this.startSegment(this.committedSeq);
    else {
      this.fd = openSync(last.path, 'r+');
      const { count, bytes } = scanSegment(this.fd);
      ftruncateSync(this.fd, bytes);
      this.size = bytes;
      this.nextSeq = last.first + count;
    }
    return this.committedSeq;
  }

  /** The sequence the next append gets. */
  get end(): number {
    return this.nextSeq;
  }

  /** Appends one message and returns its sequence; throws when the write fails (then nothing is acknowledged). */
  append(receivedAt: number, topic: string, payload: Uint8Array): number {
    const topicBytes = Buffer.from(topic, 'utf8');
    const body = 8 + 2 + topicBytes.length + payload.length;
    const record = Buffer.allocUnsafe(4 + body);
    record.writeUInt32LE(body, 0);
    record.writeDoubleLE(receivedAt, 4);
    record.writeUInt16LE(topicBytes.length, 12);
    topicBytes.copy(record, HEADER_BYTES);
    record.set(payload, HEADER_BYTES + topicBytes.length);
    writeAll(this.fd, record, this.size);
    this.size += record.length;
    this.dirty = true;
    if (this.size >= SEGMENT_BYTES) this.startSegment(this.nextSeq + 1);
    return this.nextSeq++;
  }

  /** Up to `max` records from sequence `from` on (fewer at the end of what is written). */
  read(from: number, max: number): JournalRecord[] {
    const out: JournalRecord[] = [];
    const position = this.locate(from);
    if (position === null) return out;
    let { segment, offset } = position;
    let seq = from;
    while (out.length < max && seq < this.nextSeq) {
      const path = this.segments[segment]!.path;
      const isLast = segment === this.segments.length - 1;
      const chunk = readChunk(isLast ? this.fd : path, offset, READ_CHUNK_BYTES);
      let at = 0;
      while (out.length < max && at + HEADER_BYTES <= chunk.length) {
        const body = chunk.readUInt32LE(at);
        if (at + 4 + body > chunk.length) break;
        const receivedAt = chunk.readDoubleLE(at + 4);
        const topicLength = chunk.readUInt16LE(at + 12);
        const topic = chunk.toString('utf8', at + HEADER_BYTES, at + HEADER_BYTES + topicLength);
        out.push({ seq, receivedAt, topic, value: chunk.subarray(at + HEADER_BYTES + topicLength, at + 4 + body) });
        at += 4 + body;
        seq++;
      }
      offset += at;
      // Records of segment i are the sequences from its first up to the next segment's first.
      if (segment + 1 < this.segments.length && seq >= this.segments[segment + 1]!.first) {
        segment++;
        offset = 0;
      } else if (at === 0) break;
    }
    this.cursor = { seq, segment, offset };
    return out;
  }

  /** Everything before `nextToRead` is durable downstream: remember it and delete the segments wholly before it. */
  commit(nextToRead: number): void {
    if (nextToRead <= this.committedSeq) return;
    this.committedSeq = Math.min(nextToRead, this.nextSeq);
    const path = join(this.dir, 'committed');
    writeFileSync(`${path}.tmp`, String(this.committedSeq));
    renameSync(`${path}.tmp`, path);
    this.dropCommittedSegments();
  }

  /** Forces what was appended onto the disk (fdatasync). */
  sync(): void {
    if (!this.dirty || this.fd < 0) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd < 0) return;
    this.sync();
    closeSync(this.fd);
    this.fd = -1;
  }

  private startSegment(first: number): void {
    if (this.fd >= 0) {
      fdatasyncSync(this.fd);
      closeSync(this.fd);
    }
    const path = join(this.dir, `${String(first).padStart(16, '0')}.log`);
    this.fd = openSync(path, 'w+');
    this.segments.push({ first, path });
    this.size = 0;
    this.dirty = false;
    if (this.segments.length === 1) this.nextSeq = first;
  }

  /** Deletes segments whose every record is before the committed sequence (never the one being written). */
  private dropCommittedSegments(): void {
    while (this.segments.length > 1 && this.segments[1]!.first <= this.committedSeq) {
      rmSync(this.segments.shift()!.path, { force: true });
      this.cursor = null;
    }
  }

  /** The segment and byte offset of sequence `seq`, or null when it is not in the journal. */
  private locate(seq: number): { segment: number; offset: number } | null {
    if (seq >= this.nextSeq) return null;
    const cursor = this.cursor;
    if (cursor !== null && cursor.seq === seq && cursor.segment < this.segments.length) return { segment: cursor.segment, offset: cursor.offset };
    let segment = -1;
    for (let i = 0; i < this.segments.length; i++) if (this.segments[i]!.first <= seq) segment = i;
    if (segment < 0) return null;
    const fd = segment === this.segments.length - 1 ? this.fd : openSync(this.segments[segment]!.path, 'r');
    try {
      let offset = 0;
      for (let s = this.segments[segment]!.first; s < seq; s++) {
        readSync(fd, this.header, 0, 4, offset);
        offset += 4 + this.header.readUInt32LE(0);
      }
      return { segment, offset };
    } finally {
      if (fd !== this.fd) closeSync(fd);
    }
  }
}

function readCommitted(path: string): number {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** Counts the whole records of a segment and where they end (a torn tail is not counted). */
function scanSegment(fd: number): { count: number; bytes: number } {
  const length = fstatSync(fd).size;
  const header = Buffer.alloc(4);
  let bytes = 0;
  let count = 0;
  while (bytes + HEADER_BYTES <= length) {
    readSync(fd, header, 0, 4, bytes);
    const next = bytes + 4 + header.readUInt32LE(0);
    if (next > length) break;
    bytes = next;
    count++;
  }
  return { count, bytes };
}

function readChunk(source: number | string, offset: number, length: number): Buffer {
  const fd = typeof source === 'number' ? source : openSync(source, 'r');
  try {
    const size = fstatSync(fd).size;
    const wanted = Math.max(0, Math.min(length, size - offset));
    let buffer = Buffer.allocUnsafe(wanted);
    let read = readSync(fd, buffer, 0, wanted, offset);
    // A record larger than the chunk: read exactly that record.
    if (read >= 4) {
      const first = 4 + buffer.readUInt32LE(0);
      if (first > read && offset + first <= size) {
        buffer = Buffer.allocUnsafe(first);
        read = readSync(fd, buffer, 0, first, offset);
      }
    }
    return buffer.subarray(0, read);
  } finally {
    if (fd !== source) closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer, position: number): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written, position + written);
}
