import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src-shared/domain/rules';
import { RuleSchema } from '../../../src-shared/domain/rules';
import { RuleEngine } from '../rules/rule-engine';
import { AlarmManager } from './alarm-manager';
import { seededRandom as random } from '../../../src-shared/test-support/seeded-random';


/** Pass every condition change from the engine to the manager, as the pipeline does. */
function pump(engine: RuleEngine, manager: AlarmManager): void {
  for (const c of engine.drainConditions()) manager.applyCondition(c);
}

const hot: Rule = RuleSchema.parse({
  kind: 'threshold', id: 'hot', name: 'Hot', severity: 'warning', metric: 'temperature', statistic: 'value', operator: '>', level: 30, clearLevel: 28, pendingMs: 3000,
});

describe('rule engine → alarm manager', () => {
  it('never activates an alarm more often than the values cross the level after crossing the clear level', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = random(seed);
      const engine = new RuleEngine([hot]);
      const manager = new AlarmManager();
      let armed = true;
      let crossings = 0;
      for (let i = 0; i < 400; i++) {
        const v = 25 + next() * 8;
        if (armed && v > 30) {
          crossings++;
          armed = false;
        } else if (v <= 28) armed = true;
        engine.onValue('st-01', 'temperature', i * 1000, v);
        pump(engine, manager);
        if (next() < 0.05 && manager.get('hot@st-01')?.state === 'unacknowledged') manager.acknowledge('hot@st-01', 'op', null, i * 1000);
      }
      const alarm = manager.get('hot@st-01');
      expect(alarm?.activationCount ?? 0, `seed ${seed}`).toBeLessThanOrEqual(crossings);
      const activations = manager.drainChanges().filter((c) => c.event.type === 'activated').length;
      expect(activations).toBe(alarm?.activationCount ?? 0);
    }
  });

  it('outliers are counted without alarms by default and raise an alarm with raiseAlarm', () => {
    const counting = RuleSchema.parse({ kind: 'outlier', id: 'z4', name: 'Outlier', severity: 'warning', k: 4 });
    const raising = RuleSchema.parse({ kind: 'outlier', id: 'z4-alarm', name: 'Outlier alarm', severity: 'warning', k: 4, raiseAlarm: true });
    for (const [rule, alarms] of [[counting, 0], [raising, 1]] as const) {
      const engine = new RuleEngine([rule]);
      const manager = new AlarmManager();
      engine.onValue('st-01', 'humidity', 1000, 60);
      engine.onValue('st-01', 'humidity', 2000, 80); // mean 60, sigma 3: z ≈ 6.7
      engine.onValue('st-01', 'humidity', 3000, 61);
      pump(engine, manager);
      expect(engine.outlierCount).toBe(1);
      expect(manager.list()).toHaveLength(alarms);
    }
  });

  it('a stale station raises an alarm on wall-clock time that returns when data comes back', () => {
    const engine = new RuleEngine([RuleSchema.parse({ kind: 'stale', id: 'stale', name: 'Silent', severity: 'warning', afterMs: 30_000 })]);
    const manager = new AlarmManager();
    engine.onStationSeen('st-01', 0);
    engine.checkStale(30_000);
    pump(engine, manager);
    expect(manager.get('stale@st-01')).toMatchObject({ state: 'unacknowledged', metric: null, activatedAt: 30_000 });
    engine.onStationSeen('st-01', 45_000);
    pump(engine, manager);
    expect(manager.get('stale@st-01')).toMatchObject({ state: 'returned-unacknowledged', clearedAt: 45_000 });
  });

  it('back in service with resetConditions: a condition that still holds raises a fresh alarm', () => {
    const engine = new RuleEngine([{ ...hot, pendingMs: 0 } as Rule]);
    const manager = new AlarmManager();
    engine.onValue('st-01', 'temperature', 0, 31);
    pump(engine, manager);
    manager.setOutOfService('st-01', null, true, 'carol', null, 1000);
    engine.onValue('st-01', 'temperature', 2000, 33);
    pump(engine, manager);
    manager.setOutOfService('st-01', null, false, 'carol', null, 3000);
    engine.resetConditions('st-01', null);
    engine.onValue('st-01', 'temperature', 4000, 31);
    pump(engine, manager);
    expect(manager.get('hot@st-01')).toMatchObject({ state: 'unacknowledged', activationCount: 2, activatedAt: 4000 });
  });
});
