/** The offset range of one partition seen in one batch, with the newest event time it fed to windows. */
import type { SourcePosition } from '../../src-shared/domain/reading';

export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  first: string;
  last: string;
  maxEventTs: number;
}

export function laneOf(position: { readonly topic: string; readonly partition: number }): string {
  return `${position.topic}\u0000${position.partition}`;
}

/** Extends the range of `position`'s partition (`key` is laneOf(position), computed once per partition by the caller). */
export function trackRange(ranges: Map<string, PartitionRange>, key: string, position: SourcePosition, eventTs: number): void {
  const range = ranges.get(key);
  if (range === undefined) {
    ranges.set(key, { topic: position.topic, partition: position.partition, first: position.offset, last: position.offset, maxEventTs: eventTs });
    return;
  }
  range.last = position.offset;
  if (eventTs > range.maxEventTs) range.maxEventTs = eventTs;
}

/**
 * Per partition, one past the newest offset this process has taken. A message before it is a redelivery
 * — a reconnect or rebalance re-reads from the last commit — whose effects are already in the windows:
 * taken again it would be late and merged twice. Offsets are compared as decimal strings (no BigInt per message).
 */
export class TakenOffsets {
  private readonly next = new Map<string, string>();

  /** One past the newest offset taken in the partition `lane`, or null. */
  nextOf(lane: string): string | null {
    return this.next.get(lane) ?? null;
  }

  /** Moves each partition's mark past the batch's ranges. */
  note(ranges: ReadonlyMap<string, PartitionRange>): void {
    for (const [lane, range] of ranges) {
      const next = (BigInt(range.last) + 1n).toString();
      const known = this.next.get(lane);
      if (known === undefined || isOffsetBefore(known, next)) this.next.set(lane, next);
    }
  }
}

/** a < b for Kafka offsets as decimal strings without leading zeros. */
export function isOffsetBefore(a: string, b: string): boolean {
  return a.length < b.length || (a.length === b.length && a < b);
}
