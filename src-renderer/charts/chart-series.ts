import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Severity } from '../../src-shared/domain/rules';
import type { LiveStore } from '../data/live-store';
import { alignOnGrid } from './align-grid';
import { collectSeries } from './chart-data';
import type { AlignedColumns } from './chart-data';

/** A horizontal alarm level drawn on a chart. */
export interface ThresholdLine {
  readonly level: number;
  readonly severity: Severity;
}

/**
 * The aligned columns of one metric chart over [from, to] on a grid of `slots` (≈ plot width in px):
 * x, city mean, city min, city max, then one column per station in `stations` order.
 */
export function metricChartData(live: LiveStore, metric: string, stations: readonly string[], from: number, to: number, slots: number): AlignedColumns {
  const city = collectSeries(live.backfill(CITY_STATION_ID, metric), live.cityRing(metric), from, to, 3);
  const lines = stations.map((id) => collectSeries(live.backfill(id, metric), live.stationRing(id, metric), from, to, 1));
  return alignOnGrid([city, ...lines], { from, to, slots });
}

/** Warning and critical levels of the enabled threshold rules on this metric for all or these stations. */
export function thresholdLines(rules: readonly Rule[], metric: string, stations: readonly string[]): ThresholdLine[] {
  const seen = new Map<string, ThresholdLine>();
  for (const rule of rules) {
    if (rule.kind !== 'threshold' || !rule.enabled || rule.metric !== metric) continue;
    if (rule.stationId !== null && !stations.includes(rule.stationId)) continue;
    seen.set(`${rule.level}:${rule.severity}`, { level: rule.level, severity: rule.severity });
  }
  return [...seen.values()].sort((a, b) => a.level - b.level);
}
