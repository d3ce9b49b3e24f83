import type { StationLines } from './station-lines';

/**
 * A chart's plot area rasterised in script into a pixel buffer: the grid, the city's bands (min–max, p5–p95), the
 * stations' lines and the city mean, 1-px lines without anti-aliasing. Why not canvas calls: Chromium's
 * software canvas (no GPU on these control-room PCs and test machines) spent ~12 ms per redraw of
 * 9 charts × 20 stations stroking ~63,000 short segments after our script had finished, and filling
 * the band polygon and blending a line layer over it cost more again (bench/suites/renderer.ts);
 * writing the same pixels into a typed array costs a fraction of that, and one putImageData per chart
 * puts the whole plot on the canvas.
 */

/** A chart plot's pixels: `width × height`, row-major, one 0xAABBGGRR word per pixel (ImageData's byte order on little-endian machines). */
export interface PixelBuffer {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint32Array;
}

/** Data → pixel mapping of the plot: x in [x0, x0 + width / kx], y in [y1 − height / ky, y1] (y1 at the top row). */
export interface PlotMapping {
  readonly x0: number;
  readonly kx: number;
  readonly y1: number;
  readonly ky: number;
}

/**
 * '#rgb', '#rrggbb', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' as a 0xAABBGGRR pixel word (ImageData holds
 * colours unpremultiplied, so a translucent band keeps its own RGB); null for anything else.
 */
export function pixelColour(css: string): number | null {
  const text = css.trim().toLowerCase();
  let rgb: number[] | null = null;
  let alpha = 0xff;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex !== null) {
    const h = hex[1] as string;
    const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
    rgb = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  } else {
    const fn = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text);
    if (fn !== null) {
      rgb = [fn[1], fn[2], fn[3]].map((c) => Math.min(255, Number(c)));
      const a = fn[4] === undefined ? 1 : Number(fn[4]);
      if (!Number.isFinite(a)) return null;
      alpha = Math.round(Math.min(1, a) * 255);
    }
  }
  if (rgb === null) return null;
  return ((alpha << 24) | ((rgb[2] as number) << 16) | ((rgb[1] as number) << 8) | (rgb[0] as number)) >>> 0;
}

/**
 * Draw every station's polyline into `target` (which the caller cleared): station s in
 * `colours[s % colours.length]`, a NaN y lifting the pen. Bresenham between rounded end points, each
 * pixel clipped to the buffer; end points far outside are clamped so no segment can take long.
 */
export function rasterStationLines(target: PixelBuffer, lines: StationLines, map: PlotMapping, colours: Uint32Array): void {
  const { width, height, pixels } = target;
  const { start, xs, ys } = lines;
  const limitX = width + 1;
  const limitY = height + 1;
  for (let s = 0; s < lines.count; s++) {
    const colour = colours[s % colours.length] as number;
    const end = start[s + 1] as number;
    let penDown = false;
    let px = 0;
    let py = 0;
    for (let i = start[s] as number; i < end; i++) {
      const v = ys[i] as number;
      if (v !== v) {
        penDown = false;
        continue;
      }
      const x = toPixel(((xs[i] as number) - map.x0) * map.kx, limitX);
      const y = toPixel((map.y1 - v) * map.ky, limitY);
      if (penDown) segment(pixels, width, height, px, py, x, y, colour);
      else if (x >= 0 && x < width && y >= 0 && y < height) pixels[y * width + x] = colour;
      penDown = true;
      px = x;
      py = y;
    }
  }
}

/**
 * A coordinate clamped to [-1, limit] and rounded to the nearest pixel, in integer arithmetic (Math.round
 * and Math.min/max keep doubles, which made the raster's index arithmetic ~25 % slower): the clamp keeps
 * the sum non-negative, so truncation is floor.
 */
function toPixel(value: number, limit: number): number {
  const clamped = value < -1 ? -1 : value > limit ? limit : value;
  return ((clamped + 1.5) | 0) - 1;
}

/**
 * The city mean into `target`, 2 px thick (two rows) so it stands out from the 1-px station lines it is
 * drawn over: uPlot's columns (`ys` null or NaN for a gap). A 1.5-px canvas stroke took Chromium's slow
 * wide-line path in software, ~5 ms a redraw for 9 charts (bench/suites/renderer.ts).
 */
export function rasterMeanLine(target: PixelBuffer, xs: ArrayLike<number>, ys: ArrayLike<number | null | undefined>, map: PlotMapping, colour: number): void {
  const { width, height, pixels } = target;
  for (let row = 0; row < 2; row++) {
    let penDown = false;
    let px = 0;
    let py = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i];
      if (v === null || v === undefined || v !== v) {
        penDown = false;
        continue;
      }
      const x = toPixel(((xs[i] as number) - map.x0) * map.kx, width + 1);
      const y = toPixel((map.y1 - v) * map.ky, height + 1) + row;
      if (penDown) segment(pixels, width, height, px, py, x, y, colour);
      else if (x >= 0 && x < width && y >= 0 && y < height) pixels[y * width + x] = colour;
      penDown = true;
      px = x;
      py = y;
    }
  }
}

/**
 * The line from (x0, y0) to (x1, y1), both ends drawn, pixels outside the buffer skipped. Neighbouring
 * slots (|dx| ≤ 1) are the common case and often steep (a noisy sensor on a tight y range): they are
 * drawn as one or two vertical runs, the first half of the rise in the first column, as Bresenham would,
 * in a loop without per-pixel branches; anything wider goes through Bresenham.
 */
function segment(pixels: Uint32Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, colour: number): void {
  const dx = x1 > x0 ? x1 - x0 : x0 - x1;
  if (dx <= 1) {
    const rise = y1 - y0;
    const middle = y0 + ((rise / 2) | 0);
    if (dx === 0) return verticalRun(pixels, width, height, x0, y0, y1, colour);
    verticalRun(pixels, width, height, x0, y0, middle, colour);
    verticalRun(pixels, width, height, x1, rise === 0 ? y1 : rise > 0 ? middle + 1 : middle - 1, y1, colour);
    return;
  }
  bresenham(pixels, width, height, x0, y0, x1, y1, colour);
}

/** Rows a..b (either order) of column x, clipped to the buffer. */
function verticalRun(pixels: Uint32Array, width: number, height: number, x: number, a: number, b: number, colour: number): void {
  if (x < 0 || x >= width) return;
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  const top = low < 0 ? 0 : low;
  const bottom = high >= height ? height - 1 : high;
  for (let i = top * width + x, end = bottom * width + x; i <= end; i += width) pixels[i] = colour;
}

/** Bresenham's line, both ends drawn, each pixel clipped to the buffer. */
function bresenham(pixels: Uint32Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, colour: number): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    if (x >= 0 && x < width && y >= 0 && y < height) pixels[y * width + x] = colour;
    if (x === x1 && y === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}

/**
 * One city band (uPlot's min and max columns, or p5 and p95; null, undefined or NaN is a gap): each point's
 * column filled from max to min, and the columns between two neighbouring points interpolated, as a
 * filled polygon between the two lines would be.
 */
export function rasterBand(target: PixelBuffer, xs: ArrayLike<number>, lows: ArrayLike<number | null | undefined>, highs: ArrayLike<number | null | undefined>, map: PlotMapping, colour: number): void {
  const { width, height, pixels } = target;
  let hasPrevious = false;
  let px = 0;
  let pTop = 0;
  let pBottom = 0;
  for (let i = 0; i < xs.length; i++) {
    const lo = lows[i];
    const hi = highs[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined || lo !== lo || hi !== hi) {
      hasPrevious = false;
      continue;
    }
    const x = toPixel(((xs[i] as number) - map.x0) * map.kx, width + 1);
    const top = toPixel((map.y1 - hi) * map.ky, height + 1);
    const bottom = toPixel((map.y1 - lo) * map.ky, height + 1);
    if (hasPrevious && x - px > 1) {
      const steps = x - px;
      for (let c = px + 1; c < x; c++) {
        const f = (c - px) / steps;
        verticalRun(pixels, width, height, c, (pTop + (top - pTop) * f + 0.5) | 0, (pBottom + (bottom - pBottom) * f + 0.5) | 0, colour);
      }
    }
    verticalRun(pixels, width, height, x, top, bottom, colour);
    hasPrevious = true;
    px = x;
    pTop = top;
    pBottom = bottom;
  }
}

/** Grid lines `thickness` px wide: vertical ones at pixel columns `columns`, horizontal ones at rows `rows`. */
export function rasterGrid(target: PixelBuffer, columns: ArrayLike<number>, rows: ArrayLike<number>, colour: number, thickness: number): void {
  const { width, height, pixels } = target;
  for (let i = 0; i < columns.length; i++) {
    for (let t = 0; t < thickness; t++) verticalRun(pixels, width, height, (columns[i] as number) + t, 0, height - 1, colour);
  }
  for (let i = 0; i < rows.length; i++) {
    for (let t = 0; t < thickness; t++) {
      const y = (rows[i] as number) + t;
      if (y >= 0 && y < height) pixels.fill(colour, y * width, (y + 1) * width);
    }
  }
}
