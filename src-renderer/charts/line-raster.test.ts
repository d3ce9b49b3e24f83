import { describe, expect, it } from 'vitest';
import { pixelColour, rasterBand, rasterGrid, rasterMeanLine, rasterStationLines } from './line-raster';
import type { PixelBuffer } from './line-raster';
import { createStationLines } from './station-lines';
import type { StationLines } from './station-lines';

const RED = 0xff0000ff;
const BLUE = 0xffff0000;

function buffer(width: number, height: number): PixelBuffer {
  return { width, height, pixels: new Uint32Array(width * height) };
}

/** Station lines from point lists (x, y), NaN y for a break. */
function linesOf(...stations: (readonly [number, number][])[]): StationLines {
  const lines = createStationLines();
  const all = stations.flat();
  lines.xs = Float64Array.from(all.map((p) => p[0]));
  lines.ys = Float64Array.from(all.map((p) => p[1]));
  lines.start = new Int32Array(stations.length + 1);
  let o = 0;
  stations.forEach((s, i) => {
    o += s.length;
    lines.start[i + 1] = o;
  });
  lines.count = stations.length;
  return lines;
}

/** The buffer as text rows: '.' empty, 'r' red, 'b' blue. */
function picture(target: PixelBuffer): string[] {
  const rows: string[] = [];
  for (let y = 0; y < target.height; y++) {
    let row = '';
    for (let x = 0; x < target.width; x++) {
      const p = target.pixels[y * target.width + x];
      row += p === 0 ? '.' : p === RED ? 'r' : p === BLUE ? 'b' : '?';
    }
    rows.push(row);
  }
  return rows;
}

// x data 0..4 → pixels 0..4; y data 4..0 → rows 0..4 (y1 = 4 at the top).
const identity = { x0: 0, kx: 1, y1: 4, ky: 1 };

describe('rasterStationLines', () => {
  it('draws connected 1-px lines in each station’s colour, later stations on top', () => {
    const target = buffer(5, 5);
    rasterStationLines(target, linesOf([[0, 0], [4, 4]], [[0, 2], [4, 2]]), identity, Uint32Array.of(RED, BLUE));
    expect(picture(target)).toEqual(['....r', '...r.', 'bbbbb', '.r...', 'r....']);
  });

  it('leaves a gap at a NaN (a silence or a non-finite reading) and keeps a lone point visible', () => {
    const target = buffer(5, 3);
    rasterStationLines(target, linesOf([[0, 1], [1, 1], [2, Number.NaN], [3, 1], [4, 1]], [[2, 2]]), { x0: 0, kx: 1, y1: 2, ky: 1 }, Uint32Array.of(RED, BLUE));
    expect(picture(target)).toEqual(['..b..', 'rr.rr', '.....']);
  });

  it('steep segments are continuous: every row between the ends has a pixel', () => {
    const target = buffer(3, 10);
    rasterStationLines(target, linesOf([[0, 0], [2, 9]]), { x0: 0, kx: 1, y1: 9, ky: 1 }, Uint32Array.of(RED));
    const rows = picture(target);
    expect(rows.every((row) => row.includes('r'))).toBe(true);
    expect(rows[0]).toBe('..r');
    expect(rows[9]).toBe('r..');
  });

  it('draws a steep step between neighbouring columns as two runs, half the rise in each, with no hole', () => {
    const target = buffer(3, 6);
    rasterStationLines(target, linesOf([[0, 5], [1, 0], [2, 1]]), { x0: 0, kx: 1, y1: 5, ky: 1 }, Uint32Array.of(RED));
    expect(picture(target)).toEqual(['r..', 'r..', 'r..', '.r.', '.rr', '.r.']);
    const down = buffer(2, 4);
    rasterStationLines(down, linesOf([[0, 3], [1, 2]]), { x0: 0, kx: 1, y1: 3, ky: 1 }, Uint32Array.of(RED));
    expect(picture(down)).toEqual(['r.', '.r', '..', '..']);
  });

  it('clips to the buffer and stays bounded for points far outside', () => {
    const target = buffer(4, 4);
    rasterStationLines(target, linesOf([[-1e12, 2], [1e12, 2]], [[1, 1e15], [1, -1e15]]), { x0: 0, kx: 1, y1: 3, ky: 1 }, Uint32Array.of(RED, BLUE));
    expect(picture(target)).toEqual(['.b..', '.b..', '.b..', '.b..'].map((row, y) => (y === 1 ? 'rbrr' : row)));
  });

  it('maps data to pixels with the plot’s scale', () => {
    const target = buffer(10, 2);
    // 1,000 ms per pixel from t = 5,000; y 0..10 over two rows.
    rasterStationLines(target, linesOf([[5_000, 10], [14_000, 10]]), { x0: 5_000, kx: 1 / 1000, y1: 10, ky: 0.1 }, Uint32Array.of(RED));
    expect(picture(target)).toEqual(['rrrrrrrrrr', '..........']);
  });
});

describe('rasterMeanLine', () => {
  it('draws uPlot’s columns 2 px thick over what is there, with a gap at null or NaN', () => {
    const target = buffer(6, 4);
    rasterStationLines(target, linesOf([[0, 2], [5, 2]]), { x0: 0, kx: 1, y1: 3, ky: 1 }, Uint32Array.of(RED));
    rasterMeanLine(target, [0, 1, 2, 3, 4, 5], [2, 2, null, 2, Number.NaN, 2], { x0: 0, kx: 1, y1: 3, ky: 1 }, BLUE);
    expect(picture(target)).toEqual(['......', 'bbrbrb', 'bb.b.b', '......']);
  });
});

describe('rasterBand', () => {
  it('fills each point’s column from max to min and interpolates the columns between neighbours', () => {
    const target = buffer(5, 5);
    // Points at x 0 and 4: band 1..3 then 0..4 (y1 = 4 at the top row).
    rasterBand(target, [0, 4], [1, 0], [3, 4], identity, BLUE);
    expect(picture(target)).toEqual(['...bb', 'bbbbb', 'bbbbb', 'bbbbb', '..bbb']);
  });

  it('breaks at a gap (null, undefined or NaN): nothing is filled across it', () => {
    const target = buffer(7, 3);
    rasterBand(target, [0, 2, 3, 4, 6], [0, null, 0, Number.NaN, 0], [2, 2, 2, 2, 2], { x0: 0, kx: 1, y1: 2, ky: 1 }, BLUE);
    expect(picture(target)).toEqual(['b..b..b', 'b..b..b', 'b..b..b']);
    const holes = buffer(3, 1);
    rasterBand(holes, [0, 1, 2], [0, undefined, 0], [0, 0, 0], { x0: 0, kx: 1, y1: 0, ky: 1 }, BLUE);
    expect(picture(holes)).toEqual(['b.b']);
  });
});

describe('rasterGrid', () => {
  it('draws vertical lines at the given columns and horizontal ones at the given rows, clipped', () => {
    const target = buffer(5, 4);
    rasterGrid(target, [1, 9], [2, -3], RED, 1);
    expect(picture(target)).toEqual(['.r...', '.r...', 'rrrrr', '.r...']);
    const thick = buffer(4, 3);
    rasterGrid(thick, [1], [], RED, 2);
    expect(picture(thick)).toEqual(['.rr.', '.rr.', '.rr.']);
  });
});

describe('pixelColour', () => {
  it('reads the theme’s hex and rgb() colours as ImageData words', () => {
    expect(pixelColour('#ff0000')).toBe(RED);
    expect(pixelColour('#00f')).toBe(BLUE);
    expect(pixelColour(' rgb(127, 179, 213) ')).toBe(0xffd5b37f);
    expect(pixelColour('rgba(1,2,3,0.5)')).toBe(0x80030201);
    expect(pixelColour('rgba(200, 210, 220, 0.16)')).toBe(0x29dcd2c8);
    expect(pixelColour('rgba(1,2,3,..)')).toBeNull();
    expect(pixelColour('hsl(0 100% 50%)')).toBeNull();
    expect(pixelColour('#12345')).toBeNull();
  });
});
