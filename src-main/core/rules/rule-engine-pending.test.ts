import { describe, expect, it } from 'vitest';
import type { ThresholdRule } from '../../../src-shared/domain/rules';
import { ThresholdRuleSchema } from '../../../src-shared/domain/rules';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { RuleEngine } from './rule-engine';

function rule(overrides: Partial<ThresholdRule> = {}): ThresholdRule {
  return ThresholdRuleSchema.parse({
    kind: 'threshold', id: 'temp-high', name: 'Temp high', severity: 'warning', metric: 'temperature',
    statistic: 'value', operator: '>', level: 30, clearLevel: 28, pendingMs: 5000, ...overrides,
  });
}

function win(stationId: string, start: number, sizeMs: number, mean: number): WindowAggregate {
  return { stationId, metric: 'temperature', sizeMs, start, count: 10, mean, min: mean - 1, max: mean + 1, stddev: 0.5, p95: mean + 0.8 };
}

const pendingOf = (engine: RuleEngine) => engine.pendingConditions(100).list;

describe('RuleEngine pending conditions', () => {
  it('lists a breach waiting out its pending time, with its value, start and due time, until it fires', () => {
    const engine = new RuleEngine([rule()]);
    engine.onValue('st-01', 'temperature', 1000, 29);
    expect(pendingOf(engine)).toEqual([]);
    engine.onValue('st-01', 'temperature', 2000, 31);
    engine.onValue('st-01', 'temperature', 3000, 32.5);
    expect(pendingOf(engine)).toEqual([
      { ruleId: 'temp-high', ruleName: 'Temp high', stationId: 'st-01', metric: 'temperature', statistic: 'value', windowMs: null, operator: '>', level: 30, severity: 'warning', value: 32.5, since: 2000, dueAt: 7000 },
    ]);
    expect(engine.drainConditions()).toEqual([]);
    engine.onValue('st-01', 'temperature', 7000, 31);
    expect(engine.drainConditions()).toMatchObject([{ isActive: true, at: 7000 }]);
    expect(pendingOf(engine)).toEqual([]);
  });

  it('drops a pending breach when the value dips back before the pending time elapsed', () => {
    const engine = new RuleEngine([rule()]);
    engine.onValue('st-01', 'temperature', 1000, 31);
    expect(pendingOf(engine)).toHaveLength(1);
    engine.onValue('st-01', 'temperature', 2000, 29.9);
    expect(pendingOf(engine)).toEqual([]);
    expect(engine.drainConditions()).toEqual([]);
  });

  it('a window rule is due at the first window end at least the pending time after the breach', () => {
    const engine = new RuleEngine([rule({ statistic: 'mean', windowMs: 10_000, pendingMs: 25_000 })]);
    engine.onWindow(win('st-02', 0, 10_000, 33));
    const [pending] = pendingOf(engine);
    // Breach known at the window's end (10 s); evaluations at 20, 30, 40 s: 40 - 10 >= 25 first at 40 s.
    expect(pending).toMatchObject({ stationId: 'st-02', statistic: 'mean', windowMs: 10_000, value: 33, since: 10_000, dueAt: 40_000 });
    engine.onWindow(win('st-02', 10_000, 10_000, 34));
    engine.onWindow(win('st-02', 20_000, 10_000, 35));
    expect(pendingOf(engine)).toMatchObject([{ value: 35, since: 10_000, dueAt: 40_000 }]);
    engine.onWindow(win('st-02', 30_000, 10_000, 34));
    expect(engine.drainConditions()).toMatchObject([{ isActive: true, at: 40_000 }]);
    expect(pendingOf(engine)).toEqual([]);
  });

  it('lists every pending station and rule, soonest due first, capped with the total kept', () => {
    const engine = new RuleEngine([rule(), rule({ id: 'temp-extreme', name: 'Temp extreme', level: 40, clearLevel: 38, severity: 'critical', pendingMs: 2000 })]);
    engine.onValue('st-03', 'temperature', 1000, 31);
    engine.onValue('st-01', 'temperature', 2000, 41);
    engine.onValue('st-02', 'temperature', 1500, 31);
    const all = engine.pendingConditions(100);
    expect(all.total).toBe(4);
    expect(all.list.map((p) => `${p.ruleId}@${p.stationId}:${p.dueAt}`)).toEqual(['temp-extreme@st-01:4000', 'temp-high@st-03:6000', 'temp-high@st-02:6500', 'temp-high@st-01:7000']);
    const capped = engine.pendingConditions(2);
    expect(capped.total).toBe(4);
    expect(capped.list.map((p) => p.stationId)).toEqual(['st-01', 'st-03']);
    const shown = engine.pendingConditions(100, (stationId) => stationId !== 'st-01');
    expect(shown.list.map((p) => p.stationId)).toEqual(['st-03', 'st-02']);
  });

  it('forgets pending breaches of a station back in service and of a removed rule; a rename keeps them', () => {
    const engine = new RuleEngine([rule()]);
    engine.onValue('st-01', 'temperature', 1000, 31);
    engine.onValue('st-02', 'temperature', 1000, 31);
    engine.resetConditions('st-01', null);
    expect(pendingOf(engine).map((p) => p.stationId)).toEqual(['st-02']);
    engine.setRules([rule({ name: 'Renamed' })]);
    expect(pendingOf(engine)).toMatchObject([{ stationId: 'st-02', ruleName: 'Renamed', since: 1000 }]);
    engine.setRules([]);
    expect(pendingOf(engine)).toEqual([]);
  });

  it('never lists a rule without a pending time: it fires at once', () => {
    const engine = new RuleEngine([rule({ pendingMs: 0 })]);
    engine.onValue('st-01', 'temperature', 1000, 31);
    expect(pendingOf(engine)).toEqual([]);
    expect(engine.drainConditions()).toMatchObject([{ isActive: true }]);
  });
});
