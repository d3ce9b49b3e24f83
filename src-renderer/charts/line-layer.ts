import type uPlot from 'uplot';
import { pixelColour, rasterMeanLine, rasterStationLines } from './line-raster';
import type { PixelBuffer } from './line-raster';
import type { StationLines } from './station-lines';

/** One chart's line layer, kept across redraws: a pixel buffer the size of the plot and its canvas. */
export interface LineLayer {
  buffer: PixelBuffer | null;
  image: ImageData | null;
  canvas: OffscreenCanvas | null;
  context: OffscreenCanvasRenderingContext2D | null;
  colourSource: LineColours | null;
  colours: Uint32Array;
}

/** An empty layer; drawLineLayer sizes it to the plot. */
export function createLineLayer(): LineLayer {
  return { buffer: null, image: null, canvas: null, context: null, colourSource: null, colours: new Uint32Array(0) };
}

function sizeLayer(layer: LineLayer, width: number, height: number): boolean {
  if (layer.buffer !== null && layer.buffer.width === width && layer.buffer.height === height) return true;
  layer.canvas = new OffscreenCanvas(width, height);
  layer.context = layer.canvas.getContext('2d');
  if (layer.context === null) return false;
  layer.image = layer.context.createImageData(width, height);
  layer.buffer = { width, height, pixels: new Uint32Array(layer.image.data.buffer) };
  return true;
}

/** The stations' pixel colours, then the mean's, converted once per colour set (a chart keeps one). */
function layerColours(layer: LineLayer, colours: LineColours): Uint32Array {
  if (layer.colourSource !== colours) {
    const grey = pixelColour(colours.fallback) ?? 0xff888888;
    const stations = colours.stations.length > 0 ? colours.stations : [colours.fallback];
    layer.colours = Uint32Array.from([...stations, colours.mean], (c) => pixelColour(c) ?? grey);
    layer.colourSource = colours;
  }
  return layer.colours;
}

/** What the line layer draws: the stations' lines in their colours, then the city mean (uPlot series 1) over them. */
export interface LineColours {
  readonly stations: readonly string[];
  readonly mean: string;
  readonly fallback: string;
}

/**
 * Draw the selected stations' lines and the city mean onto the plot (a uPlot draw hook, after the city
 * band and before the alarm levels): rasterised in script into the layer's pixels (line-raster.ts says
 * why), then one putImageData and one drawImage. `xRange` is the chart's time range, the one its x
 * scale uses.
 */
export function drawLineLayer(u: uPlot, lines: StationLines, xRange: readonly [number, number], colours: LineColours, layer: LineLayer): void {
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  const xs = u.data[0];
  const mean = u.data[1];
  const hasMean = xs !== undefined && mean !== undefined && xs.length > 0;
  if ((lines.count === 0 && !hasMean) || yMin == null || yMax == null || !(yMax > yMin)) return;
  const { bbox } = u;
  const width = Math.round(bbox.width);
  const height = Math.round(bbox.height);
  if (width < 1 || height < 1 || !sizeLayer(layer, width, height)) return;
  const buffer = layer.buffer as PixelBuffer;
  buffer.pixels.fill(0);
  // Pixel centres: a value at the plot's bottom edge lands in the last row, not below it.
  const map = { x0: xRange[0], kx: (width - 1) / (xRange[1] - xRange[0] || 1), y1: yMax, ky: (height - 1) / (yMax - yMin) };
  const palette = layerColours(layer, colours);
  const stationColours = palette.subarray(0, palette.length - 1);
  rasterStationLines(buffer, lines, map, stationColours);
  if (hasMean) rasterMeanLine(buffer, xs, mean, map, palette[palette.length - 1] as number);
  layer.context!.putImageData(layer.image!, 0, 0);
  u.ctx.drawImage(layer.canvas!, Math.round(bbox.left), Math.round(bbox.top));
}
