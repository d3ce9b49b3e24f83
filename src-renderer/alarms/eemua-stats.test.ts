import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../src-shared/domain/alarms';
import { alarmPerformance, rateBand, STANDING_MS, TEN_MINUTES_MS } from './eemua-stats';
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

describe('EEMUA 191 figures over a known sequence', () => {
  const minute = 60_000;
  /** 6 Dec 2026 03:20 UTC: the start of a 10-minute interval of the clock. */
  const t0 = Date.UTC(2026, 11, 6, 3, 20);
  const burst = (count: number, at: number) => Array.from({ length: count }, (_, i) => activated(`r${i % 3}@st-0${i % 4}`, at + i * 1000));

  it('seven alarms in one interval, then a flood of twelve, over one hour', () => {
    const events: AlarmEvent[] = [
      activated('early@st-01', t0 - 1), // before the period
      ...burst(7, t0 + 5 * minute), // interval 1: 03:20–03:30
      ...burst(12, t0 + 10 * minute), // interval 2: 03:30–03:40, a flood
      activated('late@st-01', t0 + 60 * minute - 1), // the last millisecond of interval 6
      activated('after@st-01', t0 + 60 * minute), // after the period
      { ...activated('r0@st-00', t0 + 30 * minute), type: 'acknowledged' }, // not an alarm
    ];
    // The period starts 4 minutes into an interval: it is widened to whole intervals of the clock.
    const perf = alarmPerformance(events, [], t0 + 4 * minute, t0 + 60 * minute, t0 + 60 * minute);
    expect(perf.from).toBe(t0);
    expect(perf.to).toBe(t0 + 60 * minute);
    expect(perf.perInterval).toEqual([7, 12, 0, 0, 0, 1]);
    expect(perf.activations).toBe(20);
    expect(perf.averagePer10Min).toBeCloseTo(20 / 6, 12);
    expect(perf.averagePerHour).toBeCloseTo(20, 12);
    expect(perf.peakPer10Min).toBe(12);
    expect(perf.floodIntervals).toBe(1);
    expect(perf.floodShare).toBeCloseTo(1 / 6, 12);
    expect(perf.isFloodTimeWithinTarget).toBe(false);
    expect(perf.acceptableIntervals).toBe(4);
    expect(perf.verdict.band).toBe('over-demanding');
  });

  it('seven alarms in a single interval: 7 per 10 min, 42 per hour, no flood, over-demanding', () => {
    const perf = alarmPerformance(burst(7, t0 + minute), [], t0, t0 + TEN_MINUTES_MS, t0 + TEN_MINUTES_MS);
    expect(perf.perInterval).toEqual([7]);
    expect([perf.averagePer10Min, perf.averagePerHour, perf.peakPer10Min, perf.floodIntervals, perf.floodShare]).toEqual([7, 42, 7, 0, 0]);
    expect(perf.isFloodTimeWithinTarget).toBe(true);
    expect(perf.verdict.band).toBe('over-demanding');
  });

  it('ten alarms in ten minutes are not a flood; eleven are', () => {
    expect(alarmPerformance(burst(10, t0), [], t0, t0 + TEN_MINUTES_MS, t0).floodIntervals).toBe(0);
    expect(alarmPerformance(burst(11, t0), [], t0, t0 + TEN_MINUTES_MS, t0).floodIntervals).toBe(1);
    expect(alarmPerformance(burst(11, t0), [], t0, t0 + TEN_MINUTES_MS, t0).verdict.band).toBe('unacceptable');
  });

  it('six alarms spread over a day are acceptable: 0.04 per 10 min, 0.25 per hour', () => {
    const events = Array.from({ length: 6 }, (_, i) => activated(`r@st-0${i}`, t0 + i * 4 * 3_600_000));
    const perf = alarmPerformance(events, [], t0, t0 + 24 * 3_600_000, t0);
    expect(perf.perInterval).toHaveLength(144);
    expect(perf.averagePer10Min).toBeCloseTo(6 / 144, 12);
    expect(perf.averagePerHour).toBeCloseTo(0.25, 12);
    expect(perf.peakPer10Min).toBe(1);
    expect(perf.verdict.band).toBe('acceptable');
  });

  it("uses EEMUA 191's bands for the average rate, a rate between two points taking the worse band", () => {
    expect([0, 1, 1.01, 2, 2.5, 5, 10, 10.01].map((r) => rateBand(r).band)).toEqual(['acceptable', 'acceptable', 'manageable', 'manageable', 'over-demanding', 'over-demanding', 'over-demanding', 'unacceptable']);
  });
});
