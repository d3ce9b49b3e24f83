import { describe, expect, it } from 'vitest';
import { countShelved, formatDuration, NO_FILTER, visibleAlarms, worstSeverityByStation } from './alarm-sort';
import { makeAlarm } from './test-alarm';

describe('visibleAlarms', () => {
  const alarms = [
    makeAlarm({ id: 'a@st-01', severity: 'warning', activatedAt: 300 }),
    makeAlarm({ id: 'b@st-02', severity: 'critical', activatedAt: 100, state: 'acknowledged' }),
    makeAlarm({ id: 'c@st-03', severity: 'critical', activatedAt: 50 }),
    makeAlarm({ id: 'd@st-04', severity: 'warning', activatedAt: 200, state: 'returned-unacknowledged', isActive: false }),
    makeAlarm({ id: 'e@st-05', state: 'normal', isActive: false }),
    makeAlarm({ id: 'f@st-06', shelf: { by: 'op', reason: 'maintenance', until: 10_000 } }),
    makeAlarm({ id: 'g@st-07', shelf: { by: 'op', reason: 'expired', until: 500 }, activatedAt: 10 }),
  ];

  it('sorts by priority, then unacknowledged first, then newest first, hiding normal and shelved', () => {
    expect(visibleAlarms(alarms, NO_FILTER, 1000).map((a) => a.id)).toEqual(['c@st-03', 'b@st-02', 'a@st-01', 'd@st-04', 'g@st-07']);
  });

  it('lists only shelved alarms when asked', () => {
    expect(visibleAlarms(alarms, { ...NO_FILTER, showShelved: true }, 1000).map((a) => a.id)).toEqual(['f@st-06']);
  });

  it('filters by severity and by text over station, metric and message', () => {
    expect(visibleAlarms(alarms, { ...NO_FILTER, severity: 'critical' }, 1000).map((a) => a.id)).toEqual(['c@st-03', 'b@st-02']);
    expect(visibleAlarms(alarms, { ...NO_FILTER, text: 'ST-04' }, 1000).map((a) => a.id)).toEqual(['d@st-04']);
  });
});

describe('worstSeverityByStation', () => {
  it('takes the worst open, unshelved alarm per station', () => {
    const worst = worstSeverityByStation(
      [
        makeAlarm({ id: 'x@st-01', severity: 'warning' }),
        makeAlarm({ id: 'y@st-01', severity: 'critical' }),
        makeAlarm({ id: 'z@st-02', severity: 'critical', shelf: { by: 'op', reason: 'r', until: 99 } }),
        makeAlarm({ id: 'w@st-03', severity: 'critical', state: 'normal', isActive: false }),
      ],
      0,
    );
    expect([...worst]).toEqual([['st-01', 'critical']]);
  });
});

describe('formatDuration', () => {
  it('reads naturally at every scale', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(formatDuration(4 * 86_400_000 + 3 * 3_600_000)).toBe('4 d 3 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
});

describe('the shelf', () => {
  it('lists and counts every shelved alarm, also one whose condition has cleared', () => {
    const shelf = { by: 'op', reason: 'mast repair', until: 10_000 };
    const alarms = [makeAlarm({ id: 'a@st-01', shelf }), makeAlarm({ id: 'b@st-02', state: 'normal', isActive: false, shelf }), makeAlarm({ id: 'c@st-03' })];
    expect(visibleAlarms(alarms, { ...NO_FILTER, showShelved: true }, 1000).map((a) => a.id)).toEqual(['a@st-01', 'b@st-02']);
    expect(countShelved(alarms, 1000)).toBe(2);
    expect(countShelved(alarms, 10_000)).toBe(0);
  });
});
