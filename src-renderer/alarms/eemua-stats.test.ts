import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../src-shared/domain/alarms';
import { alarmPerformance, STANDING_MS } from './eemua-stats';
import { makeAlarm } from './test-alarm';

function activated(alarmId: string, at: number): AlarmEvent {
  return { alarmId, type: 'activated', at, who: 'system', comment: null, fromState: 'normal', toState: 'unacknowledged', value: 1 };
}

describe('alarmPerformance', () => {
  const hour = 3_600_000;
  const alarms = [makeAlarm({ id: 'heat@st-01', severity: 'critical' }), makeAlarm({ id: 'pm@st-02', severity: 'warning' })];

  it('counts activations per 10 minutes and flags floods', () => {
    const events = [...Array.from({ length: 12 }, (_, i) => activated('pm@st-02', 1000 + i * 1000)), activated('heat@st-01', 700_000)];
    const perf = alarmPerformance(events, alarms, 0, hour, hour);
    expect(perf.perInterval).toEqual([12, 1, 0, 0, 0, 0]);
    expect(perf.activations).toBe(13);
    expect(perf.peakPer10Min).toBe(12);
    expect(perf.floodIntervals).toBe(1);
    expect(perf.acceptableIntervals).toBe(5);
    expect(perf.averagePer10Min).toBeCloseTo(13 / 6);
    expect(perf.byPriority).toEqual({ critical: 1, warning: 12 });
    expect(perf.topTen[0]).toEqual({ alarmId: 'pm@st-02', count: 12 });
  });

  it('finds chattering alarms from bursts and from the flag, ignoring other event types', () => {
    const events: AlarmEvent[] = [activated('a@st-1', 0), activated('a@st-1', 30_000), activated('a@st-1', 59_000), activated('b@st-2', 0), activated('b@st-2', 61_000), activated('b@st-2', 122_000), { ...activated('c@st-3', 0), type: 'acknowledged' }];
    const perf = alarmPerformance(events, [makeAlarm({ id: 'z@st-9', isChattering: true })], 0, hour, hour);
    expect(perf.chattering).toEqual(['a@st-1', 'z@st-9']);
    expect(perf.byPriority.unknown).toBe(6);
  });

  it('lists standing and shelved alarms', () => {
    const now = 10 * STANDING_MS;
    const standing = makeAlarm({ id: 's@st-1', activatedAt: now - STANDING_MS - 1 });
    const fresh = makeAlarm({ id: 'f@st-1', activatedAt: now - 1000 });
    const shelved = makeAlarm({ id: 'h@st-1', activatedAt: now, shelf: { by: 'op', reason: 'work', until: now + 1 } });
    const perf = alarmPerformance([], [standing, fresh, shelved], now - hour, now, now);
    expect(perf.standing.map((a) => a.id)).toEqual(['s@st-1']);
    expect(perf.shelved.map((a) => a.id)).toEqual(['h@st-1']);
    expect(perf.activations).toBe(0);
    expect(perf.peakPer10Min).toBe(0);
  });

  it('reads standing against the data clock, shelves against the wall clock', () => {
    const wall = 100 * STANDING_MS;
    const dataNow = 10 * STANDING_MS;
    const standing = makeAlarm({ id: 's@st-1', activatedAt: dataNow - STANDING_MS - 1 });
    const fresh = makeAlarm({ id: 'f@st-1', activatedAt: dataNow - 1000, shelf: { by: 'op', reason: 'work', until: wall + 1 } });
    const perf = alarmPerformance([], [standing, fresh], wall - hour, wall, wall, dataNow);
    expect(perf.standing.map((a) => a.id)).toEqual(['s@st-1']);
    expect(perf.shelved.map((a) => a.id)).toEqual(['f@st-1']);
  });
});
