/**
 * The late-merge bookkeeping against each assigned partition's end (docs/DESIGN.md, "Late data"). The saved
 * progress rows and journaled positions describe messages by offset; a topic deleted and created again under
 * the same name starts its offsets again, and its new messages would be taken for stored or merged before.
 * A saved row can only lie beyond a partition's end when that happened (or an unclean leader election
 * truncated the log), so at each assignment the ends are read and the store drops what lies beyond them —
 * a write in the store's order, queued before the partition's first batch is taken: it lands after every
 * write of the previous owner (whose fetches all came before the end was read) and before any of the new one.
 * Ends not read in time, or read for an assignment that a newer one replaced, are not used at all: a drop queued
 * later could delete what the new batches saved.
 */
import type { SourcePosition } from '../../src-shared/domain/reading';
import type { PartitionRef, Store } from './ports';

/** How long the ends may take to read; the Kafka source waits 10 s at most for the check. */
export const ENDS_DEADLINE_MS = 8_000;

export interface AssignmentCheck {
  readonly store: Store;
  readonly partitions: readonly PartitionRef[];
  readonly readEnds: () => Promise<readonly SourcePosition[]>;
  /** Now, for the shift-log entry of what is dropped. */
  readonly at: number;
  /** One past the newest offset this process has taken from the partition, or null. */
  readonly takenNext: (partition: PartitionRef) => string | null;
  /** Where a failure of the queued drop is reported (it settles after the check has returned). */
  readonly onWarning: (text: string) => void;
  /**
   * False once a newer assignment came: its check reads its own ends, and this one's — read before messages that
   * the newer generation may already have taken and saved — must not be used. A caught-up partition hands on no
   * batch, so nothing waits for this check and the consumer may rejoin before its ends arrive.
   */
  readonly isCurrent: () => boolean;
  readonly deadlineMs?: number;
}

/** What a check found: lines for the engine's log, and why the engine must restart (or null). */
export interface AssignmentCheckResult {
  readonly warnings: readonly string[];
  readonly restart: string | null;
}

const ALL_WELL: AssignmentCheckResult = { warnings: [], restart: null };

/**
 * Reads the ends and queues the drop; never rejects. A partition whose end is below what this process itself has
 * taken was created again while it was being read: its new messages below that offset would be taken for
 * redeliveries and skipped, so the engine must restart (a new one reads them from the group's commit, and its
 * own check drops nothing more: this one queued the drop).
 */
export async function checkAssignedEnds(check: AssignmentCheck): Promise<AssignmentCheckResult> {
  const { store, partitions } = check;
  if (partitions.length === 0) return ALL_WELL;
  const assigned = new Set(partitions.map((p) => key(p)));
  let ends: SourcePosition[];
  try {
    ends = (await within(check.readEnds(), check.deadlineMs ?? ENDS_DEADLINE_MS)).filter((e) => assigned.has(key(e)));
  } catch (error) {
    if (!check.isCurrent()) return ALL_WELL;
    return { warnings: [`the assigned partitions' ends could not be read (${describe(error)}), so the late-merge progress was not checked against them; a topic deleted and created again under the same name may have late readings skipped`], restart: null };
  }
  if (!check.isCurrent()) return ALL_WELL;
  store.dropLateProgressBeyond?.(ends, check.at).catch((error: unknown) => check.onWarning(`the late-merge progress beyond the partitions' ends was not dropped: ${describe(error)}`));
  const recreated: string[] = [];
  for (const end of ends) {
    const taken = check.takenNext(end);
    if (taken === null || BigInt(end.offset) >= BigInt(taken)) continue;
    recreated.push(`topic "${end.topic}" partition ${end.partition} is not, from offset ${end.offset} on, the log this engine read up to offset ${taken}`);
  }
  if (recreated.length === 0) return ALL_WELL;
  return { warnings: [], restart: `${recreated.join('; ')}: deleted and created again while being read. The engine restarts to read the new messages below those offsets, which it would otherwise take for ones it had read` };
}

/** `work`, or a rejection ("not read within …") once `ms` have passed. */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not read within ${ms / 1000} s`)), ms);
    timer.unref?.();
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function key(p: PartitionRef): string {
  return `${p.topic}\u0001${p.partition}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
