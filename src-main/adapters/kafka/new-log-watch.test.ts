import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { BatchHandler, PartitionRef } from '../../core/ports';
import type { SourcePosition } from '../../../src-shared/domain/reading';
import { NewLogWatch, type PartitionOffsets } from './new-log-watch';

const T = 'readings';
const FETCH = 'consumer.fetch';

/** The consumer calls NewLogWatch makes, recorded in order; a fetch's end is emitted as kafkajs does (FETCH, with its duration). */
function fakeConsumer(options: { failCommits?: boolean; skipCommits?: number } = {}) {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  /** The group's committed offset per partition, as the coordinator holds it. */
  const group = new Map<number, string>();
  let skips = options.skipCommits ?? 0;
  const consumer = {
    events: { FETCH },
    on: (event: string, listener: (e: unknown) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    commitOffsets: async (offsets: { topic: string; partition: number; offset: string }[]) => {
      if (options.failCommits === true) throw new Error('The coordinator is not aware of this member');
      for (const o of offsets) calls.push(`commit ${o.partition}@${o.offset}`);
      // kafkajs resolves without committing while it makes its consumer anew.
      if (skips > 0) skips--;
      else for (const o of offsets) group.set(o.partition, o.offset);
    },
    seek: (o: { topic: string; partition: number; offset: string }) => void calls.push(`seek ${o.partition}@${o.offset}`),
  } as unknown as Consumer;
  const fetchEnded = (): void => void emitter.emit(FETCH, { id: 1, type: FETCH, timestamp: Date.now() + 1_000, payload: { numberOfBatches: 0, duration: 5_000, nodeId: '1' } });
  return { consumer, calls, fetchEnded, group };
}

function watchWith(offsets: Record<number, { low: string; high: string }>, calls: string[], warnings: string[] = [], group = new Map<number, string>()) {
  const handler = {
    onRewind: async (p: PartitionRef, ends: () => Promise<readonly SourcePosition[]>) => void calls.push(`rewind ${p.partition} from ${(await ends())[0]!.offset}`),
  } as unknown as BatchHandler;
  return new NewLogWatch({
    offsets: async (topic, partition): Promise<PartitionOffsets> => ({ topic, partition, ...offsets[partition]! }),
    committed: async (_topic, partition) => group.get(partition) ?? '-1',
    handler: () => handler,
    warn: (text) => void warnings.push(text),
  });
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('NewLogWatch', () => {
  it('out of range after taking, not below the start: the new log\'s start is committed once the fetch has ended, and the engine takes nothing more of it', async () => {
    const { consumer, calls, fetchEnded, group } = fakeConsumer();
    const watch = watchWith({ 0: { low: '0', high: '0' } }, calls, [], group);
    watch.onTaken(T, 0, 600n);
    watch.onOutOfRange(consumer, T, 0);
    expect(watch.mayCommit(T, 0)).toBe(false);
    await settle();
    // The engine is replaced at once; kafkajs's own reset commit goes out inside the fetch that met the error: ours only after it.
    expect(calls).toEqual(['rewind 0 from 0']);
    expect(await watch.beforeBatch(T, 0, 0n)).toBe('hold');
    fetchEnded();
    await watch.settled();
    expect(calls).toEqual(['rewind 0 from 0', 'commit 0@0']);
    expect(watch.mayCommit(T, 0)).toBe(false);
    expect(await watch.beforeBatch(T, 0, 0n)).toBe('hold');
  });

  it('out of range below the start (retention deleted the messages): kafkajs\'s reset stands', async () => {
    const { consumer, calls } = fakeConsumer();
    const watch = watchWith({ 0: { low: '900', high: '1500' } }, calls);
    watch.onTaken(T, 0, 600n);
    watch.onOutOfRange(consumer, T, 0);
    await watch.settled();
    expect(calls).toEqual([]);
    expect(watch.mayCommit(T, 0)).toBe(true);
    expect(await watch.beforeBatch(T, 0, 1500n)).toBe('take');
  });

  it('out of range before taking anything (the group\'s commit beyond a log that starts at 0): sent back to the start, the old bookkeeping dropped before any batch', async () => {
    const { consumer, calls, fetchEnded, group } = fakeConsumer();
    const watch = watchWith({ 0: { low: '0', high: '451' } }, calls, [], group);
    watch.onOutOfRange(consumer, T, 0);
    // A batch fetched from kafkajs's reset point meanwhile waits for the verdict, and is held: the consumer goes back to 0.
    const early = watch.beforeBatch(T, 0, 451n);
    fetchEnded();
    expect(await early).toBe('hold');
    expect(calls).toEqual(['seek 0@0', 'commit 0@0', 'rewind 0 from 0']);
    expect(await watch.beforeBatch(T, 0, 0n)).toBe('take');
    expect(watch.mayCommit(T, 0)).toBe(true);
    // …and a log whose start is not 0 may have lost its head to retention: left to kafkajs.
    const other = fakeConsumer();
    const retained = watchWith({ 0: { low: '300', high: '451' } }, other.calls);
    retained.onOutOfRange(other.consumer, T, 0);
    await retained.settled();
    expect(other.calls).toEqual([]);
  });

  it('a group join whose end is below what this engine took: the new log\'s start committed and given as the end; a reset after it commits that start again', async () => {
    const { consumer, calls, fetchEnded, group } = fakeConsumer();
    const watch = watchWith({}, calls, [], group);
    watch.onTaken(T, 0, 600n);
    watch.onTaken(T, 1, 50n);
    watch.onGroupJoin();
    const ends = watch.atAssignment(consumer, [
      { topic: T, partition: 0, low: '0', high: '0' },
      { topic: T, partition: 1, low: '0', high: '80' },
    ], watch.generation);
    expect(ends).toEqual([
      { topic: T, partition: 0, offset: '0' },
      { topic: T, partition: 1, offset: '80' },
    ]);
    await watch.settled();
    // The drop and restart are asked for by the watch too (the handler's check may have given up waiting for these ends).
    expect(calls).toEqual(['commit 0@0', 'rewind 0 from 0']);
    expect([watch.mayCommit(T, 0), watch.mayCommit(T, 1)]).toEqual([false, true]);
    // kafkajs then fetches the old offset, finds it out of range and commits its reset point: ours goes out after it.
    watch.onOutOfRange(consumer, T, 0);
    fetchEnded();
    await watch.settled();
    expect(calls).toEqual(['commit 0@0', 'rewind 0 from 0', 'commit 0@0']);
    // A checkpoint commit sent before the join (kafkajs retried it while the topic was gone) settles after: the start again.
    group.set(0, '600');
    watch.afterCommit(consumer, [{ topic: T, partition: 0 }, { topic: T, partition: 1 }]);
    await watch.settled();
    expect(group.get(0)).toBe('0');
    expect(calls.slice(3)).toEqual(['commit 0@0']);
  });

  it('a commit kafkajs skipped (its consumer made anew) is read back and made again', async () => {
    const { consumer, calls, fetchEnded, group } = fakeConsumer({ skipCommits: 1 });
    const warnings: string[] = [];
    const watch = watchWith({ 0: { low: '0', high: '0' } }, calls, warnings, group);
    watch.onTaken(T, 0, 600n);
    watch.onOutOfRange(consumer, T, 0);
    fetchEnded();
    await watch.settled();
    expect(calls.filter((c) => c.startsWith('commit'))).toEqual(['commit 0@0', 'commit 0@0']);
    expect(group.get(0)).toBe('0');
    expect(warnings).toEqual([expect.stringContaining("reads -1; trying again")]);
  }, 10_000);

  it('a partition sent back to its start is not held for ever: a new generation fetches from the group\'s commit', async () => {
    const { consumer, calls, fetchEnded, group } = fakeConsumer();
    const watch = watchWith({ 0: { low: '0', high: '451' } }, calls, [], group);
    watch.onOutOfRange(consumer, T, 0);
    fetchEnded();
    await watch.settled();
    expect(await watch.beforeBatch(T, 0, 451n)).toBe('hold');
    watch.onGroupJoin();
    expect(await watch.beforeBatch(T, 0, 451n)).toBe('take');
  });

  it('a batch below what was taken: a redelivery goes on; below the end too, a new log', async () => {
    const { consumer, calls, group } = fakeConsumer();
    const watch = watchWith({ 0: { low: '0', high: '700' }, 1: { low: '0', high: '40' } }, calls, [], group);
    watch.onTaken(T, 0, 600n);
    watch.onTaken(T, 1, 300n);
    expect(await watch.beforeBatch(T, 0, 500n)).toEqual({ rewound: 600n });
    expect(await watch.goesOnAfterRewind(consumer, T, 0, 600n)).toBe(true);
    expect(await watch.goesOnAfterRewind(consumer, T, 1, 300n)).toBe(false);
    expect(calls).toEqual(['commit 1@0', 'rewind 1 from 0']);
    expect(await watch.beforeBatch(T, 1, 0n)).toBe('hold');
  });

  it('says so when the new log\'s start cannot be committed', async () => {
    const { consumer, calls, fetchEnded } = fakeConsumer({ failCommits: true });
    const warnings: string[] = [];
    const watch = watchWith({ 0: { low: '0', high: '0' } }, calls, warnings);
    watch.onTaken(T, 0, 600n);
    watch.onOutOfRange(consumer, T, 0);
    fetchEnded();
    await watch.settled();
    expect(warnings).toEqual([
      'the consumer group\'s position of topic "readings" partition 0 could not be set to its new log\'s start (offset 0): The coordinator is not aware of this member; trying again',
      'the consumer group\'s position of topic "readings" partition 0 could not be set to its new log\'s start (offset 0): The coordinator is not aware of this member; the next engine may start past the new messages below its old position',
    ]);
  }, 10_000);

  it('judges no ends read for an earlier join, nor a partition taken from since the join: its end may lie below what was taken since', async () => {
    const { consumer, calls } = fakeConsumer();
    const watch = watchWith({}, calls);
    watch.onTaken(T, 0, 600n);
    watch.onGroupJoin();
    const readFor = watch.generation;
    // The ends were read (end 550), then batches went on to 700 before they came back.
    watch.onTaken(T, 0, 700n);
    expect(watch.atAssignment(consumer, [{ topic: T, partition: 0, low: '0', high: '550' }], readFor)).toEqual([{ topic: T, partition: 0, offset: '550' }]);
    watch.onGroupJoin();
    expect(watch.atAssignment(consumer, [{ topic: T, partition: 0, low: '0', high: '0' }], readFor)).toEqual([{ topic: T, partition: 0, offset: '0' }]);
    await watch.settled();
    expect(calls).toEqual([]);
    expect(watch.mayCommit(T, 0)).toBe(true);
  });
});
