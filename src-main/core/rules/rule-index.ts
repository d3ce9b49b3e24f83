import type { OutlierRule, Statistic } from '../../../src-shared/domain/rules';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { metricInfo } from '../../../src-shared/domain/metrics';
import type { OutlierTracker } from './outlier-tracker';
import type { ThresholdTracker } from './threshold-tracker';

/** Everything the engine evaluates for one metric, built once per metric and rule set. */
export interface MetricRules {
  /** Threshold rules on the raw value. */
  readonly valueTrackers: readonly ThresholdTracker[];
  /** Threshold rules on a window statistic. */
  readonly windowTrackers: readonly ThresholdTracker[];
  /** Outlier rules that raise alarms. */
  readonly outlierTrackers: readonly OutlierTracker[];
  /** Expected distribution; NaN when the metric has none (outlier rules then ignore it). */
  readonly mean: number;
  readonly sigma: number;
  /** Smallest k of the enabled outlier rules covering this metric: |z| above it counts as an outlier. Infinity = none. */
  readonly outlierK: number;
}

/** Select the rules that apply to `metric`. */
export function metricRules(
  metric: string,
  thresholds: readonly ThresholdTracker[],
  outlierRules: readonly OutlierRule[],
  outlierTrackers: readonly OutlierTracker[],
): MetricRules {
  const ofMetric = thresholds.filter((t) => t.rule.metric === metric);
  const info = metricInfo(metric);
  const hasDistribution = info.expectedMean !== null && info.expectedSigma !== null && info.expectedSigma > 0;
  const covers = (rule: OutlierRule): boolean => hasDistribution && (rule.metric === null || rule.metric === metric);
  return {
    valueTrackers: ofMetric.filter((t) => t.rule.statistic === 'value'),
    windowTrackers: ofMetric.filter((t) => t.rule.statistic !== 'value'),
    outlierTrackers: outlierTrackers.filter((t) => covers(t.rule)),
    mean: info.expectedMean ?? Number.NaN,
    sigma: info.expectedSigma ?? Number.NaN,
    outlierK: outlierRules.filter(covers).reduce((k, rule) => Math.min(k, rule.k), Number.POSITIVE_INFINITY),
  };
}

/** True when a threshold rule with `ruleStationId` applies to a window of `stationId` ('*' = city-wide, only for rules naming '*'). */
export function appliesToStation(ruleStationId: string | null, stationId: string): boolean {
  if (stationId === '*') return ruleStationId === '*';
  return ruleStationId === null || ruleStationId === stationId;
}

/** The statistic of a window that a rule looks at. */
export function windowStatistic(w: WindowAggregate, statistic: Exclude<Statistic, 'value'>): number {
  switch (statistic) {
    case 'mean':
      return w.mean;
    case 'min':
      return w.min;
    case 'max':
      return w.max;
    case 'p95':
      return w.p95;
  }
}
