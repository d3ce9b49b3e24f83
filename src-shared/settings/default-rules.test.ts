import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS } from '../domain/metrics';
import { RuleSchema } from '../domain/rules';
import type { WindowAggregate } from '../domain/window-aggregate';
import { DEFAULT_RULES } from './default-rules';
import { RuleEngine } from '../../src-main/core/rules/rule-engine';
import { seededRandom as random } from '../test-support/seeded-random';


/** Brute-force window statistics (the real aggregator lives elsewhere; this only feeds the rules). */
function aggregate(stationId: string, metric: string, start: number, sizeMs: number, values: readonly number[]): WindowAggregate {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? mean;
  return { stationId, metric, sizeMs, start, count: values.length, mean, min: sorted[0] ?? mean, max: sorted.at(-1) ?? mean, stddev: Math.sqrt(variance), p95 };
}

describe('DEFAULT_RULES', () => {
  it('are valid rules, and every enabled threshold rule looks at a window statistic with hysteresis', () => {
    for (const rule of DEFAULT_RULES) {
      expect(RuleSchema.safeParse(rule).success, rule.id).toBe(true);
      if (rule.kind !== 'threshold' || !rule.enabled) continue;
      expect(rule.statistic, rule.id).not.toBe('value');
      expect(rule.clearLevel, rule.id).not.toBe(rule.level);
    }
    expect(new Set(DEFAULT_RULES.map((r) => r.id)).size).toBe(DEFAULT_RULES.length);
  });

  it('raise no condition on an hour of normal weather at 12 stations (noise around the expected means, bounded drift)', () => {
    const next = random(7);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    const engine = new RuleEngine(DEFAULT_RULES);
    const sizes = [...new Set(DEFAULT_RULES.flatMap((r) => (r.kind === 'threshold' && r.windowMs !== null ? [r.windowMs] : [])))];
    for (let s = 0; s < 12; s++) {
      const stationId = `st-${s}`;
      for (const m of KNOWN_METRICS) {
        const mean = m.expectedMean ?? 0;
        const sigma = m.expectedSigma ?? 1;
        const phase = next() * 2 * Math.PI;
        const values: number[] = [];
        for (let t = 0; t < 3600; t++) {
          const drift = 1.5 * sigma * Math.sin(phase + (2 * Math.PI * t) / 1800);
          let v = mean + drift + sigma * gauss();
          if (m.physicalMin !== null) v = Math.max(m.physicalMin, v);
          if (m.physicalMax !== null) v = Math.min(m.physicalMax, v);
          values.push(v);
          engine.onValue(stationId, m.id, t * 1000, v);
        }
        for (const sizeMs of sizes) {
          const perWindow = sizeMs / 1000;
          for (let start = 0; start < values.length; start += perWindow) {
            engine.onWindow(aggregate(stationId, m.id, start * 1000, sizeMs, values.slice(start, start + perWindow)));
          }
        }
      }
      engine.onStationSeen(stationId, 3_600_000);
    }
    engine.checkStale(3_600_000);
    // Normal weather (drift included) stays inside 6σ almost always: outliers are for faulty values, and in
    // any case they are only counted, never a condition.
    expect(engine.outlierCount).toBeLessThan(12 * 3600 * 0.0005);
    expect(engine.drainConditions()).toEqual([]);
  });
});
