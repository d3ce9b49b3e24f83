/**
 * "Save rules" never resets live alarms (operator console issue, item 1). In a heatwave, with alarms
 * active and one acknowledged, saving the rule list as the editor sends it — the same rules with their
 * fields in another order, plus a new rule — used to return every alarm to normal while the heat went on
 * and raise them again minutes later as new, unacknowledged alarms.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';
import { RuleSchema } from '../../src-shared/domain/rules';

const T0 = Date.UTC(2026, 6, 23, 14, 0, 0);

describe('saving rules during a heatwave', () => {
  it('keeps every live alarm and its acknowledgement; a raised limit the heat no longer passes returns the alarm, audited, and raises nothing new', async () => {
    let now = T0;
    const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
    const pipeline = new Pipeline({ settings: defaultSettings(), store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: (c) => changes.push(c) });
    const heat = (celsius: number) => pipeline.onBatch({ kind: 'readings', readings: ['st-01', 'st-02'].map((stationId) => ({ stationId, ts: now, metrics: { temperature: celsius } })) });
    for (let s = 0; s < 240; s++) {
      await heat(43);
      now += 1_000;
      await pipeline.tick();
    }
    const extreme = pipeline.listAlarms().filter((a) => a.ruleId === 'temperature-extreme');
    expect(extreme.map((a) => a.stationId).sort()).toEqual(['st-01', 'st-02']);
    await pipeline.acknowledge(extreme[0]!.id, 'operator', 'crews informed');
    const before = changes.length;

    // What the rule editor sends: every rule with its fields in another order, plus one new rule.
    const edited = DEFAULT_RULES.map((r) => Object.fromEntries(Object.entries(r).reverse()) as Rule);
    const added = RuleSchema.parse({ kind: 'threshold', id: 'noise-night', name: 'Noise at night', metric: 'noise_level', statistic: 'value', operator: '>', level: 90, clearLevel: 85, severity: 'warning' });
    pipeline.setRules([...edited, added]);
    for (let s = 0; s < 180; s++) {
      await heat(43);
      now += 1_000;
      await pipeline.tick();
    }
    const after = changes.slice(before);
    expect(after.filter((c) => c.event.type === 'returned' || c.event.type === 'activated')).toEqual([]);
    const kept = pipeline.listAlarms().find((a) => a.id === extreme[0]!.id);
    expect(kept).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'operator', isActive: true });

    // The extreme limit raised above the heat: the alarm clears by the new limits (audited), nothing is raised again.
    pipeline.setRules([...edited.map((r) => (r.id === 'temperature-extreme' ? ({ ...r, level: 45, clearLevel: 44 } as Rule) : r)), added]);
    for (let s = 0; s < 180; s++) {
      await heat(43);
      now += 1_000;
      await pipeline.tick();
    }
    const events = changes.filter((c) => c.alarm.id === extreme[0]!.id).map((c) => c.event.type);
    expect(events.slice(-1)).toEqual(['cleared']);
    expect(events.filter((t) => t === 'activated')).toHaveLength(1);
    // The row agrees with its message: the limit is the rule's as it cleared (before: still the old one).
    expect(pipeline.listAlarms({ includeNormal: true }).find((a) => a.id === extreme[0]!.id)).toMatchObject({ threshold: 45 });
  });

  it('an alarm cleared by a changed rule keeps the clearing value as its peak when it is the worst (a row said peak 63.0 % beside "back past 75 %" at 63.3 %)', async () => {
    let now = T0;
    const humid = RuleSchema.parse({ kind: 'threshold', id: 'humid', name: 'Humid', metric: 'humidity', statistic: 'value', operator: '>', level: 50, clearLevel: 45, severity: 'warning' });
    const pipeline = new Pipeline({ settings: { ...defaultSettings(), rules: [humid] }, store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    for (const value of [60, 63, 62]) {
      await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: now, metrics: { humidity: value } }] });
      now += 1_000;
      await pipeline.tick();
    }
    expect(pipeline.listAlarms()).toMatchObject([{ id: 'humid@st-01', peakValue: 63, threshold: 50 }]);
    pipeline.setRules([{ ...humid, level: 80, clearLevel: 75 } as Rule]);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: now, metrics: { humidity: 63.3 } }] });
    await pipeline.tick();
    expect(pipeline.listAlarms({ includeNormal: true })).toMatchObject([{ id: 'humid@st-01', state: 'returned-unacknowledged', value: 63.3, peakValue: 63.3, threshold: 80 }]);
  });
});
