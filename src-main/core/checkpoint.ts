/**
 * Checkpoint: the third of the pipeline's parts, and the one owner of the core guarantee "offsets are
 * committed only once what they feed is durable" (docs/DESIGN.md, "Offsets follow storage"). It holds the
 * store writes in flight (write-behind), the processed offset ranges (offset tracker) and the resume
 * point, and it alone decides and performs the commit — on its own timer, through the source's commit.
 */
import type { SourcePosition } from '../../src-shared/domain/reading';
import { OffsetTracker } from './offset-tracker';
import type { PartitionRange } from './partition-ranges';
import { WriteBehind } from './write-behind';
import type { LateProgress } from './ports';
import type { ClosedBound } from './windows/closed-bounds';

/**
 * Where committed positions go: a source that has offsets (Kafka). The resume point (the event time the
 * committed positions are safe up to) is saved first: stopped between the two, a restart re-reads a little more.
 */
export interface CommitTarget {
  /** ReadingSource.commit: the next offset to read, per partition. */
  commit(positions: readonly SourcePosition[]): Promise<void>;
  /** False while the source cannot commit (not connected): the commit waits for the next turn. */
  canCommit(): boolean;
  saveResumePoint(eventTime: number): Promise<void>;
}

/** What a commit did: nothing to commit, the source not ready, or the positions it committed. */
export type CommitOutcome = { readonly committed: readonly SourcePosition[] } | { readonly skipped: 'nothing-new' | 'not-ready' | 'no-offsets' };

export class Checkpoint {
  private readonly writes = new WriteBehind();
  private readonly offsets = new OffsetTracker();
  /**
   * The oldest window start not yet durably stored: readings at or after it may still be needed to
   * rebuild open windows after a restart. Advanced only once the store accepted the closed windows.
   */
  private durableOpenStart: number | null = null;
  private hasDurableOpenStart = false;
  /** Per window size, what was durably stored as of the same step (see ClosedBound); empty until then. */
  private durableClosedBefore: readonly ClosedBound[] = [];
  /** The commit in progress: one at a time, whether from the timer or a stop. */
  private committing: Promise<CommitOutcome> | null = null;
  /** Per partition, one past the newest offset of every range submitted so far (durable or not). */
  private readonly submitted = new Map<string, SourcePosition>();
  /** The steps carry the progress to the store (stepProgress): the commit then saves none of its own. */
  private isProgressWithSteps = false;

  constructor(
    private readonly target: CommitTarget | null,
    /** The oldest open window start now, used until the first write is durable. */
    private readonly oldestOpenStart: () => number | null,
    /** Where the late-merge progress goes before each commit (Store.saveLateProgress); absent: nowhere. */
    private readonly saveLateProgress?: (progress: LateProgress) => Promise<void>,
  ) {}

  /**
   * Takes one step's store writes. Once they and every earlier write are durable, the windows before
   * `openStart` (and, per size, before `closedBefore`) count as stored and `ranges` as processed; an
   * undefined `openStart` (a step that drained no windows) leaves what counts as stored as it was. Resolves
   * at once unless too many writes are in flight (backpressure, see WriteBehind); rejects after a failed write.
   */
  submit(writes: readonly Promise<void>[], rows: number, openStart: number | null | undefined, ranges?: ReadonlyMap<string, PartitionRange>, closedBefore: readonly ClosedBound[] = []): Promise<void> {
    return this.writes.submit(writes, rows, () => {
      if (openStart !== undefined) {
        this.durableOpenStart = openStart;
        this.hasDurableOpenStart = true;
        this.durableClosedBefore = closedBefore;
      }
      if (ranges !== undefined) for (const r of ranges.values()) this.offsets.record(r.topic, r.partition, r.first, r.last, r.maxEventTs);
    });
  }

  /**
   * Notes the ranges of every step, and returns the late-merge progress through this one when it writes
   * (`isWriting`: it stores windows or merges late values), for the store to save in the same transaction
   * as the step's last window write (Store.writeWindows, mergeLate): every write before it is applied
   * first, so once that transaction commits the progress is exact, and no stored window is ever newer
   * than the saved progress — a crash right after a step cannot leave windows the progress does not cover.
   * The ranges of a step that writes nothing count too: a later step (another partition's, or a tick) may
   * close windows holding their readings. Undefined without a progress store, a range so far, or a write;
   * once given, the commit stops saving its own (older) one.
   */
  stepProgress(ranges: ReadonlyMap<string, PartitionRange> | undefined, openStart: number | null, closedBefore: readonly ClosedBound[], isWriting: boolean): LateProgress | undefined {
    if (this.saveLateProgress === undefined) return undefined;
    if (ranges !== undefined) {
      for (const r of ranges.values()) {
        const key = `${r.topic}\u0000${r.partition}`;
        const next = BigInt(r.last) + 1n;
        const previous = this.submitted.get(key);
        if (previous === undefined || next > BigInt(previous.offset)) this.submitted.set(key, { topic: r.topic, partition: r.partition, offset: next.toString() });
      }
    }
    if (!isWriting || this.submitted.size === 0) return undefined;
    this.isProgressWithSteps = true;
    return { resumeFrom: openStart, processed: [...this.submitted.values()], closedBefore };
  }

  /**
   * Positions safe to commit: everything before the first processed range that still holds a reading
   * of a window not durably stored. Also returns the event time they are safe up to, to persist.
   */
  safePositions(): { readonly positions: SourcePosition[]; readonly resumeFrom: number | null } {
    const open = this.hasDurableOpenStart ? this.durableOpenStart : this.oldestOpenStart();
    return { positions: this.offsets.safePositions(open), resumeFrom: open };
  }

  /** Commits what is safe now; waits for a commit already under way rather than running two. */
  commit(): Promise<CommitOutcome> {
    this.committing ??= this.commitNow().finally(() => (this.committing = null));
    return this.committing;
  }

  /**
   * Commits every `everyMs` until the returned function is called; a failed commit goes to `onError`
   * and the next turn tries again (the positions stay safe to commit).
   */
  commitEvery(everyMs: number, onError: (error: unknown) => void): () => void {
    if (this.target === null) return () => undefined;
    const timer = setInterval(() => void this.commit().catch(onError), everyMs);
    return () => clearInterval(timer);
  }

  /** Resolves once every write handed over so far is durable; rejects with the first failed write. */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /** Rows handed to the store that are not durable yet. */
  pendingRows(): number {
    return this.writes.pendingRows();
  }

  throwIfFailed(): void {
    this.writes.throwIfFailed();
  }

  private async commitNow(): Promise<CommitOutcome> {
    const target = this.target;
    if (target === null) return { skipped: 'no-offsets' };
    const { positions, resumeFrom } = this.safePositions();
    if (positions.length === 0) return { skipped: 'nothing-new' };
    if (!target.canCommit()) return { skipped: 'not-ready' };
    // First the progress: from it, the late merges after a restart skip re-read messages whose effects
    // are stored already (docs/DESIGN.md, "Late data"). Durable before the resume point and the offsets move.
    // Saved by the steps themselves (stepProgress), newer than this and in order: saving this would put an older one over it.
    if (this.saveLateProgress !== undefined && !this.isProgressWithSteps) await this.saveLateProgress({ resumeFrom, processed: this.offsets.processedPositions(), closedBefore: this.durableClosedBefore });
    if (resumeFrom !== null) await target.saveResumePoint(resumeFrom);
    await target.commit(positions);
    this.offsets.markCommitted(positions);
    return { committed: positions };
  }
}
