import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../src-shared/domain/alarms';
import { makeAlarm } from './test-alarm';
import { withLiveChange } from './audit-events';

function event(at: number, type: AlarmEvent['type'], alarmId = 'temperature-high@st-01'): AlarmEvent {
  return { alarmId, type, at, who: 'system', comment: null, fromState: 'normal', toState: 'unacknowledged', value: 41 };
}

describe('withLiveChange', () => {
  it('adds a pushed event in newest-first order and replaces its alarm', () => {
    const alarm = makeAlarm({ id: 'temperature-high@st-01' });
    const trail = { alarms: [alarm], events: [event(3000, 'activated', 'b@st-02'), event(1000, 'activated')] };
    const acked = { ...alarm, state: 'acknowledged' as const };
    const next = withLiveChange(trail, { alarm: acked, event: { ...event(2000, 'acknowledged'), toState: 'acknowledged' } });
    expect(next.events.map((e) => `${e.at}:${e.type}`)).toEqual(['3000:activated', '2000:acknowledged', '1000:activated']);
    expect(next.alarms).toEqual([acked]);
    const newest = withLiveChange(next, { alarm: acked, event: event(9000, 'shelved') });
    expect(newest.events[0]?.type).toBe('shelved');
    expect(newest.events).toHaveLength(4);
  });

  it('does not double an event the loaded page already holds', () => {
    const alarm = makeAlarm({ id: 'temperature-high@st-01' });
    const trail = { alarms: [alarm], events: [event(1000, 'activated')] };
    expect(withLiveChange(trail, { alarm, event: event(1000, 'activated') })).toBe(trail);
  });
});
