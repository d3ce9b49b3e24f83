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

function restarted(rules: readonly Rule[], alarms: readonly Alarm[]): { pipeline: Pipeline; clock: { now: number } } {
  const clock = { now: T0 };
  const pipeline = new Pipeline({ settings: { ...defaultSettings(), rules: [...rules] }, store: new MemoryStore(), now: () => clock.now, onFrame: () => undefined, onAlarm: () => undefined });
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
    expect(alarmOf(pipeline, 'heat-critical@st-05')).toMatchObject({ state: 'returned-unacknowledged', isActive: false, message: 'rule removed or disabled while Stationwatch was closed' });
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
