import type uPlot from 'uplot';
import type { StatisticLine, ThresholdLine } from './chart-series';
import { createPlotLayer, drawPlotLayer, gridFilter } from './plot-layer';
import { recordPlotLayerMs } from './redraw-loop';
import { shadeFlagged, type FlagSpan } from './flag-shading';
import type { StationLines } from './station-lines';
import { formatHourMinute } from '../time/control-room-time';

/** Colours read from the theme's CSS variables (a canvas cannot use var()). */
export interface ChartColours {
  readonly axis: string;
  readonly grid: string;
  readonly mean: string;
  /** The city p5–p95 band. */
  readonly band: string;
  /** The city min–max band, fainter, around it. */
  readonly bandOuter: string;
  readonly warning: string;
  readonly critical: string;
  /** The rule statistic's line (what the rules compare with the levels). */
  readonly statistic: string;
  readonly stations: readonly string[];
}

/** Read the chart colours of the current theme. */
export function themeColours(): ChartColours {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string): string => css.getPropertyValue(name).trim() || '#888';
  return {
    axis: v('--chart-axis'),
    grid: v('--chart-grid'),
    mean: v('--chart-mean'),
    band: v('--chart-band'),
    bandOuter: v('--chart-band-outer'),
    warning: v('--warning'),
    critical: v('--critical'),
    statistic: v('--chart-statistic'),
    stations: v('--chart-stations').split(/\s+/),
  };
}

/** Time-axis steps (ms) in whole minutes, so every HH:MM label is distinct. */
export const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * 60_000);

/** "14:05" (24-hour clock, as control rooms read it, in the control-room zone); no date line, which costs a row of pixels per chart. */
export function clockLabel(ms: number): string {
  return formatHourMinute(ms);
}

/** Room for the longest y tick label (e.g. "1013.5"), so 4-digit values are not clipped. */
function axisWidth(_u: uPlot, values: string[] | null): number {
  let longest = 3;
  for (const v of values ?? []) longest = Math.max(longest, v.length);
  return longest * 7 + 16;
}

/** What a live chart's options read on every redraw: its time range, the stations' lines and the rule statistics. */
export interface ChartView {
  xRange(): [number, number];
  lines(): StationLines;
  /** The statistics the chart's rules evaluate, drawn as steps next to their levels (none when absent). */
  statistics?(): readonly StatisticLine[];
  /** Data-quality flags in force for the drawn stations, shaded under the levels (none when absent). */
  flagged?(): readonly FlagSpan[];
}

/**
 * uPlot options for one metric: uPlot draws the axes and scales the city mean, min, max, p5 and p95
 * series; a draw hook rasterises the plot itself (grid, p5–p95 band inside a faint min–max band, one line per selected station from
 * `view.lines()`, city mean; plot-layer.ts says why not as uPlot series), then draws the alarm levels
 * dashed with a shape marker (▲ warning, ◆ critical). The y range
 * always shows those levels and the stations' values. `view` is read on every setData, so the span and
 * the data can change without a rebuild.
 */
export function chartOptions(size: { width: number; height: number }, levels: readonly ThresholdLine[], colours: ChartColours, decimals: number, view: ChartView): uPlot.Options {
  const layer = createPlotLayer();
  const plotColours = { stations: colours.stations, mean: colours.mean, band: colours.band, bandOuter: colours.bandOuter, grid: colours.grid, fallback: colours.axis };
  const axis = { stroke: colours.axis, ticks: { stroke: colours.grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return {
    ...size,
    ms: 1,
    pxAlign: 0,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: true, range: () => view.xRange() },
      y: {
        range: (_u, min, max) => {
          const lines = view.lines();
          let lo = Math.min(min ?? Number.POSITIVE_INFINITY, lines.min);
          let hi = Math.max(max ?? Number.NEGATIVE_INFINITY, lines.max);
          for (const s of view.statistics?.() ?? []) {
            if (s.count === 0) continue;
            lo = Math.min(lo, s.min);
            hi = Math.max(hi, s.max);
          }
          if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
            lo = 0;
            hi = 1;
          }
          for (const l of levels) {
            lo = Math.min(lo, l.level);
            hi = Math.max(hi, l.level);
          }
          const pad = (hi - lo) * 0.08 || 1;
          return [lo - pad, hi + pad];
        },
      },
    },
    axes: [
      { ...axis, grid: { stroke: colours.grid, width: 1, filter: gridFilter(layer, 0) }, space: 40, size: 26, incrs: MINUTE_STEPS, values: (_u, splits) => splits.map(clockLabel) },
      { ...axis, grid: { stroke: colours.grid, width: 1, filter: gridFilter(layer, 1) }, size: axisWidth, values: (_u, splits) => splits.map((s) => s.toFixed(Math.min(decimals, 2))) },
    ],
    series: [
      {},
      // The city series set the y range; the plot layer (draw hook) draws them: no uPlot paths or points.
      { label: 'City mean', stroke: colours.mean, width: 2, spanGaps: false, points: { show: false }, paths: () => null },
      { label: 'City min', stroke: 'transparent', width: 0, spanGaps: false, points: { show: false }, paths: () => null },
      { label: 'City max', stroke: 'transparent', width: 0, spanGaps: false, points: { show: false }, paths: () => null },
      { label: 'City p5', stroke: 'transparent', width: 0, spanGaps: false, points: { show: false }, paths: () => null },
      { label: 'City p95', stroke: 'transparent', width: 0, spanGaps: false, points: { show: false }, paths: () => null },
    ],
    hooks: {
      draw: [
        // Grid, band, station lines and city mean rasterised in script (line-raster.ts): the software canvas drew them far slower.
        (u) => {
          const started = performance.now();
          drawPlotLayer(u, view.lines(), view.xRange(), plotColours, layer);
          recordPlotLayerMs(performance.now() - started);
        },
        (u) => shadeFlagged(u, view.flagged?.() ?? [], colours.warning),
        (u) => drawStatistics(u, view.statistics?.() ?? [], colours.statistic),
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          for (const l of levels) {
            const y = Math.round(u.valToPos(l.level, 'y', true));
            if (y < bbox.top || y > bbox.top + bbox.height) continue;
            const colour = l.severity === 'critical' ? colours.critical : colours.warning;
            ctx.strokeStyle = colour;
            ctx.fillStyle = colour;
            ctx.beginPath();
            ctx.moveTo(bbox.left, y);
            ctx.lineTo(bbox.left + bbox.width, y);
            ctx.stroke();
            ctx.fillText(`${l.severity === 'critical' ? '◆' : '▲'} ${l.level}`, bbox.left + 4 * devicePixelRatio, y - 3 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * The rule statistics as steps: each window's value held from its start to its end, the time the rule
 * judges it. Few points (one per window), so plain canvas paths; drawn over the plot layer, under the levels.
 */
function drawStatistics(u: uPlot, lines: readonly StatisticLine[], colour: string): void {
  if (lines.length === 0) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2 * Math.max(1, devicePixelRatio);
  ctx.lineJoin = 'miter';
  for (const line of lines) {
    const size = line.key.sizeMs;
    ctx.beginPath();
    let previousEnd = Number.NaN;
    for (let i = 0; i < line.count; i++) {
      const start = line.starts[i] as number;
      const y = u.valToPos(line.values[i] as number, 'y', true);
      const x0 = u.valToPos(start, 'x', true);
      const x1 = u.valToPos(start + size, 'x', true);
      if (start === previousEnd) ctx.lineTo(x0, y);
      else ctx.moveTo(x0, y);
      ctx.lineTo(x1, y);
      previousEnd = start + size;
    }
    ctx.stroke();
  }
  ctx.restore();
}
