/**
 * Alarms a previous run left active clear when their condition does (Pipeline.resumeConditions): the rule that
 * raised one watches it again after a restart — threshold, outlier and stale rules, and the system checks. Before,
 * every tracker started from normal and reported no clear, so an active alarm stayed active for good (found by a
 * new-user trial: a heatwave alarm still unacknowledged minutes after the heat was gone).
 */
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import type { Rule, ThresholdRule } from '../../src-shared/domain/rules';
import { defaultSettings } from '../../src-shared/settings/schema';
import { MemoryStore } from '../adapters/memory/memory-store';
import { Pipeline } from './pipeline';
import { AlarmManager } from './alarms/alarm-manager';
import { RuleEngine } from './rules/rule-engine';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

const HOT: ThresholdRule = {
  id: 'heat-critical', name: 'Heat critical', kind: 'threshold', enabled: true, metric: 'temperature', stationId: null,
  statistic: 'value', windowMs: null, operator: '>', level: 40, clearLevel: 38, pendingMs: 0, severity: 'critical',
} as ThresholdRule;

function stored(overrides: Partial<Alarm> = {}): Alarm {
  return {
    id: 'heat-critical@st-05', ruleId: 'heat-critical', stationId: 'st-05', metric: 'temperature', kind: 'process', severity: 'critical', state: 'unacknowledged', isActive: true,
    message: 'Heat critical: temperature 42.0 °C > 40 °C', value: 42, peakValue: 43.1, threshold: 40, activatedAt: T0 - 60_000, clearedAt: null,
    acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: T0 - 30_000, ...overrides,
  };
}

function restarted(rules: readonly Rule[], alarms: readonly Alarm[], maxStations?: number): { pipeline: Pipeline; clock: { now: number } } {
  const clock = { now: T0 };
  const base = defaultSettings();
  const settings = { ...base, rules: [...rules], decoder: { ...base.decoder, ...(maxStations === undefined ? {} : { maxStations }) } };
  const pipeline = new Pipeline({ settings, store: new MemoryStore(), now: () => clock.now, onFrame: () => undefined, onAlarm: () => undefined });
  pipeline.restore(alarms, []);
  pipeline.resumeConditions();
  return { pipeline, clock };
}

const alarmOf = (pipeline: Pipeline, id: string): Alarm | undefined => pipeline.listAlarms({ includeNormal: true, includeShelved: true }).find((a) => a.id === id);

describe('alarms restored active after a restart', () => {
  it('a threshold alarm clears on the first reading past its clear level, and an acknowledged one goes to normal', async () => {
    const { pipeline } = restarted([HOT], [stored(), stored({ id: 'heat-critical@st-06', stationId: 'st-06', state: 'acknowledged', acknowledgedAt: T0 - 20_000, acknowledgedBy: 'ana' })]);
    // The heat was over by the time the app started again: the first readings are clean.
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0 + 1000, metrics: { temperature: 25 } }, { stationId: 'st-06', ts: T0 + 1000, metrics: { temperature: 25 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'returned-unacknowledged', isActive: false });
    expect(alarmOf(pipeline, 'heat-critical@st-06')).toMatchObject({ state: 'normal', isActive: false, acknowledgedBy: 'ana' });
  });

  it('still breached: nothing changes until a new peak, which is folded into the restored alarm', async () => {
    const { pipeline } = restarted([HOT], [stored()]);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0, metrics: { temperature: 41 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'unacknowledged', isActive: true, peakValue: 43.1, activationCount: 1 });
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0 + 1000, metrics: { temperature: 44 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'unacknowledged', peakValue: 44, activationCount: 1 });
  });

  it('an alarm whose rule was removed or disabled while closed is cleared at start, saying so', async () => {
    const { pipeline } = restarted([{ ...HOT, enabled: false }], [stored()]);
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'returned-unacknowledged', isActive: false, message: 'rule removed, disabled or changed while Stationwatch was closed' });
  });

  it('a stale-station alarm clears when the station is seen again', async () => {
    const stale = { id: 'silent', name: 'Silent station', kind: 'stale', enabled: true, stationId: null, afterMs: 60_000, severity: 'warning' } as Rule;
    const { pipeline } = restarted([stale], [stored({ id: 'silent@st-05', ruleId: 'silent', metric: null, severity: 'warning', value: 90_000, peakValue: 90_000, threshold: 60_000 })]);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0, metrics: { temperature: 20 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'silent@st-05')).toMatchObject({ state: 'returned-unacknowledged', isActive: false });
  });

  it('a system alarm clears on the next check that finds things fine (the clock agrees again)', async () => {
    const { pipeline } = restarted([], [stored({ id: 'system:clock-skew@*', ruleId: 'system:clock-skew', stationId: '*', metric: null, kind: 'system', severity: 'warning' })]);
    await pipeline.tick();
    expect(alarmOf(pipeline, 'system:clock-skew@*')).toMatchObject({ isActive: false });
  });
});

/** Found by a review of the first version: each case failed with it. */
describe('alarms restored active: what the first version got wrong', () => {
  it('readings read again after the restart, from before the activation, neither clear an acknowledged alarm nor raise it anew', async () => {
    const events: string[] = [];
    const clock = { now: T0 + 120_000 };
    const pipeline = new Pipeline({ settings: { ...defaultSettings(), rules: [HOT] }, store: new MemoryStore(), now: () => clock.now, onFrame: () => undefined, onAlarm: (c) => events.push(c.event.type) });
    // Raised at +50 s and acknowledged; the commit was safe up to T0 only, so the messages from T0 on are read again.
    pipeline.restore([stored({ state: 'acknowledged', acknowledgedAt: T0 + 70_000, acknowledgedBy: 'ana', activatedAt: T0 + 50_000, updatedAt: T0 + 60_000 })], []);
    pipeline.resumeFrom(T0);
    pipeline.resumeConditions();
    const again = [[10_000, 25], [50_000, 42], [60_000, 43.1]].map(([at, celsius]) => ({ stationId: 'st-05', ts: T0 + at!, metrics: { temperature: celsius! } }));
    await pipeline.onBatch({ kind: 'readings', readings: again });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'acknowledged', activationCount: 1, acknowledgedBy: 'ana' });
    expect(events).toEqual([]);
  });

  it('without a resume point (the simulator starts again at the wall clock), samples older than a sped-up run\'s activation are new data and clear it', async () => {
    const { pipeline } = restarted([HOT], [stored({ activatedAt: T0 + 10 * 86_400_000, updatedAt: T0 + 10 * 86_400_000 })]);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0 + 1000, metrics: { temperature: 25 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ isActive: false });
  });

  it('a rule edited while closed to watch another station or metric no longer holds the alarm: it is cleared, and takes no foreign values', async () => {
    const elsewhere = restarted([{ ...HOT, stationId: 'st-06' }], [stored()]);
    await elsewhere.pipeline.tick();
    expect(alarmOf(elsewhere.pipeline, 'heat-critical@st-05')).toMatchObject({ isActive: false, message: 'rule removed, disabled or changed while Stationwatch was closed' });
    // Before: a humidity of 95 was folded into the temperature alarm ("peak 95" beside "temperature").
    const humidity = restarted([{ ...HOT, metric: 'humidity', level: 90, clearLevel: 85 } as ThresholdRule], [stored()]);
    await humidity.pipeline.tick();
    expect(alarmOf(humidity.pipeline, 'heat-critical@st-05')).toMatchObject({ isActive: false, metric: 'temperature', peakValue: 43.1 });
    await humidity.pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0 + 1000, metrics: { humidity: 95 } }] });
    await humidity.pipeline.tick();
    expect(alarmOf(humidity.pipeline, 'heat-critical@st-05')).toMatchObject({ isActive: true, metric: 'humidity', peakValue: 95, activationCount: 2 });
  });

  it('system alarms end truthfully: no data only once data flows, the source only once connected, a cap after its quiet time', async () => {
    const system = (ruleId: string, extra: Partial<Alarm> = {}) => stored({ id: `${ruleId}@*`, ruleId, stationId: '*', metric: null, kind: 'system', value: null, peakValue: null, threshold: null, ...extra });
    const { pipeline, clock } = restarted([], [system('system:no-data', { state: 'acknowledged', acknowledgedBy: 'ana', acknowledgedAt: T0 - 10_000 }), system('system:source'), system('system:station-cap')]);
    pipeline.onStatus('connecting', null);
    await pipeline.tick();
    // Before: all three cleared at once ("Data is flowing again", "The data source is connected", "No new station refused for 5 min").
    expect(['system:no-data@*', 'system:source@*', 'system:station-cap@*'].map((id) => alarmOf(pipeline, id)?.isActive)).toEqual([true, true, true]);
    pipeline.onStatus('connected', null);
    clock.now = T0 + 1000;
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: T0 + 1000, metrics: { temperature: 20 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'system:no-data@*')).toMatchObject({ state: 'normal', activationCount: 1 });
    expect(alarmOf(pipeline, 'system:source@*')?.isActive).toBe(false);
    clock.now = T0 + 301_000;
    await pipeline.tick();
    expect(alarmOf(pipeline, 'system:station-cap@*')?.isActive).toBe(false);
  });

  it('at the station cap, a resumed station keeps its slot (it is not idle) and its alarm; one that finds no slot keeps its alarm as it was', async () => {
    const two = restarted([HOT], ['st-01', 'st-02'].map((id) => stored({ id: `heat-critical@${id}`, stationId: id })), 2);
    two.clock.now = T0 + 20_000;
    await two.pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-09', ts: T0 + 20_000, metrics: { temperature: 20 } }] });
    two.clock.now = T0 + 40_000;
    await two.pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: T0 + 40_000, metrics: { temperature: 20 } }] });
    await two.pipeline.tick();
    // Before: st-09 took st-01's never-seen slot, and st-01's alarm stayed active for good.
    expect(alarmOf(two.pipeline, 'heat-critical@st-01')?.isActive).toBe(false);
    const one = restarted([HOT], ['st-01', 'st-02'].map((id) => stored({ id: `heat-critical@${id}`, stationId: id })), 1);
    await one.pipeline.tick();
    expect(alarmOf(one.pipeline, 'heat-critical@st-02')).toMatchObject({ isActive: true, message: stored().message });
  });

  it('a store-buffer alarm clears once the store is fine, although the store reported its fill before the restore and not since', async () => {
    const { pipeline, clock } = restarted([], []);
    pipeline.onStoreFill(0);
    pipeline.restore([stored({ id: 'system:store-buffer@*', ruleId: 'system:store-buffer', stationId: '*', metric: null, kind: 'system', severity: 'warning', value: 0.9, peakValue: 0.9, threshold: null })], []);
    pipeline.resumeConditions();
    clock.now = T0 + 60_000;
    await pipeline.tick();
    expect(alarmOf(pipeline, 'system:store-buffer@*')?.isActive).toBe(false);
  });

  it('a calibration-due warning of a station recalibrated while closed ends at start, not the next day', async () => {
    const { pipeline, clock } = restarted([], []);
    pipeline.restore([stored({ id: 'system:calibration-due@st-05', ruleId: 'system:calibration-due', stationId: 'st-05', metric: null, kind: 'system', severity: 'warning', value: 3, peakValue: 3, threshold: 30 })], []);
    // The engine's order: the registry first, then the rules, then the resume.
    pipeline.setStations([{ id: 'st-05', name: 'st-05', district: 'x', lat: null, lon: null, calibrationDueAt: T0 + 300 * 86_400_000 }]);
    pipeline.resumeConditions();
    clock.now = T0 + 1000;
    await pipeline.tick();
    expect(alarmOf(pipeline, 'system:calibration-due@st-05')?.isActive).toBe(false);
  });

  it('a stale alarm cleared after a resume keeps a number as its value; clears never move a peak the wrong way (an outlier cleared below the mean, a clock set back)', async () => {
    const stale = { id: 'silent', name: 'Silent station', kind: 'stale', enabled: true, stationId: null, afterMs: 60_000, severity: 'warning' } as Rule;
    const { pipeline } = restarted([stale], [stored({ id: 'silent@st-05', ruleId: 'silent', metric: null, severity: 'warning', value: 90_000, peakValue: 90_000, threshold: 60_000 })]);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-05', ts: T0, metrics: { temperature: 20 } }] });
    await pipeline.tick();
    expect(alarmOf(pipeline, 'silent@st-05')).toMatchObject({ isActive: false, value: 90_000, peakValue: 90_000 });
    const engine = new RuleEngine([{ id: 'spike', name: 'Spike', kind: 'outlier', enabled: true, metric: null, k: 4, raiseAlarm: true, severity: 'warning' } as unknown as Rule]);
    const alarms = new AlarmManager();
    engine.onValue('st-01', 'temperature', T0, 50);
    engine.onValue('st-01', 'temperature', T0 + 1000, 24);
    for (const c of engine.drainConditions()) alarms.applyCondition(c);
    expect(alarms.list({ includeNormal: true })[0]).toMatchObject({ isActive: false, peakValue: 50 });
    const clockAlarms = new AlarmManager();
    const skew = { ruleId: 'system:clock-skew', stationId: '*', metric: null, threshold: null, severity: 'warning' as const };
    clockAlarms.applyCondition({ ...skew, isActive: true, value: -300, message: 'set back', at: T0 });
    clockAlarms.applyCondition({ ...skew, isActive: false, value: -10, message: 'agrees', at: T0 + 1 });
    expect(clockAlarms.list({ includeNormal: true })[0]?.peakValue).toBe(-300);
  });
});
