import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Severity } from '../../src-shared/domain/rules';
import type { LiveStore } from '../data/live-store';
import { alignOnGrid, createAlignScratch } from './align-grid';
import type { AlignScratch } from './align-grid';
import { collectSeries, createSeriesScratch } from './chart-data';
import type { SeriesScratch } from './chart-data';
import type { AlignedColumns } from './chart-data';
import { appendStationLine, beginStationLines, createStationLines } from './station-lines';
import type { StationLines } from './station-lines';

/** A horizontal alarm level drawn on a chart. */
export interface ThresholdLine {
  readonly level: number;
  readonly severity: Severity;
}

/** One chart's scratch storage, kept across redraws. */
export interface ChartScratch {
  readonly series: SeriesScratch;
  readonly grid: AlignScratch;
  readonly lines: StationLines;
}

/** Empty scratch for one chart. */
export function createChartScratch(): ChartScratch {
  return { series: createSeriesScratch(), grid: createAlignScratch(), lines: createStationLines() };
}

/** What one live chart draws: the city's aligned columns (uPlot data) and the stations' lines. */
export interface MetricChartData {
  /** x, city mean, city min, city max. */
  readonly city: AlignedColumns;
  /** One line per station in `stations` order; views the chart's scratch until its next redraw. */
  readonly lines: StationLines;
}

/**
 * One metric chart over [from, to] on a grid of `slots` (≈ plot width in px): the city's columns for
 * uPlot and the stations' lines for the chart's draw hook. A live chart passes its own `scratch`, so a
 * redraw allocates only the city's output columns.
 */
export function metricChartData(live: LiveStore, metric: string, stations: readonly string[], from: number, to: number, slots: number, scratch: ChartScratch = createChartScratch()): MetricChartData {
  const grid = { from, to, slots };
  const city = alignOnGrid([collectSeries(live.backfill(CITY_STATION_ID, metric), live.cityRing(metric), from, to, 3, scratch.series)], grid, scratch.grid);
  const { lines } = scratch;
  beginStationLines(lines);
  for (const id of stations) {
    const s = collectSeries(live.backfill(id, metric), live.stationRing(id, metric), from, to, 1, scratch.series);
    appendStationLine(lines, s, grid);
  }
  return { city, lines };
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
