/** The checkpoint is the one owner of commits: only durable positions, resume point first, one commit at a time. */
import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../src-shared/domain/reading';
import { Checkpoint, type CommitTarget } from './checkpoint';
import type { LateProgress } from './ports';

function recordingTarget(ready = true) {
  const calls: string[] = [];
  const committed: SourcePosition[][] = [];
  let canCommit = ready;
  let gate: Promise<void> = Promise.resolve();
  const target: CommitTarget = {
    commit: async (positions) => {
      await gate;
      calls.push('commit');
      committed.push([...positions]);
    },
    canCommit: () => canCommit,
    saveResumePoint: async (eventTime) => {
      calls.push(`resume:${eventTime}`);
    },
  };
  return { target, calls, committed, setReady: (r: boolean) => (canCommit = r), hold: (p: Promise<void>) => (gate = p) };
}

const range = (first: string, last: string, maxEventTs: number) => new Map([['p0', { topic: 't', partition: 0, first, last, maxEventTs }]]);

describe('Checkpoint', () => {
  it('commits nothing before the writes are durable, then the safe positions, saving the resume point first', async () => {
    const { target, calls, committed } = recordingTarget();
    const checkpoint = new Checkpoint(target, () => 5_000);
    let release = (): void => undefined;
    const write = new Promise<void>((resolve) => (release = resolve));
    await checkpoint.submit([write], 1, 10_000, range('0', '9', 9_000));
    expect(await checkpoint.commit()).toEqual({ skipped: 'nothing-new' });
    release();
    await checkpoint.flush();
    expect(await checkpoint.commit()).toEqual({ committed: [{ topic: 't', partition: 0, offset: '10' }] });
    expect(calls).toEqual(['resume:10000', 'commit']);
    expect(committed).toEqual([[{ topic: 't', partition: 0, offset: '10' }]]);
    // Committed once: the next turn has nothing new.
    expect(await checkpoint.commit()).toEqual({ skipped: 'nothing-new' });
  });

  it('saves the late progress of the last durable step before the resume point: processed offsets and each size\'s closed bound', async () => {
    const { target, calls } = recordingTarget();
    const saved: LateProgress[] = [];
    const checkpoint = new Checkpoint(target, () => null, async (progress) => {
      calls.push('progress');
      saved.push(progress);
    });
    const bounds = (ten: number, minute: number) => [{ sizeMs: 10_000, before: ten }, { sizeMs: 60_000, before: minute }];
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await checkpoint.submit([], 0, 60_000, range('0', '9', 75_000), bounds(70_000, 60_000));
    // A later step not durable yet: neither its offsets nor its bounds count.
    await checkpoint.submit([held], 1, 120_000, range('10', '19', 135_000), bounds(130_000, 120_000));
    await Promise.resolve();
    expect(await checkpoint.commit()).toEqual({ committed: [{ topic: 't', partition: 0, offset: '0' }] });
    expect(saved).toEqual([{ resumeFrom: 60_000, processed: [{ topic: 't', partition: 0, offset: '10' }], closedBefore: bounds(70_000, 60_000) }]);
    release();
    await checkpoint.flush();
    await checkpoint.commit();
    expect(saved[1]).toEqual({ resumeFrom: 120_000, processed: [{ topic: 't', partition: 0, offset: '20' }], closedBefore: bounds(130_000, 120_000) });
    expect(calls).toEqual(['progress', 'resume:60000', 'commit', 'progress', 'resume:120000', 'commit']);
  });

  it('holds a range back while it feeds a window that is not stored yet', async () => {
    const { target } = recordingTarget();
    const checkpoint = new Checkpoint(target, () => null);
    // Readings up to event time 12,000 in offsets 0..9, but windows from 10,000 on are still open.
    await checkpoint.submit([], 0, 10_000, range('0', '9', 12_000));
    await checkpoint.flush();
    expect(await checkpoint.commit()).toEqual({ committed: [{ topic: 't', partition: 0, offset: '0' }] });
  });

  it('waits while the source cannot commit, and never runs two commits at once', async () => {
    const { target, committed, setReady, hold } = recordingTarget(false);
    const checkpoint = new Checkpoint(target, () => null);
    await checkpoint.submit([], 0, 50_000, range('0', '4', 1_000));
    await checkpoint.flush();
    expect(await checkpoint.commit()).toEqual({ skipped: 'not-ready' });
    setReady(true);
    let open = (): void => undefined;
    hold(new Promise<void>((resolve) => (open = resolve)));
    const first = checkpoint.commit();
    const second = checkpoint.commit();
    expect(second).toBe(first);
    open();
    await first;
    expect(committed).toHaveLength(1);
  });

  it('a source without offsets commits nothing and starts no timer', async () => {
    const checkpoint = new Checkpoint(null, () => null);
    expect(await checkpoint.commit()).toEqual({ skipped: 'no-offsets' });
    const stop = checkpoint.commitEvery(1, () => undefined);
    stop();
  });

  it('commits on its own timer until stopped', async () => {
    const { target, committed } = recordingTarget();
    const checkpoint = new Checkpoint(target, () => null);
    await checkpoint.submit([], 0, 50_000, range('0', '4', 1_000));
    await checkpoint.flush();
    const errors: unknown[] = [];
    const stop = checkpoint.commitEvery(5, (error) => errors.push(error));
    await new Promise((resolve) => setTimeout(resolve, 40));
    stop();
    expect(committed).toEqual([[{ topic: 't', partition: 0, offset: '5' }]]);
    expect(errors).toEqual([]);
  });
  it('gives each step the progress through it, for the store to save with the step\'s last window write, and then saves none of its own at a commit', async () => {
    const { target, calls } = recordingTarget();
    const saved: LateProgress[] = [];
    const checkpoint = new Checkpoint(target, () => null, async (progress) => void saved.push(progress));
    const bounds = [{ sizeMs: 10_000, before: 70_000 }];
    expect(checkpoint.stepProgress(undefined, 60_000, bounds, true)).toBeUndefined();
    // A step that writes nothing gives no progress, but its ranges count in the next one's (a later step may store their windows).
    expect(checkpoint.stepProgress(range('0', '4', 70_000), 60_000, bounds, false)).toBeUndefined();
    expect(checkpoint.stepProgress(undefined, 60_000, bounds, true)).toEqual({ resumeFrom: 60_000, processed: [{ topic: 't', partition: 0, offset: '5' }], closedBefore: bounds });
    const two = new Map([...range('0', '9', 75_000), ['p1', { topic: 't', partition: 1, first: '100', last: '140', maxEventTs: 74_000 }]]);
    expect(checkpoint.stepProgress(two, 60_000, bounds, true)).toEqual({ resumeFrom: 60_000, processed: [{ topic: 't', partition: 0, offset: '10' }, { topic: 't', partition: 1, offset: '141' }], closedBefore: bounds });
    // Not yet durable, yet in the progress: the store saves it in the same transaction as the step's windows.
    expect(checkpoint.stepProgress(range('10', '19', 135_000), 120_000, [], true)).toEqual({ resumeFrom: 120_000, processed: [{ topic: 't', partition: 0, offset: '20' }, { topic: 't', partition: 1, offset: '141' }], closedBefore: [] });
    // A re-read range (after a seek) does not move a partition back.
    expect(checkpoint.stepProgress(range('3', '5', 130_000), 120_000, [], true)?.processed[0]).toEqual({ topic: 't', partition: 0, offset: '20' });
    await checkpoint.submit([], 0, 120_000, range('0', '19', 135_000));
    await checkpoint.flush();
    expect(await checkpoint.commit()).toEqual({ committed: [{ topic: 't', partition: 0, offset: '0' }] });
    // The steps' progress is newer than the commit's and written in order: the commit writes none over it.
    expect(saved).toEqual([]);
    expect(calls).toEqual(['resume:120000', 'commit']);
  });

  it('gives no step progress without a progress store', () => {
    const checkpoint = new Checkpoint(recordingTarget().target, () => null);
    expect(checkpoint.stepProgress(range('0', '9', 75_000), 60_000, [], true)).toBeUndefined();
  });
});
