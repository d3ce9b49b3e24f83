import type uPlot from 'uplot';
import { pixelColour, rasterBand, rasterGrid, rasterMeanLine, rasterStationLines } from './line-raster';
import type { PixelBuffer, PlotMapping } from './line-raster';
import type { StationLines } from './station-lines';

/** What the plot layer draws in which colour (CSS colours from the theme). */
export interface PlotColours {
  readonly stations: readonly string[];
  readonly mean: string;
  /** The city p5–p95 band. */
  readonly band: string;
  /** The city min–max band, fainter, drawn first so the p5–p95 band covers its middle. */
  readonly bandOuter: string;
  readonly grid: string;
  readonly fallback: string;
}

/**
 * One chart's plot layer, kept across redraws: its pixels, the theme's colours as pixel words, and the
 * grid positions uPlot chose on the current draw (recorded by the axes' grid filters, see gridFilter).
 */
export interface PlotLayer {
  buffer: PixelBuffer | null;
  image: ImageData | null;
  colourSource: PlotColours | null;
  /** The colours as pixel words (layerColours). */
  colours: LayerColours;
  readonly splits: [readonly number[], readonly number[]];
  readonly columns: number[];
  readonly rows: number[];
}

/** An empty layer; drawPlotLayer sizes it to the plot. */
export function createPlotLayer(): PlotLayer {
  return { buffer: null, image: null, colourSource: null, colours: { stations: new Uint32Array(0), mean: 0, band: 0, bandOuter: 0, grid: 0 }, splits: [[], []], columns: [], rows: [] };
}

const NO_LINES: readonly null[] = [];

/**
 * A uPlot grid filter for axis `axis` (0 = x, 1 = y) that records where uPlot wants grid lines and
 * has uPlot draw none: the plot layer rasterises them under the lines.
 */
export function gridFilter(layer: PlotLayer, axis: 0 | 1): (u: uPlot, splits: number[]) => null[] {
  return (_u, splits) => {
    layer.splits[axis] = splits;
    return NO_LINES as null[];
  };
}

function sizeLayer(layer: PlotLayer, width: number, height: number): PixelBuffer {
  if (layer.buffer === null || layer.buffer.width !== width || layer.buffer.height !== height) {
    layer.image = new ImageData(width, height);
    layer.buffer = { width, height, pixels: new Uint32Array(layer.image.data.buffer) };
  }
  return layer.buffer;
}

/** A plot's colours as ImageData pixel words. */
interface LayerColours {
  readonly stations: Uint32Array;
  readonly mean: number;
  readonly band: number;
  readonly bandOuter: number;
  readonly grid: number;
}

/** The colours as pixel words, converted once per colour set (a chart keeps one). */
function layerColours(layer: PlotLayer, colours: PlotColours): LayerColours {
  if (layer.colourSource !== colours) {
    const grey = pixelColour(colours.fallback) ?? 0xff888888;
    const word = (css: string): number => pixelColour(css) ?? grey;
    const stations = colours.stations.length > 0 ? colours.stations : [colours.fallback];
    layer.colours = { stations: Uint32Array.from(stations, word), mean: word(colours.mean), band: word(colours.band), bandOuter: word(colours.bandOuter), grid: word(colours.grid) };
    layer.colourSource = colours;
  }
  return layer.colours;
}

/**
 * The city bands: min–max in the faint colour, then p5–p95 over it in the band colour (rasterBand
 * writes pixels, so the inner band replaces the outer one's pixels instead of blending with them).
 * `data`: uPlot's columns x, mean, min, max, p5, p95.
 */
export function drawCityBands(buffer: PixelBuffer, data: uPlot.AlignedData, map: PlotMapping, palette: Pick<LayerColours, 'band' | 'bandOuter'>): void {
  const xs = data[0];
  if (xs === undefined) return;
  const min = data[2];
  const max = data[3];
  if (min !== undefined && max !== undefined) rasterBand(buffer, xs, min, max, map, palette.bandOuter);
  const p5 = data[4];
  const p95 = data[5];
  if (p5 !== undefined && p95 !== undefined) rasterBand(buffer, xs, p5, p95, map, palette.band);
}

/** Pixel positions inside the plot of the recorded splits on scale `key` (reuses `out`). */
function splitPixels(u: uPlot, splits: readonly number[], key: 'x' | 'y', offset: number, out: number[]): number[] {
  out.length = 0;
  for (const v of splits) out.push(Math.round(u.valToPos(v, key, true)) - offset);
  return out;
}

/**
 * Draw the whole plot area: the city's faint min–max band (uPlot series 2 = min, 3 = max) and over it
 * the p5–p95 band (series 4, 5; a gap where a window has no percentiles, e.g. history), the grid, the
 * stations' lines and the city mean (series 1) on top, rasterised in script (line-raster.ts says why)
 * and put on the canvas with one putImageData, which replaces the plot's pixels. A uPlot draw hook,
 * after the axes (whose grid filter recorded the splits) and before the alarm levels. (As a drawClear
 * hook, before the axes, the frames took longer: median 11–13 vs 10–11 ms, p95 17–20 vs 14–15 ms,
 * three interleaved runs each.) `xRange` is the chart's time range, the one its x scale uses.
 */
export function drawPlotLayer(u: uPlot, lines: StationLines, xRange: readonly [number, number], colours: PlotColours, layer: PlotLayer): void {
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  if (yMin == null || yMax == null || !(yMax > yMin)) return;
  const { bbox } = u;
  const width = Math.round(bbox.width);
  const height = Math.round(bbox.height);
  if (width < 1 || height < 1) return;
  const left = Math.round(bbox.left);
  const top = Math.round(bbox.top);
  const buffer = sizeLayer(layer, width, height);
  buffer.pixels.fill(0);
  // Pixel centres: a value at the plot's bottom edge lands in the last row, not below it.
  const map = { x0: xRange[0], kx: (width - 1) / (xRange[1] - xRange[0] || 1), y1: yMax, ky: (height - 1) / (yMax - yMin) };
  const palette = layerColours(layer, colours);
  const xs = u.data[0];
  const mean = u.data[1];
  drawCityBands(buffer, u.data, map, palette);
  const thickness = Math.max(1, Math.round(devicePixelRatio));
  rasterGrid(buffer, splitPixels(u, layer.splits[0], 'x', left, layer.columns), splitPixels(u, layer.splits[1], 'y', top, layer.rows), palette.grid, thickness);
  rasterStationLines(buffer, lines, map, palette.stations);
  if (xs !== undefined && mean !== undefined) rasterMeanLine(buffer, xs, mean, map, palette.mean);
  u.ctx.putImageData(layer.image as ImageData, left, top);
}
