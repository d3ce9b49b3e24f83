import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../src-shared/domain/reading';
import type { DroppedLateProgress, Store } from './ports';
import { dropLateProgressBeyondEnds } from './late-progress-guard';

const ASSIGNED = [{ topic: 'readings', partition: 0 }, { topic: 'readings', partition: 2 }];

function storeDropping(dropped: readonly DroppedLateProgress[], calls: (readonly SourcePosition[])[]): Store {
  return {
    dropLateProgressBeyond: async (ends) => {
      calls.push(ends);
      return dropped;
    },
  } as Partial<Store> as Store;
}

describe('dropLateProgressBeyondEnds', () => {
  it('passes the assigned partitions\' ends to the store and says in plain words what was dropped', async () => {
    const calls: (readonly SourcePosition[])[] = [];
    const store = storeDropping([{ topic: 'readings', partition: 2, end: '120', processed: '5000', journaled: 3 }], calls);
    const ends = async (): Promise<SourcePosition[]> => [0, 1, 2].map((partition) => ({ topic: 'readings', partition, offset: String(100 + partition * 10) }));
    const warning = await dropLateProgressBeyondEnds(store, ASSIGNED, ends);
    expect(calls).toEqual([[{ topic: 'readings', partition: 0, offset: '100' }, { topic: 'readings', partition: 2, offset: '120' }]]);
    expect(warning).toBe('topic "readings" partition 2 ends at offset 120, before the saved late-merge progress up to offset 5000 and 3 merged position(s): the topic was deleted and created again (or its log truncated), so that bookkeeping was dropped and its new messages are merged as late readings');
  });

  it('says nothing when nothing lay beyond the ends, and reads no ends for a store without late merges', async () => {
    expect(await dropLateProgressBeyondEnds(storeDropping([], []), ASSIGNED, async () => [])).toBeNull();
    let read = false;
    const warning = await dropLateProgressBeyondEnds({} as Store, ASSIGNED, async () => {
      read = true;
      return [];
    });
    expect(warning).toBeNull();
    expect(read).toBe(false);
  });

  it('never rejects: ends that cannot be read, or a database away, give a line saying the check did not run', async () => {
    const calls: (readonly SourcePosition[])[] = [];
    const unread = await dropLateProgressBeyondEnds(storeDropping([], calls), ASSIGNED, () => Promise.reject(new Error('Connection timeout')));
    expect(unread).toContain('could not be read: Connection timeout');
    expect(calls).toEqual([]);
    const away = { dropLateProgressBeyond: () => Promise.reject(new Error('database unavailable: connection refused')) } as Partial<Store> as Store;
    expect(await dropLateProgressBeyondEnds(away, ASSIGNED, async () => [])).toContain('not checked against the partitions\' ends (database unavailable: connection refused)');
  });
});
