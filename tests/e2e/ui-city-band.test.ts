/**
 * The city band reaches the present, end to end: the real `serve` command with 300 simulated stations, the
 * built renderer in Debian's Chromium. Each chart draws the city as a p5–p95 band inside a fainter min–max
 * band; the newest city window is still open, and its percentiles come from the engine's running city
 * sketch (src-main/core/windows/city-live.ts). Read from the chart's canvas pixels: in the plot area, the
 * p5–p95 band's colour reaches the column of the city mean's newest point (before, the band stopped a whole
 * window earlier, where the last closed window was), and in that column the band is narrower than min–max.
 * Any console error fails the run.
 */
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '300', '--seed', '11', '--no-outliers', '--speed', '5'];

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1600, height: 900 } });

/** What the plot area of one chart's canvas shows, column by column. */
interface PlotColumns {
  readonly width: number;
  /** Rightmost column holding the city mean's colour (the newest city point), -1 if none. */
  readonly newestMean: number;
  /** Rightmost column with p5–p95 band pixels, -1 if none; how many columns have any. */
  readonly newestBand: number;
  readonly bandColumns: number;
  /** In the newest mean column: pixels of the p5–p95 band, and of band and min–max together. */
  readonly bandRowsThere: number;
  readonly allBandRowsThere: number;
}

/** Reads the plot area of `metric`'s chart canvas and classifies its pixels by the theme's chart colours. */
async function plotColumns(metric: string): Promise<PlotColumns> {
  return app.page.evaluate((testId) => {
    const figure = document.querySelector(`[data-testid="${testId}"]`)!;
    const canvas = figure.querySelector('canvas')!;
    const over = figure.querySelector<HTMLElement>('.u-over')!;
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const left = Math.round(over.offsetLeft * scale);
    const top = Math.round(over.offsetTop * scale);
    const width = Math.round(over.offsetWidth * scale);
    const height = Math.round(over.offsetHeight * scale);
    const { data } = canvas.getContext('2d')!.getImageData(left, top, width, height);
    // The theme's colours as the plot layer writes them (rgba(), opaque hex), with a little room for the
    // canvas's premultiplied storage.
    const style = getComputedStyle(document.documentElement);
    const rgba = (name: string): number[] => {
      const text = style.getPropertyValue(name).trim();
      const hex = /^#([0-9a-f]{6})$/i.exec(text);
      if (hex !== null) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)).concat(255);
      const parts = /rgba?\(([^)]*)\)/.exec(text)![1]!.split(',').map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, Math.round((parts[3] ?? 1) * 255)];
    };
    const band = rgba('--chart-band');
    const outer = rgba('--chart-band-outer');
    const mean = rgba('--chart-mean');
    const near = (i: number, colour: number[]): boolean => data[i + 3] === colour[3] && [0, 1, 2].every((c) => Math.abs(data[i + c]! - colour[c]!) <= 8);
    const bandRows = new Int32Array(width);
    const outerRows = new Int32Array(width);
    let newestMean = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (near(i, band)) bandRows[x]!++;
        else if (near(i, outer)) outerRows[x]!++;
        else if (near(i, mean) && x > newestMean) newestMean = x;
      }
    }
    // A column counts as band when it has a run of band pixels, not one stray pixel.
    let newestBand = -1;
    let bandColumns = 0;
    for (let x = 0; x < width; x++) {
      if (bandRows[x]! < 2) continue;
      bandColumns++;
      newestBand = x;
    }
    return {
      width,
      newestMean,
      newestBand,
      bandColumns,
      bandRowsThere: newestMean < 0 ? 0 : bandRows[newestMean]!,
      allBandRowsThere: newestMean < 0 ? 0 : bandRows[newestMean]! + outerRows[newestMean]!,
    };
  }, `chart-${metric}`);
}

describe('the city percentile band in Chromium against headless mode', () => {
  it('draws the p5–p95 band up to the newest, still open city window, inside the min–max band', async () => {
    const plot = app.page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(3);
    // Let a few windows close, so the band has a past to extend from.
    await app.page.waitForTimeout(8_000);
    let last: PlotColumns | null = null;
    await expect
      .poll(
        async () => {
          last = await plotColumns('temperature');
          // With height there: a window that has just opened holds a value or two, whose p5 and p95 lie one pixel apart.
          return last.newestMean >= 0 && last.bandColumns > 10 && last.newestBand >= last.newestMean - 1 && last.bandRowsThere >= 2;
        },
        { timeout: 20_000, interval: 500, message: 'the p5–p95 band reaches the newest city point, with height there' },
      )
      .toBe(true);
    const seen = last as unknown as PlotColumns;
    // The newest point is the open window: near the right edge (the chart ends at the newest reading).
    expect(seen.newestMean).toBeGreaterThan(seen.width * 0.85);
    // There the band has height and is narrower than min–max (300 stations: p5 > min, p95 < max).
    expect(seen.bandRowsThere).toBeGreaterThanOrEqual(2);
    expect(seen.allBandRowsThere).toBeGreaterThan(seen.bandRowsThere);
    // It holds frame after frame as the open window grows and new ones open.
    for (let i = 0; i < 5; i++) {
      await app.page.waitForTimeout(700);
      const now = await plotColumns('humidity');
      expect(now.newestMean).toBeGreaterThanOrEqual(0);
      expect(now.newestBand).toBeGreaterThanOrEqual(now.newestMean - 1);
    }
  });
});
