import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Severity } from '../../src-shared/domain/rules';
import type { LiveStore } from '../data/live-store';
import { alignOnGrid, createAlignScratch } from './align-grid';
import type { AlignScratch } from './align-grid';
import { collectSeries, createSeriesScratch } from './chart-data';
import type { SeriesScratch } from './chart-data';
import type { AlignedColumns } from './chart-data';

/** A horizontal alarm level drawn on a chart. */
export interface ThresholdLine {
  readonly level: number;
  readonly severity: Severity;
}

/** One chart's scratch storage, kept across redraws (city first, then one per station). */
export interface ChartScratch {
  readonly series: SeriesScratch[];
  readonly grid: AlignScratch;
}

/** Empty scratch for one chart. */
export function createChartScratch(): ChartScratch {
  return { series: [], grid: createAlignScratch() };
}

/**
 * The aligned columns of one metric chart over [from, to] on a grid of `slots` (≈ plot width in px):
 * x, city mean, city min, city max, then one column per station in `stations` order. A live chart
 * passes its own `scratch`, so a redraw allocates only the output columns.
 */
export function metricChartData(live: LiveStore, metric: string, stations: readonly string[], from: number, to: number, slots: number, scratch: ChartScratch = createChartScratch()): AlignedColumns {
  while (scratch.series.length < stations.length + 1) scratch.series.push(createSeriesScratch());
  const collected = [collectSeries(live.backfill(CITY_STATION_ID, metric), live.cityRing(metric), from, to, 3, scratch.series[0])];
  for (let i = 0; i < stations.length; i++) {
    const id = stations[i] as string;
    collected.push(collectSeries(live.backfill(id, metric), live.stationRing(id, metric), from, to, 1, scratch.series[i + 1]));
  }
  return alignOnGrid(collected, { from, to, slots }, scratch.grid);
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
