import { describe, expect, it } from 'vitest';
import type { Rule, ThresholdRule } from '../../../src-shared/domain/rules';
import { RuleSchema, ThresholdRuleSchema } from '../../../src-shared/domain/rules';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { RuleEngine } from './rule-engine';

function rawRule(overrides: Partial<ThresholdRule> = {}): ThresholdRule {
  return ThresholdRuleSchema.parse({
    kind: 'threshold', id: 'temp-high', name: 'Temp high', severity: 'warning', metric: 'temperature',
    statistic: 'value', operator: '>', level: 30, clearLevel: 28, pendingMs: 0, ...overrides,
  });
}

function win(stationId: string, metric: string, start: number, sizeMs: number, mean: number): WindowAggregate {
  return { stationId, metric, sizeMs, start, count: 10, mean, min: mean - 1, max: mean + 1, stddev: 0.5, p95: mean + 0.8 };
}

/** Feed values one second apart for one station; returns the (isActive, at) of every condition change. */
function feed(engine: RuleEngine, values: readonly number[], stationId = 'st-01', startTs = 0): { isActive: boolean; at: number }[] {
  values.forEach((v, i) => engine.onValue(stationId, 'temperature', startTs + i * 1000, v));
  return engine.drainConditions().map((c) => ({ isActive: c.isActive, at: c.at }));
}

describe('RuleEngine threshold rules on raw values', () => {
  it('fires at once with pendingMs 0 and clears past the clear level', () => {
    const engine = new RuleEngine([rawRule()]);
    engine.onValue('st-01', 'temperature', 1000, 29);
    expect(engine.drainConditions()).toEqual([]);
    engine.onValue('st-01', 'temperature', 2000, 31.5);
    const [fired] = engine.drainConditions();
    expect(fired).toMatchObject({ ruleId: 'temp-high', stationId: 'st-01', metric: 'temperature', isActive: true, value: 31.5, threshold: 30, severity: 'warning', at: 2000, direction: 'high' });
    expect(fired?.message).toContain('31.5 °C > 30 °C');
    engine.onValue('st-01', 'temperature', 3000, 27.9);
    expect(engine.drainConditions()).toMatchObject([{ isActive: false, value: 27.9, at: 3000 }]);
  });

  it('does not flap for values oscillating inside the hysteresis band', () => {
    const engine = new RuleEngine([rawRule()]);
    const band = [31, 29, 30.5, 28.5, 31, 28.1, 29.9, 30.2, 28.01, 29];
    expect(feed(engine, band)).toEqual([{ isActive: true, at: 0 }]);
    expect(feed(engine, [27.5], 'st-01', 20_000)).toEqual([{ isActive: false, at: 20_000 }]);
  });

  it('needs the value past (not at) the clear level to clear: hysteresis with >= clears strictly below', () => {
    const engine = new RuleEngine([rawRule({ operator: '>=', level: 30, clearLevel: 28 })]);
    expect(feed(engine, [30, 28, 28, 27.99])).toEqual([{ isActive: true, at: 0 }, { isActive: false, at: 3000 }]);
  });

  it('delays firing by the pending duration of event time', () => {
    const engine = new RuleEngine([rawRule({ pendingMs: 5000 })]);
    const changes = feed(engine, [31, 31, 31, 31, 31, 31, 31]);
    expect(changes).toEqual([{ isActive: true, at: 5000 }]);
  });

  it('restarts the pending wait when the value dips below the level before it elapses', () => {
    const engine = new RuleEngine([rawRule({ pendingMs: 3000 })]);
    // breach at 0..2 s, dip at 3 s (inside the band, still a dip below the level), breach again from 4 s
    const changes = feed(engine, [31, 31, 31, 29, 31, 31, 31, 31]);
    expect(changes).toEqual([{ isActive: true, at: 7000 }]);
  });

  it('handles low-side rules with the clear level above the level', () => {
    const engine = new RuleEngine([rawRule({ id: 'cold', operator: '<', level: 0, clearLevel: 2 })]);
    const changes = feed(engine, [1, -1, -3, 1, 1.9, 2, 2.5]);
    expect(changes).toEqual([{ isActive: true, at: 1000 }, { isActive: true, at: 2000 }, { isActive: false, at: 5000 }]);
  });

  it('reports a new worst value of an active condition (the peak) and nothing for better values', () => {
    const engine = new RuleEngine([rawRule()]);
    ['31', '33', '32', '35', '29'].forEach((v, i) => engine.onValue('st-01', 'temperature', i * 1000, Number(v)));
    expect(engine.drainConditions().map((c) => [c.isActive, c.value])).toEqual([[true, 31], [true, 33], [true, 35]]);
  });

  it('keeps one condition per station for a rule without a station, and only its station for one with', () => {
    const engine = new RuleEngine([rawRule(), rawRule({ id: 'st2-only', stationId: 'st-02', level: 20, clearLevel: 20 })]);
    engine.onValue('st-01', 'temperature', 0, 31);
    engine.onValue('st-02', 'temperature', 0, 31);
    engine.onValue('st-01', 'temperature', 1000, 25);
    const changes = engine.drainConditions().map((c) => `${c.ruleId}@${c.stationId}:${c.isActive}`);
    expect(changes).toEqual(['temp-high@st-01:true', 'temp-high@st-02:true', 'st2-only@st-02:true', 'temp-high@st-01:false']);
  });

  it('ignores other metrics and disabled rules', () => {
    const engine = new RuleEngine([rawRule(), rawRule({ id: 'off', enabled: false, level: 0, clearLevel: 0 })]);
    engine.onValue('st-01', 'humidity', 0, 99);
    engine.onValue('st-01', 'temperature', 0, 10);
    expect(engine.drainConditions()).toEqual([]);
  });
});

describe('RuleEngine threshold rules on windows', () => {
  const meanRule = rawRule({ id: 'mean-high', statistic: 'mean', windowMs: 60_000, level: 35, clearLevel: 33, pendingMs: 60_000 });

  it('evaluates the rule statistic of windows of its size at window end', () => {
    const engine = new RuleEngine([meanRule, rawRule({ id: 'p95', statistic: 'p95', windowMs: 10_000, level: 36, clearLevel: 36 })]);
    engine.onWindow(win('st-01', 'temperature', 0, 10_000, 35.5)); // p95 36.3 > 36
    engine.onWindow(win('st-01', 'temperature', 0, 60_000, 36)); // pending starts at 60 s
    engine.onWindow(win('st-01', 'temperature', 60_000, 60_000, 36)); // held 60 s → active at 120 s
    engine.onWindow(win('st-01', 'temperature', 120_000, 60_000, 34)); // inside band, stays
    engine.onWindow(win('st-01', 'temperature', 180_000, 60_000, 32)); // clears at 240 s
    const changes = engine.drainConditions().map((c) => `${c.ruleId}:${c.isActive}@${c.at}`);
    expect(changes).toEqual(['p95:true@10000', 'mean-high:true@120000', 'mean-high:false@240000']);
  });

  it('evaluates city-wide windows only for rules that name station "*"', () => {
    const city = rawRule({ id: 'city', stationId: '*', statistic: 'mean', windowMs: 60_000, level: 35, clearLevel: 35 });
    const engine = new RuleEngine([city, { ...meanRule, pendingMs: 0 }]);
    engine.onWindow(win('*', 'temperature', 0, 60_000, 40));
    engine.onWindow(win('st-01', 'temperature', 0, 60_000, 40));
    const changes = engine.drainConditions().map((c) => `${c.ruleId}@${c.stationId}`);
    expect(changes).toEqual(['city@*', 'mean-high@st-01']);
  });
});

describe('RuleEngine outlier rules', () => {
  const countOnly: Rule = RuleSchema.parse({ kind: 'outlier', id: 'z4', name: 'Outlier', severity: 'warning', k: 4 });

  it('counts outliers against the expected distribution without raising conditions by default', () => {
    const engine = new RuleEngine([countOnly]);
    expect(engine.onValue('st-01', 'temperature', 0, 25 + 2 * 4.1)).toBe(true); // mean 25, sigma 2
    expect(engine.onValue('st-01', 'temperature', 1, 25 - 2 * 4.1)).toBe(true);
    expect(engine.onValue('st-01', 'temperature', 2, 25 + 2 * 3.9)).toBe(false);
    expect(engine.onValue('st-01', 'brand_new_sensor', 3, 1e9)).toBe(false); // no expected distribution
    expect(engine.outlierCount).toBe(2);
    expect(engine.drainConditions()).toEqual([]);
  });

  it('raises a condition per station with raiseAlarm, cleared by the next ordinary value of that metric', () => {
    const raising = RuleSchema.parse({ kind: 'outlier', id: 'z5', name: 'Wild value', severity: 'critical', k: 5, raiseAlarm: true, metric: 'noise_level' });
    const engine = new RuleEngine([raising]);
    engine.onValue('st-01', 'temperature', 0, 1000); // other metric: not covered by this rule
    engine.onValue('st-01', 'noise_level', 1000, 20); // mean 50, sigma 3 → z = -10
    engine.onValue('st-01', 'noise_level', 2000, 90);
    engine.onValue('st-01', 'noise_level', 3000, 51);
    const changes = engine.drainConditions();
    // The clear keeps the activation's direction, so the alarm's peak is judged the way it was raised.
    expect(changes.map((c) => [c.isActive, c.value, c.at, c.direction])).toEqual([[true, 20, 1000, 'low'], [false, 51, 3000, 'low']]);
    expect(changes[0]).toMatchObject({ ruleId: 'z5', metric: 'noise_level', severity: 'critical', threshold: 5 });
    expect(engine.outlierCount).toBe(2);
  });
});

describe('RuleEngine stale rules', () => {
  const staleRule: Rule = RuleSchema.parse({ kind: 'stale', id: 'stale', name: 'Silent', severity: 'warning', afterMs: 60_000 });

  it('fires once for a silent station and clears when it is seen again', () => {
    const engine = new RuleEngine([staleRule]);
    engine.onStationSeen('st-01', 1_000);
    engine.onStationSeen('st-02', 1_000);
    engine.checkStale(50_000);
    engine.onStationSeen('st-02', 55_000);
    engine.checkStale(61_000);
    engine.checkStale(90_000);
    engine.onStationSeen('st-01', 95_000);
    engine.checkStale(100_000);
    const changes = engine.drainConditions();
    expect(changes.map((c) => `${c.stationId}:${c.isActive}@${c.at}`)).toEqual(['st-01:true@61000', 'st-01:false@95000']);
    expect(changes[0]).toMatchObject({ metric: null, value: 60_000, threshold: 60_000 });
    engine.checkStale(116_000);
    expect(engine.drainConditions().map((c) => `${c.stationId}:${c.isActive}@${c.at}`)).toEqual(['st-02:true@116000']);
  });

  it('watches a named station from the first check even if it never sent anything', () => {
    const engine = new RuleEngine([{ ...staleRule, stationId: 'st-09' } as Rule]);
    engine.checkStale(10_000);
    engine.checkStale(69_999);
    expect(engine.drainConditions()).toEqual([]);
    engine.checkStale(70_000);
    expect(engine.drainConditions()).toMatchObject([{ stationId: 'st-09', isActive: true }]);
  });
});
