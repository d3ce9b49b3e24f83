/**
 * Incident replay on both SQL backends (issue 19), through the same openStore() the engine uses: the
 * seek's station values and city windows are checked against a brute-force scan of the windows written
 * (and the memory store's answer), the alarms against their hand-worked states at four moments; saved
 * incidents are inserted, replaced (creator kept), listed newest first and deleted.
 */
import { describe, expect, it } from 'vitest';
import { sqlBackends, useSqlStore } from '../helpers/sql-backends';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Alarm, AlarmEvent, AlarmEventType, AlarmState } from '../../src-shared/domain/alarms';
import type { Incident, ReplaySnapshot } from '../../src-shared/domain/replay';
import { replayLookbackMs } from '../../src-shared/domain/replay';
import { MemoryStore } from '../../src-main/adapters/memory/memory-store';

const T0 = Date.UTC(2026, 6, 20, 14);
const MIN = 60_000;
const backends = await sqlBackends();

/** 5 stations and the city; temperature in 10-s and 1-min windows, humidity in 10-s ones; st-05 goes silent 5 min before T0. */
function makeWindows(): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  const add = (stationId: string, metric: string, sizeMs: number, start: number, mean: number): void => {
    out.push({ stationId, metric, sizeMs, start, count: 10, mean, min: mean - 1, max: mean + 1, stddev: 0.5, p95: mean + 0.9 });
  };
  for (let start = T0 - 20 * MIN; start < T0 + 20 * MIN; start += 10_000) {
    const k = (start - T0) / 10_000;
    for (let s = 1; s <= 5; s++) {
      if (s === 5 && start >= T0 - 5 * MIN) continue;
      // st-04 reports humidity only every 30 s: some of its 10-s windows are absent.
      add(`st-0${s}`, 'temperature', 10_000, start, 20 + s + k / 100);
      if (s !== 4 || k % 3 === 0) add(`st-0${s}`, 'humidity', 10_000, start, 50 + s - k / 100);
    }
    add('*', 'temperature', 10_000, start, 23 + k / 100);
    add('*', 'humidity', 10_000, start, 53 - k / 100);
    if (k % 6 === 0) for (let s = 1; s <= 5; s++) add(`st-0${s}`, 'temperature', 60_000, start, 20 + s + k / 100 + 0.05);
  }
  return out;
}

/** The brute-force reference: every stored window scanned, the finest size per metric, the newest that closed by `at`. */
function reference(windows: readonly WindowAggregate[], at: number, from: number): { latest: string[]; city: string[] } {
  const finest = new Map<string, number>();
  for (const w of windows) finest.set(w.metric, Math.min(finest.get(w.metric) ?? Infinity, w.sizeMs));
  const newest = new Map<string, WindowAggregate>();
  const city: string[] = [];
  for (const w of windows) {
    if (w.sizeMs !== finest.get(w.metric) || w.start + w.sizeMs > at) continue;
    if (w.stationId === '*') {
      if (w.start >= from) city.push(`${w.metric}|${w.start}|${w.mean}|${w.min}|${w.max}|${w.p95}`);
    } else if (w.start >= at - replayLookbackMs(w.sizeMs)) {
      const key = `${w.stationId}|${w.metric}`;
      if ((newest.get(key)?.start ?? -1) < w.start) newest.set(key, w);
    }
  }
  return { latest: [...newest.values()].map((w) => `${w.stationId}|${w.metric}|${w.start}|${w.sizeMs}|${w.mean}`).sort(), city: city.sort() };
}

function rows(snapshot: ReplaySnapshot): { latest: string[]; city: string[] } {
  const l = snapshot.latest;
  const c = snapshot.city;
  return {
    latest: l.stationId.map((id, i) => `${id}|${l.metric[i]}|${l.start[i]}|${l.sizeMs[i]}|${l.mean[i]}`).sort(),
    city: c.metric.map((m, i) => `${m}|${c.start[i]}|${c.mean[i]}|${c.min[i]}|${c.max[i]}|${c.p95[i]}`).sort(),
  };
}

const base: Omit<Alarm, 'id' | 'ruleId' | 'stationId'> = {
  metric: 'temperature', kind: 'process', severity: 'critical', state: 'normal', isActive: false, message: 'Temperature above 40 °C', value: 30, peakValue: 44,
  threshold: 40, activatedAt: 0, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: 0,
};
const alarm = (ruleId: string, stationId: string, over: Partial<Alarm>): Alarm => ({ ...base, id: `${ruleId}@${stationId}`, ruleId, stationId, ...over });
const event = (alarmId: string, type: AlarmEventType, at: number, fromState: AlarmState, toState: AlarmState, who = 'system', value: number | null = null, comment: string | null = null): AlarmEvent => ({ alarmId, type, at, who, comment, fromState, toState, value });

// heat@st-01: raised 1 min before T0, acknowledged by Ana 30 s after, cleared at +2 min. heat@st-02: raised at +1 min, returned
// unacknowledged at +3 min. cold@st-03: raised and cleared well before T0, shelved by Cas at -200 s (still shelved now).
const alarms: Alarm[] = [
  alarm('heat', 'st-01', { activatedAt: T0 - MIN, clearedAt: T0 + 2 * MIN, acknowledgedAt: T0 + 30_000, acknowledgedBy: 'Ana', updatedAt: T0 + 2 * MIN }),
  alarm('heat', 'st-02', { state: 'returned-unacknowledged', activatedAt: T0 + MIN, clearedAt: T0 + 3 * MIN, updatedAt: T0 + 3 * MIN }),
  alarm('cold', 'st-03', { severity: 'warning', activatedAt: T0 - 10 * MIN, clearedAt: T0 - 5 * MIN, shelf: { by: 'Cas', reason: 'Calibration', until: T0 + 8 * 3_600_000 }, updatedAt: T0 - 200_000 }),
];
const events: AlarmEvent[] = [
  event('cold@st-03', 'activated', T0 - 10 * MIN, 'normal', 'unacknowledged', 'system', -12),
  event('cold@st-03', 'cleared', T0 - 5 * MIN, 'unacknowledged', 'normal'),
  event('cold@st-03', 'shelved', T0 - 200_000, 'normal', 'normal', 'Cas', null, 'Calibration'),
  event('heat@st-01', 'activated', T0 - MIN, 'normal', 'unacknowledged', 'system', 41),
  event('heat@st-01', 'acknowledged', T0 + 30_000, 'unacknowledged', 'acknowledged', 'Ana', null, 'On it'),
  event('heat@st-02', 'activated', T0 + MIN, 'normal', 'unacknowledged', 'system', 42.5),
  event('heat@st-01', 'cleared', T0 + 2 * MIN, 'acknowledged', 'normal'),
  event('heat@st-02', 'returned', T0 + 3 * MIN, 'unacknowledged', 'returned-unacknowledged'),
];

/** Each alarm at a moment in words: id, state, active, activation, acknowledged by, shelved by. */
function alarmLines(snapshot: ReplaySnapshot): string[] {
  return snapshot.alarms.map((a) => `${a.id} ${a.state} ${a.isActive ? 'active' : 'inactive'} @${(a.activatedAt - T0) / 1000} v=${a.value} ack=${a.acknowledgedBy ?? '-'} shelf=${a.shelf?.by ?? '-'}`);
}

describe.each(backends)('incident replay on $name', (backend) => {
  const opened = useSqlStore(backend, 'sw-replay-');
  const windows = makeWindows();
  const memory = new MemoryStore();

  it.skipIf(backend.skip)('seeks to any moment: each station\'s newest closed window of the finest size, the city windows of the span, as a full scan finds them', async () => {
    const store = opened.store();
    for (let i = 0; i < windows.length; i += 500) await store.writeWindows(windows.slice(i, i + 500));
    await store.writeAlarms(alarms, events);
    await memory.writeWindows(windows);
    await memory.writeAlarms(alarms, events);
    await store.caughtUp();
    for (const at of [T0 - 15 * MIN + 5_000, T0, T0 + 95_000, T0 + 19 * MIN]) {
      const from = at - 10 * MIN;
      const snapshot = await store.replaySeek({ at, from });
      const expected = reference(windows, at, from);
      expect(rows(snapshot)).toEqual(expected);
      expect(rows(await memory.replaySeek({ at, from }))).toEqual(expected);
      expect(expected.latest.length).toBeGreaterThan(0);
    }
    // At T0: st-05 silent for 5 min is absent; st-04's humidity is its window of 30 s ago (within the minute's lookback).
    const atT0 = rows(await store.replaySeek({ at: T0, from: T0 - MIN }));
    expect(atT0.latest.filter((r) => r.startsWith('st-05'))).toEqual([]);
    expect(atT0.latest.find((r) => r.startsWith('st-04|humidity'))).toBe(`st-04|humidity|${T0 - 30_000}|10000|${50 + 4 - -3 / 100}`);
    expect(atT0.latest.find((r) => r.startsWith('st-01|temperature'))).toBe(`st-01|temperature|${T0 - 10_000}|10000|${20 + 1 + -1 / 100}`);
    expect(atT0.city.filter((r) => r.startsWith('temperature')).length).toBe(6);
  });

  it.skipIf(backend.skip)('shows each alarm as it stood at the moment, from the audit trail', async () => {
    const store = opened.store();
    expect(alarmLines(await store.replaySeek({ at: T0 - 30 * MIN, from: T0 - 31 * MIN }))).toEqual([]);
    expect(alarmLines(await store.replaySeek({ at: T0, from: T0 - MIN }))).toEqual([
      'cold@st-03 normal inactive @-600 v=-12 ack=- shelf=Cas',
      'heat@st-01 unacknowledged active @-60 v=41 ack=- shelf=-',
    ]);
    const at90 = await store.replaySeek({ at: T0 + 90_000, from: T0 });
    expect(alarmLines(at90)).toEqual([
      'cold@st-03 normal inactive @-600 v=-12 ack=- shelf=Cas',
      'heat@st-01 acknowledged active @-60 v=41 ack=Ana shelf=-',
      'heat@st-02 unacknowledged active @60 v=42.5 ack=- shelf=-',
    ]);
    expect(at90.alarms.find((a) => a.id === 'cold@st-03')?.shelf).toEqual({ by: 'Cas', reason: 'Calibration', until: T0 + 8 * 3_600_000 });
    const at200 = await store.replaySeek({ at: T0 + 200_000, from: T0 });
    expect(alarmLines(at200)).toEqual(['cold@st-03 normal inactive @-600 v=-12 ack=- shelf=Cas', 'heat@st-02 returned-unacknowledged inactive @60 v=42.5 ack=- shelf=-']);
    expect(at200.alarms[1]?.clearedAt).toBe(T0 + 3 * MIN);
    expect(alarmLines(await memory.replaySeek({ at: T0 + 200_000, from: T0 }))).toEqual(alarmLines(at200));
  });

  it.skipIf(backend.skip)('saves incidents, replaces one by id keeping who created it, lists newest start first, deletes', async () => {
    const store = opened.store();
    const first: Incident = { id: 'i-1', title: 'Heatwave st-01', from: T0 - 2 * MIN, to: T0 + 10 * MIN, notes: 'Pump failed', alarmId: 'heat@st-01', createdBy: 'Ana', createdAt: T0 + 3_600_000, updatedAt: T0 + 3_600_000 };
    const second: Incident = { ...first, id: 'i-2', title: 'Cold snap', from: T0 - 12 * MIN, alarmId: null, notes: '' };
    await store.writeIncident({ kind: 'save', incident: first });
    await store.writeIncident({ kind: 'save', incident: second });
    await store.writeIncident({ kind: 'save', incident: { ...first, title: 'Heatwave st-01 (pump)', createdBy: 'Bram', createdAt: 1, updatedAt: T0 + 7_200_000 } });
    const listed = await store.readIncidents(10);
    expect(listed).toEqual([{ ...first, title: 'Heatwave st-01 (pump)', updatedAt: T0 + 7_200_000 }, second]);
    expect(await store.readIncidents(1)).toHaveLength(1);
    await store.writeIncident({ kind: 'delete', id: 'i-1' });
    expect((await store.readIncidents(10)).map((i) => i.id)).toEqual(['i-2']);
  });
});
