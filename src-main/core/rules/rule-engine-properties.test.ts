import { describe, expect, it } from 'vitest';
import type { Rule, ThresholdRule } from '../../../src-shared/domain/rules';
import { RuleSchema, ThresholdRuleSchema } from '../../../src-shared/domain/rules';
import { RuleEngine } from './rule-engine';
import { seededRandom as random } from '../../../src-shared/test-support/seeded-random';


function rule(pendingMs: number): ThresholdRule {
  return ThresholdRuleSchema.parse({
    kind: 'threshold', id: 'r', name: 'R', severity: 'warning', metric: 'temperature',
    statistic: 'value', operator: '>', level: 30, clearLevel: 28, pendingMs,
  });
}

/** Times the sequence goes from past the clear level (≤ 28) to above the level (> 30); the first breach counts too. */
function crossings(values: readonly number[]): number {
  let armed = true;
  let count = 0;
  for (const v of values) {
    if (armed && v > 30) {
      count++;
      armed = false;
    } else if (v <= 28) armed = true;
  }
  return count;
}

describe('RuleEngine properties on random value sequences', () => {
  it('activates exactly once per crossing with pendingMs 0, and never more often with a pending duration', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const values = Array.from({ length: 300 }, () => 26 + next() * 6);
      for (const pendingMs of [0, 2000]) {
        const engine = new RuleEngine([rule(pendingMs)]);
        values.forEach((v, i) => engine.onValue('st-01', 'temperature', i * 1000, v));
        const changes = engine.drainConditions();
        const activations = changes.filter((c, i) => c.isActive && (i === 0 || !changes[i - 1]?.isActive)).length;
        const clears = changes.filter((c) => !c.isActive).length;
        if (pendingMs === 0) expect(activations, `seed ${seed}`).toBe(crossings(values));
        else expect(activations, `seed ${seed}`).toBeLessThanOrEqual(crossings(values));
        // activations and clears alternate: clears never outnumber activations, at most one left open
        expect(activations - clears).toBeGreaterThanOrEqual(0);
        expect(activations - clears).toBeLessThanOrEqual(1);
      }
    }
  });

  it('never activates while every value stays inside the hysteresis band after the first breach', () => {
    const next = random(42);
    const engine = new RuleEngine([rule(0)]);
    engine.onValue('st-01', 'temperature', 0, 31);
    for (let i = 1; i < 5000; i++) engine.onValue('st-01', 'temperature', i * 1000, 28.0001 + next() * 3);
    const changes = engine.drainConditions();
    expect(changes.filter((c) => !c.isActive)).toEqual([]);
    expect(changes[0]).toMatchObject({ isActive: true, at: 0 });
  });
});

describe('RuleEngine rule changes and reset', () => {
  const base = rule(0);

  it('keeps the state of unchanged and re-limited rules, judging the next sample by the new limit; clears the conditions of removed rules or of rules that now watch something else', () => {
    const other: Rule = { ...base, id: 'other', level: 20, clearLevel: 20 };
    const engine = new RuleEngine([base, other]);
    engine.onValue('st-01', 'temperature', 5000, 31);
    expect(engine.drainConditions()).toHaveLength(2);
    // A new limit the value still passes: the condition stays active (its alarm keeps its acknowledgement).
    engine.setRules([base, { ...other, level: 25, clearLevel: 24 }]);
    expect(engine.drainConditions()).toEqual([]);
    engine.onValue('st-01', 'temperature', 6000, 31);
    expect(engine.drainConditions()).toEqual([]);
    // A limit the value no longer passes: the next sample clears it, as the new clear level says.
    engine.setRules([base, { ...other, level: 35, clearLevel: 33 }]);
    expect(engine.drainConditions()).toEqual([]);
    engine.onValue('st-01', 'temperature', 7000, 31);
    expect(engine.drainConditions().map((c) => `${c.ruleId}:${c.isActive}`)).toEqual(['other:false']);
    // The same rules with their fields in another order (the editor's copies) and a new name: nothing changes.
    const reordered = Object.fromEntries(Object.entries({ ...base, name: 'Renamed' }).reverse()) as Rule;
    engine.setRules([reordered, { ...other, level: 35, clearLevel: 33 }]);
    expect(engine.drainConditions()).toEqual([]);
    // Watching another metric is another condition: the active one is cleared with the reason.
    engine.setRules([{ ...reordered, metric: 'humidity' } as Rule]);
    expect(engine.drainConditions()).toMatchObject([{ ruleId: 'r', isActive: false, at: 7000, value: null, message: 'Renamed: rule changed or removed' }]);
    engine.onValue('st-01', 'temperature', 8000, 31);
    engine.setRules([]);
    expect(engine.drainConditions()).toEqual([]);
  });

  it('clears stale conditions of a removed stale rule', () => {
    const stale = RuleSchema.parse({ kind: 'stale', id: 's', name: 'S', severity: 'warning', afterMs: 1000 });
    const engine = new RuleEngine([stale]);
    engine.onStationSeen('st-01', 0);
    engine.checkStale(2000);
    engine.setRules([]);
    expect(engine.drainConditions().map((c) => `${c.ruleId}:${c.isActive}@${c.at}`)).toEqual(['s:true@2000', 's:false@2000']);
  });

  it('resetConditions forgets a station so a condition that still holds is reported afresh', () => {
    const engine = new RuleEngine([base]);
    engine.onValue('st-01', 'temperature', 0, 31);
    engine.onValue('st-02', 'temperature', 0, 31);
    engine.drainConditions();
    engine.resetConditions('st-01', 'humidity');
    engine.onValue('st-01', 'temperature', 1000, 31);
    expect(engine.drainConditions()).toEqual([]);
    engine.resetConditions('st-01', null);
    engine.onValue('st-01', 'temperature', 2000, 30.5);
    engine.onValue('st-02', 'temperature', 2000, 30.5);
    expect(engine.drainConditions().map((c) => `${c.stationId}:${c.isActive}@${c.at}`)).toEqual(['st-01:true@2000']);
  });
});
