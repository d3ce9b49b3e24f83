/**
 * A partition whose log was made again — its topic deleted and created again under the same name, or the log
 * truncated — while Stationwatch reads it or was closed (docs/DESIGN.md, "Late data"). Its offsets start again
 * below what was read, so kafkajs's own answers lose the new messages: a fetch offset out of range is reset to the
 * start setting (the end, under the default "latest") and that reset point committed for the group, and the engine's
 * checkpoint may commit the old log's offsets onto the new one. The Kafka source reports what it sees here, and
 * this tells it, per partition, whether to commit, to hand a batch on, or to wait; it commits the new log's start
 * for the group, and has the handler drop what is kept for the old log (BatchHandler.onRewind) and, when this
 * engine took from the old log, ask for a new engine.
 */
import type { Consumer } from 'kafkajs';
import type { SourcePosition } from '../../../src-shared/domain/reading';
import type { BatchHandler } from '../../core/ports';
import { within } from '../../core/late-progress-guard';
import { fetchEndedAfter } from './consumer-timing';
import { partitionKey } from './source-metrics';

/** How long a reset partition waits at most for kafkajs's own reset commit to go out before the new log's start is committed. */
const RESET_COMMIT_WAIT_MS = 5_000;
/** Tries at committing a new log's start, each within COMMIT_DEADLINE_MS and read back within READ_BACK_MS, COMMIT_RETRY_MS apart. */
const COMMIT_TRIES = 3;
const COMMIT_DEADLINE_MS = 5_000;
const READ_BACK_MS = 3_000;
const COMMIT_RETRY_MS = 1_000;

export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

export interface NewLogWatchDeps {
  /** One partition's start and end, read now (rejects when they cannot be read in time). */
  readonly offsets: (topic: string, partition: number) => Promise<PartitionOffsets>;
  /** The group's committed offset of one partition, read now ('-1': none). */
  readonly committed: (topic: string, partition: number) => Promise<string>;
  readonly handler: () => BatchHandler | null;
  /** Where a failure that may lose messages is said (the engine's log). */
  readonly warn: (text: string) => void;
}

/** What to do with a fetched batch (see NewLogWatch.beforeBatch). */
export type BatchVerdict = 'take' | 'hold' | { readonly rewound: bigint };

export class NewLogWatch {
  /** Per partition, the offset after the last message taken since the last group join: kafkajs fetches from there. */
  private nextToTake = new Map<string, bigint>();
  /** Per partition, the offset after the last message this engine took, in any generation. */
  private readonly lastTaken = new Map<string, bigint>();
  /** Partitions found to be a new log after this engine took from the old one, with the new log's start: nothing more of them is committed or handed on. */
  private readonly replaced = new Map<string, string>();
  /** Partitions this engine had not taken from, found to be a new log and sent back to its start: batches from further on wait for that fetch. */
  private readonly sentBack = new Map<string, bigint>();
  /** Partitions whose reset is being judged (and, sent back, dropped): nothing of them is committed or handed on before it settles. */
  private readonly pending = new Map<string, Promise<void>>();
  /** Commits of a new log's start under way, one after another per partition: the checkpoint commits nothing of it meanwhile. Batches do not wait for them. */
  private readonly committing = new Map<string, Promise<void>>();
  /** Group joins seen: ends read for an earlier one are not judged. */
  private joins = 0;

  constructor(private readonly deps: NewLogWatchDeps) {}

  /** A new generation: kafkajs fetches each partition from the group's commit. */
  onGroupJoin(): void {
    this.joins++;
    this.nextToTake = new Map();
    // A seek not yet taken is lost with a consumer kafkajs made anew; the new generation fetches from the group's commit (the start, committed).
    this.sentBack.clear();
  }

  /** Messages up to `next` (exclusive) of the partition were handed on and taken. */
  onTaken(topic: string, partition: number, next: bigint): void {
    const key = partitionKey(topic, partition);
    this.nextToTake.set(key, next);
    this.lastTaken.set(key, next);
  }

  /** Whether the checkpoint may commit this partition's positions now. */
  mayCommit(topic: string, partition: number): boolean {
    const key = partitionKey(topic, partition);
    return !this.replaced.has(key) && !this.pending.has(key) && !this.committing.has(key);
  }

  /** The current group join, for atAssignment. */
  get generation(): number {
    return this.joins;
  }

  /** Settles once every reset under way has committed (each within its deadlines): stopping waits for it. */
  settled(): Promise<void> {
    // Judgements first: they start the commits.
    return Promise.all(this.pending.values()).then(() => Promise.all(this.committing.values())).then(() => undefined);
  }

  /**
   * At a group join, with the assigned partitions' starts and ends: a partition whose end is below what this engine
   * took is a new log (the topic was made again while the consumer was out of the group). Its start is committed for
   * the group, and its end is given to the handler's check as that start, so everything kept for the old log goes.
   * Judged only while the join the ends were read for (`generation`) is current and nothing of the partition was taken
   * since it: else what was taken since may lie past an end read before it, a live log taken for a new one.
   * Returns the ends for the handler (BatchHandler.onAssignment).
   */
  atAssignment(consumer: Consumer, offsets: readonly PartitionOffsets[], generation: number): SourcePosition[] {
    return offsets.map((o) => {
      const key = partitionKey(o.topic, o.partition);
      const taken = this.lastTaken.get(key);
      const isJudged = generation === this.joins && !this.nextToTake.has(key) && !this.replaced.has(key);
      if (isJudged && taken !== undefined && BigInt(o.high) < taken) {
        this.replaced.set(key, o.low);
        this.commitLater(key, () => this.commitStart(consumer, o.topic, o.partition, o.low));
        // Also when the handler's check gave up waiting for these ends (they came late): the drop and the restart are asked for again, harmlessly.
        void this.rewind(o.topic, o.partition, o.low);
      }
      return { topic: o.topic, partition: o.partition, offset: this.replaced.get(key) ?? o.high };
    });
  }

  /**
   * A commit of the checkpoint's has settled (it may have been sent before a partition was found to be a new log, and
   * kafkajs retries one refused while the topic was gone until after the rejoin): a new log's start is committed again.
   */
  afterCommit(consumer: Consumer, positions: readonly { readonly topic: string; readonly partition: number }[]): void {
    for (const p of positions) {
      const key = partitionKey(p.topic, p.partition);
      const start = this.replaced.get(key);
      if (start !== undefined) this.commitLater(key, () => this.commitStart(consumer, p.topic, p.partition, start));
    }
  }

  /**
   * Before a fetched batch (fetched from offset `first`) is handed on: waits for a reset under way, then says whether to take
   * it, hold the partition (a new log this engine does not read, or a batch from before it was sent back to its
   * start), or — a batch that starts below what was taken in this generation — judge a rewind first.
   */
  beforeBatch(topic: string, partition: number, first: bigint): BatchVerdict | Promise<BatchVerdict> {
    const key = partitionKey(topic, partition);
    const pending = this.pending.get(key);
    // Most batches: nothing under way, no promise (the hot path).
    return pending === undefined ? this.verdict(key, first) : pending.then(() => this.verdict(key, first));
  }

  private verdict(key: string, first: bigint): BatchVerdict {
    if (this.replaced.has(key)) return 'hold';
    const start = this.sentBack.get(key);
    if (start !== undefined) {
      if (first > start) return 'hold';
      this.sentBack.delete(key);
    }
    const expected = this.nextToTake.get(key);
    return expected !== undefined && first < expected ? { rewound: expected } : 'take';
  }

  /**
   * A batch that starts below what was taken, in one generation, with no out-of-range reset seen: fetched again (a
   * redelivery: true, go on) or the start of a new log (its end below that offset). Then, as at a reset, the group's
   * commit is set to the new log's start and the handler asks for a new engine; the batch is not handed on.
   * Offsets that cannot be read: false, and the caller holds the partition (its next fetch asks again).
   */
  async goesOnAfterRewind(consumer: Consumer, topic: string, partition: number, expected: bigint): Promise<boolean> {
    let offsets: PartitionOffsets;
    try {
      offsets = await this.deps.offsets(topic, partition);
    } catch {
      return false;
    }
    const key = partitionKey(topic, partition);
    this.nextToTake.delete(key);
    if (BigInt(offsets.high) >= expected) return true;
    this.replaced.set(key, offsets.low);
    await this.commitStart(consumer, topic, partition, offsets.low);
    await this.rewind(topic, partition, offsets.low);
    return false;
  }

  /**
   * kafkajs found the partition's fetch offset out of range, and resets it to the start setting, committing that
   * reset point. The offset it fetched from is the one after the last message taken when taken from in this
   * generation, else the group's commit (not known here). Below the partition's start (read now), the messages were
   * deleted by retention and kafkajs's reset stands; a group's commit out of range of a log starting at 0 lay beyond
   * its end. Otherwise the log was made again (or truncated), maybe still empty or shorter: its start is committed for
   * the group once the fetch that met the error has ended (kafkajs's reset commit goes out inside it), at once rather
   * than at the new log's first batch, which an engine stopped in between never saw. If this engine took from the old
   * log, it takes nothing more of the partition and the handler asks for a new engine; else the consumer is sent back
   * to the new log's start and goes on, after the handler has dropped what was kept for the old log. A partition
   * already known as a new log has its start committed again, over kafkajs's reset point.
   */
  onOutOfRange(consumer: Consumer, topic: string, partition: number): void {
    const key = partitionKey(topic, partition);
    const fetchEnded = fetchEndedAfter(consumer, Date.now(), RESET_COMMIT_WAIT_MS);
    const known = this.replaced.get(key);
    if (known !== undefined) {
      // After a commit still under way (a join's) too: kafkajs's reset point must not be the last word.
      this.commitLater(key, () => fetchEnded.then(() => this.commitStart(consumer, topic, partition, known)));
      return;
    }
    if (this.pending.has(key)) return;
    const expected = this.nextToTake.get(key);
    const judged = this.judgeReset(consumer, topic, partition, expected, fetchEnded);
    queueOn(this.pending, key, () => judged.then(() => undefined));
    void judged.then((start) => (start === null ? undefined : this.rewind(topic, partition, start)));
  }

  /** The reset's verdict: the new log's start when this engine took from the old one (a new engine is needed), else null. */
  private async judgeReset(consumer: Consumer, topic: string, partition: number, expected: bigint | undefined, fetchEnded: Promise<void>): Promise<string | null> {
    let offsets: PartitionOffsets;
    try {
      offsets = await this.deps.offsets(topic, partition);
    } catch {
      return null;
    }
    const low = BigInt(offsets.low);
    if (expected !== undefined ? expected < low : low !== 0n) return null;
    const key = partitionKey(topic, partition);
    // The group's position, after kafkajs's reset commit: batches do not wait for it (its tries may outlast the group's session).
    this.commitLater(key, () => fetchEnded.then(() => this.commitStart(consumer, topic, partition, offsets.low)));
    if (this.lastTaken.has(key)) {
      this.replaced.set(key, offsets.low);
      this.nextToTake.delete(key);
      return offsets.low;
    }
    await fetchEnded;
    try {
      consumer.seek({ topic, partition, offset: offsets.low });
      this.sentBack.set(key, low);
    } catch (error) {
      this.deps.warn(`topic "${topic}" partition ${partition} was made again, but the consumer could not be sent back to its start (${describe(error)}); the group's position is there for the next engine`);
    }
    // Inside the wait: the handler's drop is queued before the partition's first batch is handed on.
    await this.rewind(topic, partition, offsets.low);
    return null;
  }

  /** Tells the handler that the partition's log differs from `from` on: what was kept for the old log goes. */
  private async rewind(topic: string, partition: number, from: string): Promise<void> {
    try {
      await this.deps.handler()?.onRewind?.({ topic, partition }, async () => [{ topic, partition, offset: from }]);
    } catch (error) {
      this.deps.warn(`the late-merge bookkeeping of topic "${topic}" partition ${partition} was not checked after its log was made again: ${describe(error)}`);
    }
  }

  /**
   * Commits the new log's start for the group and reads it back (kafkajs skips a commit while it makes its consumer
   * anew), a few times if need be; says so at the first failure and when it gives up.
   */
  private async commitStart(consumer: Consumer, topic: string, partition: number, start: string): Promise<void> {
    for (let attempt = 1; attempt <= COMMIT_TRIES; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, COMMIT_RETRY_MS).unref());
      let failure: string;
      try {
        await within(consumer.commitOffsets([{ topic, partition, offset: start }]), COMMIT_DEADLINE_MS);
        // Not read back in time (a slow or unreachable broker): the commit went through, as far as can be told.
        const now = await within(this.deps.committed(topic, partition), READ_BACK_MS).catch(() => start);
        if (now === start) return;
        failure = `the group's position reads ${now}`;
      } catch (error) {
        failure = describe(error);
      }
      if (attempt === 1 || attempt === COMMIT_TRIES) {
        const outcome = attempt < COMMIT_TRIES ? 'trying again' : 'the next engine may start past the new messages below its old position';
        this.deps.warn(`the consumer group's position of topic "${topic}" partition ${partition} could not be set to its new log's start (offset ${start}): ${failure}; ${outcome}`);
      }
    }
  }

  /** Runs `work` after the partition's commits under way, tracked until it settles (never rejects). */
  private commitLater(key: string, work: () => Promise<void>): void {
    queueOn(this.committing, key, work);
  }
}

/** Runs `work` after what `key` has under way in `queue`; the entry stays until the last work queued settles (never rejects). */
function queueOn(queue: Map<string, Promise<void>>, key: string, work: () => Promise<void>): void {
  const settled: Promise<void> = Promise.resolve(queue.get(key))
    .then(work)
    .catch(() => undefined)
    .finally(() => {
      if (queue.get(key) === settled) queue.delete(key);
    });
  queue.set(key, settled);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
