import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../src-shared/domain/reading';
import type { Store } from './ports';
import { checkAssignedEnds, type AssignmentCheck } from './late-progress-guard';

const ASSIGNED = [{ topic: 'readings', partition: 0 }, { topic: 'readings', partition: 2 }];
const AT = Date.UTC(2026, 11, 7, 12);

/** A store that records the drops it is handed, in order with anything else the test notes. */
function recordingStore(log: string[], failWith?: Error): Store {
  return {
    dropLateProgressBeyond: (ends, at) => {
      log.push(`drop ${ends.map((e) => `${e.partition}@${e.offset}`).join(',')} at ${at}`);
      return failWith === undefined ? Promise.resolve() : Promise.reject(failWith);
    },
  } as Partial<Store> as Store;
}

function check(store: Store, readEnds: AssignmentCheck['readEnds'], extra: Partial<AssignmentCheck> = {}): AssignmentCheck {
  return { store, partitions: ASSIGNED, readEnds, at: AT, takenNext: () => null, onWarning: () => undefined, isCurrent: () => true, ...extra };
}

const ends = async (): Promise<SourcePosition[]> => [0, 1, 2].map((partition) => ({ topic: 'readings', partition, offset: String(100 + partition * 10) }));

describe('checkAssignedEnds', () => {
  it('queues the drop with the assigned partitions\' ends before it resolves, and says nothing when all is well', async () => {
    const log: string[] = [];
    const result = await checkAssignedEnds(check(recordingStore(log), ends));
    log.push('first batch');
    expect(log).toEqual([`drop 0@100,2@120 at ${AT}`, 'first batch']);
    expect(result).toEqual({ warnings: [], restart: null });
  });

  it('uses no ends that come too late or cannot be read: nothing is dropped, and a line says the check did not run', async () => {
    const log: string[] = [];
    const slow = (): Promise<SourcePosition[]> => new Promise((resolve) => setTimeout(() => resolve([{ topic: 'readings', partition: 0, offset: '100' }]), 200));
    const late = await checkAssignedEnds(check(recordingStore(log), slow, { deadlineMs: 20 }));
    expect(late).toEqual({ warnings: [expect.stringContaining('could not be read (not read within 0.02 s)')], restart: null });
    const failed = await checkAssignedEnds(check(recordingStore(log), () => Promise.reject(new Error('Connection timeout'))));
    expect(failed).toEqual({ warnings: [expect.stringContaining('could not be read (Connection timeout)')], restart: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log).toEqual([]);
  });

  it('reports a drop the store refuses through onWarning, and reads ends even for a store without late merges', async () => {
    const warnings: string[] = [];
    await checkAssignedEnds(check(recordingStore([], new Error('database unavailable')), ends, { onWarning: (text) => warnings.push(text) }));
    await Promise.resolve();
    expect(warnings).toEqual(['the late-merge progress beyond the partitions\' ends was not dropped: database unavailable']);
    expect(await checkAssignedEnds(check({} as Store, ends))).toEqual({ warnings: [], restart: null });
  });

  it('a partition created again while this engine reads it (its end below what was taken) asks for a new engine, saying why', async () => {
    const log: string[] = [];
    const result = await checkAssignedEnds(check(recordingStore(log), ends, { takenNext: (p) => (p.partition === 2 ? '5000' : '100') }));
    expect(result).toEqual({
      warnings: [],
      restart:
        'topic "readings" partition 2 is not, from offset 120 on, the log this engine read up to offset 5000: deleted and created again while being read. The engine restarts to read the new messages below those offsets, which it would otherwise take for ones it had read',
    });
    // The drop is queued all the same: the new engine's own check finds nothing more to drop.
    expect(log).toEqual([`drop 0@100,2@120 at ${AT}`]);
    // Taken up to the end exactly (nothing new yet) is not a new log.
    expect(await checkAssignedEnds(check(recordingStore([]), ends, { takenNext: (p) => (p.partition === 2 ? '120' : '100') }))).toEqual({ warnings: [], restart: null });
  });

  it('uses no ends of an assignment a newer one replaced while they were read: nothing dropped, nothing said', async () => {
    const log: string[] = [];
    let current = true;
    const slow = async (): Promise<SourcePosition[]> => {
      current = false;
      return [{ topic: 'readings', partition: 0, offset: '50' }];
    };
    expect(await checkAssignedEnds(check(recordingStore(log), slow, { isCurrent: () => current, takenNext: () => '120' }))).toEqual({ warnings: [], restart: null });
    expect(await checkAssignedEnds(check(recordingStore(log), () => Promise.reject(new Error('gone')), { isCurrent: () => false }))).toEqual({ warnings: [], restart: null });
    expect(log).toEqual([]);
  });
});
