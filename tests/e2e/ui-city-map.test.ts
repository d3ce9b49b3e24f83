/**
 * The operator's own city, end to end: the real `serve` command and Debian's Chromium. The admin imports
 * the city's stations (CSV) and districts (GeoJSON) in the UI: a bad districts file is refused in plain
 * words and changes nothing; the good one replaces the demo ring, is drawn translucent, and the view fits
 * stations and districts (all far from the demo ring). Then an offline street basemap, one PMTiles file
 * built by scripts/make-basemap.ts, is named in the settings dialog: the server answers it by byte ranges
 * and the map draws it (non-blank canvas tiles under the districts) with its attribution. The map is
 * written to docs/screenshots/city-map.png. Any console error fails the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeBasemap } from '../../scripts/make-basemap';
import { cityBasemap, cityDistricts, cityStationsCsv } from './helpers/demo-city';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const STATIONS = Array.from({ length: 12 }, (_, i) => `st-${String(i + 1).padStart(2, '0')}`);
const byTestId = (id: string): string => `[data-testid="${id}"]`;

let server: ServeProcess;
let browser: Browser;
let page: Page;
let dir: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sw-city-'));
  writeFileSync(join(dir, 'city.pmtiles'), makeBasemap(cityBasemap(), 11, 15, 'Demo city streets'));
  server = await startServeProcess(['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers']);
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 900 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function pickFile(inputTestId: string, name: string, content: string): Promise<void> {
  await page.setInputFiles(byTestId(inputTestId), { name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

/** Stations shown inside the map's box (own markers, or counted in a cluster), of all shown: the view fits them. */
async function stationsInView(): Promise<{ inside: number; total: number }> {
  return page.evaluate(() => {
    const map = document.querySelector('[data-testid="station-map"]')!.getBoundingClientRect();
    let inside = 0;
    let total = 0;
    for (const item of Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="station-marker-"], [data-testid="station-cluster"]'))) {
      const r = item.getBoundingClientRect();
      const stations = item.dataset.testid === 'station-cluster' ? Number(item.dataset.count) : 1;
      total += stations;
      if (r.left >= map.left && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom) inside += stations;
    }
    return { inside, total };
  });
}

describe('the operator’s own city in Chromium against headless mode', () => {
  it('imports stations and districts; a bad districts file changes nothing; the view fits the city and districts are translucent', async () => {
    await page.click(byTestId('nav-health'));
    await pickFile('station-import-file', 'city-stations.csv', cityStationsCsv(STATIONS));
    await expect.poll(async () => page.locator(byTestId('station-import-result')).getAttribute('data-imported'), { timeout: 10_000 }).toBe('12');

    const bad = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Harbour' }, geometry: { type: 'LineString', coordinates: [[11.4, 47.2], [11.5, 47.3]] } }] };
    await pickFile('district-import-file', 'bad.geojson', JSON.stringify(bad));
    const result = page.locator(byTestId('district-import-result'));
    await expect.poll(async () => result.getAttribute('data-ok')).toBe('false');
    expect(await result.innerText()).toContain('Feature 1: is a LineString; districts must be Polygon or MultiPolygon.');
    expect(await page.locator(byTestId('district-source')).innerText()).toBe('Districts: the built-in demo ring.');

    await pickFile('district-import-file', 'districts.geojson', JSON.stringify(cityDistricts()));
    await expect.poll(async () => result.getAttribute('data-ok')).toBe('true');
    expect(await page.locator(byTestId('district-source')).innerText()).toBe('Districts: 6 imported.');

    await page.click(byTestId('nav-dashboard'));
    await page.waitForFunction(() => document.querySelectorAll('path.district').length === 6);
    const labels = await page.locator('.district-label').allInnerTexts();
    expect(labels.sort()).toEqual(['Altstadt', 'Hafen', 'Nordpark', 'Ostend', 'Südfeld', 'Westhang']);
    const fill = await page.locator('path.district').first().evaluate((p) => Number(getComputedStyle(p).fillOpacity));
    expect(fill).toBeGreaterThan(0);
    expect(fill).toBeLessThan(0.5);
    // The imported stations sit 0.8–5.4 km from the city centre: all must be in view (before, they were off-screen).
    await expect.poll(stationsInView, { timeout: 10_000 }).toEqual({ inside: 12, total: 12 });
    // Markers are above the district labels.
    const [markerZ, labelZ] = await page.evaluate(() => [getComputedStyle(document.querySelector('.leaflet-marker-pane')!).zIndex, getComputedStyle(document.querySelector('.leaflet-district-labels-pane')!).zIndex].map(Number));
    expect(markerZ).toBeGreaterThan(labelZ!);
  });

  it('draws the offline PMTiles basemap named in the settings, read by byte ranges, with attribution', async () => {
    const file = join(dir, 'city.pmtiles');
    // The server answers the file by ranges, behind the same authentication as the page.
    const head = await fetch(`${server.url}/basemap.pmtiles`, { headers: { Range: 'bytes=0-6' } });
    expect(head.status).toBe(404);
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.fill(byTestId('basemap-file'), file);
    await page.click(byTestId('settings-save'));
    await page.waitForSelector('.leaflet-container[data-basemap="pmtiles"]', { timeout: 10_000 });
    const ranged = await fetch(`${server.url}/basemap.pmtiles`, { headers: { Range: 'bytes=0-6' } });
    expect([ranged.status, ranged.headers.get('content-range'), await ranged.text()]).toEqual([206, `bytes 0-6/${(await import('node:fs')).statSync(file).size}`, 'PMTiles']);

    // Canvas tiles drawn: many distinct colours (land, water, park, roads) under the translucent districts.
    await expect
      .poll(
        async () =>
          page.evaluate(() => {
            const colours = new Set<string>();
            for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.leaflet-tile'))) {
              if (canvas.width === 0) continue;
              const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
              for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
            }
            return colours.size;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(4);
    expect(await page.locator('.leaflet-control-attribution').innerText()).toContain('Demo city streets');
    await page.waitForTimeout(1500);
    await page.locator('.map-panel').screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'city-map.png') });
  });
});
