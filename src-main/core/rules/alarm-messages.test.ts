/** What the operator reads in an alarm's message: values rounded with units, silence in words. */
import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../../src-shared/domain/rules';
import { RuleEngine } from './rule-engine';

describe('alarm messages', () => {
  it('a threshold alarm shows the value rounded to the metric decimals with its unit, and the limit with its unit', () => {
    const rule = RuleSchema.parse({ kind: 'threshold', id: 'heat', name: 'Heat', severity: 'critical', metric: 'temperature', statistic: 'value', operator: '>', level: 40, clearLevel: 38, pendingMs: 0 });
    const engine = new RuleEngine([rule]);
    engine.onValue('st-01', 'temperature', 1_000, 43.256);
    engine.onValue('st-01', 'temperature', 2_000, 37.04);
    const [raised, cleared] = engine.drainConditions();
    expect(raised?.message).toBe('Heat: temperature 43.3 °C > 40 °C');
    expect(cleared?.message).toBe('Heat: temperature 37.0 °C, back past 38 °C');
  });

  it('a silent-station alarm says how long in words, not milliseconds', () => {
    const rule = RuleSchema.parse({ kind: 'stale', id: 'silent', name: 'Station silent for 60 s', severity: 'warning', afterMs: 60_000 });
    const engine = new RuleEngine([rule]);
    engine.onStationSeen('st-01', 1_000);
    engine.checkStale(61_026);
    const [raised] = engine.drainConditions();
    expect(raised?.message).toBe('Station silent for 60 s: no data for 60 s');
  });

  it('an outlier alarm shows the value with its unit and z with one decimal', () => {
    const rule = RuleSchema.parse({ kind: 'outlier', id: 'odd', name: 'Outlier', severity: 'warning', metric: 'temperature', k: 6, raiseAlarm: true });
    const engine = new RuleEngine([rule]);
    engine.onValue('st-01', 'temperature', 1_000, 40.123);
    const [raised] = engine.drainConditions();
    expect(raised?.message).toBe('Outlier: temperature 40.1 °C is 7.6σ from expected (k = 6)');
  });
});
