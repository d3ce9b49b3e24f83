import { describe, expect, it } from 'vitest';
import { makeAlarm } from '../alarms/test-alarm';
import { AlarmStore } from './alarm-store';

describe('AlarmStore', () => {
  it('loads, applies changes in arrival order and notifies', () => {
    const store = new AlarmStore();
    let notified = 0;
    store.all.subscribe(() => notified++);
    store.load([makeAlarm({ id: 'a@st-1', updatedAt: 10 })]);
    store.apply(makeAlarm({ id: 'a@st-1', updatedAt: 20, state: 'unacknowledged' }));
    // An operator action stamped with an earlier wall-clock time than the event-time activation still wins.
    store.apply(makeAlarm({ id: 'a@st-1', updatedAt: 15, state: 'acknowledged' }));
    store.apply(makeAlarm({ id: 'b@st-2', updatedAt: 1 }), { alarmId: 'b@st-2', type: 'activated', at: 1, who: 'system', comment: null, fromState: 'normal', toState: 'unacknowledged', value: 1 });
    expect(store.get('a@st-1')?.state).toBe('acknowledged');
    expect(store.all.get().map((a) => a.id)).toEqual(['a@st-1', 'b@st-2']);
    expect(store.recentEvents).toHaveLength(1);
    expect(notified).toBe(4);
  });
});
