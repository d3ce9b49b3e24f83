import type uPlot from 'uplot';
import { pixelColour, rasterStationLines } from './line-raster';
import type { PixelBuffer } from './line-raster';
import type { StationLines } from './station-lines';

/** One chart's line layer, kept across redraws: a pixel buffer the size of the plot and its canvas. */
export interface LineLayer {
  buffer: PixelBuffer | null;
  image: ImageData | null;
  canvas: OffscreenCanvas | null;
  context: OffscreenCanvasRenderingContext2D | null;
  coloursKey: string;
  colours: Uint32Array;
}

/** An empty layer; drawStationLines sizes it to the plot. */
export function createLineLayer(): LineLayer {
  return { buffer: null, image: null, canvas: null, context: null, coloursKey: '', colours: new Uint32Array(0) };
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

function layerColours(layer: LineLayer, colours: readonly string[], fallback: string): Uint32Array {
  const key = `${colours.join(' ')}|${fallback}`;
  if (key !== layer.coloursKey) {
    const grey = pixelColour(fallback) ?? 0xff888888;
    layer.colours = Uint32Array.from(colours.length > 0 ? colours : [fallback], (c) => pixelColour(c) ?? grey);
    layer.coloursKey = key;
  }
  return layer.colours;
}

/**
 * Draw the selected stations' lines onto the plot (a uPlot draw hook, after the city series and
 * before the alarm levels): rasterised in script into the layer's pixels (line-raster.ts says why),
 * then one putImageData and one drawImage. `xRange` is the chart's time range, the one its x scale uses.
 */
export function drawStationLines(u: uPlot, lines: StationLines, xRange: readonly [number, number], colours: readonly string[], fallback: string, layer: LineLayer): void {
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  if (lines.count === 0 || yMin == null || yMax == null || !(yMax > yMin)) return;
  const { bbox } = u;
  const width = Math.round(bbox.width);
  const height = Math.round(bbox.height);
  if (width < 1 || height < 1 || !sizeLayer(layer, width, height)) return;
  const buffer = layer.buffer as PixelBuffer;
  buffer.pixels.fill(0);
  // Pixel centres: a value at the plot's bottom edge lands in the last row, not below it.
  const map = { x0: xRange[0], kx: (width - 1) / (xRange[1] - xRange[0] || 1), y1: yMax, ky: (height - 1) / (yMax - yMin) };
  rasterStationLines(buffer, lines, map, layerColours(layer, colours, fallback));
  layer.context!.putImageData(layer.image!, 0, 0);
  u.ctx.drawImage(layer.canvas!, Math.round(bbox.left), Math.round(bbox.top));
}
