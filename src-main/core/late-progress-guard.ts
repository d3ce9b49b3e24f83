/**
 * The late-merge bookkeeping against each assigned partition's end (docs/DESIGN.md, "Late data"). The saved
 * progress rows and journaled positions describe messages by offset; a topic deleted and created again under
 * the same name starts its offsets again, and its new messages would be taken for stored or merged before.
 * A saved row can only lie beyond a partition's end when that happened (or an unclean leader election
 * truncated the log), so at each assignment, before the partition's first batch, the ends are read and what
 * lies beyond them is dropped. Read after the group join, each end is past every offset that any member
 * (this one before a rebalance included) had fetched before it, so nothing a live member saved is dropped.
 */
import type { SourcePosition } from '../../src-shared/domain/reading';
import type { DroppedLateProgress, PartitionRef, Store } from './ports';

/** Drops what lies beyond the partitions' ends; resolves with a line for the log, or null when nothing did. Never rejects. */
export async function dropLateProgressBeyondEnds(store: Store, partitions: readonly PartitionRef[], readEnds: () => Promise<readonly SourcePosition[]>): Promise<string | null> {
  if (store.dropLateProgressBeyond === undefined || partitions.length === 0) return null;
  const assigned = new Set(partitions.map((p) => key(p)));
  let ends: SourcePosition[];
  try {
    ends = (await readEnds()).filter((e) => assigned.has(key(e)));
  } catch (error) {
    return `the late-merge progress was not checked against the partitions' ends (they could not be read: ${describe(error)}); a topic deleted and created again under the same name may have late readings skipped`;
  }
  let dropped: readonly DroppedLateProgress[];
  try {
    dropped = await store.dropLateProgressBeyond(ends);
  } catch (error) {
    return `the late-merge progress was not checked against the partitions' ends (${describe(error)}); a topic deleted and created again under the same name may have late readings skipped`;
  }
  if (dropped.length === 0) return null;
  return dropped.map(sentence).join('; ');
}

function sentence(d: DroppedLateProgress): string {
  const what = [d.processed === null ? null : `late-merge progress up to offset ${d.processed}`, d.journaled === 0 ? null : `${d.journaled} merged position(s)`].filter((x) => x !== null).join(' and ');
  return `topic "${d.topic}" partition ${d.partition} ends at offset ${d.end}, before the saved ${what}: the topic was deleted and created again (or its log truncated), so that bookkeeping was dropped and its new messages are merged as late readings`;
}

function key(p: PartitionRef): string {
  return `${p.topic}\u0001${p.partition}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
