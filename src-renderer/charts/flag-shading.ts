import type uPlot from 'uplot';
import type { AirQualityFlag } from '../../src-shared/domain/air-quality';

const HOUR_MS = 3_600_000;

/** A flagged period as a chart shades it: [fromMs, toMs), filled and hatched when its hours are left out. */
export interface FlagSpan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly isExcluded: boolean;
}

/** The flags in force (issue 18) that a live chart of `metric` shows: those of the stations it draws a line for. */
export function flagsShown(flags: readonly AirQualityFlag[], metric: string, stations: readonly string[]): AirQualityFlag[] {
  return flags.filter((f) => f.pollutant === metric && stations.includes(f.stationId));
}

/** A flag in force as a span: from the first hour of its run to the end of its latest flagged hour. */
export function flagSpan(flag: AirQualityFlag): FlagSpan {
  return { fromMs: flag.sinceMs, toMs: flag.hourStartMs + HOUR_MS, isExcluded: flag.isExcluded };
}

/**
 * Automatically flagged hours (issue 18), in the warning colour so they read apart from operators' marks:
 * hours left out are filled and hatched the other way (rising, the marks' fall); a possible local event,
 * still counted, only gets a strip along the top of the plot.
 */
export function shadeFlagged(u: uPlot, runs: readonly FlagSpan[], colour: string): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1;
  for (const r of runs) {
    const span = plotSpan(u, r.fromMs, r.toMs);
    if (span === null) continue;
    const { x, width } = span;
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x, u.bbox.top, width, 6);
    if (!r.isExcluded) continue;
    ctx.globalAlpha = 0.12;
    ctx.fillRect(x, u.bbox.top, width, u.bbox.height);
    ctx.globalAlpha = 0.6;
    ctx.beginPath();
    for (let d = 0; d < width + u.bbox.height; d += 12) {
      ctx.moveTo(x + Math.min(width, d), u.bbox.top + Math.max(0, d - width));
      ctx.lineTo(x + Math.max(0, d - u.bbox.height), u.bbox.top + Math.min(u.bbox.height, d));
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** Where [fromMs, toMs) lies across the plot, in canvas pixels, clipped to it; null when none of it shows. */
export function plotSpan(u: uPlot, fromMs: number, toMs: number): { readonly x: number; readonly width: number } | null {
  const left = u.valToPos(fromMs, 'x', true);
  const right = u.valToPos(toMs, 'x', true);
  const x = Math.max(u.bbox.left, Math.min(left, right));
  const width = Math.min(u.bbox.left + u.bbox.width, Math.max(left, right)) - x;
  return width > 0 ? { x, width } : null;
}
