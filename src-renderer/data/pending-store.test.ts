import { describe, expect, it } from 'vitest';
import type { PendingCondition } from '../../src-shared/ipc/frame';
import { LiveStore } from './live-store';
import { pendingId, pendingOfStation } from './pending-store';
import { buildFrame } from './test-frame';

const heat: PendingCondition = {
  ruleId: 'temperature-extreme', ruleName: 'Heat', stationId: 'st-05', metric: 'temperature', statistic: 'mean', windowMs: 10_000,
  operator: '>', level: 40, severity: 'critical', value: 41.3, since: 10_000, dueAt: 30_000,
};

describe('PendingStore (the live store keeps the latest frame\'s pending list)', () => {
  it('takes each frame\'s list, ends it with a frame without one, and changes only when the list does', () => {
    const live = new LiveStore();
    let changes = 0;
    live.pending.view.subscribe(() => changes++);
    live.ingest({ ...buildFrame([]), pending: [heat], pendingTotal: 1 }, 0);
    expect(live.pending.view.get()).toEqual({ conditions: [heat], total: 1 });
    live.ingest({ ...buildFrame([]), pending: [{ ...heat }], pendingTotal: 1 }, 100);
    expect(changes).toBe(1);
    live.ingest({ ...buildFrame([]), pending: [{ ...heat, value: 41.8 }], pendingTotal: 1 }, 200);
    expect(changes).toBe(2);
    expect(live.pending.view.get().conditions[0]?.value).toBe(41.8);
    live.ingest(buildFrame([]), 300);
    expect(live.pending.view.get()).toEqual({ conditions: [], total: 0 });
    expect(changes).toBe(3);
  });

  it('keeps the total when the frame lists only the soonest, and finds a station\'s conditions', () => {
    const live = new LiveStore();
    const other = { ...heat, stationId: 'st-02', ruleId: 'temperature-high', severity: 'warning' as const };
    live.ingest({ ...buildFrame([]), pending: [heat, other], pendingTotal: 250 }, 0);
    const view = live.pending.view.get();
    expect(view.total).toBe(250);
    expect(pendingOfStation(view, 'st-02').map(pendingId)).toEqual(['temperature-high@st-02']);
    live.pending.clear();
    expect(live.pending.view.get().conditions).toEqual([]);
  });
});
