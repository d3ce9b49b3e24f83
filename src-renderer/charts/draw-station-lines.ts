import type uPlot from 'uplot';
import type { StationLines } from './station-lines';

/**
 * Stroke the selected stations' lines onto the plot (a uPlot draw hook, after the city series and
 * before the alarm levels). One clip and one canvas path per station, no Path2D per series: uPlot's
 * own series path building cost ~6 ms of a 9-chart redraw (20 stations × ~350 points each), this
 * about a third of that (bench/suites/renderer.ts). `xRange` is the chart's time range, the one its
 * x scale uses.
 */
export function drawStationLines(u: uPlot, lines: StationLines, xRange: readonly [number, number], colours: readonly string[], fallback: string, width: number): void {
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  if (lines.count === 0 || yMin == null || yMax == null || !(yMax > yMin)) return;
  const { ctx, bbox } = u;
  const kx = bbox.width / (xRange[1] - xRange[0] || 1);
  const ky = bbox.height / (yMax - yMin);
  const left = bbox.left - xRange[0] * kx;
  const bottom = bbox.top + bbox.height + yMin * ky;
  const { start, xs, ys } = lines;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.lineWidth = width * devicePixelRatio;
  ctx.lineJoin = 'round';
  for (let s = 0; s < lines.count; s++) {
    const end = start[s + 1] as number;
    ctx.beginPath();
    let penDown = false;
    for (let i = start[s] as number; i < end; i++) {
      const v = ys[i] as number;
      if (v !== v) {
        penDown = false;
        continue;
      }
      const px = left + (xs[i] as number) * kx;
      const py = bottom - v * ky;
      if (penDown) ctx.lineTo(px, py);
      else {
        ctx.moveTo(px, py);
        penDown = true;
      }
    }
    ctx.strokeStyle = colours[s % colours.length] ?? fallback;
    ctx.stroke();
  }
  ctx.restore();
}
