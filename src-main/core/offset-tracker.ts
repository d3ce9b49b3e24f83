/**
 * Which Kafka offsets are safe to commit. Each processed batch is recorded per partition as a segment
 * (first offset, last offset, newest event time in it). A partition may be committed up to the first
 * segment that still holds a reading belonging to a window not yet closed and stored; after a restart the
 * engine re-reads from there and rebuilds the open windows, and idempotent upserts make the result exact.
 * This is the Kafka Streams discipline: commit only what is durable downstream.
 * Offsets are 64-bit decimal strings, so arithmetic is done with BigInt.
 */
import type { SourcePosition } from '../../src-shared/domain/reading';

interface Segment {
  first: bigint;
  last: bigint;
  maxEventTs: number;
}

interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  /** In offset order, not overlapping. */
  segments: Segment[];
  /** The last position handed out as committed (next offset to read), or null. */
  committed: bigint | null;
  /** One past the newest offset recorded as processed (durable effects), or null. */
  processed: bigint | null;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** Tracks processed offset ranges per partition and answers which positions are safe to commit. */
export class OffsetTracker {
  private readonly partitions = new Map<string, PartitionState>();

  /**
   * Records a processed batch of one partition. `maxEventTs` is the newest event time of the readings it
   * fed to windows; use -Infinity when it fed none (all rejected). A batch that overlaps earlier segments
   * (a re-read after a seek or rebalance) is merged with them, which can only make commits more careful.
   */
  record(topic: string, partition: number, firstOffset: string, lastOffset: string, maxEventTs: number): void {
    const first = BigInt(firstOffset);
    const last = BigInt(lastOffset);
    if (last < first) throw new RangeError(`lastOffset ${lastOffset} is before firstOffset ${firstOffset}`);
    const state = this.stateOf(topic, partition);
    if (state.processed === null || last + 1n > state.processed) state.processed = last + 1n;
    const segment: Segment = { first, last, maxEventTs };
    const segments = state.segments;
    const tail = segments[segments.length - 1];
    if (tail === undefined || tail.last < first) {
      segments.push(segment);
      return;
    }
    // Overlap: fold every segment that reaches into this one.
    const kept: Segment[] = [];
    for (const s of segments) {
      if (s.last < first || s.first > last) kept.push(s);
      else {
        segment.first = s.first < segment.first ? s.first : segment.first;
        segment.last = s.last > segment.last ? s.last : segment.last;
        segment.maxEventTs = Math.max(segment.maxEventTs, s.maxEventTs);
      }
    }
    kept.push(segment);
    kept.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    state.segments = kept;
  }

  /**
   * Per partition, the next offset that is safe to commit: the first offset of the first segment whose
   * readings may still sit in an open window (maxEventTs >= oldestOpenStart), or one past everything
   * processed. `oldestOpenStart` null means no window is open, so everything processed is safe.
   * Only partitions whose safe position moved past the last `markCommitted` are returned.
   */
  safePositions(oldestOpenStart: number | null): SourcePosition[] {
    const out: SourcePosition[] = [];
    for (const state of this.partitions.values()) {
      const safe = safeOffset(state.segments, oldestOpenStart);
      if (safe === null) continue;
      if (state.committed !== null && safe <= state.committed) continue;
      out.push({ topic: state.topic, partition: state.partition, offset: safe.toString() });
    }
    return out;
  }

  /**
   * Per partition, one past the newest offset processed so far: every message before it has had its
   * effects made durable (closed windows, late merges) or sits in a window still open. Saved with the
   * resume point so a restart can tell re-read messages from new ones (see Checkpoint).
   */
  processedPositions(): SourcePosition[] {
    const out: SourcePosition[] = [];
    for (const state of this.partitions.values()) if (state.processed !== null) out.push({ topic: state.topic, partition: state.partition, offset: state.processed.toString() });
    return out;
  }

  /** Notes positions as committed and forgets the segments wholly before them. */
  markCommitted(positions: readonly SourcePosition[]): void {
    for (const p of positions) {
      const state = this.stateOf(p.topic, p.partition);
      const offset = BigInt(p.offset);
      if (state.committed === null || offset > state.committed) state.committed = offset;
      state.segments = state.segments.filter((s) => s.last >= offset);
    }
  }

  /** Drops a partition (revoked in a rebalance): another consumer owns its offsets now. */
  forgetPartition(topic: string, partition: number): void {
    this.partitions.delete(partitionKey(topic, partition));
  }

  /** Number of segments held, for tests and the health view. */
  segmentCount(): number {
    let n = 0;
    for (const state of this.partitions.values()) n += state.segments.length;
    return n;
  }

  private stateOf(topic: string, partition: number): PartitionState {
    const key = partitionKey(topic, partition);
    let state = this.partitions.get(key);
    if (state === undefined) {
      state = { topic, partition, segments: [], committed: null, processed: null };
      this.partitions.set(key, state);
    }
    return state;
  }
}

function safeOffset(segments: readonly Segment[], oldestOpenStart: number | null): bigint | null {
  if (segments.length === 0) return null;
  if (oldestOpenStart !== null) {
    for (const s of segments) if (s.maxEventTs >= oldestOpenStart) return s.first;
  }
  return (segments[segments.length - 1] as Segment).last + 1n;
}
