import { describe, expect, it } from 'vitest';
import { makeAlarm } from '../alarms/test-alarm';
import { activationKey, announceableKeys, isAnnounceable, unannouncedActivations } from './critical-activations';

const NOW = 1_000_000;

describe('critical activations', () => {
  it('announce only active, unacknowledged, unshelved critical alarms', () => {
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'critical' }), NOW)).toBe(true);
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'warning' }), NOW)).toBe(false);
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'critical', state: 'acknowledged' }), NOW)).toBe(false);
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'critical', state: 'returned-unacknowledged', isActive: false }), NOW)).toBe(false);
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'critical', shelf: { by: 'ann', reason: 'maintenance', until: NOW + 60_000 } }), NOW)).toBe(false);
    expect(isAnnounceable(makeAlarm({ id: 'hot@st-01', severity: 'critical', shelf: { by: 'ann', reason: 'maintenance', until: NOW - 1 } }), NOW)).toBe(true);
  });

  it('tell a re-activation of the same alarm from the one already announced', () => {
    const first = makeAlarm({ id: 'hot@st-01', severity: 'critical', activatedAt: 100 });
    const again = makeAlarm({ id: 'hot@st-01', severity: 'critical', activatedAt: 900 });
    expect(activationKey(first)).not.toBe(activationKey(again));
  });

  it('after a reconnect, find the critical alarms raised while cut off and nothing known before', () => {
    const before = [makeAlarm({ id: 'hot@st-01', severity: 'critical', activatedAt: 100 }), makeAlarm({ id: 'warm@st-02', activatedAt: 100 })];
    const known = announceableKeys(before, NOW);
    expect([...known]).toEqual(['hot@st-01@100']);
    const after = [
      before[0]!,
      before[1]!,
      makeAlarm({ id: 'hot@st-03', severity: 'critical', activatedAt: 500 }),
      makeAlarm({ id: 'warm@st-04', severity: 'warning', activatedAt: 500 }),
      makeAlarm({ id: 'hot@st-05', severity: 'critical', activatedAt: 500, state: 'acknowledged' }),
    ];
    expect(unannouncedActivations(after, known, NOW).map((a) => a.id)).toEqual(['hot@st-03']);
  });
});
