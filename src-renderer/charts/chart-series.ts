import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Severity } from '../../src-shared/domain/rules';
import type { LiveStore } from '../data/live-store';
import { statisticKeyId } from '../data/rule-statistics';
import { ruleStatisticLabel } from '../alarms/pending-text';
import type { StatisticKey } from '../data/rule-statistics';
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
  /** x, city mean, city min, city max, city p5, city p95. */
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
  const city = alignOnGrid([collectSeries(live.backfill(CITY_STATION_ID, metric), live.cityRing(metric), from, to, 5, scratch.series)], grid, scratch.grid);
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

/** What the enabled threshold rules on this metric evaluate (window statistics), for all or these stations. */
export function statisticKeys(rules: readonly Rule[], metric: string, stations: readonly string[]): StatisticKey[] {
  const seen = new Map<string, StatisticKey>();
  for (const rule of rules) {
    if (rule.kind !== 'threshold' || !rule.enabled || rule.metric !== metric || rule.statistic === 'value' || rule.windowMs === null) continue;
    if (rule.stationId !== null && rule.stationId !== CITY_STATION_ID && !stations.includes(rule.stationId)) continue;
    const key: StatisticKey = { metric, statistic: rule.statistic, sizeMs: rule.windowMs, stationId: rule.stationId, direction: rule.operator.startsWith('>') ? 'high' : 'low' };
    seen.set(statisticKeyId(key), key);
  }
  return [...seen.values()];
}

/** One rule statistic on a chart: one value per window, held from the window's start to its end. */
export interface StatisticLine {
  key: StatisticKey;
  /** Window starts, oldest first; the first `count` entries hold data (the arrays may be longer: scratch). */
  starts: Float64Array;
  values: Float64Array;
  count: number;
  min: number;
  max: number;
}

/** The one value column copyRows fills, reused so a redraw builds no array for it. */
const valueColumn: Float64Array[] = [new Float64Array(0)];

/**
 * The rule statistics of `keys` over [from, to] (the window that began before `from` included). A live
 * chart passes its own `out` from the previous redraw: its arrays are reused, so a redraw allocates nothing
 * unless the span holds more windows than before.
 */
export function statisticLines(live: LiveStore, keys: readonly StatisticKey[], from: number, to: number, out: StatisticLine[] = []): StatisticLine[] {
  let n = 0;
  for (const key of keys) {
    const ring = live.ruleStatistics.ring(key);
    if (ring === null) continue;
    const i0 = ring.lowerBound(from - key.sizeMs);
    const i1 = ring.lowerBound(to + 1e-9);
    const count = Math.max(0, i1 - i0);
    let line = out[n];
    if (line === undefined || line.starts.length < count) {
      const capacity = Math.max(count, 64, Math.ceil((line?.starts.length ?? 0) * 1.5));
      line = { key, starts: new Float64Array(capacity), values: new Float64Array(capacity), count: 0, min: 0, max: 0 };
      out[n] = line;
    }
    n++;
    line.key = key;
    line.count = count;
    valueColumn[0] = line.values;
    ring.copyRows(i0, i1, line.starts, valueColumn, 0);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const v = line.values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    line.min = min;
    line.max = max;
  }
  out.length = n;
  return out;
}

/**
 * "highest station 10-s mean", "city 1-min p95", "st-04 5-min mean": what a statistic line shows. Short
 * (for a chart title) leaves out "highest/lowest station", the usual case: "10-s mean".
 */
export function statisticLabel(key: StatisticKey, isShort = false): string {
  const what = ruleStatisticLabel(key.statistic, key.sizeMs);
  if (isShort && key.stationId === null) return what;
  const whose = key.stationId === null ? (key.direction === 'high' ? 'highest station' : 'lowest station') : key.stationId === CITY_STATION_ID ? 'city' : key.stationId;
  return `${whose} ${what}`;
}
