// The city bands as pixels: min–max in the faint colour, p5–p95 over it in the band colour.
import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import type { PixelBuffer } from './line-raster';
import { drawCityBands } from './plot-layer';

const OUTER = 1;
const INNER = 2;

/** One column per point, y from 10 (top row) down to 0 (bottom row): row r shows value 10 − r. */
function draw(data: (number | null)[][], width = 3, height = 11): PixelBuffer {
  const buffer = { width, height, pixels: new Uint32Array(width * height) };
  const map = { x0: 0, kx: 1, y1: 10, ky: 1 };
  drawCityBands(buffer, data as unknown as uPlot.AlignedData, map, { band: INNER, bandOuter: OUTER });
  return buffer;
}

/** The colours down pixel column x, top to bottom: '.' empty, 'o' outer, 'i' inner. */
function column(buffer: PixelBuffer, x: number): string {
  let out = '';
  for (let y = 0; y < buffer.height; y++) out += '.oi'[buffer.pixels[y * buffer.width + x]!];
  return out;
}

describe('drawCityBands', () => {
  it('draws p5–p95 inside a faint min–max band', () => {
    // x, mean, min, max, p5, p95
    const b = draw([[0, 1, 2], [5, 5, 5], [1, 1, 1], [9, 9, 9], [3, 3, 3], [7, 7, 7]]);
    // Rows 1–9 are values 9…1: 9, 8 outer; 7…3 inner; 2, 1 outer; 10 and 0 empty.
    for (let x = 0; x < 3; x++) expect(column(b, x)).toBe('.ooiiiiioo.');
  });

  it('leaves the inner band out where a window has no percentiles, keeping the outer one', () => {
    const b = draw([[0, 1, 2], [5, 5, 5], [1, 1, 1], [9, 9, 9], [3, Number.NaN, 3], [7, Number.NaN, 7]]);
    expect(column(b, 0)).toBe('.ooiiiiioo.');
    expect(column(b, 1)).toBe('.ooooooooo.');
    expect(column(b, 2)).toBe('.ooiiiiioo.');
  });

  it('draws nothing without data columns beyond x', () => {
    const b = draw([[0, 1, 2]]);
    expect(b.pixels.every((p) => p === 0)).toBe(true);
  });
});
