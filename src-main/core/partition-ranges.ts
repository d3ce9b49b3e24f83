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
